"""The Balance & sample page as slides: where respondents went (Sankey) and how alike the cells
are on their characteristics (standardised differences, the "love" plot). No Streamlit.

The session's small-cell thresholds (``SmallCells``) apply to every n shown: a cell with fewer
than ``flag_below`` respondents is marked, one with fewer than ``suppress_below`` is not broken
down, in the figure, the table and the sentence alike.
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n import t
from analysis.stats.balance import balance_view
from analysis.study.dataset import Dataset
from dashboard.render.figures_stats import make_flow_figure, make_love_figure
from dashboard.render.formatting import fmt_p
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells
from dashboard.render.tables_stats import balance_display, flow_table
from dashboard.render.takeaways import inline_label

COVARIATES = "covariates"  # the group of the adjustment covariates (the others are subgroups)
THRESHOLD = 0.1  # |d| above which a standardised difference "deserves a look"


def _flag(n: int, lang: str, cells: SmallCells) -> str:
    if n < cells.suppress_below:
        return t("flag_suppressed", lang, n=cells.suppress_below)
    if n < cells.flag_below:
        return t("flag_small", lang, n=cells.flag_below)
    return ""


def _labels(dataset: Dataset, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    m = dataset.mapping
    return (
        {k: m.prompt_label(k, lang) for k in m.prompt_keys},
        {k: m.option_label(k, lang) for k in m.option_keys},
    )


def flow_cells(flow: pd.DataFrame) -> pd.DataFrame:
    """One row per prompt x option cell: ``assigned``, ``left`` (NaN where no exit was offered)
    and ``completed`` counts, from the export's ``flow`` rows."""
    counts = flow.pivot_table(
        index=["prompt", "option"], columns="outcome", values="n", aggfunc="sum", sort=False
    )
    out = pd.DataFrame(
        {
            "assigned": counts["assigned"],
            "left": counts["left"] if "left" in counts else float("nan"),
            "completed": counts["completed"],
        }
    ).reset_index()
    order = flow.drop_duplicates(["prompt", "option"])[["prompt", "option"]]
    return order.merge(out, on=["prompt", "option"], how="left").reset_index(drop=True)


def flow_sentence(
    per_cell: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    cells: SmallCells,
) -> str:
    """What the flow chart shows: who was assigned, and of those offered the exit how many left
    under each prompt (counts, not effects: the effects and their CIs are on the Overview)."""
    total = int(per_cell["assigned"].sum())
    sentence = t("bal_flow_takeaway", lang, total=f"{total:,}", cells=len(per_cell))
    offered = per_cell[per_cell["left"].notna()]
    if offered.empty:
        return sentence + t("bal_flow_takeaway_no_exit", lang)
    shown = offered[offered["assigned"] >= cells.suppress_below]
    items = []
    for row in offered.itertuples():
        label = prompt_labels.get(row.prompt, row.prompt)
        n = int(row.assigned)
        if n < cells.suppress_below:
            items.append(t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below))
            continue
        item = t("bal_flow_item", lang, left=f"{int(row.left):,}", n=f"{n:,}", prompt=label)
        if n < cells.flag_below:
            item += t("bal_flow_item_small", lang, flag=cells.flag_below)
        items.append(item)
    listed = t("tk_clause_sep", lang).join(items)
    if shown.empty:
        sentence += t("bal_flow_takeaway_exit_hidden", lang, items=listed)
    else:
        n_offered, n_left = int(shown["assigned"].sum()), int(shown["left"].sum())
        sentence += t(
            "bal_flow_takeaway_exit",
            lang,
            offered=f"{n_offered:,}",
            left=f"{n_left:,}",
            share=f"{100 * n_left / n_offered:.1f}%",
            items=listed,
        )
    if len(shown) < len(offered):
        sentence += t("bal_flow_takeaway_partial", lang, suppress=cells.suppress_below)
    return sentence


