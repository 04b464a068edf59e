"""Overview: the headline a policymaker needs — who left, by prompt, and each prompt's effect."""

import streamlit as st

from analysis.select import select_rows
from dashboard.i18n import t
from dashboard.panels import report_panel, show_slide
from dashboard.presentation import chart_font_size, present, presenting
from dashboard.safe import md_escape
from dashboard.slides import outcome_slides
from dashboard.smallcells import small_cells
from dashboard.state import current_dataset, lang, require_router
from dashboard.stats_views import (
    available_methods,
    effect_method_switch,
    method_note,
    p_value_note,
    view_effects,
)
from dashboard.takeaways import effect_sentence
from dashboard.urlstate import seed

require_router()
L = lang()
data = current_dataset()
m = data.mapping
outcome = "opt_out" if "exit" in m.option_keys else "no_opinion"
option = "exit" if outcome == "opt_out" else "no_opinion"
prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
control_label = prompt_labels[m.control]
cells = small_cells()
if presenting():  # no switch on a slide: keep the reader's choice from the URL
    seed("overview_method", available_methods(m), "ols_hc2")
    method = st.session_state["overview_method"]
else:
    st.title(t("overview_title", L))
    st.write(t("overview_intro", L))
    method = effect_method_switch(m, L, "overview_method")
effects = view_effects(data, L, outcome=outcome, issue="all", option=option,
                     control=m.control, method=method)
slides = outcome_slides(data, lang=L, outcome=outcome, option=option, cells=cells,
                        font_size=chart_font_size(), prefix="overview", effects=effects)
if presenting():
    present(slides, lang=L, dataset=data)

rates = select_rows(data.grid, kind="rate", outcome=outcome, issue="all", option=option)
n_exit = int(rates["n"].sum())
st.caption(t("overview_sample", L, n=f"{len(data.prepared.frame):,}", n_exit=f"{n_exit:,}"))

for row in effects.itertuples():
    st.markdown("- " + md_escape(effect_sentence(
        effects.loc[row.Index], lang=L, prompt_label=prompt_labels[row.prompt],
        control_label=control_label, outcome_label=t(f"outcome_{outcome}", L),
        issue_label=t(f"issue_all_{outcome}", L), headline=outcome == "opt_out",
        **cells.kwargs())))

left, right = st.columns(2)
with left:
    st.subheader(t("overview_rates_heading", L))
    show_slide(slides[0], lang=L, dataset=data)
with right:
    st.subheader(t("overview_effects_heading", L))
    if len(slides) > 1:
        show_slide(slides[1], lang=L, dataset=data)
    st.caption(md_escape(p_value_note(effects, lang=L, prompt_labels=prompt_labels)))
    st.caption(method_note(method, "all", L) or "")
report_panel(slides, lang=L, dataset=data, key="overview", view=t("overview_title", L))
st.caption(t("reading_ci", L))
