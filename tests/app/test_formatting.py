"""The one number format: percentages, signed points, CIs and p-values in every language."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.i18n import LANGS
from dashboard.render.formatting import (
    MISSING,
    fmt_ci,
    fmt_count,
    fmt_number,
    fmt_p,
    fmt_pct,
    fmt_pp,
)

MISSING_VALUES = [None, float("nan"), pd.NA, float("inf")]


def test_share_is_a_percentage_with_one_decimal() -> None:
    assert fmt_pct(0.1234) == "12.3%"


def test_points_carry_a_sign() -> None:
    assert fmt_pp(0.081) == "+8.1"
    assert fmt_pp(-0.081) == "-8.1"


@given(st.floats(min_value=-0.00049, max_value=0.00049))
def test_a_difference_that_rounds_to_zero_is_plus_zero(diff: float) -> None:
    assert fmt_pp(diff) == "+0.0"


@given(st.floats(min_value=-1, max_value=1))
def test_points_never_read_minus_zero(diff: float) -> None:
    assert fmt_pp(diff) != "-0.0"


@pytest.mark.parametrize(("p", "shown"), [(0.0456, "0.046"), (0.001, "0.001"), (0.5, "0.500")])
def test_p_value_has_three_decimals(p: float, shown: str) -> None:
    assert fmt_p(p) == shown


@pytest.mark.parametrize("p", [0.000999, 1e-12, 0.0])
def test_p_value_below_a_thousandth_reads_less_than(p: float) -> None:
    assert fmt_p(p) == "<0.001"


@pytest.mark.parametrize("value", MISSING_VALUES)
@pytest.mark.parametrize("formatter", [fmt_p, fmt_pct, fmt_pp, fmt_number, fmt_count])
def test_missing_number_is_a_dash(formatter, value) -> None:
    assert formatter(value) == MISSING


def test_ci_separator_follows_the_language() -> None:
    assert fmt_ci(0.05, 0.112, "en") == "5.0 to 11.2"
    assert fmt_ci(0.05, 0.112, "ja") == "5.0～11.2"


@pytest.mark.parametrize("lang", LANGS)
def test_ci_of_a_difference_is_in_signed_points(lang: str) -> None:
    text = fmt_ci(-0.0004, 0.112, lang, points=True)
    assert text.startswith("+0.0")
    assert text.endswith("+11.2")


@pytest.mark.parametrize("lang", LANGS)
def test_ci_with_a_missing_end_is_a_dash(lang: str) -> None:
    assert fmt_ci(math.nan, 0.1, lang) == MISSING


def test_counts_and_numbers_have_thousands_separators() -> None:
    assert fmt_count(4514) == "4,514"
    assert fmt_number(1234.56) == "1,234.6"
