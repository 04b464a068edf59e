"""Randomisation inference: a permutation p-value for each effect vs control.

Under the sharp null that no respondent's answer depends on the prompt, any reshuffling of the
prompt labels between the treated and the control group was as likely as the one observed. The
p-value is the share of reshufflings whose difference in means is at least as far from zero as
the observed one.

* :func:`exact_binary_pvalues` (used for the export, ``method = ri_exact``): for a 0/1 outcome
  the margins (group sizes, total number of 1s) are fixed by the data, the number of 1s that a
  reshuffle puts in the treated group is hypergeometric, and the difference in means is an
  increasing function of it. So the p-value is a sum of two hypergeometric tails, exact (no
  Monte Carlo error, no seed) and computed in microseconds per comparison (R's ``phyper``
  algorithm, :func:`analysis.stats.tails.phyper`). "At least as far
  from zero" is decided in integers (``|x N - K n_t| >= |k_t N - K n_t|``), so ties are exact.
* :func:`binary_permutation_pvalues` draws the hypergeometric count (Monte Carlo), and
  :func:`permutation_pvalue` shuffles labels of any outcome; both seeded, counted as
  ``(1 + b) / (1 + draws)``. They are kept for outcomes without an exact form and as checks
  of the exact path (``tests/analysis/test_permutation.py``).

Rows: ``kind = effect``, ``method = ri_exact``, the same estimate as ``ols_hc2`` and no
standard error or CI.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import COLUMNS
from analysis.stats.tails import phyper

DRAWS = 2000
SEED = 20180601
METHOD = "ri_exact"
MONTE_CARLO_METHOD = "ri_permutation"
_TOL = 1e-12  # differences equal up to rounding count as "at least as extreme"


def _p_from_draws(null: np.ndarray, observed: np.ndarray) -> np.ndarray:
    extreme = np.abs(null) >= np.abs(observed) - _TOL
    return (1 + extreme.sum(axis=0)) / (1 + null.shape[0])


def permutation_pvalue(
    y: np.ndarray,
    treated: np.ndarray,
    *,
    draws: int = DRAWS,
    seed: int | np.random.Generator = SEED,
) -> float:
    """Two-sided permutation p-value of the difference in means (treated minus control).

    Examples
    --------
    >>> y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1.0])
    >>> t = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)
    >>> round(permutation_pvalue(y, t, draws=2000, seed=1), 2)
    1.0
    """
    y = np.asarray(y, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    rng = np.random.default_rng(seed)
    n_t = int(treated.sum())
    n_c = len(y) - n_t
    observed = y[treated].mean() - y[~treated].mean()
    shuffled = rng.permuted(np.broadcast_to(y, (draws, len(y))), axis=1)
    sum_t = shuffled[:, :n_t].sum(axis=1)
    null = sum_t / n_t - (y.sum() - sum_t) / n_c
    return float(_p_from_draws(null[:, None], np.array([observed]))[0])


def binary_permutation_pvalues(
    n_t: np.ndarray,
    k_t: np.ndarray,
    n_c: np.ndarray,
    k_c: np.ndarray,
    *,
    draws: int = DRAWS,
    seed: int | np.random.Generator = SEED,
) -> np.ndarray:
    """Permutation p-values for many 0/1 comparisons at once (counts of 1s ``k`` out of ``n``).

    NaN where a group is empty.
    """
    n_t, k_t, n_c, k_c = (np.asarray(a, dtype=np.int64) for a in (n_t, k_t, n_c, k_c))
    ok = (n_t > 0) & (n_c > 0)
    rng = np.random.default_rng(seed)
    ones = k_t + k_c
    zeros = n_t + n_c - ones
    sample = np.where(ok, n_t, 0)
    in_t = rng.hypergeometric(
        np.where(ok, ones, 0), np.where(ok, zeros, 1), sample, size=(draws, len(n_t))
    )
    safe_t, safe_c = np.where(ok, n_t, 1), np.where(ok, n_c, 1)
    null = in_t / safe_t - (ones - in_t) / safe_c
    observed = k_t / safe_t - k_c / safe_c
    return np.where(ok, _p_from_draws(null, observed), np.nan)


def exact_binary_pvalues(
    n_t: np.ndarray, k_t: np.ndarray, n_c: np.ndarray, k_c: np.ndarray
) -> np.ndarray:
    """Exact two-sided permutation p-values for 0/1 comparisons (``k`` ones out of ``n``).

    P(|null difference| >= |observed|) over every reshuffle of the labels, from the
    hypergeometric law of the number of 1s in the treated group. NaN where a group is empty.

    Examples
    --------
    >>> float(exact_binary_pvalues([5], [4], [5], [1])[0].round(4))  # Fisher's exact test
    0.2063
    """
    n_t, k_t, n_c, k_c = (np.asarray(a, dtype=np.int64) for a in (n_t, k_t, n_c, k_c))
    ok = (n_t > 0) & (n_c > 0)
    total = np.where(ok, n_t + n_c, 1)
    ones = np.where(ok, k_t + k_c, 0)
    size = np.where(ok, n_t, 0)
    # x ones in the treated group give the difference (x N - K n_t) / (n_t n_c): compare the
    # numerators in integers. Extreme: x N >= K n_t + d or x N <= K n_t - d.
    centre = ones * size
    dev = np.abs(k_t * total - centre)
    upper = -((centre + dev) // -total)  # ceil
    lower = (centre - dev) // total  # floor
    # The tails by R's phyper algorithm (analysis.stats.tails.phyper): the same law, ~5x
    # faster than scipy's Boost routine at these sizes and as accurate (R agrees to ~1e-15).
    p_high = phyper(upper - 1, ones, total - ones, size, lower_tail=False)
    p_low = phyper(lower, ones, total - ones, size, lower_tail=True)
    # When the observed count is the centre (d = 0) both tails cover everything: p = 1.
    p = np.where(upper <= lower, 1.0, np.minimum(p_high + p_low, 1.0))
    return np.where(ok, p, np.nan)


def ri_effects(grid: pd.DataFrame, control: str) -> pd.DataFrame:
    """An exact permutation p-value beside every unweighted effect of a grid (from its rate
    rows: the outcomes are 0/1, so the exact hypergeometric form applies to every one).

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded_dataset
    >>> ds = load_embedded_dataset()
    >>> ri = ri_effects(ds.grid, ds.mapping.control)
    >>> set(ri["method"])
    {'ri_exact'}
    """
    keys = ["outcome", "issue", "option", "subgroup", "level"]
    rates = grid[(grid["kind"] == "rate") & (grid["method"] == "wilson")]
    effects = grid[(grid["kind"] == "effect") & (grid["method"] == "ols_hc2")]
    counts = rates[[*keys, "prompt", "n"]].assign(k=(rates["estimate"] * rates["n"]).round())
    control_counts = counts[counts["prompt"] == control].drop(columns="prompt")
    joined = effects.merge(counts, on=[*keys, "prompt"], suffixes=("", "_t")).merge(
        control_counts, on=keys, suffixes=("", "_c")
    )
    p = exact_binary_pvalues(
        joined["n_t"], joined["k"].fillna(0), joined["n_c"], joined["k_c"].fillna(0)
    )
    out = joined[COLUMNS].copy()
    out["std_error"] = out["ci_low"] = out["ci_high"] = np.nan
    out["p_value"] = p
    out["method"] = METHOD
    return out.reset_index(drop=True)
