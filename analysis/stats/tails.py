"""Tails and quantiles of the t, F, chi-square, normal and hypergeometric laws, and the Wilson
interval, from ``scipy.special`` alone.

Why not ``scipy.stats`` / ``statsmodels``: importing ``scipy.stats`` costs about 0.6 s of a
command-line export (statsmodels' proportion helpers bring it in too), and each call of a
``scipy.stats`` distribution spends ~0.3 ms checking its arguments, which an export pays on
hundreds of small arrays. ``scipy.stats`` computes these very functions with the same
``scipy.special`` routines (``t.ppf`` is ``stdtrit``, ``t.sf`` is ``stdtr`` of ``-x``, ``f.sf``
is ``fdtrc``, ``chi2.sf`` is ``chdtrc``, ``norm.isf`` is ``-ndtri``), so the numbers are the same;
``tests/analysis/test_tails.py`` checks every function here against ``scipy.stats`` and
``statsmodels`` to 1e-10 on random arguments.
"""

from __future__ import annotations

import numpy as np
import scipy.special as sc

try:  # scipy >= 1.13 computes hypergeom.sf / .cdf with these Boost ufuncs
    from scipy.special._ufuncs import _hypergeom_cdf, _hypergeom_sf
except ImportError:  # pragma: no cover - older scipy: its distribution object
    _hypergeom_cdf = _hypergeom_sf = None


def t_ppf(q: np.ndarray | float, df: np.ndarray | float) -> np.ndarray:
    """Quantile of Student's t (``scipy.stats.t.ppf(q, df)``)."""
    return sc.stdtrit(df, q)


def t_sf(x: np.ndarray | float, df: np.ndarray | float) -> np.ndarray:
    """Upper tail of Student's t (``scipy.stats.t.sf(x, df)``)."""
    return sc.stdtr(df, -np.asarray(x, dtype=float))


def f_sf(x: float, dfn: float, dfd: float) -> float:
    """Upper tail of the F law (``scipy.stats.f.sf(x, dfn, dfd)``, also outside the support:
    1 at or below 0, NaN for NaN or degrees of freedom <= 0)."""
    if not (dfn > 0 and dfd > 0) or np.isnan(x):
        return np.nan
    if x <= 0:
        return 1.0
    return float(sc.fdtrc(dfn, dfd, x))


def chi2_sf(x: float, df: float) -> float:
    """Upper tail of the chi-square law (``scipy.stats.chi2.sf(x, df)``)."""
    return float(sc.chdtrc(df, x))


def norm_isf(q: float) -> float:
    """Upper quantile of the standard normal (``scipy.stats.norm.isf(q)``)."""
    return float(-sc.ndtri(q))


def hypergeom_sf(k: np.ndarray, total: np.ndarray, ones: np.ndarray, size: np.ndarray):
    """P(X > k) for X the number of 1s among ``size`` drawn from ``total`` holding ``ones``
    (``scipy.stats.hypergeom.sf(k, total, ones, size)``)."""
    if _hypergeom_sf is None:  # pragma: no cover
        from scipy import stats

        return stats.hypergeom.sf(k, total, ones, size)
    return _hypergeom_law(_hypergeom_sf, k, total, ones, size, upper=True)


def hypergeom_cdf(k: np.ndarray, total: np.ndarray, ones: np.ndarray, size: np.ndarray):
    """P(X <= k), as :func:`hypergeom_sf` (``scipy.stats.hypergeom.cdf``)."""
    if _hypergeom_cdf is None:  # pragma: no cover
        from scipy import stats

        return stats.hypergeom.cdf(k, total, ones, size)
    return _hypergeom_law(_hypergeom_cdf, k, total, ones, size, upper=False)


def _hypergeom_law(fn, k, total, ones, size, *, upper: bool) -> np.ndarray:
    """What ``scipy.stats`` does around the ufunc: 0 or 1 outside the support, NaN for
    impossible parameters."""
    arrays = (np.asarray(a, dtype=float) for a in (k, total, ones, size))
    k, total, ones, size = np.broadcast_arrays(*arrays)
    valid = (total > 0) & (ones >= 0) & (size >= 0) & (ones <= total) & (size <= total)
    valid &= (total == np.floor(total)) & (ones == np.floor(ones)) & (size == np.floor(size))
    low = np.maximum(size - (total - ones), 0)
    high = np.minimum(ones, size)
    inside = valid & (k >= low) & (k < high)
    out = np.full(k.shape, np.nan)
    out[valid] = 0.0
    out[valid & (k < low if upper else k >= high)] = 1.0
    with np.errstate(all="ignore"):
        out[inside] = np.clip(fn(k[inside], ones[inside], size[inside], total[inside]), 0, 1)
    return out


def wilson_interval(
    count: np.ndarray, nobs: np.ndarray, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """``statsmodels.stats.proportion.proportion_confint(count, nobs, alpha, "wilson")``
    (``nobs`` > 0), the same arithmetic in the same order."""
    count = np.asarray(count, dtype=float)
    nobs = np.asarray(nobs, dtype=float)
    q_ = count / nobs
    crit = norm_isf(alpha / 2.0)
    crit2 = crit**2
    denom = 1 + crit2 / nobs
    center = (q_ + crit2 / (2 * nobs)) / denom
    dist = crit * np.sqrt(q_ * (1.0 - q_) / nobs + crit2 / (4.0 * nobs**2))
    dist /= denom
    return np.clip(center - dist, 0, 1), np.clip(center + dist, 0, 1)


def chi2_contingency_pearson(table: np.ndarray) -> tuple[float, float, int]:
    """Pearson chi-square test of independence in a two-way table without continuity
    correction: ``(statistic, p, dof)`` as ``scipy.stats.chi2_contingency(table,
    correction=False)`` (every expected count > 0)."""
    observed = np.asarray(table, dtype=float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True)
    expected = expected / observed.sum()
    dof = expected.size - sum(expected.shape) + expected.ndim - 1
    if dof == 0:
        return 0.0, 1.0, 0
    stat = float(((observed - expected) ** 2 / expected).sum())
    return stat, chi2_sf(stat, dof), int(dof)


def brentq(f, xa: float, xb: float, xtol: float, rtol: float, maxiter: int) -> float:
    """Root of ``f`` in ``[xa, xb]`` (signs differ at the ends) by Brent's method: the steps of
    ``scipy.optimize.brentq`` (its C routine) written out, so the same root to the last bit
    without importing ``scipy.optimize`` (~0.2 s). Returns the last iterate after ``maxiter``."""
    xpre, xcur = float(xa), float(xb)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = float(f(xpre)), float(f(xcur))
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if np.signbit(fpre) == np.signbit(fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and np.signbit(fpre) != np.signbit(fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):  # good short step
                spre, scur = scur, stry
            else:  # bisect
                spre = scur = sbis
        else:  # bisect
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = float(f(xcur))
    return xcur
