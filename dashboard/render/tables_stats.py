"""Display tables of the statistics pages: labelled, rounded, small cells flagged."""

from __future__ import annotations

from collections.abc import Mapping as MappingType

import pandas as pd

from analysis.i18n import t
from analysis.stats.kinds import Kind
from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW
from dashboard.render.formatting import fmt_ci, fmt_p, fmt_pp


def _flag(
    n: float, lang: str, flag_below: int = FLAG_BELOW, suppress_below: int = SUPPRESS_BELOW
) -> str:
    if n < suppress_below:
        return t("flag_suppressed", lang, n=suppress_below)
    if n < flag_below:
        return t("flag_small", lang, n=flag_below)
    return ""


def _round_pct(x: float, hide: bool) -> float | None:
    return None if hide or pd.isna(x) else round(100 * x, 1)


def subgroup_table(
    effects: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Per prompt and level: effect, CI, Holm p across levels; interaction, CI, Holm p.

    ``effects`` and ``interactions`` carry ``n_min``, the smallest group behind each estimate
    (see :mod:`dashboard.render.smallcells`): below ``suppress_below`` its numbers are left
    out, below ``flag_below`` the note says "small cell"."""
    inter = interactions.set_index(["prompt", "level"])
    reference = next(iter(level_labels), None)
    rows = []
    for r in effects.itertuples():
        hide = r.n_min < suppress_below
        i = inter.loc[(r.prompt, r.level)] if (r.prompt, r.level) in inter.index else None
        hide_i = i is not None and (i["n_min"] < suppress_below or pd.isna(i["estimate"]))
        if i is None:
            difference = t("sg_reference", lang) if r.level == reference else ""
        else:
            difference = "" if hide_i else fmt_pp(i["estimate"])
        notes = [_flag(r.n_min, lang, flag_below, suppress_below)]
        if i is not None and not hide:
            # The difference also rests on the reference level's groups, which may be smaller.
            if hide_i:
                notes.append(t("flag_difference_suppressed", lang, n=suppress_below))
            elif i["n_min"] < flag_below and r.n_min >= flag_below:
                notes.append(t("flag_small", lang, n=flag_below))
        rows.append(
            {
                t("col_prompt", lang): prompt_labels.get(r.prompt, r.prompt),
                t("col_level", lang): level_labels.get(r.level, r.level),
                t("col_n", lang): int(r.n),
                t("col_effect", lang): _round_pct(r.estimate, hide),
                t("col_ci", lang): "" if hide else fmt_ci(r.ci_low, r.ci_high, lang, points=True),
                t("col_p_holm", lang): "" if hide else fmt_p(r.p_adjusted),
                t("col_interaction", lang): difference,
                t("col_interaction_ci", lang): (
                    ""
                    if i is None or hide_i
                    else fmt_ci(i["ci_low"], i["ci_high"], lang, points=True)
                ),
                t("col_interaction_p", lang): (
                    "" if i is None or hide_i else fmt_p(i["p_adjusted"])
                ),
                t("col_flag", lang): "; ".join(n for n in notes if n),
            }
        )
    return pd.DataFrame(rows)


def distribution_table(
    dist: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    category_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Answer shares with Wilson CIs, one row per prompt and answer; the shares of a prompt
    with fewer than ``suppress_below`` counted are left out, below ``flag_below`` noted."""
    dist = dist[dist["category"].isin(list(category_labels))]
    hide = dist["n"] < suppress_below
    return pd.DataFrame(
        {
            t("col_prompt", lang): dist["prompt"].map(prompt_labels),
            t("col_answer", lang): dist["category"].map(category_labels),
            t("col_n", lang): dist["n"],
            t("col_share", lang): (100 * dist["estimate"]).round(1).mask(hide),
            t("col_ci", lang): [
                "" if h else fmt_ci(lo, hi, lang)
                for h, lo, hi in zip(hide, dist["ci_low"], dist["ci_high"], strict=True)
            ],
            t("col_flag", lang): [_flag(n, lang, flag_below, suppress_below) for n in dist["n"]],
        }
    )


def exit_table(
    curve: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
    control: str | None = None,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Cumulative share left by position and each prompt's difference from the control.

    A share is left out when its cell has fewer than ``suppress_below`` respondents, a
    difference when its prompt's or the ``control``'s cell has; the note says which."""
    rates = curve[curve["kind"] == Kind.RATE]
    effects = curve[curve["kind"] == Kind.EFFECT].set_index(["issue", "prompt"])
    sizes = rates.groupby("prompt")["n"].min()
    n_control = sizes.get(control, float("inf")) if control is not None else float("inf")
    rows = []
    positions = {k: i for i, k in enumerate(issue_labels, start=1)}
    for r in rates.itertuples():
        e = effects.loc[(r.issue, r.prompt)] if (r.issue, r.prompt) in effects.index else None
        hide = r.n < suppress_below
        n_effect = min(r.n, n_control)
        hide_e = e is None or n_effect < suppress_below
        rows.append(
            {
                t("col_position", lang): f"{positions[r.issue]}. {issue_labels[r.issue]}",
                t("col_prompt", lang): prompt_labels[r.prompt],
                t("col_n", lang): int(r.n),
                t("col_left_by", lang): _round_pct(r.estimate, hide),
                t("col_ci", lang): "" if hide else fmt_ci(r.ci_low, r.ci_high, lang),
                t("col_effect", lang): None if hide_e else round(100 * e["estimate"], 1),
                t("col_effect_ci", lang): ""
                if hide_e
                else fmt_ci(e["ci_low"], e["ci_high"], lang, points=True),
                t("col_flag", lang): _flag(
                    r.n if e is None else n_effect, lang, flag_below, suppress_below
                ),
            }
        )
    return pd.DataFrame(rows)


def _cell_note(n: int, lang: str, flag_below: int, suppress_below: int) -> str:
    """A column header's small-cell note (" — small cell (n < 100)"), or nothing."""
    if n < suppress_below:
        return " — " + t("flag_suppressed", lang, n=suppress_below)
    if n < flag_below:
        return " — " + t("flag_small", lang, n=flag_below)
    return ""


def balance_display(
    balance: pd.DataFrame,
    tests: pd.DataFrame,
    *,
    lang: str,
    cell_labels: MappingType[tuple[str, str], str],
    variable_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """One row per variable: the mean (or share, %) in each cell, the HC2 F test and Holm p.

    A cell with fewer than ``flag_below`` respondents is marked in its column header; a value
    resting on fewer than ``suppress_below`` is left blank."""
    shown = balance[balance["variable"].isin(list(variable_labels))]
    largest = shown.groupby(["prompt", "option"])["n"].max()
    headers = {
        cell: label + _cell_note(int(largest.get(cell, 0)), lang, flag_below, suppress_below)
        for cell, label in cell_labels.items()
    }
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
        for (p, o), header in headers.items():
            cell = part[(part["prompt"] == p) & (part["option"] == o)]
            v = cell["estimate"].iloc[0] if len(cell) else float("nan")
            if len(cell) and cell["n"].iloc[0] < suppress_below:
                v = float("nan")
            row[header] = round(100 * v, 1) if share else round(v, 2)
        rows.append(row)
    return pd.DataFrame(rows)


def flow_table(
    flow: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> pd.DataFrame:
    """Where respondents left: one row per question, one column per exit-offered prompt cell
    (counts), and a last row with those who completed. A cell with fewer than
    ``suppress_below`` respondents is not broken down; one under ``flag_below`` is marked."""
    left = flow[flow["outcome"] == "left"]
    prompts = list(dict.fromkeys(left["prompt"]))
    assigned = flow[(flow["outcome"] == "assigned") & (flow["option"] == "exit")]
    sizes = {p: int(assigned.loc[assigned["prompt"] == p, "n"].sum()) for p in prompts}
    headers = {
        p: prompt_labels[p] + _cell_note(sizes[p], lang, flag_below, suppress_below)
        for p in prompts
    }

    def count(rows: pd.DataFrame, p: str) -> int | None:
        return None if sizes[p] < suppress_below else int(rows.loc[rows["prompt"] == p, "n"].sum())

    rows = []
    for i, issue in enumerate(dict.fromkeys(left["issue"]), start=1):
        label = (
            t("flow_left_any", lang) if issue == "all" else f"{i}. {issue_labels.get(issue, issue)}"
        )
        row = {t("col_position", lang): label}
        for p in prompts:
            row[headers[p]] = count(left[left["issue"] == issue], p)
        rows.append(row)
    done = flow[(flow["outcome"] == "completed") & (flow["option"] == "exit")]
    rows.append(
        {
            t("col_position", lang): t("flow_completed_row", lang),
            **{headers[p]: count(done, p) for p in prompts},
        }
    )
    return pd.DataFrame(rows).astype({h: "Int64" for h in headers.values()})
