"""The Subgroups page as slides: each prompt's effect within each level of a subgroup beside the
interaction (how much it differs from the reference level), with its one-sentence takeaway, its
table and the joint tests. No Streamlit here.

    subgroup_slides(dataset, full, lang="en", cells=SmallCells(), font_size=14)

Subgroup results are exploratory (many levels, issues and outcomes): the sentence says so,
reads a difference between groups from the interaction and its Holm-adjusted p only, and never
from "significant in one group and not in the other".
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n import t
from analysis.stats.select import effects_for_view, outcome_option
from analysis.study.dataset import Dataset
from dashboard.render.figures import signed
from dashboard.render.figures_stats import make_subgroup_figure
from dashboard.render.formatting import fmt_p
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells, effect_sizes, interaction_sizes
from dashboard.render.tables_stats import subgroup_table
from dashboard.render.takeaways import inline_label

ALPHA = 0.05  # a difference "can be told from none" when its Holm-adjusted p is below this


def subgroup_outcomes(dataset: Dataset) -> list[str]:
    """The outcomes this study has, in the page's order: leaving, 'no opinion', support."""
    keys = dataset.mapping.option_keys
    return [
        o
        for o in ("opt_out", "no_opinion", "support")
        if o == "support" or outcome_option(o, None, dataset.mapping) in keys
    ]


def subgroup_issues(dataset: Dataset, outcome: str) -> list[str]:
    """The issues of an outcome: 'all' first for leaving and 'no opinion', then each issue."""
    return ([] if outcome == "support" else ["all"]) + [i.key for i in dataset.mapping.issues]


def _points(x: float) -> str:
    return signed(100 * x)


def subgroup_sentence(
    interactions: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    level_labels: dict[str, str],
    outcome_label: str,
    issue_label: str,
    subgroup_label: str,
    cells: SmallCells,
) -> str:
    """One sentence: per prompt, the difference from the reference level with the smallest
    Holm-adjusted p (the only one when there are two levels), its CI and Holm p, and whether
    it can be told from no difference after the adjustment. Suppressed interactions are never
    quoted; flagged ones carry a caution. Starts by saying it is exploratory."""
    reference = next(iter(level_labels))
    quoted: list[tuple[str, pd.Series] | str] = []  # (prompt label, row), or a finished item
    for prompt, label in prompt_labels.items():
        part = interactions[(interactions["prompt"] == prompt) & interactions["estimate"].notna()]
        if part.empty:
            continue
        shown = part[part["n_min"] >= cells.suppress_below]
        if shown.empty:
            quoted.append(
                t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below)
            )
            continue
        row = shown.assign(size=shown["estimate"].abs()).sort_values(
            ["p_adjusted", "size"], ascending=[True, False]
        )
        quoted.append((label, row.iloc[0]))
    if not quoted:
        return t("takeaway_unavailable", lang)
    rows = [q for q in quoted if not isinstance(q, str)]
    # When no difference is clear, that is said once at the end rather than after every
    # prompt: on a slide the sentence is the title, and it must stay readable.
    none_clear = len(rows) > 1 and all(r["p_adjusted"] >= ALPHA for _, r in rows)
    items = []
    for q in quoted:
        if isinstance(q, str):
            items.append(q)
            continue
        label, row = q
        unclear = row["p_adjusted"] >= ALPHA and not none_clear
        item = t(
            "tk_sg_item_nonsig" if unclear else "tk_sg_item_sig",
            lang,
            prompt=label,
            level=level_labels.get(row["level"], row["level"]),
            reference=level_labels[reference],
            effect=_points(row["estimate"]),
            low=_points(row["ci_low"]),
            high=_points(row["ci_high"]),
            p_adj=fmt_p(row["p_adjusted"]),
        )
        if row["n_min"] < cells.flag_below:
            item += t("tk_few", lang, n=int(row["n_min"]), flag=cells.flag_below)
        items.append(item)
    sentence = t(
        "tk_sg_summary" if len(level_labels) <= 2 else "tk_sg_summary_many",
        lang,
        outcome=outcome_label,
        issue=issue_label,
        subgroup=inline_label(subgroup_label, lang),
        reference=level_labels[reference],
        items=t("tk_clause_sep", lang).join(items),
    )
    return sentence + (t("tk_sg_none_clear", lang) if none_clear else "")


