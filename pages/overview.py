"""Overview: the headline a policymaker needs — who left, by prompt, and each prompt's effect."""

from dataclasses import replace

import streamlit as st

from analysis.i18n import t
from dashboard.render import study_text
from dashboard.render.safe import md_escape
from dashboard.render.slides import outcome_slides
from dashboard.render.takeaways import effect_sentence
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import available_methods, method_note, p_value_note, view_effects

require_router()
L = lang()
data = current_dataset()
m = data.mapping
outcome = "opt_out" if "exit" in m.option_keys else "no_opinion"
option = "exit" if outcome == "opt_out" else "no_opinion"
prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
control_label = prompt_labels[m.control]
cells = kit.cells()
if not kit.presenting():
    st.title(study_text.overview_heading(data, L))
    st.markdown(study_text.overview_intro(data, L))
methods = available_methods(m)
method = kit.choose(
    [
        kit.Choice(
            "overview_method",
            t("effects_switch", L),
            methods,
            "ols_hc2",
            labels={k: t(f"method_{k}", L) for k in methods},
            widget="radio",
            help=t("effects_switch_help", L),
        )
    ],
    lang=L,
)["overview_method"]
effects = view_effects(
    data, L, outcome=outcome, issue="all", option=option, control=m.control, method=method
)
slides = outcome_slides(
    data,
    lang=L,
    outcome=outcome,
    option=option,
    cells=cells,
    font_size=kit.font_size(),
    prefix="overview",
    effects=effects,
)
if len(slides) > 1:
    notes = [
        p_value_note(effects, lang=L, prompt_labels=prompt_labels),
        method_note(method, "all", L),
    ]
    slides[1] = replace(slides[1], details=tuple(n for n in notes if n))

if not kit.presenting():
    st.caption(study_text.overview_sample(data, L))
    for _index, row in effects.iterrows():
        sentence = effect_sentence(
            row,
            lang=L,
            prompt_label=prompt_labels[row["prompt"]],
            control_label=control_label,
            outcome_label=t(f"outcome_{outcome}", L),
            issue_label=t(f"issue_all_{outcome}", L),
            headline=outcome == "opt_out",
            **cells.kwargs(),
        )
        st.markdown("- " + md_escape(sentence))
kit.show(
    slides,
    lang=L,
    dataset=data,
    page="overview",
    view=study_text.overview_heading(data, L),
    side_by_side=True,
)
