"""Plan a study: respondents needed per arm for an effect, or the smallest detectable effect
for a given size, prefilled with the loaded data's control rates (two proportions, Cohen's h)."""

import numpy as np
import streamlit as st

from analysis.i18n import t
from analysis.stats.power import minimum_detectable_effect, n_curve, n_per_arm
from analysis.stats.select import select_rows
from dashboard.render.figures_stats import make_power_figure
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import select_key

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("plan_title", L))
st.write(t("plan_intro", L))

outcomes = [
    o for o, opt in (("opt_out", "exit"), ("no_opinion", "no_opinion")) if opt in m.option_keys
]
c1, c2, c3, c4 = st.columns(4)
outcome = select_key(
    "plan_outcome",
    t("plan_outcome", L),
    outcomes,
    outcomes[0],
    container=c1,
    labels={o: t(f"outcome_{o}", L) for o in outcomes},
)
option = "exit" if outcome == "opt_out" else "no_opinion"
control = select_rows(
    data.grid, kind="rate", outcome=outcome, issue="all", option=option, prompts=[m.control]
)
observed = float(control["estimate"].iloc[0]) if not control.empty else 0.1
mode = select_key(
    "plan_mode",
    t("plan_mode", L),
    ["n", "mde"],
    "n",
    container=c2,
    labels={"n": t("plan_mode_n", L), "mde": t("plan_mode_mde", L)},
)
alpha = float(
    select_key(
        "plan_alpha", t("plan_alpha", L), ["0.01", "0.05", "0.1"], "0.05", container=c3, labels={}
    )
)
power = float(
    select_key(
        "plan_power", t("plan_power", L), ["0.8", "0.9", "0.95"], "0.8", container=c4, labels={}
    )
)
baseline = (
    st.number_input(
        t("plan_baseline", L),
        min_value=0.5,
        max_value=99.5,
        value=round(100 * observed, 1),
        step=0.5,
        key="plan_baseline",
        help=t(
            "plan_baseline_help",
            L,
            rate=f"{100 * observed:.1f}",
            control=m.prompt_label(m.control, L),
        ),
    )
    / 100
)
effects = [str(e) for e in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20)]
if mode == "n":
    effect = float(select_key("plan_effect", t("plan_effect", L), effects, "5", labels={})) / 100
    n = n_per_arm(baseline, effect, alpha, power)
    if np.isfinite(n):
        st.metric(t("plan_n", L), f"{int(np.ceil(n)):,}")
        st.markdown(
            t(
                "plan_n_sentence",
                L,
                n=f"{int(np.ceil(n)):,}",
                total=f"{2 * int(np.ceil(n)):,}",
                base=f"{100 * baseline:.1f}",
                target=f"{100 * (baseline + effect):.1f}",
                power=f"{100 * power:.0f}",
                alpha=f"{alpha:g}",
            )
        )
    else:
        st.warning(t("plan_impossible", L))
else:
    sizes = ["100", "250", "500", "750", "1000", "1500", "2000", "3000", "5000"]
    size = int(select_key("plan_size", t("plan_size", L), sizes, "750", labels={}))
    effect = minimum_detectable_effect(baseline, size, alpha, power)
    n = size
    st.metric(t("plan_mde", L), "–" if not np.isfinite(effect) else f"{100 * effect:.1f}")
    if np.isfinite(effect):
        st.markdown(
            t(
                "plan_mde_sentence",
                L,
                n=f"{size:,}",
                mde=f"{100 * effect:.1f}",
                base=f"{100 * baseline:.1f}",
                power=f"{100 * power:.0f}",
                alpha=f"{alpha:g}",
            )
        )
grid_effects = np.linspace(0.01, min(0.3, 0.99 - baseline), 40)
st.plotly_chart(
    make_power_figure(
        n_curve(baseline, grid_effects, alpha, power),
        lang=L,
        title=t("plan_chart_title", L, base=f"{100 * baseline:.1f}"),
        mark_effect=effect,
        mark_n=n,
    ),
    key="plan_curve",
    width="stretch",
)
st.caption(t("plan_convention", L))
