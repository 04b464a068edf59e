"""A chart with its takeaway and its table: the unit that pages show, present and export.

``outcome_slides`` builds the rates and effects of one outcome straight from a dataset (the
Overview's charts, which ``dashboard.render.headline`` puts first in the "all headline results"
report). No Streamlit calls here, so it can be tested and run anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import t
from analysis.stats.kinds import Kind, Outcome
from analysis.stats.select import effects_with_baseline, select_rows
from analysis.study.dataset import Dataset
from dashboard.render.figures import make_effect_figure, make_rate_figure
from dashboard.render.smallcells import SmallCells
from dashboard.render.tables import effect_table, rate_table
from dashboard.render.takeaways import effects_summary, rates_sentence

RATES_SUFFIX = "_rates"  # the key's ending of a view's rate bars (``view_slides``)


@dataclass(frozen=True)
class Slide:
    """One chart, its one-sentence takeaway and the table behind it (its accessible twin).

    ``key`` is stable and language-independent: widget keys and file names derive from it.
    """

    key: str
    heading: str
    figure: go.Figure
    takeaway: str
    table: pd.DataFrame
    # Lines shown under the takeaway (p-value notes, the method, caveats): on screen, in the
    # reports and in a deck's speaker notes.
    details: tuple[str, ...] = ()


def _labels(dataset: Dataset, lang: str) -> tuple[dict[str, str], str]:
    m = dataset.mapping
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys}
    return prompt_labels, prompt_labels[m.control]


def view_slides(
    rates: pd.DataFrame,
    effects: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    control: str,
    level_labels: dict[str, str],
    outcome_label: str,
    issue_label: str,
    subgroup_label: str | None = None,
    cells: SmallCells | None = None,
    font_size: int = 14,
    prefix: str = "view",
    prompt_order: Sequence[str] | None = None,
) -> list[Slide]:
    """The rates slide and (when there are effects) the effects slide of one selection.

    ``prompt_labels`` are the prompts shown, control included; ``control`` is its key;
    ``prompt_order`` all the study's prompts (a prompt keeps its colour, symbol and pattern
    when others are not shown).
    """
    cells = cells or SmallCells()
    control_label = prompt_labels.get(control, control)
    treated = {k: v for k, v in prompt_labels.items() if k != control}
    slides = [
        Slide(
            f"{prefix}{RATES_SUFFIX}",
            t("rates_heading", lang),
            make_rate_figure(
                rates,
                lang=lang,
                prompt_labels=prompt_labels,
                level_labels=level_labels,
                title=t("chart_rates_title", lang, outcome=outcome_label),
                font_size=font_size,
                prompt_order=prompt_order,
                **cells.kwargs(),
            ),
            rates_sentence(
                rates,
                lang=lang,
                prompt_labels=prompt_labels,
                outcome_label=outcome_label,
                issue_label=issue_label,
                subgroup_label=subgroup_label,
                suppress_below=cells.suppress_below,
            ),
            rate_table(
                rates,
                lang=lang,
                prompt_labels=prompt_labels,
                level_labels=level_labels,
                **cells.kwargs(),
            ),
        )
    ]
    if not effects.empty:
        slides.append(
            Slide(
                f"{prefix}_effects",
                t("effects_heading", lang),
                make_effect_figure(
                    effects,
                    lang=lang,
                    prompt_labels=treated,
                    control_label=control_label,
                    level_labels=level_labels,
                    title=t("chart_effects_title", lang, control=control_label),
                    font_size=font_size,
                    prompt_order=prompt_order,
                    **cells.kwargs(),
                ),
                effects_summary(
                    effects,
                    lang=lang,
                    prompt_labels=treated,
                    control_label=control_label,
                    outcome_label=outcome_label,
                    issue_label=issue_label,
                    subgroup_label=subgroup_label,
                    suppress_below=cells.suppress_below,
                ),
                effect_table(
                    effects,
                    lang=lang,
                    prompt_labels=prompt_labels,
                    level_labels=level_labels,
                    **cells.kwargs(),
                ),
            )
        )
    marks = (_rates_marks(rates, lang, cells), _effects_marks(effects, lang, cells))
    return [replace(s, details=(*s.details, *m)) for s, m in zip(slides, marks, strict=False)]


def _rates_marks(rates: pd.DataFrame, lang: str, cells: SmallCells) -> tuple[str, ...]:
    """How the rate bars mark prompts and small cells, when a reader needs telling: the bars
    are grouped (each prompt has its pattern) or some are hatched."""
    grouped = bool((rates["level"] != "all").any())
    flagged = bool((rates["n"] < cells.flag_below).any())
    if not (grouped or flagged):
        return ()
    return (t("rates_marks_note", lang, flag=cells.flag_below, suppress=cells.suppress_below),)


def _effects_marks(effects: pd.DataFrame, lang: str, cells: SmallCells) -> tuple[str, ...]:
    """How the effect dots mark prompts and small cells, when a reader needs telling: several
    prompts share a row (each has its symbol) or some marker is hollow."""
    if effects.empty:
        return ()
    several = bool((effects["level"] != effects["level"].iloc[0]).any())
    flagged = bool((effects["n_treated"].fillna(0) < cells.flag_below).any())
    if not (several or flagged):
        return ()
    return (t("effects_marks_note", lang, flag=cells.flag_below, suppress=cells.suppress_below),)


def outcome_slides(
    dataset: Dataset,
    *,
    lang: str,
    outcome: str,
    option: str,
    issue: str = "all",
    cells: SmallCells | None = None,
    font_size: int = 14,
    prefix: str = "headline",
    effects: pd.DataFrame | None = None,
) -> list[Slide]:
    """Rates and effects of one outcome over everyone, as two slides.

    ``effects`` (from ``effects_for_view``) replaces the unadjusted effects, e.g. when the reader
    chose covariate-adjusted or weighted estimates."""
    m = dataset.mapping
    prompt_labels, _control_label = _labels(dataset, lang)
    rates = select_rows(dataset.grid, kind=Kind.RATE, outcome=outcome, issue=issue, option=option)
    if effects is None:
        effects = effects_with_baseline(
            dataset.grid, outcome=outcome, issue=issue, option=option, control=m.control
        )
    return view_slides(
        rates,
        effects,
        lang=lang,
        prompt_labels=prompt_labels,
        control=m.control,
        level_labels={"all": t("level_all", lang)},
        outcome_label=t(f"outcome_{outcome}", lang),
        issue_label=(
            t(f"issue_all_{outcome}", lang) if issue == "all" else m.issue(issue).label.get(lang)
        ),
        cells=cells,
        font_size=font_size,
        prefix=f"{prefix}_{outcome}",
        prompt_order=m.prompt_keys,
    )


def no_opinion_by_issue_slide(
    dataset: Dataset, *, lang: str, cells: SmallCells | None = None, font_size: int = 14
) -> Slide | None:
    """Each prompt's effect on answering 'no opinion', one row per issue."""
    cells = cells or SmallCells()
    m = dataset.mapping
    if "no_opinion" not in m.option_keys:
        return None
    prompt_labels, control_label = _labels(dataset, lang)
    treated = {k: v for k, v in prompt_labels.items() if k != m.control}
    parts = [
        effects_with_baseline(
            dataset.grid,
            outcome=Outcome.NO_OPINION,
            issue=i.key,
            option="no_opinion",
            control=m.control,
        ).assign(level=i.key)
        for i in m.issues
    ]
    effects = pd.concat(parts, ignore_index=True)
    issue_labels = {i.key: i.label.get(lang) for i in m.issues}
    fig = make_effect_figure(
        effects,
        lang=lang,
        prompt_labels=treated,
        control_label=control_label,
        level_labels=issue_labels,
        title=t("axis_issue_effect_title", lang),
        font_size=font_size,
        prompt_order=m.prompt_keys,
        **cells.kwargs(),
    )
    table = effect_table(
        effects, lang=lang, prompt_labels=prompt_labels, level_labels=issue_labels, **cells.kwargs()
    )
    table = table.rename(columns={t("col_level", lang): t("col_issue", lang)})
    return Slide(
        "headline_no_opinion_by_issue",
        t("report_no_opinion_by_issue", lang),
        fig,
        t("report_no_opinion_by_issue_takeaway_n", lang, control=control_label, n=len(m.issues)),
        table,
        details=_effects_marks(effects, lang, cells),
    )


def outcome_headline_slides(
    dataset: Dataset, *, lang: str, cells: SmallCells | None = None, font_size: int = 14
) -> list[Slide]:
    """Leaving the survey, and answering 'no opinion' (overall and by issue), each as rates and
    effects against control, from the dataset's grid alone. (The "all headline results" report
    is ``dashboard.render.headline.headline_slides``.)"""
    m = dataset.mapping
    slides: list[Slide] = []
    for outcome, option in ((Outcome.OPT_OUT, "exit"), (Outcome.NO_OPINION, "no_opinion")):
        if option in m.option_keys:
            slides += outcome_slides(
                dataset, lang=lang, outcome=outcome, option=option, cells=cells, font_size=font_size
            )
    if "no_opinion" in m.option_keys:
        by_issue = no_opinion_by_issue_slide(dataset, lang=lang, cells=cells, font_size=font_size)
        if by_issue is not None:
            slides.append(by_issue)
    return slides
