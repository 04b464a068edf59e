"""Everything one selection on a page shows, computed in one pure function so that a page can
cache it whole (``dashboard.caching.cached_call``): a selection seen before costs a dictionary
lookup, and the page's rerun only hands finished objects to Streamlit.

No Streamlit calls here. The results are shared by sessions and never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis.data import Dataset
from analysis.select import select_rows
from dashboard.i18n import t
from dashboard.panels import screen_figure
from dashboard.slides import Slide, view_slides
from dashboard.smallcells import SmallCells
from dashboard.stats_views import effects_for_view
from dashboard.takeaways import effect_sentence


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


def export_cells(data: Dataset, full: pd.DataFrame) -> dict[tuple, pd.DataFrame]:
    """The dataset's full export split by outcome, issue, option and subgroup, once per dataset
    (``cached_call``): a view then starts from its few dozen rows instead of filtering all
    ~13,000 rows with string comparisons (~10 ms a view)."""
    return {key: part.reset_index(drop=True)
            for key, part in full.groupby(CELL, sort=False, observed=True, dropna=False)}


def explore_view(data: Dataset, cells_of_export: dict[tuple, pd.DataFrame], *, lang: str,
                 outcome: str, option: str, issue: str, subgroup: str, prompts: list[str],
                 method: str, cells: SmallCells, font_size: int) -> View:
    """The Explore page's selection; ``cells_of_export`` is :func:`export_cells` of the data."""
    m = data.mapping
    rates = select_rows(data.grid, kind="rate", outcome=outcome, issue=issue, option=option,
                        subgroup=subgroup, prompts=prompts)
    full = cells_of_export.get((outcome, issue, option, subgroup))
    if full is None:  # nothing estimated for this cell: the empty export, same columns
        full = next(iter(cells_of_export.values())).iloc[:0]
    effects = effects_for_view(full, outcome=outcome, issue=issue, option=option,
                               subgroup=subgroup, prompts=prompts, control=m.control,
                               method=method)
    if rates.empty:
        return View(rates, effects, [], [], [])
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys if k in prompts}
    level_labels = ({"all": t("level_all", lang)} if subgroup == "all"
                    else {k: lab.get(lang) for k, lab in data.prepared.levels(subgroup)})
    outcome_label = t(f"outcome_{outcome}", lang)
    issue_label = (t(f"issue_all_{outcome}", lang) if issue == "all"
                   else m.issue(issue).label.get(lang))
    slides = view_slides(
        rates, effects, lang=lang, prompt_labels=prompt_labels, control=m.control,
        level_labels=level_labels, outcome_label=outcome_label, issue_label=issue_label,
        subgroup_label=None if subgroup == "all" else m.subgroup(subgroup).label.get(lang),
        cells=cells, font_size=font_size, prefix="explore")
    sentences = []
    if subgroup == "all":
        control_label = m.prompt_label(m.control, lang)
        sentences = [effect_sentence(row, lang=lang, prompt_label=prompt_labels[row["prompt"]],
                                     control_label=control_label, outcome_label=outcome_label,
                                     issue_label=issue_label, **cells.kwargs())
                     for _idx, row in effects.iterrows()]
    screens = [screen_figure(slide, lang=lang, dataset=data) for slide in slides]
    return View(rates, effects, slides, screens, sentences)