def flow_slide_table(
    per_cell: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    option_labels: dict[str, str],
    cells: SmallCells,
) -> pd.DataFrame:
    """The Sankey as a table: each cell's n, how many left and completed, and a note."""
    hide = per_cell["assigned"] < cells.suppress_below
    return pd.DataFrame(
        {
            t("col_prompt", lang): per_cell["prompt"].map(prompt_labels),
            t("col_option", lang): per_cell["option"].map(option_labels),
            t("col_n", lang): per_cell["assigned"].astype(int),
            t("col_left", lang): per_cell["left"].mask(hide).astype("Int64"),
            t("col_completed", lang): per_cell["completed"].mask(hide).astype("Int64"),
            t("col_flag", lang): [_flag(int(n), lang, cells) for n in per_cell["assigned"]],
        }
    )


def flow_slide(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
) -> Slide | None:
    """Assigned -> left / completed per prompt x option cell, as a Sankey (None without rows)."""
    cells = cells or SmallCells()
    flow = full[full["kind"] == "flow"]
    if flow.empty:
        return None
    prompt_labels, option_labels = _labels(dataset, lang)
    per_cell = flow_cells(flow)
    figure = make_flow_figure(
        flow,
        lang=lang,
        prompt_labels=prompt_labels,
        option_labels=option_labels,
        # Nobody could leave when the study offered no exit: the title says what is drawn.
        title=t(
            "bal_flow_title" if "exit" in dataset.mapping.option_keys else "bal_flow_title_no_exit",
            lang,
        ),
        font_size=font_size,
        **cells.kwargs(),
    )
    return Slide(
        "bal_flow",
        t("bal_flow_heading", lang),
        figure,
        flow_sentence(per_cell, lang=lang, prompt_labels=prompt_labels, cells=cells),
        flow_slide_table(
            per_cell,
            lang=lang,
            prompt_labels=prompt_labels,
            option_labels=option_labels,
            cells=cells,
        ),
    )


def where_left_table(
    dataset: Dataset, full: pd.DataFrame, *, lang: str, cells: SmallCells | None = None
) -> pd.DataFrame | None:
    """Where those offered the exit left, one row per question (None when nobody could)."""
    flow = full[full["kind"] == "flow"]
    if not (flow["outcome"] == "left").any():
        return None
    m = dataset.mapping
    prompt_labels, _ = _labels(dataset, lang)
    return flow_table(
        flow,
        lang=lang,
        prompt_labels=prompt_labels,
        issue_labels={i.key: i.label.get(lang) for i in m.issues},
        **(cells or SmallCells()).kwargs(),
    )


def balance_groups(dataset: Dataset) -> list[str]:
    """What the balance table and love plot can compare: the adjustment covariates (when the
    mapping names any), then each subgroup's levels."""
    m = dataset.mapping
    return ([COVARIATES] if m.covariates else []) + [s.key for s in m.subgroups]


def group_labels(dataset: Dataset, lang: str) -> dict[str, str]:
    """The label of each of :func:`balance_groups`."""
    m = dataset.mapping
    return {
        COVARIATES: t("bal_covariates", lang),
        **{s.key: s.label.get(lang) for s in m.subgroups},
    }


def variable_labels(dataset: Dataset, group: str, lang: str) -> dict[str, str]:
    """The rows of one group: each covariate, or each level of a subgroup (``subgroup:level``)."""
    m = dataset.mapping
    if group == COVARIATES:
        # Its name from [adjustment.labels] or the subgroup of the same column, and the column.
        named = {c: m.covariate_label(c, lang) for c in m.covariates}
        return {c: f"{named[c]} ({c})" if named[c] != c else c for c in m.covariates}
    sub = m.subgroup(group).label.get(lang)
    return {
        f"{group}:{lv}": f"{sub}: {lab.get(lang)} (%)"
        for key, levels in dataset.prepared.subgroup_levels
        if key == group
        for lv, lab in levels
    }


