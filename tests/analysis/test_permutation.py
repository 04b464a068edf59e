"""Randomisation inference: the exact hypergeometric p-value (vs enumeration, Fisher, a large
Monte Carlo run and R), and the seeded Monte Carlo paths: reproducible for a seed, valid under a
sharp null, equal in distribution to shuffling the labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats.permutation import (
    DRAWS,
    binary_permutation_pvalues,
    exact_binary_pvalues,
    permutation_pvalue,
    ri_effects,
)


@pytest.fixture(scope="module")
def r_exact_reference() -> pd.DataFrame:
    """Exact two-sided permutation p-values that ``tests/r/exact_permutation_reference.R``
    computed from R's ``dhyper``."""
    return pd.read_csv(
        Path(__file__).resolve().parents[1] / "r" / "exact_permutation_reference.csv"
    )


@pytest.fixture(scope="module")
def null_p_values() -> np.ndarray:
    """P-values of 2,000 experiments under the sharp null (1,000 per arm, 30% ones)."""
    rng = np.random.default_rng(2021)
    m, n = 2000, 1000
    # The outcomes are fixed and only the labels are random: k_t is hypergeometric.
    total = rng.binomial(2 * n, 0.3, m)
    k_t = rng.hypergeometric(total, 2 * n - total, n)
    return binary_permutation_pvalues(
        np.full(m, n), k_t, np.full(m, n), total - k_t, draws=2000, seed=1
    )


def test_fixed_seed_gives_identical_monte_carlo_p_values() -> None:
    args = ([120, 80], [30, 12], [130, 90], [18, 20])
    a = binary_permutation_pvalues(*args, draws=500, seed=5)
    b = binary_permutation_pvalues(*args, draws=500, seed=5)
    assert np.array_equal(a, b)


def test_another_seed_gives_other_draws() -> None:
    args = ([120, 80], [30, 12], [130, 90], [18, 20])
    a = binary_permutation_pvalues(*args, draws=500, seed=5)
    b = binary_permutation_pvalues(*args, draws=500, seed=6)
    assert not np.array_equal(a, b)


def test_export_p_values_need_no_seed(embedded) -> None:
    a = ri_effects(embedded.grid, "none")["p_value"]
    b = ri_effects(embedded.grid, "none")["p_value"]
    assert a.equals(b)
    assert set(ri_effects(embedded.grid, "none")["method"]) == {"ri_exact"}


def _exact_by_enumeration(n_t: int, k_t: int, n_c: int, k_c: int) -> float:
    """The permutation p-value summed over the whole hypergeometric support."""
    ones, total = k_t + k_c, n_t + n_c
    support = np.arange(max(0, n_t - (total - ones)), min(ones, n_t) + 1)
    probs = stats.hypergeom.pmf(support, total, ones, n_t)
    diffs = support / n_t - (ones - support) / n_c
    observed = abs(k_t / n_t - k_c / n_c)
    return float(probs[np.abs(diffs) >= observed * (1 - 1e-9)].sum())


@pytest.mark.parametrize(
    "counts",
    [(120, 30, 130, 18), (752, 105, 752, 45), (40, 0, 35, 3), (10, 10, 12, 0), (50, 5, 60, 6)],
)
def test_exact_p_equals_the_sum_over_the_support(counts) -> None:
    p = exact_binary_pvalues(*([c] for c in counts))[0]
    assert p == pytest.approx(_exact_by_enumeration(*counts), rel=1e-9, abs=1e-15)


def test_exact_p_is_one_when_the_proportions_are_equal() -> None:
    assert exact_binary_pvalues([30], [3], [40], [4])[0] == pytest.approx(1.0)


def test_exact_p_equals_fisher_with_equal_groups() -> None:
    # With equal group sizes, |difference| ordering = Fisher's two-sided (probability) ordering
    # for these tables; scipy's fisher_exact is an independent implementation.
    p = exact_binary_pvalues([20], [14], [20], [6])[0]
    assert p == pytest.approx(stats.fisher_exact([[14, 6], [6, 14]])[1], rel=1e-12)


def test_exact_p_is_within_three_monte_carlo_errors_of_200000_draws() -> None:
    n_t, k_t, n_c, k_c = 230, 41, 260, 31
    exact = exact_binary_pvalues([n_t], [k_t], [n_c], [k_c])[0]
    draws = 200_000
    mc = binary_permutation_pvalues([n_t], [k_t], [n_c], [k_c], draws=draws, seed=11)[0]
    assert abs(mc - exact) <= 3 * np.sqrt(exact * (1 - exact) / draws) + 1 / draws


def test_exact_p_matches_r(r_exact_reference) -> None:
    ref = r_exact_reference
    ours = exact_binary_pvalues(ref["n_t"], ref["k_t"], ref["n_c"], ref["k_c"])
    np.testing.assert_allclose(ours, ref["p_exact"], rtol=1e-10)


def test_at_least_2000_draws_by_default() -> None:
    assert DRAWS >= 2000


@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.1, 0.25, 0.5, 0.75])
def test_p_values_are_near_uniform_under_a_sharp_null(null_p_values, alpha) -> None:
    # Valid (never much above alpha) and near uniform (the outcome is discrete: atoms of a few
    # percent make the test a little conservative, never liberal).
    share = np.mean(null_p_values <= alpha)
    assert alpha - 0.05 < share < alpha + 0.015


def test_binary_path_agrees_with_the_exact_permutation_distribution() -> None:
    n_t, k_t, n_c, k_c = 120, 30, 130, 18
    support = np.arange(0, 49)
    probs = stats.hypergeom.pmf(support, 250, 48, 120)
    diffs = support / n_t - (48 - support) / n_c
    exact = probs[np.abs(diffs) >= abs(k_t / n_t - k_c / n_c) - 1e-12].sum()
    p = binary_permutation_pvalues(
        np.array([n_t]), np.array([k_t]), np.array([n_c]), np.array([k_c]), draws=20000, seed=3
    )[0]
    assert abs(p - exact) < 4 * np.sqrt(exact * (1 - exact) / 20000) + 1e-4


def test_label_shuffling_agrees_with_the_binary_path() -> None:
    y = np.r_[np.ones(30), np.zeros(90), np.ones(18), np.zeros(112)]
    treated = np.r_[np.ones(120, dtype=bool), np.zeros(130, dtype=bool)]
    shuffled = permutation_pvalue(y, treated, draws=20000, seed=9)
    binary = binary_permutation_pvalues(
        np.array([120]), np.array([30]), np.array([130]), np.array([18]), draws=20000, seed=9
    )[0]
    assert abs(shuffled - binary) < 0.01


def test_ri_row_sits_beside_every_hc2_effect(embedded) -> None:
    ri = ri_effects(embedded.grid, "none")
    effects = embedded.grid[embedded.grid["kind"] == "effect"]
    assert len(ri) == len(effects)
    assert np.allclose(ri["estimate"].to_numpy(), effects["estimate"].to_numpy(), equal_nan=True)
