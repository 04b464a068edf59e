"""User text is escaped for Markdown and Plotly."""

from __future__ import annotations

import pytest

from dashboard.render.safe import md_escape, plotly_escape


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "**bold**",
        ":red[x]",
        "![img](http://127.0.0.1/x.png)",
        "$x^2$",
        "# heading",
        "a_b_c",
    ],
)
def test_md_escape_leaves_no_unescaped_markup(text: str) -> None:
    escaped = md_escape(text)
    for ch in "<>[]()*:$#_!":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == ch and i > 0)
        assert not escaped.startswith(ch)


def test_plotly_escape_neutralises_tags() -> None:
    assert (
        plotly_escape("<a href='javascript:x'>y</a>") == "&lt;a href='javascript:x'&gt;y&lt;/a&gt;"
    )
