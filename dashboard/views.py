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


def explore_view(data: Dataset, full: pd.DataFrame, *, lang: str, outcome: str, option: str,
                 issue: str, subgroup: str, prompts: list[str], method: str, cells: SmallCells,
                 font_size: int) -> View:
    """The Explore page's selection: ``full`` is the dataset's full export."""
    m = data.mapping
    rates = select_rows(data.grid, kind="rate", outcome=outcome, issue=issue, option=option,
                        subgroup=subgroup, prompts=prompts)
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
