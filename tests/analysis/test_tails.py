"""The scipy.special forms in analysis.stats.tails give scipy.stats' and statsmodels' numbers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint, proportion_effectsize

from analysis.stats import power, tails

RNG_SEED = 20240611


def close(ours, theirs) -> bool:
    return np.allclose(ours, theirs, rtol=1e-10, atol=1e-10, equal_nan=True)


def test_t_quantile_and_tail_equal_scipy_stats() -> None:
    rng = np.random.default_rng(RNG_SEED)
    df = np.concatenate([rng.integers(1, 50, 200), rng.uniform(1, 2e6, 200)])
    q = rng.uniform(0.5, 0.9999, len(df))
    x = np.concatenate([rng.normal(0, 3, len(df) - 3), [np.nan, np.inf, 0.0]])
    assert close(tails.t_ppf(q, df), stats.t.ppf(q, df))
    assert close(tails.t_sf(x, df), stats.t.sf(x, df))


def test_f_tail_equals_scipy_stats_also_outside_its_support() -> None:
    rng = np.random.default_rng(RNG_SEED + 1)
    for _ in range(300):
        x = float(rng.choice([rng.exponential(3), 0.0, -1.0, np.nan, np.inf]))
        dfn = float(rng.integers(1, 20))
        dfd = float(rng.choice([rng.integers(1, 100), rng.uniform(1, 1e6), 0.0]))
        assert close(tails.f_sf(x, dfn, dfd), stats.f.sf(x, dfn, dfd))


def test_normal_and_chi2_equal_scipy_stats() -> None:
    rng = np.random.default_rng(RNG_SEED + 2)
    for q in rng.uniform(1e-6, 0.5, 100):
        assert close(tails.norm_isf(q), stats.norm.isf(q))
    for x, df in zip(rng.exponential(10, 100), rng.integers(1, 30, 100), strict=True):
        assert close(tails.chi2_sf(x, df), stats.chi2.sf(x, df))


def random_hypergeometric(seed: int) -> tuple[np.ndarray, ...]:
    """2,000 random (k, population, ones, draws), populations up to 2 million; some k off the
    support."""
    rng = np.random.default_rng(seed)
    total = rng.integers(1, 2_000_000, 2000)
    ones = (total * rng.uniform(0, 1, len(total))).astype(np.int64)
    size = (total * rng.uniform(0, 1, len(total))).astype(np.int64)
    k = (size * rng.uniform(-0.2, 1.2, len(total))).astype(np.int64)
    return k, total, ones, size


def test_hypergeometric_tails_equal_scipy_stats() -> None:
    k, total, ones, size = random_hypergeometric(RNG_SEED + 3)
    # and impossible parameters: scipy gives NaN
    total[:5], ones[5:10] = 0, total[5:10] + 1
    assert close(tails.hypergeom_sf(k, total, ones, size), stats.hypergeom.sf(k, total, ones, size))
    assert close(
        tails.hypergeom_cdf(k, total, ones, size), stats.hypergeom.cdf(k, total, ones, size)
    )


def test_wilson_interval_equals_statsmodels() -> None:
    rng = np.random.default_rng(RNG_SEED + 4)
    n = rng.integers(1, 1_000_000, 500).astype(float)
    k = np.floor(n * rng.uniform(0, 1, len(n)))
    k[:20], k[20:40] = 0, n[20:40]
    for alpha in (0.05, 0.01, 0.1):
        low, high = tails.wilson_interval(k, n, alpha)
        ref_low, ref_high = proportion_confint(k, n, alpha=alpha, method="wilson")
        assert close(low, ref_low)
        assert close(high, ref_high)


def test_pearson_chi_square_equals_scipy_stats() -> None:
    rng = np.random.default_rng(RNG_SEED + 5)
    for _ in range(200):
        shape = tuple(rng.integers(1, 6, 2))
        table = rng.integers(1, 500, shape).astype(float)
        stat, p, dof = tails.chi2_contingency_pearson(table)
        ref = stats.chi2_contingency(table, correction=False)
        assert close(stat, ref[0])
        assert close(p, ref[1])
        assert dof == ref[2]


def test_cohens_h_equals_statsmodels() -> None:
    rng = np.random.default_rng(RNG_SEED + 6)
    for a, b in rng.uniform(0, 1, (200, 2)):
        assert close(power.proportion_effectsize(a, b), proportion_effectsize(a, b))


def test_brent_root_equals_scipy_optimize() -> None:
    rng = np.random.default_rng(RNG_SEED + 7)
    for _ in range(300):
        a, b, c = rng.normal(0, 2, 3)
        low, high = sorted(rng.uniform(-5, 5, 2))

        def f(x, a=a, b=b, c=c):
            return np.tanh(a * x + b) + 0.3 * c

        if f(low) * f(high) >= 0:
            continue
        ours = tails.brentq(f, low, high, 1e-13, 1e-15, 500)
        assert close(ours, optimize.brentq(f, low, high, xtol=1e-13, rtol=1e-15, maxiter=500))


def test_brent_root_rejects_an_interval_without_a_sign_change() -> None:
    with pytest.raises(ValueError):
        tails.brentq(lambda x: x * x + 1, -1.0, 1.0, 1e-13, 1e-15, 500)


def test_the_export_does_not_import_scipy_stats_or_statsmodels() -> None:
    code = (
        "import sys, analysis.__main__, analysis.stats.report; "
        "print(sorted(m for m in sys.modules if m.startswith(('scipy.stats', 'statsmodels'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _exact_cdf(k: int, total: int, ones: int, size: int) -> float:
    """P(X <= k) in exact rational arithmetic."""
    from fractions import Fraction
    from math import comb

    mass = sum(comb(ones, i) * comb(total - ones, size - i) for i in range(0, k + 1))
    return float(Fraction(mass, comb(total, size)))


@pytest.mark.parametrize(
    ("total", "ones", "size", "k"),
    [
        (30, 12, 10, 3),
        (400, 150, 200, 80),  # beyond 170!: another path of scipy's routine
        (5000, 1200, 2000, 470),
        (5000, 1200, 2000, 490),  # past the mean: the other tail is summed
        (298858, 13795, 17, 2),  # a large population, a small draw
        (20000, 9000, 10000, 4300),
    ],
)
def test_phyper_equals_exact_rational_arithmetic(total, ones, size, k) -> None:
    exact = _exact_cdf(k, total, ones, size)
    lower = tails.phyper(np.array([k]), ones, total - ones, size, lower_tail=True)[0]
    upper = tails.phyper(np.array([k]), ones, total - ones, size, lower_tail=False)[0]
    assert lower == pytest.approx(exact, rel=1e-13)
    assert upper == pytest.approx(1 - exact, rel=1e-12, abs=1e-15)


def test_phyper_equals_scipy_stats_on_random_arguments() -> None:
    k, total, ones, size = random_hypergeometric(RNG_SEED + 4)
    for lower_tail, theirs in ((True, stats.hypergeom.cdf), (False, stats.hypergeom.sf)):
        ours = tails.phyper(k, ones, total - ones, size, lower_tail=lower_tail)
        # scipy's own error at populations of millions is ~1e-11 (against exact arithmetic)
        np.testing.assert_allclose(ours, theirs(k, total, ones, size), rtol=1e-9, atol=1e-10)
