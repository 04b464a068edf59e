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


# R's phyper (nmath/phyper.c, dhyper.c, dbinom.c, stirlerr.c, bd0.c), vectorised: the
# hypergeometric tails from one density at the tail's end (Loader's saddle-point form, accurate
# to a few units in the last place) and a recurrence over the tail's terms. Why not
# hypergeom_sf / hypergeom_cdf: scipy's Boost routine evaluates each density by a product over
# every prime up to the population size when it is at most 104,729, ~0.1 ms a call at 50,000:
# an export's ~4,000 tails at a million rows took ~0.27 s, these ~0.03 s. The two agree to
# ~1e-13 (tests/analysis/test_tails.py; R's own phyper is the reference of test_permutation).
_LN_2PI = float(np.log(2 * np.pi))
_LN_SQRT_2PI = _LN_2PI / 2


def _stirlerr(n: np.ndarray) -> np.ndarray:
    """log(n!) - log(sqrt(2 pi n) (n / e)^n), n >= 1: the series for n > 15 (as R), lgamma
    below (an absolute error of ~1e-15, which is all that the log-density needs)."""
    n = np.asarray(n, dtype=float)
    out = np.empty_like(n)
    small = n <= 15
    ns = n[small]
    with np.errstate(divide="ignore", invalid="ignore"):
        out[small] = sc.gammaln(ns + 1) - (ns + 0.5) * np.log(ns) + ns - _LN_SQRT_2PI
        nl = n[~small]
        nn = nl * nl
        s0, s1, s2, s3, s4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
        out[~small] = np.select(
            [nl > 500, nl > 80, nl > 35],
            [
                (s0 - s1 / nn) / nl,
                (s0 - (s1 - s2 / nn) / nn) / nl,
                (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / nl,
            ],
            (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / nl,
        )
    return out


def _bd0(x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """x log(x / m) + m - x, by its series where x is near m (R's bd0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(x / m) + m - x
        near = np.isfinite(x) & np.isfinite(m) & (np.abs(x - m) < 0.1 * (x + m))
    if near.any():
        xn, mn = x[near], m[near]
        v = (xn - mn) / (xn + mn)
        s = (xn - mn) * v
        ej = 2 * xn * v
        v2 = v * v
        done = np.zeros(len(xn), dtype=bool)
        for j in range(1, 1000):  # |v| < 0.1: a handful of terms
            ej = ej * v2
            s1 = s + ej / (2 * j + 1)
            converged = s1 == s
            s = np.where(done, s, s1)
            done |= converged
            if done.all():
                break
        out[near] = s
    return out


def _dbinom_raw(x: np.ndarray, n: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The binomial density at x (R's dbinom_raw: q = 1 - p given separately)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lc = _stirlerr(n) - _stirlerr(x) - _stirlerr(n - x) - _bd0(x, n * p) - _bd0(n - x, n * q)
        lf = _LN_2PI + np.log(x) + np.log1p(-x / n)
        general = np.exp(lc - 0.5 * lf)
        at_zero = np.exp(np.where(p < 0.1, -_bd0(n, n * q) - n * p, n * np.log(q)))
        at_n = np.exp(np.where(q < 0.1, -_bd0(n, n * p) - n * q, n * np.log(p)))
    out = np.where(x == 0, at_zero, np.where(x == n, at_n, general))
    out = np.where((x < 0) | (x > n), 0.0, out)
    out = np.where((n == 0) & (x == 0), 1.0, out)
    out = np.where(p == 0, (x == 0).astype(float), out)
    return np.where(q == 0, (x == n).astype(float), out)


def _dhyper(x: np.ndarray, r: np.ndarray, b: np.ndarray, n: np.ndarray) -> np.ndarray:
    """P(X = x): x 1s among n drawn from r 1s and b 0s (R's dhyper; x inside the support)."""
    total = r + b
    p, q = n / total, (total - n) / total
    p1 = _dbinom_raw(x, r, p, q)
    p2 = _dbinom_raw(n - x, b, p, q)
    p3 = _dbinom_raw(n, total, p, q)
    return p1 * p2 / p3


def _pdhyper(x: np.ndarray, r: np.ndarray, b: np.ndarray, n: np.ndarray) -> np.ndarray:
    """P(X <= x) / P(X = x), summed down from x until the terms stop counting (R's pdhyper,
    in long double as R does)."""
    x = x.astype(float)  # a copy: counted down
    term = np.ones(len(x), dtype=np.longdouble)
    total = np.zeros(len(x), dtype=np.longdouble)
    eps = np.finfo(float).eps
    active = np.flatnonzero(x > 0)
    while len(active):
        xa = x[active]
        ratio = xa * (b[active] - n[active] + xa) / (n[active] + 1 - xa) / (r[active] + 1 - xa)
        term[active] *= ratio
        total[active] += term[active]
        x[active] = xa - 1
        keep = (xa - 1 > 0) & (term[active] >= eps * total[active])
        active = active[keep]
    return (1 + total).astype(float)


def phyper(
    x: np.ndarray, ones: np.ndarray, zeros: np.ndarray, size: np.ndarray, *, lower_tail: bool
) -> np.ndarray:
    """P(X <= x) (``lower_tail``) or P(X > x) for X the number of 1s among ``size`` drawn from
    ``ones`` 1s and ``zeros`` 0s: R ``phyper(x, ones, zeros, size, lower.tail)``. Parameters are
    whole numbers >= 0 with ``size <= ones + zeros`` (not checked)."""
    arrays = (np.asarray(a, dtype=float) for a in (x, ones, zeros, size))
    x, r, b, n = (a.ravel() for a in np.broadcast_arrays(*arrays))
    shape = np.broadcast_shapes(*(np.shape(a) for a in (x, r, b, n)))
    x = np.floor(x + 1e-7)
    # Sum the smaller side: past the mean, the other tail of the swapped law.
    swap = x * (r + b) > n * r
    r, b = np.where(swap, b, r), np.where(swap, r, b)
    x = np.where(swap, n - x - 1, x)
    lower = np.where(swap, not lower_tail, lower_tail)
    below = (x < 0) | (x < n - b)  # no mass at or below x
    above = ~below & ((x >= r) | (x >= n))  # all the mass
    inside = np.flatnonzero(~below & ~above)
    value = np.zeros(len(x))
    value[above] = 1.0
    xi, ri, bi, ni = x[inside], r[inside], b[inside], n[inside]
    value[inside] = _dhyper(xi, ri, bi, ni) * _pdhyper(xi, ri, bi, ni)
    out = np.where(lower, value, 0.5 - value + 0.5)
    return out.reshape(shape)
