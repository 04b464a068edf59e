"""Show user-supplied text (column names, value labels, mapping titles, file names) as text.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.error`` and widget labels,
and Plotly renders a subset of HTML in titles, ticks and hover text. Text that came from a data
file or mapping passes through here first, so ``<script>``, ``[link](javascript:…)``,
``**bold**`` or ``:red[x]`` show literally and never run or restyle the page.
"""

from __future__ import annotations

import html
import re

# CommonMark lets a backslash escape any ASCII punctuation; Streamlit adds :directives: and $math$.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=])")


def md_escape(text: object) -> str:
    """Escape text for any Streamlit element that renders Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def plotly_escape(text: object) -> str:
    """Escape text for Plotly labels (which understand <b>, <br>, <a href=…>)."""
    return html.escape(str(text), quote=False)
