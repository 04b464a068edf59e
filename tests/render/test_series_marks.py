"""Series told apart by more than colour (WCAG 1.4.1): in every chart of every page where
several prompts or cells share a plot, no two series have the same line dash, marker symbol or
bar pattern, and the marks of small cells (a hollow marker, "/" hatching) are never a series'
own. Checked on the figures the pages' slide builders make, for the embedded study and for the
second test study (four prompts), and on synthetic figures with up to seven prompts."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset
from dashboard.render.balance import balance_groups, balance_slides
from dashboard.render.exits import exit_slides
from dashboard.render.figures import (
    SERIES_DASHES,
    SERIES_PATTERNS,
    SERIES_SYMBOLS,
    SMALL_PATTERN,
    SMALL_SYMBOL_SUFFIX,
    contrast_ratio,
    make_effect_figure,
    make_rate_figure,
    series_style,
)
from dashboard.render.figures_stats import (
    FLOW_LINK_COLOURS,
    make_exit_curve_figure,
    make_love_figure,
)
from dashboard.render.headline import headline_slides
from dashboard.render.opinions import opinion_slides
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells
from dashboard.render.subgroups import subgroup_slides
from dashboard.render.views import ExportCells, explore_view
from tests import studies

# Nothing flagged (every series shows its own marks), and the defaults (small cells marked).
THRESHOLDS = {"none_flagged": SmallCells(0, 0), "default": SmallCells()}


@functools.cache
def _full(name: str) -> tuple[Dataset, pd.DataFrame]:
    from analysis.study.dataset import load_embedded_dataset

    data = load_embedded_dataset() if name == "embedded" else studies.dataset()
    return data, all_estimates(data.prepared, data.grid)


def page_slides(name: str, lang: str, cells: SmallCells) -> list[Slide]:
    """The charts of every page with several series: Overview and Explore (every subgroup),
    Subgroups (every subgroup), Opinions, Exits, Balance (every group) and the headline
    report, which holds the Overview's and the no-opinion-by-issue charts."""
    data, full = _full(name)
    m = data.mapping
    slides = list(headline_slides(data, full, lang=lang, cells=cells))
    outcome, option = ("opt_out", "exit") if "exit" in m.option_keys else ("no_opinion",) * 2

    def explore(subgroup: str, prompts: list[str]) -> list[Slide]:
        return explore_view(
            data,
            ExportCells(full),
            lang=lang,
            outcome=outcome,
            option=option,
            issue="all",
            subgroup=subgroup,
            prompts=prompts,
            method="ols_hc2",
            cells=cells,
            font_size=14,
        ).slides

    for sub in ["all", *(s.key for s in m.subgroups)]:
        slides += explore(sub, list(m.prompt_keys))
        if sub != "all":
            slides += subgroup_slides(data, full, lang=lang, cells=cells, subgroup=sub)
    # Leaving one prompt out keeps each other prompt's marks (its position in the study).
    slides += explore(m.subgroups[0].key, [p for i, p in enumerate(m.prompt_keys) if i != 1])
    slides += opinion_slides(data, full, lang=lang, cells=cells)
    slides += exit_slides(data, full, lang=lang, cells=cells)
    for group in balance_groups(data):
        slides += balance_slides(data, full, lang=lang, cells=cells, bal_group=group)
    return slides


def _as_list(value, n: int) -> list:
    if value is None:
        return [None] * n
    return list(value) if isinstance(value, list | tuple) else [value] * n


def series_marks(trace) -> tuple:
    """What tells a series apart besides its colour, small-cell marks left out: the line's
    dash (a line is drawn), its marker symbols with hollowness removed (markers are drawn),
    its bar patterns other than the small-cell hatching (a bar)."""
    if trace.type == "bar":
        n = len(trace.x if trace.orientation != "h" else trace.y)
        shapes = _as_list(trace.marker.pattern.shape, n)
        return ("bar", frozenset(s or "" for s in shapes if s != SMALL_PATTERN))
    mode = trace.mode or ""
    dash = trace.line.dash or "solid" if "lines" in mode else None
    symbols = frozenset()
    if "markers" in mode:
        n = len(trace.x) if trace.x is not None else 1
        symbols = frozenset(
            (s or "circle").removesuffix(SMALL_SYMBOL_SUFFIX)
            for s in _as_list(trace.marker.symbol, n)
        )
    return ("scatter", dash, symbols)


