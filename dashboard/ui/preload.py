"""Start loading Streamlit's chart code in the browser while the server prepares the first page.

    preload_charts()   # app.py, on every run (one constant script in the sidebar)

Why: Streamlit loads the code that draws Plotly charts (one 4.7 MB JavaScript file with
plotly.js inside) only when the first chart of a browser tab arrives. Measured on a cold start
(Chromium, this machine): the file is requested ~0.25 s after the chart was sent and the chart
is painted ~1.25 s after it was downloaded (parsing and running plotly.js), while during the
server's first run (~1 s: imports, the embedded data, the first view) the browser has nothing
to do. A one-line script in the router's first message imports the same file at once; when the
chart arrives, Streamlit's own import finds it loaded (the browser keeps one copy of a module
per address). Nothing is drawn, and a page without charts pays only the download.

The file's name carries a content hash that changes with each Streamlit release, so it is read
from the installed package; when it cannot be found (a different layout), nothing is sent and
the charts load as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

_STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
SCRIPT_ID = "dashboard-chart-preload"


def chart_module_name(folder: Path = _STATIC_JS) -> str | None:
    """The file name of Streamlit's Plotly chart module in ``folder``, or None when there is
    not exactly one."""
    found = sorted(p.name for p in folder.glob("PlotlyChart.*.js"))
    return found[0] if len(found) == 1 else None


def preload_script(name: str | None) -> str:
    """A constant script (no user content) importing the module ``name`` from the folder of
    Streamlit's own entry module (so a server under a base URL path works too); "" for None.
    A failed import is ignored: Streamlit imports the module again when a chart arrives."""
    if name is None:
        return ""
    # The element holding the script is hidden: as the sidebar's first element it pushed the
    # sidebar down by one gap.
    entry = 'document.querySelector(\'script[type="module"][src*="/static/js/"]\')'
    return (
        f"<style>.stElementContainer:has(#{SCRIPT_ID}) {{ display: none; }}</style>"
        f'<script id="{SCRIPT_ID}">(() => {{ const entry = {entry}; if (entry) '
        f"import(new URL({json.dumps(name)}, entry.src).href).catch(() => {{}}); }})();</script>"
    )


PRELOAD_SCRIPT = preload_script(chart_module_name())


def preload_charts() -> None:
    """On every run of the router: the import script in the sidebar (its empty element takes
    no room on the page; presentation mode hides the sidebar and the script still runs). The
    browser runs it once per tab: the text never changes, so Streamlit keeps the element."""
    if PRELOAD_SCRIPT:
        with st.sidebar:
            st.html(PRELOAD_SCRIPT, unsafe_allow_javascript=True)
