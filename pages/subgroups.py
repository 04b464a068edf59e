"""Subgroups: each prompt's effect within each level, and how it differs from the reference
level (interaction, HC2) with a joint test; exploratory."""

import streamlit as st

from analysis.i18n import t
from dashboard.render.figures_stats import make_subgroup_figure
from dashboard.render.safe import t_md
from dashboard.render.tables_stats import subgroup_table
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import fmt_p, full_estimates, select_key, view_effects

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("sg_title", L))
st.info(t("sg_exploratory", L), icon=":material/science:")
if not m.subgroups:
    st.warning(t("sg_none", L))
    st.stop()
full = full_estimates(data, L)

outcomes = [
    o
    for o in ("opt_out", "no_opinion", "support")
    if o == "support" or ("exit" if o == "opt_out" else "no_opinion") in m.option_keys
]
c1, c2, c3, c4 = st.columns(4)
outcome = select_key(
    "sg_outcome",
    t("outcome", L),
    outcomes,
    outcomes[0],
    container=c1,
    labels={o: t(f"outcome_{o}", L) for o in outcomes},
)
if outcome == "support":
    option = select_key(
        "sg_option",
        t("option", L),
        m.option_keys,
        m.option_keys[0],
        container=c2,
        labels={o: m.option_label(o, L) for o in m.option_keys},
    )
else:
    option = "exit" if outcome == "opt_out" else "no_opinion"
    c2.caption(
        t_md(
            "explore_option_fixed",
            L,
            outcome=t(f"outcome_{outcome}", L),
            option=m.option_label(option, L),
        )
    )
issues = ([] if outcome == "support" else ["all"]) + [i.key for i in m.issues]
issue = select_key(
    "sg_issue",
    t("issue", L),
    issues,
    issues[0],
    container=c3,
    labels={
        "all": t(f"issue_all_{outcome}", L) if outcome != "support" else "",
        **{i.key: i.label.get(L) for i in m.issues},
    },
)
subgroup = select_key(
    "sg_subgroup",
    t("subgroup", L),
    [s.key for s in m.subgroups],
    m.subgroups[0].key,
    container=c4,
    labels={s.key: s.label.get(L) for s in m.subgroups},
)

prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys if k != m.control}
level_labels = {k: lab.get(L) for k, lab in data.prepared.levels(subgroup)}
control_label = m.prompt_label(m.control, L)
sel = {"outcome": outcome, "issue": issue, "option": option, "subgroup": subgroup}
effects = view_effects(data, L, **sel, control=m.control)
rows = full[
    (full["outcome"] == outcome)
    & (full["issue"] == issue)
    & (full["option"] == option)
    & (full["subgroup"] == subgroup)
]
interactions = rows[rows["kind"] == "interaction"]
joint = rows[rows["kind"] == "joint_test"].set_index("prompt")
if effects.empty:
    st.warning(t("explore_no_rows", L))
    st.stop()

st.plotly_chart(
    make_subgroup_figure(
        effects,
        interactions,
        lang=L,
        prompt_labels=prompt_labels,
        level_labels=level_labels,
        control_label=control_label,
        title=t(
            "sg_chart_title",
            L,
            outcome=t(f"outcome_{outcome}", L),
            subgroup=m.subgroup(subgroup).label.get(L),
        ),
    ),
    key="sg_forest",
    width="stretch",
)
for prompt, label in prompt_labels.items():
    if prompt in joint.index:
        j = joint.loc[prompt]
        st.markdown(
            "- "
            + t_md(
                "sg_joint",
                L,
                prompt=label,
                f=f"{j['estimate']:.2f}",
                p=fmt_p(j["p_value"]),
                p_adj=fmt_p(j["p_adjusted"]),
            )
        )
st.caption(t_md("sg_reading", L, reference=next(iter(level_labels.values()))))
with st.expander(t("table_view", L), expanded=True):
    st.dataframe(
        subgroup_table(
            effects, interactions, lang=L, prompt_labels=prompt_labels, level_labels=level_labels
        ),
        hide_index=True,
    )
