"""One-sentence plain-language takeaways generated from the estimates, in both languages.

The wording rules (each has a test in ``tests/app/test_takeaways.py``):

- Significance is read from the 95% CI of the *difference*: an interval that excludes zero is
  reported with its direction ("higher"/"lower"); one that includes zero is worded as "cannot
  tell this from no difference", never as "no effect".
- The CI is always given beside an effect, and the control rate beside the treated rate.
- If the smaller of the two groups has fewer than ``flag_below`` respondents a caution is added;
  below ``suppress_below`` no number is given at all.
- A Holm-adjusted p-value is quoted when the row's family (``family_size`` in the full export,
  ``analysis.stats.multiplicity``) has more than one test.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType

import pandas as pd

from analysis.i18n import t
from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW
from dashboard.render.formatting import fmt_number, fmt_p, fmt_pct, fmt_pp


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def inline_label(label: str, lang: str) -> str:
    """A label as it reads inside an English sentence ("Government monitoring" → "government
    monitoring"); acronyms and Japanese are left alone."""
    if lang == "en" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def smallest_n(row: MappingType) -> int:
    """The smaller of the treated and control group sizes of an effect row (0 if unknown)."""
    sizes = [row.get("n_treated"), row.get("n_control")]
    sizes = [0 if s is None or pd.isna(s) else int(s) for s in sizes]
    return min(sizes)


def _first_row_by_prompt(frame: pd.DataFrame) -> dict[str, dict]:
    """Each prompt's first row (as a dict), in one pass: a pandas filter per prompt cost
    ~0.5 ms each, most of a sentence, on a view built while its reader waits."""
    first: dict[str, dict] = {}
    for row in frame.to_dict("records"):
        first.setdefault(row["prompt"], row)
    return first


def is_significant(row: MappingType) -> bool:
    """Whether the 95% CI of the difference excludes zero."""
    return bool(row["ci_low"] > 0 or row["ci_high"] < 0)


def effect_sentence(
    row: pd.Series,
    *,
    lang: str,
    prompt_label: str,
    control_label: str,
    outcome_label: str,
    issue_label: str,
    headline: bool = False,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> str:
    """Describe one effect row (from ``effects_with_baseline``) without overstating it.

    >>> # effect_sentence(row, lang="en", prompt_label="Government monitoring", ...)
    >>> # 'Offered the exit, 14.1% of those shown the government monitoring prompt left ...'
    """
    needed = ("estimate", "ci_low", "ci_high", "baseline", "rate_treated")
    if any(pd.isna(row.get(k)) for k in needed):
        return t("takeaway_unavailable", lang)
    n_min = smallest_n(row)
    if n_min < suppress_below:
        return t("tk_suppressed", lang, prompt=prompt_label, n=n_min, suppress=suppress_below)
    significant = is_significant(row)
    values = {
        "rate_t": fmt_pct(row["rate_treated"]),
        "rate_c": fmt_pct(row["baseline"]),
        "effect": fmt_pp(row["estimate"]),
        "low": fmt_pp(row["ci_low"]),
        "high": fmt_pp(row["ci_high"]),
        "prompt": inline_label(prompt_label, lang),
        "control": inline_label(control_label, lang),
        "outcome": outcome_label,
        "issue": issue_label,
    }
    if headline:
        text = t("tk_headline_sig" if significant else "tk_headline_nonsig", lang, **values)
        values.pop("outcome")
    elif significant:
        text = t(
            "tk_effect_sig",
            lang,
            **{
                **values,
                "effect": fmt_number(abs(100 * row["estimate"])),
                "direction": t("tk_rise" if row["estimate"] > 0 else "tk_fall", lang),
            },
        )
    else:
        text = t("tk_effect_nonsig", lang, **values)
    p_adj = row.get("p_adjusted")
    size = row.get("family_size")
    if not _missing(p_adj) and not _missing(size) and int(size) > 1:
        text += t("tk_adjusted_p", lang, m=int(size), p=fmt_p(p_adj))
    if n_min < flag_below:
        text += t("tk_small", lang, n=n_min, flag=flag_below)
    return text


def effects_summary(
    effects: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    control_label: str,
    outcome_label: str,
    issue_label: str,
    subgroup_label: str | None = None,
    suppress_below: int = SUPPRESS_BELOW,
) -> str:
    """One sentence for an effects chart: every prompt's effect with its CI, in chart order.

    Used as the chart's takeaway (presentation mode, exports, alt text). With subgroup levels it
    says how to compare groups instead of listing every level.
    """
    if effects.empty:
        return t("takeaway_unavailable", lang)
    if subgroup_label is not None and (effects["level"] != "all").any():
        return t(
            "tk_effects_levels",
            lang,
            control=inline_label(control_label, lang),
            subgroup=inline_label(subgroup_label, lang),
        )
    items = []
    first = _first_row_by_prompt(
        effects[
            ["prompt", "estimate", "ci_low", "ci_high"]
            + [c for c in ("n_treated", "n_control") if c in effects]
        ]
    )
    for prompt, label in prompt_labels.items():
        row = first.get(prompt)
        if row is None:
            continue
        if pd.isna(row["estimate"]) or smallest_n(row) < suppress_below:
            items.append(t("tk_item_suppressed", lang, prompt=label, suppress=suppress_below))
            continue
        key = "tk_item_sig" if is_significant(row) else "tk_item_nonsig"
        items.append(
            t(
                key,
                lang,
                prompt=label,
                effect=fmt_pp(row["estimate"]),
                low=fmt_pp(row["ci_low"]),
                high=fmt_pp(row["ci_high"]),
            )
        )
    if not items:
        return t("takeaway_unavailable", lang)
    return t(
        "tk_effects_summary",
        lang,
        outcome=outcome_label,
        issue=issue_label,
        control=inline_label(control_label, lang),
        items=t("tk_clause_sep", lang).join(items),
    )


def rates_sentence(
    rates: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    outcome_label: str,
    issue_label: str,
    subgroup_label: str | None = None,
    suppress_below: int = SUPPRESS_BELOW,
) -> str:
    """One sentence for a rates chart: each prompt's rate (the CIs are in the chart)."""
    if rates.empty:
        return t("takeaway_unavailable", lang)
    if subgroup_label is not None and (rates["level"] != "all").any():
        return t(
            "tk_rates_levels",
            lang,
            outcome=outcome_label,
            issue=issue_label,
            subgroup=inline_label(subgroup_label, lang),
        )
    items = []
    first = _first_row_by_prompt(rates[["prompt", "n", "estimate"]])
    for prompt, label in prompt_labels.items():
        row = first.get(prompt)
        if row is None:
            continue
        if row["n"] < suppress_below:
            items.append(t("tk_item_suppressed", lang, prompt=label, suppress=suppress_below))
        else:
            items.append(
                t(
                    "tk_rate_item",
                    lang,
                    rate=fmt_pct(row["estimate"]),
                    prompt=inline_label(label, lang),
                )
            )
    return t(
        "tk_rates",
        lang,
        outcome=outcome_label,
        issue=issue_label,
        items=t("tk_list_sep", lang).join(items),
    )
