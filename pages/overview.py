"""Overview: the headline a policymaker needs — who left, by prompt, and each prompt's effect."""

import streamlit as st

from analysis.i18n import t
from analysis.stats.select import outcome_option
from dashboard.render import study_text
from dashboard.render.safe import md_escape
from dashboard.render.views import overview_view
from dashboard.server.caching import cached_call
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import (
    available_methods,
    effects_and_stages,
    method_note,
    p_value_note,
)

require_router()
L = lang()
data = current_dataset()
m = data.mapping
outcome = study_text.headline_outcome(m)
option = outcome_option(outcome, None, m)
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
effects, stages = effects_and_stages(
    data, L, outcome=outcome, issue="all", option=option, control=m.control, method=method
)
prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
notes = (
    p_value_note(effects, lang=L, prompt_labels=prompt_labels),
    method_note(method, "all", L, mapping=m),
)
# Built once per dataset, language, method, settings and stages of the export drawn from (the
# permutation p comes a moment after the first chart) and shared by every viewer of the link.
view = cached_call(
    data,
    overview_view,
    effects,
    with_stages=stages,
    lang=L,
    method=method,
    cells=kit.cells(),
    font_size=kit.font_size(),
    effect_details=tuple(n for n in notes if n),
)
if not kit.presenting():
    st.caption(study_text.overview_sample(data, L))
    for sentence in view.sentences:
        st.markdown("- " + md_escape(sentence))
kit.show(
    view.slides,
    lang=L,
    dataset=data,
    page="overview",
    view=study_text.overview_heading(data, L),
    side_by_side=True,
    screens=view.screens,
)
