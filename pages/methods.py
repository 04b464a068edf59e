"""Methods & citation: design, issues, estimators, caveats and citing, for the study loaded."""

import streamlit as st

from analysis.i18n import t
from dashboard.render.study_text import methods_sections
from dashboard.ui.accessibility import accessibility_statement
from dashboard.ui.smallcells import small_cells
from dashboard.ui.state import current_dataset, lang, require_router

require_router()
L = lang()
cells = small_cells()
st.title(t("methods_title", L))
for section in methods_sections(
    current_dataset(), L, flag_below=cells.flag_below, suppress_below=cells.suppress_below
):
    st.header(section.heading)
    for block in section.blocks:
        if block.kind == "table":
            st.dataframe(block.value, hide_index=True)
        elif block.kind == "code":
            st.code(block.value, language=None, wrap_lines=True)
        elif block.kind == "caption":
            st.caption(block.value)
        else:
            st.markdown(block.value)

accessibility_statement(L)
