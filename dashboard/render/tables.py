"""Display tables (the accessible alternative to each chart): labelled, percent, flagged."""

from __future__ import annotations

from collections.abc import Mapping as MappingType

import pandas as pd

from analysis.i18n import t
from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW
from dashboard.render.formatting import fmt_ci, fmt_p


def _flag(n: float, lang: str, flag_below: int, suppress_below: int) -> str:
    if n < suppress_below:
        return t("flag_suppressed", lang, n=suppress_below)
    if n < flag_below:
        return t("flag_small", lang, n=flag_below)
    return ""


def rate_table(
    rates: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Rates as a readable table: prompt, group, n, rate and CI in percent, a small-cell note."""
    hide = rates["n"] < suppress_below
    return pd.DataFrame(
        {
            t("col_prompt", lang): rates["prompt"].map(prompt_labels),
            t("col_level", lang): rates["level"].map(lambda v: level_labels.get(v, v)),
            t("col_n", lang): rates["n"],
            t("col_rate", lang): (100 * rates["estimate"]).round(1).mask(hide),
            t("col_ci", lang): [
                "" if h else fmt_ci(lo, hi, lang)
                for h, lo, hi in zip(hide, rates["ci_low"], rates["ci_high"], strict=True)
            ],
            t("col_flag", lang): [_flag(n, lang, flag_below, suppress_below) for n in rates["n"]],
        }
    )


def _fmt_p(p: float, hidden: bool) -> str:
    """A p-value as text (:func:`fmt_p`), blank when the cell is too small to show."""
    return "" if hidden else fmt_p(p)


def effect_table(
    effects: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Effects in points with the CI of the difference, the control baseline, n and p."""
    n_min = effects[["n_treated", "n_control"]].min(axis=1)
    hide = n_min < suppress_below
    return pd.DataFrame(
        {
            t("col_prompt", lang): effects["prompt"].map(prompt_labels),
            t("col_level", lang): effects["level"].map(lambda v: level_labels.get(v, v)),
            t("col_n", lang): effects["n"],
            t("col_baseline", lang): (100 * effects["baseline"]).round(1).mask(hide),
            t("col_effect", lang): (100 * effects["estimate"]).round(1).mask(hide),
            t("col_ci", lang): [
                "" if h else fmt_ci(lo, hi, lang, points=True)
                for h, lo, hi in zip(hide, effects["ci_low"], effects["ci_high"], strict=True)
            ],
            t("col_p", lang): [_fmt_p(p, h) for h, p in zip(hide, effects["p_value"], strict=True)],
            **(
                {
                    t("col_p_holm", lang): [
                        _fmt_p(p, h) for h, p in zip(hide, effects["p_adjusted"], strict=True)
                    ],
                    t("col_p_ri", lang): [
                        _fmt_p(p, h) for h, p in zip(hide, effects["p_ri"], strict=True)
                    ],
                }
                if "p_ri" in effects
                else {}
            ),
            t("col_flag", lang): [_flag(n, lang, flag_below, suppress_below) for n in n_min],
        }
    )