def legend_series(fig: go.Figure) -> list:
    """The traces a legend tells apart (the chart shows a legend and names them)."""
    if not fig.layout.showlegend:
        return []
    return [
        tr
        for tr in fig.data
        if tr.type in ("bar", "scatter") and tr.name and tr.showlegend is not False
    ]


def _figures(name: str, lang: str, threshold: str) -> list[tuple[str, go.Figure]]:
    return [(s.key, s.figure) for s in page_slides(name, lang, THRESHOLDS[threshold])]


@pytest.mark.parametrize("threshold", sorted(THRESHOLDS))
@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_no_two_series_of_a_chart_share_their_marks(name: str, threshold: str) -> None:
    checked = 0
    for key, fig in _figures(name, "en", threshold):
        series = legend_series(fig)
        if len(series) < 2:
            continue
        marks = [series_marks(tr) for tr in series]
        # A series drawn only where its cells are all small shows no mark of its own; the
        # rest must all differ.
        shown = [m for m in marks if m[-1]]
        assert len(set(shown)) == len(shown), (key, [tr.name for tr in series], marks)
        checked += 1
    assert checked >= 4  # the exits or opinions, the love plot, grouped rates, subgroups


@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_small_cell_marks_are_no_series_mark(name: str) -> None:
    # Nothing flagged: no bar is hatched and no marker hollow, whatever its series.
    for key, fig in _figures(name, "en", "none_flagged"):
        for tr in fig.data:
            if tr.type == "bar":
                shapes = _as_list(tr.marker.pattern.shape, 1)
                assert SMALL_PATTERN not in shapes, (key, tr.name)
            elif tr.type == "scatter" and tr.marker.symbol is not None:
                symbols = _as_list(tr.marker.symbol, 1)
                assert not any(str(s).endswith(SMALL_SYMBOL_SUFFIX) for s in symbols), key


@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_a_prompt_has_the_same_symbol_on_every_page(name: str) -> None:
    data, _full_export = _full(name)
    labels = {data.mapping.prompt_label(k, "en"): k for k in data.mapping.prompt_keys}
    seen: dict[str, set[str]] = {}
    for key, fig in _figures(name, "en", "none_flagged"):
        if key.startswith("bal_love"):
            continue  # cells, not prompts: checked below
        for tr in legend_series(fig):
            if tr.type == "scatter" and tr.name in labels and tr.marker.symbol is not None:
                seen.setdefault(tr.name, set()).update(_as_list(tr.marker.symbol, 1))
    assert len(seen) >= 2
    assert all(len(symbols) == 1 for symbols in seen.values()), seen


def test_the_mapping_has_distinct_marks_for_seven_prompts() -> None:
    styles = [series_style(i) for i in range(7)]
    for attribute in ("dash", "symbol", "pattern"):
        assert len({getattr(s, attribute) for s in styles}) == 7, attribute
    # The love plot: up to 7 prompts x 2 response options, each cell its own symbol.
    assert len({series_style(i).symbol for i in range(14)}) == 14


def test_the_mapping_leaves_out_the_small_cell_marks() -> None:
    assert SMALL_PATTERN not in SERIES_PATTERNS
    assert "\\" not in SERIES_PATTERNS[:4]  # the mirror of the hatching only after four
    assert not any(s.endswith(SMALL_SYMBOL_SUFFIX) for s in SERIES_SYMBOLS)
    assert len(set(SERIES_DASHES)) == len(SERIES_DASHES)


def _seven(levels: list[str]) -> pd.DataFrame:
    prompts = [f"p{i}" for i in range(7)]
    rows = [
        {
            "prompt": p,
            "level": lv,
            "n": 500,
            "n_treated": 500,
            "n_control": 500,
            "estimate": 0.1 + 0.01 * i,
            "ci_low": 0.05,
            "ci_high": 0.2,
            "baseline": 0.1,
        }
        for i, p in enumerate(prompts)
        for lv in levels
    ]
    return pd.DataFrame(rows)


