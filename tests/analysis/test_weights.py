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


@pytest.mark.parametrize("distinct", [5, None])  # few weight values, or one per respondent
def test_weighted_effects_equal_statsmodels_wls_hc2_per_cell(embedded, distinct) -> None:
    import dataclasses

    import statsmodels.formula.api as smf

    prep = embedded.prepared
    rng = np.random.default_rng(3)
    n = len(prep.frame)
    w = rng.uniform(0.2, 3.0, n) if distinct is None else rng.choice(rng.uniform(0.2, 3, 5), n)
    prep = dataclasses.replace(prep, frame=prep.frame.assign(weight=w))
    rows = weighted_estimates(prep).query("kind == 'effect' and outcome == 'opt_out'")
    for sub, level in [
        ("all", "all"),
        ("gender", rows.query("subgroup == 'gender'")["level"].iloc[0]),
    ]:
        frame = prep.frame[prep.frame["option"] == "exit"]
        if sub != "all":
            frame = frame[frame[f"sg_{sub}"] == level]
        data = frame.assign(y=frame["exited"].astype(float))
        fit = smf.wls("y ~ C(prompt, Treatment('none'))", data, weights=data["weight"]).fit(
            cov_type="HC2"
        )
        for prompt in ("company", "government"):
            name = f"C(prompt, Treatment('none'))[T.{prompt}]"
            row = rows.query(
                "issue == 'all' and subgroup == @sub and level == @level and prompt == @prompt"
            ).iloc[0]
            assert row["estimate"] == pytest.approx(fit.params[name], rel=1e-10)
            assert row["std_error"] == pytest.approx(fit.bse[name], rel=1e-10)
