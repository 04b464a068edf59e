"""Balance & sample: who was assigned where, where they left, and whether the cells look alike
on the covariates (means, standardised differences, HC2 F tests)."""

import streamlit as st

from analysis.i18n import t
from analysis.stats.balance import balance_view
from dashboard.render.figures_stats import make_flow_figure, make_love_figure
from dashboard.render.safe import t_md
from dashboard.render.tables_stats import balance_display, flow_table
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import fmt_p, full_estimates, select_key

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("bal_title", L))
full = full_estimates(data, L)
views = balance_view(full)

prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
option_labels = {k: m.option_label(k, L) for k in m.option_keys}
issue_labels = {i.key: i.label.get(L) for i in m.issues}
st.subheader(t("bal_flow_heading", L))
flow = full[full["kind"] == "flow"]
st.plotly_chart(
    make_flow_figure(
        flow,
        lang=L,
        prompt_labels=prompt_labels,
        option_labels=option_labels,
        title=t("bal_flow_title", L),
    ),
    key="bal_flow",
    width="stretch",
)
if (flow["outcome"] == "left").any():
    st.caption(t("bal_flow_table", L))
    st.dataframe(
        flow_table(flow, lang=L, prompt_labels=prompt_labels, issue_labels=issue_labels),
        hide_index=True,
    )

st.subheader(t("bal_table_heading", L))
sub_labels = {s.key: s.label.get(L) for s in m.subgroups}
level_names = {
    f"{k}:{lv}": f"{sub_labels[k]}: {lab.get(L)} (%)"
    for k, levels in data.prepared.subgroup_levels
    for lv, lab in levels
}
groups = (
    ["covariates", *[s.key for s in m.subgroups]] if m.covariates else [s.key for s in m.subgroups]
)
if not groups:
    st.info(t("bal_no_variables", L))
    st.stop()
group = select_key(
    "bal_group",
    t("bal_group", L),
    groups,
    groups[0],
    labels={"covariates": t("bal_covariates", L), **sub_labels},
)
if group == "covariates":
    # A covariate that is also a subgroup's column gets that subgroup's name.
    named = {s.column: s.label.get(L) for s in m.subgroups}
    variable_labels = {c: f"{named[c]} ({c})" if c in named else c for c in m.covariates}
else:
    variable_labels = {k: v for k, v in level_names.items() if k.startswith(f"{group}:")}
cell_labels = {
    (p, o): f"{prompt_labels[p]} · {option_labels[o]}" for o in m.option_keys for p in m.prompt_keys
}
st.dataframe(
    balance_display(
        views["balance"],
        views["balance_test"],
        lang=L,
        cell_labels=cell_labels,
        variable_labels=variable_labels,
    ),
    hide_index=True,
)
st.caption(t("bal_table_note", L))
diffs = views["std_diff"]
st.plotly_chart(
    make_love_figure(
        diffs[diffs["variable"].isin(list(variable_labels))],
        lang=L,
        prompt_labels=prompt_labels,
        option_labels=option_labels,
        variable_labels=variable_labels,
        title=t("bal_love_title", L),
    ),
    key="bal_love",
    width="stretch",
)
for r in views["balance_omnibus"].itertuples():
    what = (
        t("bal_omnibus_option", L)
        if r.prompt == "all"
        else t(
            "bal_omnibus_prompt",
            L,
            prompt=prompt_labels[r.prompt],
            control=prompt_labels[m.control],
        )
    )
    st.markdown(
        "- "
        + t_md("bal_omnibus", L, what=what, f=f"{r.estimate:.2f}", p=fmt_p(r.p_value), n=f"{r.n:,}")
    )
