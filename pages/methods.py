"""Methods & citation: the design, the issues in both languages, estimators, caveats, citing."""

import pandas as pd
import streamlit as st

from analysis.i18n import t
from dashboard.render.exports import dashboard_version
from dashboard.render.safe import t_md
from dashboard.ui.smallcells import small_cells
from dashboard.ui.state import current_dataset, lang, require_router

require_router()
L = lang()
data = current_dataset()
m = data.mapping
cells = small_cells()
st.title(t("methods_title", L))

st.header(t("methods_design_h", L))
st.write(t("methods_design", L))
counts = data.prepared.frame.groupby(["prompt", "option"], observed=True).size()
st.caption(
    t_md(
        "methods_cells",
        L,
        cells=t("tk_list_sep", L).join(
            f"{m.prompt_label(p, L)} × {m.option_label(o, L)}: n = {n:,}"
            for (p, o), n in counts.items()
        ),
    )
)

st.header(t("methods_issues_h", L))
st.dataframe(
    pd.DataFrame(
        {
            t("methods_col_key", L): [i.key for i in m.issues],
            t("methods_col_en", L): [i.label.en for i in m.issues],
            t("methods_col_ja", L): [i.label.ja for i in m.issues],
        }
    ),
    hide_index=True,
)

st.header(t("methods_estimators_h", L))
st.markdown(t("methods_estimators", L))

st.header(t("methods_caveats_h", L))
st.markdown(t("methods_caveats", L, flag=cells.flag_below, suppress=cells.suppress_below))

st.header(t("methods_cite_h", L))
st.write(t("methods_cite_study", L))
st.code(m.citation, language=None, wrap_lines=True)
st.write(t("methods_cite_dashboard", L))
st.code(t("cite_dashboard", L, version=dashboard_version()), language=None, wrap_lines=True)
st.write(t("methods_cite_data", L))
st.code(data.provenance.stamp(L), language=None, wrap_lines=True)
st.caption(t("methods_cite_note", L))