def joint_lines(
    joint: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    cells: SmallCells,
) -> list[str]:
    """Per prompt, the joint test that its effect is the same in every level. Left out when a
    level is suppressed: with two levels the F is the square of the hidden interaction's t."""
    lines = []
    for prompt, label in prompt_labels.items():
        row = joint[joint["prompt"] == prompt]
        if row.empty or pd.isna(row["estimate"].iloc[0]):
            continue
        part = interactions[interactions["prompt"] == prompt]
        if (part["n_min"] < cells.suppress_below).any():
            lines.append(t("sg_joint_hidden", lang, prompt=label, n=cells.suppress_below))
            continue
        lines.append(
            t(
                "sg_joint",
                lang,
                prompt=label,
                f=f"{row['estimate'].iloc[0]:.2f}",
                p=fmt_p(row["p_value"].iloc[0]),
                p_adj=fmt_p(row["p_adjusted"].iloc[0]),
            )
        )
    return lines


def subgroup_slides(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    outcome: str | None = None,
    option: str | None = None,
    issue: str | None = None,
    subgroup: str | None = None,
) -> list[Slide]:
    """The Subgroups chart of one selection as a slide (none when the study has no subgroups
    or the selection no estimates). ``full`` is the dataset's full export
    (:func:`analysis.stats.report.all_estimates`). Left out, each selection is the page's
    default: the first outcome, its response option, 'all' issues (the first issue for
    support) and the first subgroup."""
    cells = cells or SmallCells()
    m = dataset.mapping
    if not m.subgroups:
        return []
    outcome = outcome or subgroup_outcomes(dataset)[0]
    option = outcome_option(outcome, option, m)
    issue = issue or subgroup_issues(dataset, outcome)[0]
    subgroup = subgroup or m.subgroups[0].key
    effects = effects_for_view(
        full, outcome=outcome, issue=issue, option=option, subgroup=subgroup, control=m.control
    )
    if effects.empty:
        return []
    level_labels = {k: lab.get(lang) for k, lab in dataset.prepared.levels(subgroup)}
    rows = full[
        (full["outcome"] == outcome)
        & (full["issue"] == issue)
        & (full["option"] == option)
        & (full["subgroup"] == subgroup)
    ]
    interactions = rows[rows["kind"] == "interaction"]
    reference = next(iter(level_labels))
    effects = effects.assign(n_min=effect_sizes(effects))
    interactions = interactions.assign(n_min=interaction_sizes(effects, interactions, reference))
    joint = rows[rows["kind"] == "joint_test"]
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys if k != m.control}
    control_label = m.prompt_label(m.control, lang)
    outcome_label = t(f"outcome_{outcome}", lang)
    subgroup_label = m.subgroup(subgroup).label.get(lang)
    issue_label = (
        t(f"issue_all_{outcome}", lang) if issue == "all" else m.issue(issue).label.get(lang)
    )
    figure = make_subgroup_figure(
        effects,
        interactions,
        lang=lang,
        prompt_labels=prompt_labels,
        level_labels=level_labels,
        control_label=control_label,
        title=t("sg_chart_title", lang, outcome=outcome_label, subgroup=subgroup_label),
        font_size=font_size,
        prompt_order=m.prompt_keys,
        **cells.kwargs(),
    )
    table = subgroup_table(
        effects,
        interactions,
        lang=lang,
        prompt_labels=prompt_labels,
        level_labels=level_labels,
        **cells.kwargs(),
    )
    sentence = subgroup_sentence(
        interactions,
        lang=lang,
        prompt_labels=prompt_labels,
        level_labels=level_labels,
        outcome_label=outcome_label,
        issue_label=issue_label,
        subgroup_label=subgroup_label,
        cells=cells,
    )
    details = (
        *joint_lines(joint, interactions, lang=lang, prompt_labels=prompt_labels, cells=cells),
        t(
            "sg_reading_marks",
            lang,
            reference=level_labels[reference],
            flag=cells.flag_below,
            suppress=cells.suppress_below,
        ),
        t("sg_exploratory", lang),
    )
    return [
        Slide(
            "subgroups_forest",
            t("sg_heading", lang, subgroup=subgroup_label),
            figure,
            sentence,
            table,
            details,
        )
    ]
