"""The exit curve: cumulative shares (Wilson) and effects equal R; shape checks."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats.exits import exit_curve
from tests.analysis.conftest import assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", ["n", "estimate", "ci_low", "ci_high"])
def test_cumulative_shares_match_r(r_estimates, r_reference, column) -> None:
    rows = r_estimates[r_estimates["outcome"] == "left_by"]
    ref = r_reference[r_reference["outcome"] == "left_by"]
    assert_matches_r(joined_with_r(rows, ref, "wilson"), [column])


@pytest.mark.parametrize("column", ["estimate", "std_error", "p_value"])
def test_curve_effects_match_r(r_estimates, r_reference, column) -> None:
    rows = r_estimates[r_estimates["outcome"] == "left_by"]
    ref = r_reference[r_reference["outcome"] == "left_by"]
    assert_matches_r(joined_with_r(rows, ref, "ols_hc2"), [column])


def test_curve_never_decreases(embedded) -> None:
    rates = exit_curve(embedded.prepared).query("kind == 'rate'")
    for _, part in rates.groupby("prompt"):
        assert (np.diff(part["estimate"].to_numpy()) >= 0).all()


def test_curve_ends_at_the_overall_opt_out_rate(embedded) -> None:
    last = exit_curve(embedded.prepared).query("kind == 'rate' and issue == 'collective_defense'")
    overall = embedded.grid.query(
        "kind == 'rate' and outcome == 'opt_out' and issue == 'all' and subgroup == 'all'"
    )
    np.testing.assert_allclose(last["estimate"].to_numpy(), overall["estimate"].to_numpy())
