"""Randomisation inference: reproducible for a seed, valid under a sharp null, equal in
distribution to shuffling the labels, and close to the exact permutation p-value."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis.stats.permutation import (
    DRAWS,
    binary_permutation_pvalues,
    permutation_pvalue,
    ri_effects,
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


def test_fixed_seed_gives_identical_p_values(embedded) -> None:
    a = ri_effects(embedded.grid, "none", seed=5)
    b = ri_effects(embedded.grid, "none", seed=5)
    assert a["p_value"].equals(b["p_value"])


def test_another_seed_gives_other_draws(embedded) -> None:
    a = ri_effects(embedded.grid, "none", seed=5)["p_value"]
    b = ri_effects(embedded.grid, "none", seed=6)["p_value"]
    assert not a.equals(b)


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
    ri = ri_effects(embedded.grid, "none", draws=100)
    effects = embedded.grid[embedded.grid["kind"] == "effect"]
    assert len(ri) == len(effects)
    assert np.allclose(ri["estimate"].to_numpy(), effects["estimate"].to_numpy(), equal_nan=True)
