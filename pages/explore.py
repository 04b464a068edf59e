"""Explore: pick prompts, outcome, option, issue and subgroup; rates, effects and the n behind."""

import streamlit as st

from analysis.select import effects_with_baseline, outcome_option, select_rows
from dashboard.figures import make_effect_figure, make_rate_figure
from dashboard.i18n import t
from dashboard.safe import md_escape
from dashboard.state import current_dataset, lang, require_router
from dashboard.tables import effect_table, rate_table
from dashboard.takeaways import effect_sentence
from dashboard.urlstate import seed

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("explore_title", L))

outcomes = [o for o in ("opt_out", "no_opinion", "support")
            if o == "support" or outcome_option(o, None, m) in m.option_keys]
c1, c2, c3, c4 = st.columns(4)
seed("outcome", outcomes, outcomes[0])
outcome = c1.selectbox(t("outcome", L), outcomes, key="outcome",
                       format_func=lambda o: t(f"outcome_{o}", L))
if outcome == "support":
    seed("option", m.option_keys, m.option_keys[0])
    option = c2.selectbox(t("option", L), m.option_keys, key="option",
                          format_func=lambda o: m.option_label(o, L))
else:
    option = outcome_option(outcome, None, m)
    c2.caption(t("explore_option_fixed", L, outcome=t(f"outcome_{outcome}", L),
                 option=md_escape(m.option_label(option, L))))
issues = ([] if outcome == "support" else ["all"]) + [i.key for i in m.issues]
seed("issue", issues, issues[0])
issue = c3.selectbox(t("issue", L), issues, key="issue",
                     format_func=lambda k: (t(f"issue_all_{outcome}", L) if k == "all"
                                            else m.issue(k).label.get(L)))
subgroups = ["all"] + [s.key for s in m.subgroups]
seed("subgroup", subgroups, "all")
subgroup = c4.selectbox(t("subgroup", L), subgroups, key="subgroup",
                        format_func=lambda k: (t("subgroup_all", L) if k == "all"
                                               else m.subgroup(k).label.get(L)))
seed("prompts", m.prompt_keys, list(m.prompt_keys), multi=True)
prompts = st.multiselect(t("prompts", L), list(m.prompt_keys), key="prompts",

                         format_func=lambda k: m.prompt_label(k, L))

prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys if k in prompts}
control_label = m.prompt_label(m.control, L)
level_labels = ({"all": t("level_all", L)} if subgroup == "all"
                else {k: lab.get(L) for k, lab in data.prepared.levels(subgroup)})
outcome_label = t(f"outcome_{outcome}", L)
rates = select_rows(data.grid, kind="rate", outcome=outcome, issue=issue, option=option,
                    subgroup=subgroup, prompts=prompts)
effects = effects_with_baseline(data.grid, outcome=outcome, issue=issue, option=option,
                                subgroup=subgroup, prompts=prompts, control=m.control)

if outcome == "support" and option == "exit":
    st.info(t("explore_support_caveat", L), icon=":material/warning:")
if rates.empty:
    st.warning(t("explore_no_rows", L))
    st.stop()

issue_label = t(f"issue_all_{outcome}", L) if issue == "all" else m.issue(issue).label.get(L)
if subgroup == "all":
    for _idx, row in effects.iterrows():
        sentence = effect_sentence(row, lang=L, prompt_label=prompt_labels[row["prompt"]],
                                   control_label=control_label, outcome_label=outcome_label,
                                   issue_label=issue_label)
        st.markdown("- " + md_escape(sentence))
left, right = st.columns(2)
with left:
    st.subheader(t("rates_heading", L))
    st.plotly_chart(make_rate_figure(rates, lang=L, prompt_labels=prompt_labels,
                                     level_labels=level_labels,
                                     title=t("chart_rates_title", L, outcome=outcome_label)),
                    key="explore_rates", width="stretch")
with right:
    st.subheader(t("effects_heading", L))
    if effects.empty:
        st.caption(t("explore_no_rows", L))
    else:
        st.plotly_chart(make_effect_figure(
            effects, lang=L, control_label=control_label, level_labels=level_labels,
            prompt_labels={k: v for k, v in prompt_labels.items() if k != m.control},
            title=t("chart_effects_title", L, control=control_label)),
            key="explore_effects", width="stretch")
with st.expander(t("table_view", L), expanded=False):
    st.dataframe(rate_table(rates, lang=L, prompt_labels=prompt_labels,
                            level_labels=level_labels), hide_index=True)
    if not effects.empty:
        st.dataframe(effect_table(effects, lang=L, prompt_labels=prompt_labels,
                                  level_labels=level_labels), hide_index=True)
st.caption(t("reading_ci", L))