def _cell_labels(dataset: Dataset, lang: str) -> dict[tuple[str, str], str]:
    m = dataset.mapping
    prompt_labels, option_labels = _labels(dataset, lang)
    return {
        (p, o): f"{prompt_labels[p]} · {option_labels[o]}"
        for o in m.option_keys
        for p in m.prompt_keys
    }


def std_diffs(views: dict[str, pd.DataFrame], control: str) -> pd.DataFrame:
    """The standardised differences with ``n_min``, the smaller of the two cells compared
    (the cell and the control cell with the same response option) for that variable."""
    diffs = views["std_diff"]
    sizes = views["balance"].set_index(["variable", "prompt", "option"])["n"]
    n_cell = [
        sizes.get((v, p, o), 0)
        for v, p, o in zip(diffs["variable"], diffs["prompt"], diffs["option"], strict=True)
    ]
    n_control = [
        sizes.get((v, control, o), 0)
        for v, o in zip(diffs["variable"], diffs["option"], strict=True)
    ]
    return diffs.assign(
        n_min=[int(min(a, b)) for a, b in zip(n_cell, n_control, strict=True)]
    ).reset_index(drop=True)


def love_sentence(
    diffs: pd.DataFrame,
    *,
    lang: str,
    control_label: str,
    variable_labels: dict[str, str],
    cell_labels: dict[tuple[str, str], str],
    cells: SmallCells,
) -> str:
    """How many standardised differences exceed 0.1 in size, and the largest; never "balanced"
    or "imbalanced" as a verdict (by chance some differences exceed 0.1)."""
    hidden = diffs["n_min"] < cells.suppress_below
    shown = diffs[~hidden & diffs["estimate"].notna()]
    if shown.empty:
        text = t("bal_love_takeaway_empty", lang)
    else:
        big = shown[shown["estimate"].abs() > THRESHOLD]
        if big.empty:
            text = t("bal_love_takeaway_none", lang, k=len(shown), control=control_label)
        else:
            top = big.loc[big["estimate"].abs().idxmax()]
            text = t(
                "bal_love_takeaway_some",
                lang,
                big=len(big),
                k=len(shown),
                control=control_label,
                d=f"{top['estimate']:+.3f}",
                variable=variable_labels.get(top["variable"], top["variable"]),
                cell=cell_labels.get((top["prompt"], top["option"]), top["prompt"]),
            )
    small = int((~hidden & (diffs["n_min"] < cells.flag_below)).sum())
    if small:
        text += t("bal_love_takeaway_small", lang, f=small, flag=cells.flag_below)
    if hidden.any():
        text += t(
            "bal_love_takeaway_hidden", lang, s=int(hidden.sum()), suppress=cells.suppress_below
        )
    return text


def love_table(
    diffs: pd.DataFrame,
    *,
    lang: str,
    variable_labels: dict[str, str],
    cell_labels: dict[tuple[str, str], str],
    cells: SmallCells,
) -> pd.DataFrame:
    """The love plot as a table: one row per characteristic and cell, d, the smaller n."""
    rows = []
    for variable, label in variable_labels.items():
        for r in diffs[diffs["variable"] == variable].itertuples():
            hide = r.n_min < cells.suppress_below
            rows.append(
                {
                    t("col_variable", lang): label,
                    t("col_cell", lang): cell_labels.get((r.prompt, r.option), r.prompt),
                    t("col_std_diff", lang): None
                    if hide or pd.isna(r.estimate)
                    else round(r.estimate, 3),
                    t("col_n", lang): int(r.n_min),
                    t("col_flag", lang): _flag(int(r.n_min), lang, cells),
                }
            )
    return pd.DataFrame(rows)


