"""Weighted rates and WLS HC2 effects equal R lm_robust(weights = ) and statsmodels WLS."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from analysis.stats.hc2 import cell_moments
from analysis.stats.weights import weighted_estimates
from tests.analysis.conftest import VALUES, assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", VALUES)
def test_wls_effects_match_r(r_estimates, r_reference, column) -> None:
    assert_matches_r(joined_with_r(r_estimates, r_reference, "wls_hc2"), [column])


@pytest.mark.parametrize("column", ["n", "estimate", "std_error", "ci_low", "ci_high"])
def test_weighted_rates_match_r(r_estimates, r_reference, column) -> None:
    assert_matches_r(joined_with_r(r_estimates, r_reference, "weighted"), [column])


def test_weighted_cell_variance_equals_statsmodels_wls_hc2() -> None:
    rng = np.random.default_rng(11)
    y = rng.integers(0, 2, 300).astype(float)
    w = rng.uniform(0.2, 3.0, 300)
    fit = sm.WLS(y, np.ones((300, 1)), weights=w).fit(cov_type="HC2")
    _, _, mean, var = cell_moments(np.zeros(300, dtype=int), y, 1, w)
    np.testing.assert_allclose([mean[0], np.sqrt(var[0])], [fit.params[0], fit.bse[0]], rtol=1e-10)


def test_weighted_and_unweighted_n_are_both_reported(embedded) -> None:
    rows = weighted_estimates(embedded.prepared).query(
        "kind == 'rate' and outcome == 'opt_out' and issue == 'all' and subgroup == 'all'"
    )
    assert (rows["n"] == 752).all()
    np.testing.assert_allclose(
        rows["n_weighted"].sum(), embedded.prepared.frame.query("option == 'exit'")["weight"].sum()
    )
