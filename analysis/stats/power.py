"""Power for a follow-up study of two proportions (statsmodels ``NormalIndPower``).

Convention: the effect size is Cohen's h, ``2 asin(sqrt(p2)) - 2 asin(sqrt(p1))`` (the
arcsine transformation), with a two-sided normal test; this is R ``pwr::pwr.2p.test`` /
``pwr.2p2n.test``, not ``power.prop.test`` (which uses the unpooled normal approximation on the
raw scale and gives slightly different n). ``tests/r/statistics_reference.R`` checks the numbers.

* :func:`n_per_arm`: respondents needed in each arm to detect ``baseline -> baseline + effect``.
* :func:`minimum_detectable_effect`: the smallest increase (in proportion points) detectable
  with ``n`` per arm (``ratio`` = treated / control size).
* :func:`mde_rows`: for the CLI, the MDE of each prompt-vs-control comparison of the loaded data
  at alpha 0.05 and power 0.8 (``kind = mde``, ``method = power_cohen_h``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from analysis.stats.estimates import COLUMNS
from analysis.stats.tails import brentq

ALPHA = 0.05
POWER = 0.8
METHOD = "power_cohen_h"


def _power(h: float, n: float, alpha: float, ratio: float) -> float:
    """statsmodels ``NormalIndPower().power(h, n, alpha, ratio, alternative="two-sided")``
    written out with the same operations (``tests/analysis/test_power.py`` checks it).

    Why not statsmodels itself: the root finders call it ~20 times per MDE, and each call costs
    ~0.3 ms of argument checking in scipy's distribution objects; an export needs ~70 MDEs.
    """
    nobs = 1.0 / (1.0 / n + 1.0 / (n * ratio)) if ratio > 0 else n
    crit = -ndtri(alpha / 2.0)  # norm.isf(alpha / 2); norm.ppf(alpha / 2) is -crit
    shift = h * math.sqrt(nobs)
    return float(ndtr(-(crit - shift)) + ndtr(-crit - shift))  # norm.sf + norm.cdf


def proportion_effectsize(prop1: float, prop2: float) -> float:
    """Cohen's h (statsmodels ``proportion_effectsize(prop1, prop2)``, its formula; the import
    of statsmodels' proportion module alone costs a command-line export ~0.1 s)."""
    return float(2 * (np.arcsin(np.sqrt(prop1)) - np.arcsin(np.sqrt(prop2))))


def _solve(f: Callable[[float], float], low: float, high: float) -> float:
    """Root of the power equation (``solve_power`` stops at a looser tolerance than R)."""
    if f(low) * f(high) > 0:
        return math.nan
    return brentq(f, low, high, 1e-13, 1e-15, 500)


def n_per_arm(
    baseline: float, effect: float, alpha: float = ALPHA, power: float = POWER, ratio: float = 1.0
) -> float:
    """Control-arm size needed (the treated arm has ``ratio`` times as many).

    Examples
    --------
    >>> round(n_per_arm(0.06, 0.08), 1)
    212.1
    """
    target = baseline + effect
    if not (0 < baseline < 1 and 0 < target < 1) or effect == 0:
        return math.nan
    h = abs(float(proportion_effectsize(target, baseline)))
    return _solve(lambda n: _power(h, n, alpha, ratio) - power, 1.0, 1e9)


def minimum_detectable_effect(
    baseline: float, n: float, alpha: float = ALPHA, power: float = POWER, ratio: float = 1.0
) -> float:
    """Smallest increase over ``baseline`` detectable with ``n`` in the control arm.

    Examples
    --------
    >>> round(minimum_detectable_effect(0.06, 752), 4)
    0.0388
    """
    if not 0 < baseline < 1 or n < 2:
        return math.nan
    h = _solve(lambda h: _power(h, n, alpha, ratio) - power, 1e-9, math.pi)
    angle = math.asin(math.sqrt(baseline)) + h / 2
    return math.sin(angle) ** 2 - baseline if angle < math.pi / 2 else math.nan


def mde_rows(
    grid: pd.DataFrame, control: str, alpha: float = ALPHA, power: float = POWER
) -> pd.DataFrame:
    """MDE of every prompt-vs-control comparison for everyone (``subgroup = all``)."""
    keys = ["outcome", "issue", "option"]
    rates = grid[
        (grid["kind"] == "rate") & (grid["method"] == "wilson") & (grid["subgroup"] == "all")
    ]
    base = rates[rates["prompt"] == control][[*keys, "estimate", "n"]]
    treated = rates[rates["prompt"] != control][[*keys, "prompt", "n"]]
    joined = treated.merge(base, on=keys, suffixes=("", "_c"))
    est = [
        minimum_detectable_effect(b, nc, alpha, power, nt / nc if nc else 1.0)
        for b, nc, nt in zip(joined["estimate"], joined["n_c"], joined["n"], strict=True)
    ]
    out = joined[[*keys, "prompt"]].assign(
        kind="mde",
        subgroup="all",
        level="all",
        n=(joined["n"] + joined["n_c"]).astype(np.int64),
        estimate=est,
        std_error=np.nan,
        ci_low=np.nan,
        ci_high=np.nan,
        p_value=np.nan,
        p_adjusted=np.nan,
        method=METHOD,
    )
    return out[COLUMNS].reset_index(drop=True)


def n_curve(
    baseline: float, effects: np.ndarray, alpha: float = ALPHA, power: float = POWER
) -> pd.DataFrame:
    """n per arm for each effect (in proportion points) over a baseline, for a chart."""
    effects = np.asarray(effects, dtype=float)
    return pd.DataFrame(
        {"effect": effects, "n_per_arm": [n_per_arm(baseline, e, alpha, power) for e in effects]}
    )
