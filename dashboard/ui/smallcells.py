"""Small-cell thresholds: flag estimates with n below one number, hide those below another.

Where the numbers come from, in order: the sidebar's advanced settings (per session, kept in the
URL as ``flag`` and ``suppress``), else the server's ``.streamlit/secrets.toml``::

    [small_cells]
    flag_below = 100
    suppress_below = 30

else the study's conventions (100 and 30).
"""

from __future__ import annotations

import streamlit as st

from analysis.i18n import t
from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW
from dashboard.render.smallcells import SmallCells, resolve
from dashboard.ui.urlstate import seed_int

MAX_THRESHOLD = 1000
FLAG_KEY = "flag"
SUPPRESS_KEY = "suppress"


def server_defaults() -> SmallCells:
    """Thresholds from ``[small_cells]`` in the server's secrets, else 100 and 30."""
    try:
        table = st.secrets.get("small_cells", {})
    except Exception:  # noqa: BLE001 - no secrets file is the normal case
        table = {}
    try:
        return resolve(
            int(table.get("flag_below", FLAG_BELOW)),
            int(table.get("suppress_below", SUPPRESS_BELOW)),
        )
    except (TypeError, ValueError):
        return SmallCells()


def _threshold_input(label: str, key: str, step: int) -> int:
    """A threshold's number input, its current value also its default (urlstate.index_of)."""
    value = st.session_state[key]
    return int(st.number_input(label, 0, MAX_THRESHOLD, value=value, step=step, key=key))


def small_cell_settings(lang: str) -> SmallCells:
    """The sidebar's advanced settings (drawn by ``app.py``); returns the thresholds in force."""
    base = server_defaults()
    seed_int(FLAG_KEY, base.flag_below, 0, MAX_THRESHOLD)
    seed_int(SUPPRESS_KEY, base.suppress_below, 0, MAX_THRESHOLD)
    with st.sidebar.expander(t("advanced", lang)):
        st.caption(t("cells_help", lang))
        flag = _threshold_input(t("cells_flag", lang), FLAG_KEY, step=10)
        suppress = _threshold_input(t("cells_suppress", lang), SUPPRESS_KEY, step=5)
        cells = resolve(flag, suppress)
        if cells.suppress_below != suppress:
            st.caption(t("cells_fixed", lang, n=cells.suppress_below))
    return cells


def small_cells() -> SmallCells:
    """The thresholds in force for this session (for pages)."""
    base = server_defaults()
    return resolve(
        st.session_state.get(FLAG_KEY, base.flag_below),
        st.session_state.get(SUPPRESS_KEY, base.suppress_below),
    )
