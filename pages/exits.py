"""Exits: when people left — the cumulative share that has left by each question, per prompt."""

import streamlit as st

from analysis.i18n import t
from analysis.stats.exits import OUTCOME
from dashboard.render.figures_stats import make_exit_curve_figure
from dashboard.render.safe import t_md
from dashboard.render.tables_stats import exit_table
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import full_estimates, select_key

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("ex_title", L))
if "exit" not in m.option_keys or not m.exit_position:
    st.warning(t("ex_unavailable", L))
    st.stop()
full = full_estimates(data, L)
curve = full[full["outcome"] == OUTCOME]

all_prompts = list(m.prompt_keys)
shown = select_key(
    "ex_prompts",
    t("ex_show", L),
    ["all", *all_prompts[1:]],
    "all",
    labels={
        "all": t("ex_show_all", L),
        **{
            p: t("ex_show_vs", L, prompt=m.prompt_label(p, L), control=m.prompt_label(m.control, L))
            for p in all_prompts[1:]
        },
    },
)
keep = all_prompts if shown == "all" else [m.control, shown]
prompt_labels = {k: m.prompt_label(k, L) for k in keep}
issue_labels = {i.key: i.label.get(L) for i in m.issues}
st.write(t("ex_intro", L))
st.plotly_chart(
    make_exit_curve_figure(
        curve[(curve["kind"] == "rate") & curve["prompt"].isin(keep)],
        lang=L,
        prompt_labels=prompt_labels,
        issue_labels=issue_labels,
        title=t("ex_chart_title", L),
    ),
    key="ex_curve",
    width="stretch",
)
st.caption(t_md("ex_reading", L, control=m.prompt_label(m.control, L)))
with st.expander(t("table_view", L)):
    st.dataframe(
        exit_table(
            curve[curve["prompt"].isin(keep)],
            lang=L,
            prompt_labels=prompt_labels,
            issue_labels=issue_labels,
        ),
        hide_index=True,
    )