def omnibus_lines(views: dict[str, pd.DataFrame], dataset: Dataset, *, lang: str) -> list[str]:
    """One line per joint test of all covariates (does anything predict assignment?)."""
    m = dataset.mapping
    prompt_labels, _ = _labels(dataset, lang)
    lines = []
    for r in views["balance_omnibus"].itertuples():
        what = (
            t("bal_omnibus_option", lang)
            if r.prompt == "all"
            else t(
                "bal_omnibus_prompt",
                lang,
                prompt=prompt_labels[r.prompt],
                control=prompt_labels[m.control],
            )
        )
        lines.append(
            t(
                "bal_omnibus",
                lang,
                what=what,
                f=f"{r.estimate:.2f}",
                p=fmt_p(r.p_value),
                n=f"{r.n:,}",
            )
        )
    return lines


def love_slide(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    group: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    views: dict[str, pd.DataFrame] | None = None,
) -> Slide | None:
    """Standardised differences from the control cell for one group (None when it has none)."""
    cells = cells or SmallCells()
    if group not in balance_groups(dataset):
        return None
    m = dataset.mapping
    views = views or balance_view(full)
    labels = variable_labels(dataset, group, lang)
    diffs = std_diffs(views, m.control)
    diffs = diffs[diffs["variable"].isin(list(labels))]
    if diffs.empty:
        return None
    prompt_labels, option_labels = _labels(dataset, lang)
    cell_labels = _cell_labels(dataset, lang)
    control_label = inline_label(prompt_labels[m.control], lang)
    figure = make_love_figure(
        diffs,
        lang=lang,
        prompt_labels=prompt_labels,
        option_labels=option_labels,
        variable_labels=labels,
        # Named after this study's control prompt (not "no prompt", the embedded study's), as
        # it reads inside a sentence.
        title=t("bal_love_title_control", lang, control=control_label),
        font_size=font_size,
        control_label=control_label,
        **cells.kwargs(),
    )
    return Slide(
        f"bal_love_{group}",
        t("bal_table_heading", lang),
        figure,
        love_sentence(
            diffs,
            lang=lang,
            control_label=control_label,
            variable_labels=labels,
            cell_labels=cell_labels,
            cells=cells,
        ),
        love_table(diffs, lang=lang, variable_labels=labels, cell_labels=cell_labels, cells=cells),
        details=tuple(omnibus_lines(views, dataset, lang=lang)) if group == COVARIATES else (),
    )


def balance_table(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    group: str,
    cells: SmallCells | None = None,
    views: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Means (or shares) of one group's characteristics in each cell, with the HC2 F tests."""
    views = views or balance_view(full)
    return balance_display(
        views["balance"],
        views["balance_test"],
        lang=lang,
        cell_labels=_cell_labels(dataset, lang),
        variable_labels=variable_labels(dataset, group, lang),
        **(cells or SmallCells()).kwargs(),
    )


def balance_table_note(dataset: Dataset, lang: str) -> str:
    """The note under the balance table, with this study's number of cells."""
    m = dataset.mapping
    return t("bal_table_note_cells", lang, cells=len(m.prompt_keys) * len(m.option_keys))


def balance_slides(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    bal_group: str | None = None,
) -> list[Slide]:
    """The page's charts: the flow, then the love plot of ``bal_group`` (the first group when
    None; none when the mapping names no covariates or subgroups)."""
    groups = balance_groups(dataset)
    group = bal_group if bal_group in groups else (groups[0] if groups else None)
    slides = [flow_slide(dataset, full, lang=lang, cells=cells, font_size=font_size)]
    if group is not None:
        slides.append(
            love_slide(dataset, full, lang=lang, group=group, cells=cells, font_size=font_size)
        )
    return [s for s in slides if s is not None]


def balance_headline(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
) -> list[Slide]:
    """The page's main chart for the headline report: the love plot of the adjustment
    covariates (nothing when the mapping names none)."""
    if not dataset.mapping.covariates:
        return []
    slide = love_slide(dataset, full, lang=lang, group=COVARIATES, cells=cells, font_size=font_size)
    return [] if slide is None else [slide]
