"""Display tables of the statistics pages: labelled, rounded, small cells flagged."""

from __future__ import annotations

from collections.abc import Mapping as MappingType

import pandas as pd

from analysis.i18n import t
from analysis.stats.kinds import Kind
from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW
from dashboard.render.formatting import fmt_ci, fmt_p, fmt_pp


def _flag(n: float, lang: str) -> str:
    if n < SUPPRESS_BELOW:
        return t("flag_suppressed", lang, n=SUPPRESS_BELOW)
    if n < FLAG_BELOW:
        return t("flag_small", lang, n=FLAG_BELOW)
    return ""


def subgroup_table(
    effects: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str],
) -> pd.DataFrame:
    """Per prompt and level: effect, CI, Holm p across levels; interaction, CI, Holm p."""
    inter = interactions.set_index(["prompt", "level"])
    rows = []
    for r in effects.itertuples():
        n_min = min(r.n_treated, r.n_control)
        hide = n_min < SUPPRESS_BELOW
        i = inter.loc[(r.prompt, r.level)] if (r.prompt, r.level) in inter.index else None
        rows.append(
            {
                t("col_prompt", lang): prompt_labels.get(r.prompt, r.prompt),
                t("col_level", lang): level_labels.get(r.level, r.level),
                t("col_n", lang): int(r.n),
                t("col_effect", lang): None if hide else round(100 * r.estimate, 1),
                t("col_ci", lang): "" if hide else fmt_ci(r.ci_low, r.ci_high, lang, points=True),
                t("col_p_holm", lang): "" if hide else fmt_p(r.p_adjusted),
                t("col_interaction", lang): (
                    t("sg_reference", lang) if i is None else fmt_pp(i["estimate"])
                ),
                t("col_interaction_ci", lang): ""
                if i is None
                else fmt_ci(i["ci_low"], i["ci_high"], lang, points=True),
                t("col_interaction_p", lang): "" if i is None else fmt_p(i["p_adjusted"]),
                t("col_flag", lang): _flag(n_min, lang),
            }
        )
    return pd.DataFrame(rows)


def distribution_table(
    dist: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    category_labels: MappingType[str, str],
) -> pd.DataFrame:
    """Answer shares with Wilson CIs, one row per prompt and answer."""
    dist = dist[dist["category"].isin(list(category_labels))]
    return pd.DataFrame(
        {
            t("col_prompt", lang): dist["prompt"].map(prompt_labels),
            t("col_answer", lang): dist["category"].map(category_labels),
            t("col_n", lang): dist["n"],
            t("col_share", lang): (100 * dist["estimate"]).round(1),
            t("col_ci", lang): [
                fmt_ci(lo, hi, lang) for lo, hi in zip(dist["ci_low"], dist["ci_high"], strict=True)
            ],
        }
    )


def exit_table(
    curve: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
) -> pd.DataFrame:
    """Cumulative share left by position and each prompt's difference from the control."""
    rates = curve[curve["kind"] == Kind.RATE]
    effects = curve[curve["kind"] == Kind.EFFECT].set_index(["issue", "prompt"])
    rows = []
    positions = {k: i for i, k in enumerate(issue_labels, start=1)}
    for r in rates.itertuples():
        e = effects.loc[(r.issue, r.prompt)] if (r.issue, r.prompt) in effects.index else None
        rows.append(
            {
                t("col_position", lang): f"{positions[r.issue]}. {issue_labels[r.issue]}",
                t("col_prompt", lang): prompt_labels[r.prompt],
                t("col_n", lang): int(r.n),
                t("col_left_by", lang): round(100 * r.estimate, 1),
                t("col_ci", lang): fmt_ci(r.ci_low, r.ci_high, lang),
                t("col_effect", lang): None if e is None else round(100 * e["estimate"], 1),
                t("col_effect_ci", lang): ""
                if e is None
                else fmt_ci(e["ci_low"], e["ci_high"], lang, points=True),
            }
        )
    return pd.DataFrame(rows)


def balance_display(
    balance: pd.DataFrame,
    tests: pd.DataFrame,
    *,
    lang: str,
    cell_labels: MappingType[tuple[str, str], str],
    variable_labels: MappingType[str, str],
) -> pd.DataFrame:
    """One row per variable: the mean (or share, %) in each cell, the HC2 F test and Holm p."""
    rows = []
    for var, label in variable_labels.items():
        part = balance[balance["variable"] == var]
        test = tests[tests["variable"] == var]
        share = part["subgroup"].iloc[0] != "all" if len(part) else False
        row = {
            t("col_variable", lang): label,
            t("col_f", lang): round(test["estimate"].iloc[0], 2) if len(test) else None,
            t("col_p", lang): fmt_p(test["p_value"].iloc[0]) if len(test) else "",
            t("col_p_holm", lang): fmt_p(test["p_adjusted"].iloc[0]) if len(test) else "",
        }
        for (p, o), cell_label in cell_labels.items():
            value = part.loc[(part["prompt"] == p) & (part["option"] == o), "estimate"]
            v = value.iloc[0] if len(value) else float("nan")
            row[cell_label] = round(100 * v, 1) if share else round(v, 2)
        rows.append(row)
    return pd.DataFrame(rows)


def flow_table(
    flow: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
) -> pd.DataFrame:
    """Where respondents left: one row per question, one column per exit-offered prompt cell
    (counts), and a last row with those who completed."""
    left = flow[flow["outcome"] == "left"]
    prompts = list(dict.fromkeys(left["prompt"]))
    rows = []
    for i, issue in enumerate(dict.fromkeys(left["issue"]), start=1):
        label = (
            t("flow_left_any", lang) if issue == "all" else f"{i}. {issue_labels.get(issue, issue)}"
        )
        row = {t("col_position", lang): label}
        for p in prompts:
            row[prompt_labels[p]] = int(
                left.loc[(left["issue"] == issue) & (left["prompt"] == p), "n"].sum()
            )
        rows.append(row)
    done = flow[(flow["outcome"] == "completed") & (flow["option"] == "exit")]
    rows.append(
        {
            t("col_position", lang): t("flow_completed_row", lang),
            **{prompt_labels[p]: int(done.loc[done["prompt"] == p, "n"].sum()) for p in prompts},
        }
    )
    return pd.DataFrame(rows)
