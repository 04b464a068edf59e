"""Overview: the headline a policymaker needs — who left, by prompt, and each prompt's effect."""

import streamlit as st

from analysis.select import select_rows
from dashboard.figures import make_effect_figure, make_rate_figure
from dashboard.i18n import t
from dashboard.state import current_dataset, lang, require_router
from dashboard.stats_views import (
    effect_method_switch,
    effects_for_view,
    full_estimates,
    method_note,
    p_value_note,
)
from dashboard.takeaways import effect_sentence

require_router()
L = lang()
data = current_dataset()
m = data.mapping
outcome = "opt_out" if "exit" in m.option_keys else "no_opinion"
option = "exit" if outcome == "opt_out" else "no_opinion"
prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
control_label = prompt_labels[m.control]

st.title(t("overview_title", L))
st.write(t("overview_intro", L))
rates = select_rows(data.grid, kind="rate", outcome=outcome, issue="all", option=option)
method = effect_method_switch(m, L, "overview_method")
effects = effects_for_view(full_estimates(data, L), outcome=outcome, issue="all", option=option,
                           control=m.control, method=method)
n_exit = int(rates["n"].sum())
st.caption(t("overview_sample", L, n=f"{len(data.prepared.frame):,}", n_exit=f"{n_exit:,}"))

for row in effects.itertuples():
    st.markdown("- " + effect_sentence(
        effects.loc[row.Index], lang=L, prompt_label=prompt_labels[row.prompt],
        control_label=control_label, outcome_label=t(f"outcome_{outcome}", L),
        issue_label=t(f"issue_all_{outcome}", L), headline=outcome == "opt_out"))

left, right = st.columns(2)
with left:
    st.subheader(t("overview_rates_heading", L))
    st.plotly_chart(make_rate_figure(rates, lang=L, prompt_labels=prompt_labels,
                                     title=t("chart_rates_title", L,
                                             outcome=t(f"outcome_{outcome}", L))),
                    key="overview_rates", width="stretch")
with right:
    st.subheader(t("overview_effects_heading", L))
    st.plotly_chart(make_effect_figure(effects, lang=L,
                                       prompt_labels={k: v for k, v in prompt_labels.items()
                                                      if k != m.control},
                                       control_label=control_label,
                                       title=t("chart_effects_title", L, control=control_label)),
                    key="overview_effects", width="stretch")
    st.caption(p_value_note(effects, lang=L, prompt_labels=prompt_labels))
    st.caption(method_note(method, "all", L) or "")
st.caption(t("reading_ci", L))
