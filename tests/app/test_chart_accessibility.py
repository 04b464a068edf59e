"""Charts that a colour-blind reader can read: the palette meets contrast on white, and small
cells and significance are never carried by colour alone (checked on the figure specs)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.render.figures import (
    CHART_TEXT_COLOUR,
    CONTROL_GREY,
    ERROR_BAR_COLOUR,
    OKABE_ITO,
    PROMPT_COLOURS,
    contrast_ratio,
    make_effect_figure,
    make_rate_figure,
    series_style,
    text_colour_on,
)
from dashboard.render.figures_stats import ANSWER_COLOURS

WHITE = "#ffffff"
PROMPTS = {"none": "No prompt", "company": "Company", "government": "Government"}


def test_contrast_ratio_matches_the_wcag_examples() -> None:
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#828180", WHITE) == pytest.approx(3.88, abs=0.01)  # st.caption's grey


@pytest.mark.parametrize(
    "colour", sorted({*OKABE_ITO, *PROMPT_COLOURS.values(), *ANSWER_COLOURS.values()})
)
def test_every_mark_colour_is_at_least_3_to_1_on_white(colour: str) -> None:
    assert contrast_ratio(colour, WHITE) >= 3.0


def test_chart_text_error_bars_and_the_control_are_at_least_4_5_to_1() -> None:
    for colour in (CHART_TEXT_COLOUR, ERROR_BAR_COLOUR, CONTROL_GREY):
        assert contrast_ratio(colour, WHITE) >= 4.5


@pytest.mark.parametrize(
    "fill", sorted({*OKABE_ITO, *PROMPT_COLOURS.values(), *ANSWER_COLOURS.values()})
)
def test_text_on_a_bar_is_at_least_4_5_to_1(fill: str) -> None:
    assert contrast_ratio(text_colour_on(fill), fill) >= 4.5


def rates(n_company: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "prompt": ["none", "company", "government"],
            "level": ["all"] * 3,
            "n": [700, n_company, 700],
            "estimate": [0.06, 0.07, 0.14],
            "ci_low": [0.04, 0.05, 0.11],
            "ci_high": [0.08, 0.09, 0.17],
        }
    )


def test_a_small_cell_is_hatched_in_the_same_colour() -> None:
    fig = make_rate_figure(rates(60), lang="en", prompt_labels=PROMPTS, title="t")
    company = next(tr for tr in fig.data if tr.name == "Company")
    big = next(tr for tr in fig.data if tr.name == "Government")
    assert list(company.marker.pattern.shape) == ["/"]
    assert list(big.marker.pattern.shape) == [""]
    assert company.marker.color == PROMPT_COLOURS["company"]  # the colour says the prompt only


def test_a_suppressed_cell_is_not_drawn_rather_than_greyed() -> None:
    fig = make_rate_figure(rates(20), lang="en", prompt_labels=PROMPTS, title="t")
    company = next(tr for tr in fig.data if tr.name == "Company")
    assert pd.isna(company.y[0])
    assert company.marker.color == PROMPT_COLOURS["company"]


def effects(n_treated: int, low: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "prompt": ["company", "government"],
            "level": ["all", "all"],
            "n_treated": [n_treated, 700],
            "n_control": [700, 700],
            "n": [n_treated + 700, 1400],
            "estimate": [0.01, 0.08],
            "ci_low": [low, 0.05],
            "ci_high": [0.04, 0.11],
            "baseline": [0.06, 0.06],
        }
    )


def test_a_small_effect_cell_is_its_prompts_symbol_hollow_in_the_same_colour() -> None:
    fig = make_effect_figure(
        effects(60, -0.02),
        lang="en",
        prompt_labels={"company": "Company", "government": "Government"},
        control_label="No prompt",
        title="t",
    )
    small, big = fig.data
    # Company and government are the prompts after the control: positions 1 and 2.
    assert list(small.marker.symbol) == [series_style(1).symbol + "-open"]
    assert list(big.marker.symbol) == [series_style(2).symbol]
    assert small.marker.color == PROMPT_COLOURS["company"]


def test_significance_changes_no_colour_only_the_interval() -> None:
    # Whether the interval crosses zero is read from the whisker and the zero line; colour
    # stays the prompt's either way.
    labels = {"company": "Company", "government": "Government"}
    crossing = make_effect_figure(
        effects(700, -0.02), lang="en", prompt_labels=labels, control_label="c", title="t"
    )
    clear = make_effect_figure(
        effects(700, 0.005), lang="en", prompt_labels=labels, control_label="c", title="t"
    )
    for a, b in zip(crossing.data, clear.data, strict=True):
        assert a.marker.color == b.marker.color
        assert a.marker.symbol == b.marker.symbol
        assert a.error_x.color == b.error_x.color
    assert any(s.line.dash == "dash" and s.x0 == 0 for s in crossing.layout.shapes)
