"""What the router does first on every run: leave Streamlit's old multipage mode, start prewarm.

Why the mode: with a ``pages/`` folder beside the entry point, Streamlit 1.67 marks the process as
an old-style multipage app when the first session is created
(``PagesManager.uses_pages_directory``, ``streamlit/runtime/pages_manager.py``), and runs that
session's first script run through ``_mpa_v1`` (``runtime/scriptrunner/script_runner.py``): an
automatic menu of ``pages/*.py`` with ``app.py`` as one of its pages. Only a call to
``st.navigation`` turns the flag off, and by then the run is inside that automatic page: every
widget the router draws gets an ID derived from the automatic page, not from the main script, so
the next run (the user's first click) does not find the value the browser sent. Seen as: in the
first session after a start, choosing 日本語 left the page in English and the URL without
``lang=ja``. A share link as the very first request ran the page script alone, without the router.

So the router turns the flag off itself and starts its run again at once, before drawing
anything: the new run is an ordinary ``st.navigation`` run with the same URL and page (a page's
hash is the hash of its URL path in both modes). This works the same under plain
``streamlit run app.py``, on Streamlit Community Cloud and under ``AppTest``, with no launcher.
"""

from __future__ import annotations

import streamlit as st
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager

from dashboard.server import prewarm


def leave_folder_mode() -> None:
    """Rerun at once, as an ``st.navigation`` app, a run Streamlit began in old multipage mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def start_prewarm() -> None:
    """Start the background computation of the embedded export, once per server process.

    Not under ``AppTest``: a test process is not a server, and tests call
    :func:`dashboard.server.prewarm.start` themselves when they want it.
    """
    if not config.get_option("global.appTest"):
        prewarm.start(freeze_gc=True, wait_for_first_view=True)
