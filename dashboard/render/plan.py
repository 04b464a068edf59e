"""The Plan page as a slide: respondents needed per arm against the effect to detect (the power
curve), with the chosen design marked and one sentence that says what it means. No Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.i18n import t
from analysis.stats.kinds import Kind, Outcome
from analysis.stats.power import minimum_detectable_effect, n_curve, n_per_arm
from analysis.stats.select import select_rows
from analysis.study.dataset import Dataset
from dashboard.render.figures_stats import make_power_figure
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells

# The page's choices (URL values are these strings) and their defaults.
OUTCOME_OPTIONS = {Outcome.OPT_OUT: "exit", Outcome.NO_OPINION: "no_opinion"}
MODES = ["n", "mde"]
ALPHAS = ["0.01", "0.05", "0.1"]
POWERS = ["0.8", "0.9", "0.95"]
EFFECTS = [str(e) for e in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20)]  # percentage points
SIZES = ["100", "250", "500", "750", "1000", "1500", "2000", "3000", "5000"]
DEFAULTS = {
    "plan_mode": "n",
    "plan_alpha": "0.05",
    "plan_power": "0.8",
    "plan_effect": "5",
    "plan_size": "750",
}
FALLBACK_BASELINE = 0.1  # when the loaded data has no control rate to start from
BASELINE_RANGE = (0.5, 99.5)  # percent, the number input's bounds


@dataclass(frozen=True)
class Plan:
    """One design: ``effect`` is the rise to detect (mode ``n``) or the smallest detectable one
    (mode ``mde``), in proportion points; ``n`` is per arm. NaN where no answer exists."""

    mode: str
    baseline: float
    alpha: float
    power: float
    effect: float
    n: float


def plan_outcomes(dataset: Dataset) -> list[str]:
    """Outcomes whose control rate can prefill the baseline (their option must exist)."""
    keys = dataset.mapping.option_keys
    return [o for o, option in OUTCOME_OPTIONS.items() if option in keys]


def observed_baseline(dataset: Dataset, outcome: str | None) -> float:
    """The loaded data's control rate of ``outcome`` (proportion), or a fallback of 10%."""
    if outcome not in OUTCOME_OPTIONS:
        return FALLBACK_BASELINE
    m = dataset.mapping
    control = select_rows(
        dataset.grid,
        kind=Kind.RATE,
        outcome=outcome,
        issue="all",
        option=OUTCOME_OPTIONS[outcome],
        prompts=[m.control],
    )
    if control.empty or pd.isna(control["estimate"].iloc[0]):
        return FALLBACK_BASELINE
    return float(control["estimate"].iloc[0])


def default_baseline(dataset: Dataset, outcome: str | None) -> float:
    """The number input's starting value: the observed rate in percent, rounded, in range."""
    low, high = BASELINE_RANGE
    return min(max(round(100 * observed_baseline(dataset, outcome), 1), low), high)


def make_plan(
    *,
    mode: str,
    baseline: float,
    alpha: float,
    power: float,
    effect: float | None = None,
    size: int | None = None,
) -> Plan:
    """Respondents per arm for ``effect`` (mode ``n``) or the smallest effect for ``size``."""
    if mode == "mde":
        n = float(size or 0)
        mde = minimum_detectable_effect(baseline, n, alpha, power)
        return Plan(mode, baseline, alpha, power, mde, n)
    rise = float(effect or 0.0)
    return Plan(mode, baseline, alpha, power, rise, n_per_arm(baseline, rise, alpha, power))


