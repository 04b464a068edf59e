"""Plan a study: respondents needed per arm for an effect, or the smallest detectable effect
for a given size, prefilled with the loaded data's control rates (two proportions, Cohen's h)."""

import math

import streamlit as st

from analysis.i18n import t
from dashboard.render.plan import (
    ALPHAS,
    BASELINE_RANGE,
    DEFAULTS,
    EFFECTS,
    MODES,
    POWERS,
    SIZES,
    default_baseline,
    observed_baseline,
    plan_outcomes,
    plan_slides,
)
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.urlstate import seed_float

BASELINE_KEY = "plan_baseline"
BASELINE_START = "_plan_baseline_start"  # the prefilled value the baseline last started from

require_router()
L = lang()
data = current_dataset()
m = data.mapping
if not kit.presenting():
    st.title(t("plan_title", L))
    st.write(t("plan_intro", L))

outcomes = plan_outcomes(data)
values = kit.choose(
    [
        kit.Choice(
            "plan_outcome",
            t("plan_outcome", L),
            outcomes,
            outcomes[0],
            labels={o: t(f"outcome_{o}", L) for o in outcomes},
        ),
        kit.Choice(
            "plan_mode",
            t("plan_mode", L),
            MODES,
            DEFAULTS["plan_mode"],
            labels={"n": t("plan_mode_n", L), "mde": t("plan_mode_mde", L)},
        ),
        kit.Choice("plan_alpha", t("plan_alpha", L), ALPHAS, DEFAULTS["plan_alpha"]),
        kit.Choice("plan_power", t("plan_power", L), POWERS, DEFAULTS["plan_power"]),
    ],
    lang=L,
)
# The baseline starts at the observed control rate of the chosen outcome and follows it when
# the outcome changes, unless the reader typed another value.
start = default_baseline(data, values["plan_outcome"])
seed_float(BASELINE_KEY, start, *BASELINE_RANGE)
if st.session_state.get(BASELINE_START, start) != start:
    if st.session_state[BASELINE_KEY] == st.session_state[BASELINE_START]:
        st.session_state[BASELINE_KEY] = start
st.session_state[BASELINE_START] = start
if not kit.presenting():
    observed = observed_baseline(data, values["plan_outcome"])
    st.number_input(
        t("plan_baseline", L),
        min_value=BASELINE_RANGE[0],
        max_value=BASELINE_RANGE[1],
        value=float(
            st.session_state[BASELINE_KEY]
        ),  # the current value as default: urlstate.index_of
        step=0.5,
        key=BASELINE_KEY,
        help=t(
            "plan_baseline_help",
            L,
            rate=f"{100 * observed:.1f}",
            control=m.prompt_label(m.control, L),
        ),
    )
if values["plan_mode"] == "n":
    more = [kit.Choice("plan_effect", t("plan_effect", L), EFFECTS, DEFAULTS["plan_effect"])]
else:
    more = [kit.Choice("plan_size", t("plan_size", L), SIZES, DEFAULTS["plan_size"])]
values |= kit.choose(more, lang=L)
plan, slides = plan_slides(
    data,
    lang=L,
    cells=kit.cells(),
    font_size=kit.font_size(),
    plan_baseline=st.session_state[BASELINE_KEY],
    **values,
)
if not kit.presenting():
    if plan.mode == "n":
        shown = f"{math.ceil(plan.n):,}" if math.isfinite(plan.n) else "–"
        st.metric(t("plan_n", L), shown)
    else:
        shown = f"{100 * plan.effect:.1f}" if math.isfinite(plan.effect) else "–"
        st.metric(t("plan_mde", L), shown)
kit.show(slides, lang=L, dataset=data, page="plan", view=t("plan_title", L))
