"""Closed forms of HC2 inference for saturated (cell-means) models, shared by several modules.

Why closed forms: in a model whose regressors are indicators of disjoint cells (``y ~ a * b``
with every cell present), the fitted values are the cell means, the leverage of a respondent in
cell g is ``1 / n_g`` (``w_i / W_g`` with weights), and the HC2 covariance of the cell means is
diagonal with ``s2_g / n_g``. Every coefficient (a difference, a difference of differences) is a
fixed contrast of cell means, so its HC2 variance and any Wald test follow from group sums.
``tests/analysis/test_subgroups.py``, ``test_balance.py`` and ``test_weights.py`` check these
against ``statsmodels`` (``cov_type="HC2"``) and the R reference values against
``estimatr::lm_robust``.
"""

from __future__ import annotations

import numpy as np

from analysis.stats.tails import f_sf, t_ppf, t_sf


def cell_moments(
    cell: np.ndarray,
    y: np.ndarray,
    n_cells: int,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: count, sum of weights, mean and the HC2 variance of the mean.

    ``cell`` holds a cell index per respondent (only rows with ``0 <= cell < n_cells`` count).
    Without weights the variance is ``s2_g / n_g``; with weights it is the WLS HC2 form
    ``sum(w_i^2 e_i^2 / (1 - w_i / W_g)) / W_g^2``. NaN where a cell has fewer than 2 rows.
    """
    cell = np.asarray(cell, dtype=np.int64)
    y = np.asarray(y, dtype=float)
    keep = (cell >= 0) & (cell < n_cells)
    cell, y = cell[keep], y[keep]
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)[keep]
    n = np.bincount(cell, minlength=n_cells).astype(float)
    big_w = np.bincount(cell, weights=w, minlength=n_cells)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.bincount(cell, weights=w * y, minlength=n_cells) / big_w
        resid = y - mean[cell]
        lev = w / big_w[cell]
        term = np.where(lev < 1, w * w * resid * resid / (1 - lev), 0.0)
        var = np.bincount(cell, weights=term, minlength=n_cells) / big_w**2
    mean = np.where(n > 0, mean, np.nan)
    var = np.where(n >= 2, var, np.nan)
    return n, big_w, mean, var


def wald_f(
    contrast: np.ndarray,
    mean: np.ndarray,
    var: np.ndarray,
    df: float,
) -> tuple[float, float, int]:
    """HC2 Wald F test that ``contrast @ mean == 0`` for independent cell means.

    Returns ``(F, p, q)`` with ``F = b' (C V C')^-1 b / q`` on ``(q, df)`` degrees of freedom,
    as ``statsmodels`` ``wald_test(..., use_f=True)`` and R ``car::linearHypothesis(test="F")``
    give on an ``lm_robust`` fit. NaN when a cell it needs has no variance.
    """
    contrast = np.atleast_2d(np.asarray(contrast, dtype=float))
    used = np.any(contrast != 0, axis=0)
    q = contrast.shape[0]
    if q == 0 or not np.all(np.isfinite(mean[used]) & np.isfinite(var[used])) or df < 1:
        return np.nan, np.nan, q
    b = contrast[:, used] @ mean[used]
    cov = (contrast[:, used] * var[used]) @ contrast[:, used].T
    try:
        stat = float(b @ np.linalg.solve(cov, b)) / q
    except np.linalg.LinAlgError:
        return np.nan, np.nan, q
    return stat, f_sf(stat, q, df), q


def t_inference(
    est: np.ndarray,
    se: np.ndarray,
    df: np.ndarray,
    alpha: float = 0.05,
) -> dict[str, np.ndarray]:
    """CI and two-sided p from a t distribution (NaN where the SE or df is unusable)."""
    est, se, df = (np.asarray(a, dtype=float) for a in (est, se, df))
    ok = np.isfinite(se) & (se > 0) & np.isfinite(df) & (df >= 1)
    safe_df = np.where(ok, df, 1.0)
    crit = np.where(ok, t_ppf(1 - alpha / 2, safe_df), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(ok, 2 * t_sf(np.abs(est / np.where(ok, se, 1.0)), safe_df), np.nan)
    se = np.where(ok, se, np.nan)
    return {
        "estimate": est,
        "std_error": se,
        "ci_low": est - crit * se,
        "ci_high": est + crit * se,
        "p_value": p,
    }
