"""The "all headline results" report: the Overview's two charts, then each chart page's main
chart, in the order of the menu. No Streamlit.

Each section is a function ``(dataset, full, *, lang, cells, font_size) -> list[Slide]`` that
returns nothing when the study lacks what it needs (no exit option: no Exits chart; no
subgroups: no Subgroups chart; no covariates: no love plot). A page's builder in
``dashboard/render/<page>.py`` gives its charts with the page's default selections; the first
is its main chart.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pandas as pd

from analysis.io.mapping import Mapping
from analysis.stats.select import effects_for_view, outcome_option
from analysis.study.dataset import Dataset
from dashboard.render.balance import balance_headline
from dashboard.render.plan import plan_headline
from dashboard.render.slides import Slide, outcome_slides
from dashboard.render.smallcells import SmallCells
from dashboard.render.study_text import headline_outcome

Section = Callable[..., list[Slide]]


def overview_headline(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
) -> list[Slide]:
    """The Overview's rates and effects (leaving the survey, or 'no opinion' without an exit),
    the effects with their Holm and permutation p-values from the full export."""
    m = dataset.mapping
    # As the Overview page chooses them, from the same two functions.
    outcome = headline_outcome(m)
    option = outcome_option(outcome, None, m)
    if option not in m.option_keys:
        return []
    effects = effects_for_view(full, outcome=outcome, issue="all", option=option, control=m.control)
    return outcome_slides(
        dataset,
        lang=lang,
        outcome=outcome,
        option=option,
        cells=cells,
        font_size=font_size,
        effects=effects,
    )


def _page_section(module: str, builder: str, applies: Callable[[Mapping], bool]) -> Section:
    """The main chart of a page whose builder is ``dashboard.render.<module>.<builder>``."""
    build = getattr(importlib.import_module(f"dashboard.render.{module}"), builder)

    def section(
        dataset: Dataset,
        full: pd.DataFrame,
        *,
        lang: str,
        cells: SmallCells | None = None,
        font_size: int = 14,
    ) -> list[Slide]:
        if not applies(dataset.mapping):
            return []
        return list(build(dataset, full, lang=lang, cells=cells, font_size=font_size))[:1]

    return section


# (page, section) in the order of the menu.
HEADLINE_SECTIONS: list[tuple[str, Section]] = [
    ("overview", overview_headline),
    ("subgroups", _page_section("subgroups", "subgroup_slides", lambda m: bool(m.subgroups))),
    ("opinions", _page_section("opinions", "opinion_slides", lambda m: bool(m.issues))),
    ("exits", _page_section("exits", "exit_slides", lambda m: "exit" in m.option_keys)),
    ("balance", balance_headline),
    ("plan", plan_headline),
]


def headline_slides(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
) -> list[Slide]:
    """Every section's slides in page order (``full`` is the dataset's full export)."""
    return [
        slide
        for _page, section in HEADLINE_SECTIONS
        for slide in section(dataset, full, lang=lang, cells=cells, font_size=font_size)
    ]
