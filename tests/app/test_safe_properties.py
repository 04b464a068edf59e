"""Property: any text passed through md_escape renders (CommonMark) as that text, no markup."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from analysis.io.problems import Problem
from dashboard.render.safe import md_escape, problem_md

RENDER = MarkdownIt("commonmark").render  # raw HTML on, as the strictest case
MARKUP = st.sampled_from(
    [
        "<script>",
        "</b>",
        "<img src=x onerror=alert(1)>",
        "**",
        "_",
        "`",
        "[x](javascript:alert(1))",
        "![i](x.png)",
        ":red[",
        "]",
        "$",
        "#",
        "> ",
        "- ",
        "1. ",
        "    ",
        "\t",
        "\n",
        "\r",
        "&amp;",
        "&#60;",
        "\\",
        "<http://x.y>",
        "www.x.y",
        "a@b.co",
        "|",
        "---",
        "~~",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=12).map("".join)


def _trim(text: str) -> str:
    """Strip what the renderer strips at a paragraph's ends: CommonMark's Unicode whitespace
    (space separators, tab, line breaks), not other control characters."""

    def blank(c: str) -> bool:
        return c in " \t\n\f\r" or unicodedata.category(c) == "Zs"

    start, end = 0, len(text)
    while start < end and blank(text[start]):
        start += 1
    while end > start and blank(text[end - 1]):
        end -= 1
    return text[start:end]


def expected_text(text: str) -> str:
    one_line = _trim(re.sub(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", text))
    return one_line.replace("\x00", "\ufffd")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_escaped_text_renders_as_itself_and_nothing_else(text: str) -> None:
    rendered = RENDER(md_escape(text))
    expected = expected_text(text)
    if not expected.strip():
        return  # blank text renders as nothing
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    inner = rendered[3:-5]
    assert "<" not in inner, inner  # no element of any kind inside the paragraph
    assert html.unescape(inner) == expected


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_problem_sentences_quote_user_text_literally(name: str, detail: str) -> None:
    problem = Problem("file_unreadable", "error", {"name": name, "detail": detail})
    rendered = RENDER(problem_md(problem, "en"))
    inner = rendered[3:-5]
    assert rendered.startswith("<p>") and "<" not in inner, rendered
    assert expected_text(name) in html.unescape(inner)
