"""Session and cache glue: the language, the active dataset and the shared page frame."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from analysis.data import Dataset, load_embedded_dataset
from dashboard.i18n import LANG_NAMES, LANGS, t
from dashboard.urlstate import seed

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"
DATASET_KEY = "data_active"  # session-only: an uploaded dataset never leaves its session


@st.cache_resource(ttl=24 * 3600, max_entries=1, show_spinner=False)
def embedded_dataset() -> Dataset:
    """The embedded simulated dataset and its grid, computed once per server."""
    return load_embedded_dataset()


def current_dataset() -> Dataset:
    """The dataset this session is looking at (uploaded, else the embedded one)."""
    return st.session_state.get(DATASET_KEY) or embedded_dataset()


def language_selector() -> str:
    """The sidebar language switch, kept in the URL parameter ``lang``."""
    seed("lang", LANGS, "en")
    return st.sidebar.selectbox("Language / 言語", LANGS, key="lang",
                                format_func=LANG_NAMES.__getitem__) or "en"


def lang() -> str:
    """The current language."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def data_badge(dataset: Dataset, language: str) -> None:
    """The data-source badge and provenance line shown at the top of every page."""
    prov = dataset.provenance
    if prov.simulated:
        st.warning(f"**{t('badge_simulated', language)}** — {t('simulated_note', language)}",
                   icon=":material/science:")
    else:
        st.info(f"**{t('badge_real', language)}**", icon=":material/database:")
    st.caption(t("provenance", language, file=prov.file_name, sha=prov.sha256[:12] + "…",
                 rows=f"{prov.rows:,}", mapping=prov.mapping_name))


ROUTED = "_routed"


def require_router() -> None:
    """Make sure a page runs inside ``app.py`` (the badge, language and URL state live there).

    Why: with a ``pages/`` folder Streamlit may run a page script on its own (its old multipage
    mode, in a process where no session has called ``st.navigation`` yet, and in ``AppTest``).
    Then we run the router here, which runs this page properly, and stop the bare run.
    """
    if st.session_state.get(ROUTED):
        return
    runpy.run_path(str(APP_PATH), run_name="__main__")
    st.stop()
