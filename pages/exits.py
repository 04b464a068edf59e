"""Exits: when people left — the cumulative share that has left by each question, per prompt."""

import streamlit as st

from analysis.i18n import t
from dashboard.render.exits import exit_choices, exit_slides, exit_unavailable
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import full_estimates
from dashboard.ui.urlstate import stop

require_router()
L = lang()
data = current_dataset()
m = data.mapping
if not kit.presenting():
    st.title(t("ex_title", L))
missing = exit_unavailable(m)
if missing:
    # A study without an exit option (or without where people left) has nothing to draw here;
    # say so plainly instead of asking for a mapping it cannot have (in presentation mode
    # too: this sentence, not an empty slide counter and "Nothing to present").
    st.info(t(missing, L), icon=":material/info:")
    stop()
full = full_estimates(data, L)

control = m.prompt_label(m.control, L)
choices = exit_choices(m)
labels = {
    "all": t("ex_show_all", L),
    **{p: t("ex_show_vs", L, prompt=m.prompt_label(p, L), control=control) for p in choices[1:]},
}
shown = str(
    kit.choose(
        [
            kit.Choice(
                "ex_prompts",
                t("ex_show", L),
                choices,
                "all",
                labels=labels,
            )
        ],
        lang=L,
    )["ex_prompts"]
)
slides = exit_slides(
    data, full, lang=L, cells=kit.cells(), font_size=kit.font_size(), prompts=shown
)
kit.show(
    slides,
    lang=L,
    dataset=data,
    page="exits",
    view=f"{t('ex_title', L)} — {labels[shown]}",
    empty_message=t("explore_no_rows", L),
)
