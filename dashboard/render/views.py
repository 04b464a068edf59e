"""Everything one selection on a page shows, computed in one pure function so that a page can
cache it whole (``dashboard.server.caching.cached_call``): a selection seen before costs a
dictionary lookup, and the page's rerun only hands finished objects to Streamlit.

No Streamlit calls here. The results are shared by sessions and never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import t
from analysis.stats.kinds import Kind, Method, Outcome
from analysis.stats.select import effects_for_view, outcome_option, select_rows
from analysis.study.dataset import Dataset
from dashboard.render.exports import screen_figure
from dashboard.render.slides import Slide, outcome_slides, view_slides
from dashboard.render.smallcells import SmallCells
from dashboard.render.study_text import headline_outcome
from dashboard.render.takeaways import effect_sentence


@dataclass(frozen=True)
class View:
    """Rates, effects, their slides, the slides' figures as shown on screen, and one sentence
    per effect (for the bullet list above the charts)."""

    rates: pd.DataFrame
    effects: pd.DataFrame
    slides: list[Slide]
    screens: list[go.Figure]
    sentences: list[str]


CELL = ["outcome", "issue", "option", "subgroup"]


class ExportCells:
    """The dataset's full export by cell (outcome, issue, option, subgroup): a view starts from
    its few dozen rows instead of filtering all ~14,000 rows with string comparisons (~10 ms a
    view). Only the row numbers of each cell are found up front (~10 ms); a cell's rows are
    taken the first time a view asks for them and kept. Splitting the whole export at once took
    0.1-0.2 s on a fresh server's first page, for ~430 cells of which a page shows one."""

    def __init__(self, full: pd.DataFrame) -> None:
        self._full = full
        self._rows = full.groupby(CELL, sort=False, observed=True, dropna=False).indices
        self._parts: dict[tuple, pd.DataFrame] = {}

    def get(self, key: tuple) -> pd.DataFrame:
        """The cell's rows (the empty export, same columns, when nothing was estimated)."""
        part = self._parts.get(key)
        if part is None:
            rows = self._rows.get(key)
            part = (
                self._full.iloc[:0]
                if rows is None
                else self._full.take(rows).reset_index(drop=True)
            )
            # Shared by sessions: two first visits at once take the same rows; keep one.
            part = self._parts.setdefault(key, part)
        return part


def export_cells(data: Dataset, full: pd.DataFrame, stages_done: int = 0) -> ExportCells:
    """:class:`ExportCells` of the dataset's export, once per dataset and number of stages
    done (``cached_call``).

    ``data`` and ``stages_done`` are unused here: ``cached_call`` keys the result on them, so a
    partial export is split again when more of it is done."""
    return ExportCells(full)


def explore_view(
    data: Dataset,
    cells_of_export: ExportCells,
    *,
    lang: str,
    outcome: str,
    option: str,
    issue: str,
    subgroup: str,
    prompts: list[str],
    method: str,
    cells: SmallCells,
    font_size: int,
) -> View:
    """The Explore page's selection; ``cells_of_export`` is :func:`export_cells` of the data."""
    m = data.mapping
    full = cells_of_export.get((outcome, issue, option, subgroup))
    # "Weighted" draws weighted rates (from the export) beside the weighted effects.
    weighted = method == Method.WLS_HC2
    rates = select_rows(
        full if weighted else data.grid,
        kind=Kind.RATE,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        prompts=prompts,
        method=Method.WEIGHTED if weighted else Method.WILSON,
    )
    effects = effects_for_view(
        full,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        prompts=prompts,
        control=m.control,
        method=method,
    )
    if rates.empty:
        return View(rates, effects, [], [], [])
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys if k in prompts}
    level_labels = (
        {"all": t("level_all", lang)}
        if subgroup == "all"
        else {k: lab.get(lang) for k, lab in data.prepared.levels(subgroup)}
    )
    outcome_label = t(f"outcome_{outcome}", lang)
    issue_label = (
        t(f"issue_all_{outcome}", lang) if issue == "all" else m.issue(issue).label.get(lang)
    )
    slides = view_slides(
        rates,
        effects,
        lang=lang,
        prompt_labels=prompt_labels,
        control=m.control,
        level_labels=level_labels,
        outcome_label=outcome_label,
        issue_label=issue_label,
        subgroup_label=None if subgroup == "all" else m.subgroup(subgroup).label.get(lang),
        cells=cells,
        font_size=font_size,
        prefix="explore",
        prompt_order=m.prompt_keys,
    )
    sentences = []
    if subgroup == "all":
        control_label = m.prompt_label(m.control, lang)
        sentences = [
            effect_sentence(
                row,
                lang=lang,
                prompt_label=prompt_labels[row["prompt"]],
                control_label=control_label,
                outcome_label=outcome_label,
                issue_label=issue_label,
                **cells.kwargs(),
            )
            for _idx, row in effects.iterrows()
        ]
    screens = [screen_figure(slide, lang=lang, dataset=data) for slide in slides]
    return View(rates, effects, slides, screens, sentences)


def overview_view(
    data: Dataset,
    effects: pd.DataFrame,
    *,
    lang: str,
    method: str,
    cells: SmallCells,
    font_size: int,
    effect_details: tuple[str, ...] = (),
) -> View:
    """The Overview: the headline outcome's rates and effects over everyone, one sentence per
    effect. ``effects`` are the view's effects for ``method`` (they follow from the data and
    the method, so ``cached_call`` may key on those). Every viewer of the same link gets the
    same objects: built once, not once per session (the seminar rush)."""
    m = data.mapping
    outcome = headline_outcome(m)
    option = outcome_option(outcome, None, m)
    slides = outcome_slides(
        data,
        lang=lang,
        outcome=outcome,
        option=option,
        cells=cells,
        font_size=font_size,
        prefix="overview",
        effects=effects,
    )
    if len(slides) > 1 and effect_details:
        slides[1] = replace(slides[1], details=(*effect_details, *slides[1].details))
    rates = select_rows(data.grid, kind=Kind.RATE, outcome=outcome, issue="all", option=option)
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys}
    sentences = [
        effect_sentence(
            row,
            lang=lang,
            prompt_label=prompt_labels[row["prompt"]],
            control_label=prompt_labels[m.control],
            outcome_label=t(f"outcome_{outcome}", lang),
            issue_label=t(f"issue_all_{outcome}", lang),
            headline=outcome == Outcome.OPT_OUT,
            **cells.kwargs(),
        )
        for _index, row in effects.iterrows()
    ]
    screens = [screen_figure(slide, lang=lang, dataset=data) for slide in slides]
    return View(rates, effects, slides, screens, sentences)
