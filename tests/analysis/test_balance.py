"""Balance F tests equal R lm_robust()$fstatistic; standardised differences and flow."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats.balance import balance_table, sample_flow
from tests.analysis.conftest import assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", ["n", "estimate", "p_value"])
def test_balance_tests_match_r(r_estimates, r_reference, column) -> None:
    joined = joined_with_r(r_estimates, r_reference, "wald_f_hc2")
    assert_matches_r(joined[joined["kind"].str.startswith("balance")], [column])


def test_standardised_difference_by_hand(embedded) -> None:
    rows = balance_table(embedded.prepared)
    f = embedded.prepared.frame
    a = f.query("prompt == 'government' and option == 'exit'")["cov_age"]
    b = f.query("prompt == 'none' and option == 'exit'")["cov_age"]
    expected = (a.mean() - b.mean()) / np.sqrt((a.var() + b.var()) / 2)
    got = rows.query(
        "kind == 'std_diff' and outcome == 'age' and prompt == 'government' and option == 'exit'"
    )["estimate"].iloc[0]
    assert got == pytest.approx(expected, rel=1e-12)


def test_level_shares_of_a_cell_sum_to_one(embedded) -> None:
    rows = balance_table(embedded.prepared).query("kind == 'balance' and subgroup == 'region'")
    sums = rows.groupby(["prompt", "option"])["estimate"].sum()
    np.testing.assert_allclose(sums, 1.0)


def test_flow_adds_up(embedded) -> None:
    flow = sample_flow(embedded.prepared)
    for (_p, _o), cell in flow.groupby(["prompt", "option"]):
        assigned = cell.loc[cell["outcome"] == "assigned", "n"].sum()
        rest = cell.loc[cell["outcome"].isin(["left", "completed"]), "n"].sum()
        assert assigned == rest


def test_omnibus_test_on_covariate_groups_equals_statsmodels_on_the_rows() -> None:
    import statsmodels.api as sm

    from analysis.stats.balance import omnibus_test_grouped
    from analysis.study.columns import pattern_codes as _pattern_codes

    rng = np.random.default_rng(5)
    for _ in range(20):
        n = int(rng.integers(200, 3000))
        covs = np.column_stack(
            [rng.integers(0, 2, n), rng.integers(18, 80, n), rng.integers(1, 5, n)]
        ).astype(float)
        treat = (rng.uniform(size=n) < 0.3 + 0.1 * covs[:, 0]).astype(float)
        fit = sm.OLS(treat, sm.add_constant(covs)).fit(cov_type="HC2")
        wald = fit.wald_test(np.eye(4)[1:], use_f=True, scalar=True)
        pattern, values = _pattern_codes(covs)
        count = np.bincount(pattern).astype(float)
        ones = np.bincount(pattern, weights=treat)
        stat, p, total = omnibus_test_grouped(count, ones, values)
        assert total == n
        assert stat == pytest.approx(float(wald.statistic), rel=1e-10)
        assert p == pytest.approx(float(wald.pvalue), rel=1e-10, abs=1e-12)
