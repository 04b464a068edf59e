"""Randomisation inference: a seeded permutation p-value for each effect vs control.

Under the sharp null that no respondent's answer depends on the prompt, any reshuffling of the
prompt labels between the treated and the control group was as likely as the one observed. The
p-value is the share of reshufflings whose difference in means is at least as far from zero as
the observed one, counted as ``(1 + b) / (1 + draws)`` so that it is never 0 (a valid p-value).

Two implementations of the same test:

* :func:`permutation_pvalue` permutes the labels of any outcome (``draws`` shuffles at once).
* :func:`binary_permutation_pvalues` is the fast path for 0/1 outcomes, used for the whole grid:
  after a reshuffle, the number of 1s that land in the treated group is hypergeometric, and the
  difference in means is a function of that number, so drawing it directly is the same
  randomisation distribution at a fraction of the cost (every effect, all draws, one call).

Rows: ``kind = effect``, ``method = ri_permutation``, the same estimate as ``ols_hc2`` and no
standard error or CI. The draws come from one seeded generator, so a fixed seed gives the same
p-values every time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import COLUMNS

DRAWS = 2000
SEED = 20180601
METHOD = "ri_permutation"
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


def ri_effects(
    grid: pd.DataFrame, control: str, *, draws: int = DRAWS, seed: int = SEED
) -> pd.DataFrame:
    """A permutation p-value beside every unweighted effect of a grid (from its rate rows).

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded_dataset
    >>> ds = load_embedded_dataset()
    >>> ri = ri_effects(ds.grid, ds.mapping.control, draws=200)
    >>> set(ri["method"])
    {'ri_permutation'}
    """
    keys = ["outcome", "issue", "option", "subgroup", "level"]
    rates = grid[(grid["kind"] == "rate") & (grid["method"] == "wilson")]
    effects = grid[(grid["kind"] == "effect") & (grid["method"] == "ols_hc2")]
    counts = rates[[*keys, "prompt", "n"]].assign(k=(rates["estimate"] * rates["n"]).round())
    control_counts = counts[counts["prompt"] == control].drop(columns="prompt")
    joined = effects.merge(counts, on=[*keys, "prompt"], suffixes=("", "_t")).merge(
        control_counts, on=keys, suffixes=("", "_c")
    )
    p = binary_permutation_pvalues(
        joined["n_t"],
        joined["k"].fillna(0),
        joined["n_c"],
        joined["k_c"].fillna(0),
        draws=draws,
        seed=seed,
    )
    out = joined[COLUMNS].copy()
    out["std_error"] = out["ci_low"] = out["ci_high"] = np.nan
    out["p_value"] = p
    out["method"] = METHOD
    return out.reset_index(drop=True)
