"""One-sentence plain-language takeaways generated from the estimates, in both languages."""

from __future__ import annotations

import pandas as pd

from dashboard.figures import FLAG_BELOW
from dashboard.i18n import t


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _pp(x: float) -> str:
    return f"{100 * x:+.1f}"


def effect_sentence(
    row: pd.Series, *, lang: str, prompt_label: str, control_label: str, outcome_label: str,
    issue_label: str, headline: bool = False, flag_below: int = FLAG_BELOW,
) -> str:
    """Describe one effect row (from ``effects_with_baseline``) without overstating it.

    Significance is read from the CI of the difference; a CI that includes zero is worded as
    "cannot tell", never as "no effect"; small cells get a caution.
    """
    needed = ("estimate", "ci_low", "ci_high", "baseline", "rate_treated")
    if any(pd.isna(row.get(k)) for k in needed):
        return t("takeaway_unavailable", lang)
    values = {"rate_t": _pct(row["rate_treated"]), "rate_c": _pct(row["baseline"]),
              "effect": _pp(row["estimate"]), "low": _pp(row["ci_low"]),
              "high": _pp(row["ci_high"]), "prompt": prompt_label, "control": control_label,
              "outcome": outcome_label, "issue": issue_label}
    significant = row["ci_low"] > 0 or row["ci_high"] < 0
    if headline:
        key = "takeaway_sig" if significant else "takeaway_nonsig"
    else:
        key = "takeaway_generic_sig" if significant else "takeaway_generic_nonsig"
    text = t(key, lang, **values)
    n_min = min(row.get("n_treated", 0) or 0, row.get("n_control", 0) or 0)
    if n_min < flag_below:
        text += t("takeaway_small", lang, n=int(n_min))
    return text
