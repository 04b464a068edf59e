"""Show user-supplied text (column names, value labels, mapping titles, file names) as text.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.error`` and widget labels,
and Plotly renders a subset of HTML in titles, ticks and hover text. Text that came from a data
file or mapping passes through here first, so ``<script>``, ``[link](javascript:…)``,
``**bold**`` or ``:red[x]`` show literally and never run or restyle the page.
"""

from __future__ import annotations

import html
import re
import string

from analysis.i18n import t
from analysis.io.problems import Problem

# CommonMark lets a backslash escape any ASCII punctuation; Streamlit adds :directives: and $math$,
# GFM autolinks www., http:// and e-mail addresses. Escaping every punctuation mark stops all.
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# A line break would let the next line start a heading, list, quote or code block.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def md_escape(text: object) -> str:
    """Escape text for any Streamlit element that renders Markdown (shown literally, one line)."""
    # Leading blanks would make an indented code block; trailing ones are not shown anyway.
    one_line = _LINE_BREAKS.sub(" ", str(text)).strip(" \t")
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def t_md(key: str, lang: str, /, **values: object) -> str:
    """``t(key, lang, **values)`` for a Markdown element: the values (user text) are escaped,
    the translated template keeps its own formatting."""
    return t(key, lang, **{k: md_escape(v) for k, v in values.items()})


def problem_md(problem: Problem, lang: str) -> str:
    """A problem's sentence for a Markdown element: the names and values it quotes from the
    user's file or mapping are escaped."""
    params = {k: md_escape(v) for k, v in problem.params.items()}
    return Problem(problem.code, problem.severity, params).message(lang)


def plotly_escape(text: object) -> str:
    """Escape text for Plotly labels (which understand <b>, <br>, <a href=…>)."""
    return html.escape(str(text), quote=False)