def plan_sentence(plan: Plan, *, lang: str) -> str:
    """What the design means, with its assumptions; says when no answer exists."""
    values = {
        "base": f"{100 * plan.baseline:.1f}",
        "power": f"{100 * plan.power:.0f}",
        "alpha": f"{plan.alpha:g}",
    }
    if plan.mode == "mde":
        if not math.isfinite(plan.effect):
            return t("plan_mde_none", lang, n=f"{int(plan.n):,}", **values)
        mde = f"{100 * plan.effect:.1f}"
        return t("plan_mde_sentence", lang, n=f"{int(plan.n):,}", mde=mde, **values)
    if not math.isfinite(plan.n):
        return t("plan_impossible", lang)
    n = int(math.ceil(plan.n))
    return t(
        "plan_n_sentence",
        lang,
        n=f"{n:,}",
        total=f"{2 * n:,}",
        target=f"{100 * (plan.baseline + plan.effect):.1f}",
        **values,
    )


def curve_table(curve: pd.DataFrame, baseline: float, *, lang: str) -> pd.DataFrame:
    """The power curve as a table: effect, target rate and respondents per arm (rounded up)."""
    return pd.DataFrame(
        {
            t("col_plan_effect", lang): (100 * curve["effect"]).round(1),
            t("col_plan_target", lang): (100 * (baseline + curve["effect"])).round(1),
            t("col_plan_n", lang): [
                None if not np.isfinite(n) else int(math.ceil(n)) for n in curve["n_per_arm"]
            ],
        }
    ).astype({t("col_plan_n", lang): "Int64"})


def plan_slide(
    plan: Plan, *, lang: str, control_label: str, observed: float, font_size: int = 14
) -> Slide:
    """The power curve for the plan's baseline, alpha and power, the plan's design marked."""
    grid = np.linspace(0.01, max(0.01, min(0.3, 0.99 - plan.baseline)), 40)
    curve = n_curve(plan.baseline, grid, plan.alpha, plan.power)
    figure = make_power_figure(
        curve,
        lang=lang,
        title=t("plan_chart_title", lang, base=f"{100 * plan.baseline:.1f}"),
        mark_effect=plan.effect,
        mark_n=plan.n,
        font_size=font_size,
    )
    return Slide(
        "plan_curve",
        t("plan_chart_heading", lang),
        figure,
        plan_sentence(plan, lang=lang),
        curve_table(curve, plan.baseline, lang=lang),
        details=(
            t("plan_baseline_help", lang, rate=f"{100 * observed:.1f}", control=control_label),
            t("plan_convention", lang),
        ),
    )


def plan_slides(
    dataset: Dataset,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    plan_outcome: str | None = None,
    plan_mode: str = DEFAULTS["plan_mode"],
    plan_alpha: str = DEFAULTS["plan_alpha"],
    plan_power: str = DEFAULTS["plan_power"],
    plan_effect: str = DEFAULTS["plan_effect"],
    plan_size: str = DEFAULTS["plan_size"],
    plan_baseline: float | None = None,
) -> tuple[Plan, list[Slide]]:
    """The page's design (for its headline number) and its one chart. ``plan_baseline`` is in
    percent (the observed control rate of ``plan_outcome`` when None)."""
    m = dataset.mapping
    observed = observed_baseline(dataset, plan_outcome)
    baseline = observed if plan_baseline is None else float(plan_baseline) / 100
    plan = make_plan(
        mode=plan_mode,
        baseline=baseline,
        alpha=float(plan_alpha),
        power=float(plan_power),
        effect=float(plan_effect) / 100,
        size=int(plan_size),
    )
    slide = plan_slide(
        plan,
        lang=lang,
        control_label=m.prompt_label(m.control, lang),
        observed=observed,
        font_size=font_size,
    )
    return plan, [slide]


def plan_headline(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
) -> list[Slide]:
    """The page's main chart with its defaults, for the headline report (none when the study
    has no outcome to take a baseline from)."""
    outcomes = plan_outcomes(dataset)
    if not outcomes:
        return []
    return plan_slides(
        dataset,
        lang=lang,
        cells=cells,
        font_size=font_size,
        plan_outcome=outcomes[0],
        plan_baseline=default_baseline(dataset, outcomes[0]),
    )[1]