SEVEN = {f"p{i}": f"Prompt {i}" for i in range(7)}


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_rate_figure(
            _seven(["a", "b"]), lang="en", prompt_labels=SEVEN, title="t", level_labels={}
        ),
        lambda: make_effect_figure(
            _seven(["a", "b"]).query("prompt != 'p0'"),
            lang="en",
            prompt_labels={k: v for k, v in SEVEN.items() if k != "p0"},
            control_label="Prompt 0",
            title="t",
        ),
        lambda: make_exit_curve_figure(
            _seven(["q1", "q2"]).rename(columns={"level": "issue"}),
            lang="en",
            prompt_labels=SEVEN,
            issue_labels={"q1": "Q1", "q2": "Q2"},
            title="t",
        ),
        lambda: make_love_figure(
            pd.concat([_seven(["age"]).assign(option=o) for o in ("exit", "no_opinion")]).rename(
                columns={"level": "variable"}
            ),
            lang="en",
            prompt_labels=SEVEN,
            option_labels={"exit": "Exit", "no_opinion": "No opinion"},
            variable_labels={"age": "Age"},
            title="t",
        ),
    ],
    ids=["grouped_rates", "effects_by_level", "exit_curve", "love_plot"],
)
def test_seven_prompts_keep_distinct_marks(make) -> None:
    series = legend_series(make())
    marks = [series_marks(tr) for tr in series]
    assert len(series) >= 6
    assert len(set(marks)) == len(marks), marks


def _blend(rgba: str) -> str:
    *rgb, alpha = (float(v) for v in rgba[rgba.index("(") + 1 : -1].split(","))
    mixed = [round(alpha * c + (1 - alpha) * 255) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@pytest.mark.parametrize("outcome", sorted(FLOW_LINK_COLOURS))
def test_sankey_links_are_at_least_3_to_1_on_white(outcome: str) -> None:
    assert contrast_ratio(_blend(FLOW_LINK_COLOURS[outcome]), "#ffffff") >= 3.0


@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_the_flow_chart_draws_only_those_links(name: str) -> None:
    data, full = _full(name)
    flow = balance_slides(data, full, lang="en")[0]
    assert flow.key == "bal_flow"
    links = set(flow.figure.data[0].link.color)
    assert links and links <= set(FLOW_LINK_COLOURS.values())


def test_sankey_labels_of_cells_and_outcomes_stand_apart() -> None:
    # The cells' labels are written right of their column, the outcomes' left of theirs: at
    # least 60% of the width between them.
    data, full = _full("embedded")
    x = balance_slides(data, full, lang="en")[0].figure.data[0].node.x
    everyone, cells, outcomes = x[0], x[1], x[-1]
    assert everyone < cells < outcomes
    assert outcomes - cells >= 0.6


def test_a_legend_key_shows_the_series_pattern_when_its_first_bar_is_hatched() -> None:
    rows = [
        {
            "prompt": p,
            "level": lv,
            "n": 50 if (p, lv) == ("company", "a") else 500,
            "estimate": 0.2,
            "ci_low": 0.1,
            "ci_high": 0.3,
        }
        for p in ("none", "company", "government")
        for lv in ("a", "b")
    ]
    labels = {"none": "None", "company": "Company", "government": "Government"}
    fig = make_rate_figure(
        pd.DataFrame(rows), lang="en", prompt_labels=labels, level_labels={}, title="t"
    )
    drawn = next(tr for tr in fig.data if tr.name == "Company" and tr.showlegend is False)
    key = next(tr for tr in fig.data if tr.name == "Company" and tr.showlegend)
    assert list(drawn.marker.pattern.shape) == [SMALL_PATTERN, series_style(1).pattern]
    assert key.marker.pattern.shape == series_style(1).pattern
    assert key.offsetgroup == drawn.offsetgroup  # takes no place of its own in the groups
