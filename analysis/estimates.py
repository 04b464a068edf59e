"""Rates with Wilson CIs and effects against control, for the whole grid, from group sums.

The grid is outcome x issue x response option x subgroup level x prompt. Every cell's rate and
every prompt's effect against the control comes from counts per group, so the whole grid costs a
few ``np.bincount`` calls instead of one model fit per cell.

Why a closed form and not one ``smf.ols`` per cell: for OLS of a 0/1 outcome on prompt dummies
(a saturated model), the HC2 variance of a prompt coefficient is the Neyman variance
``s2_t / n_t + s2_c / n_c`` (unbiased group variances), and R ``estimatr::lm_robust`` uses a t
distribution with N - K degrees of freedom. ``tests/analysis/test_estimates.py`` checks this
against ``statsmodels`` (``cov_type="HC2", use_t=True``) and against values made in R.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analysis.prepare import NO_OPINION, OPPOSE, SUPPORT, Prepared

COLUMNS = ["kind", "outcome", "issue", "prompt", "option", "subgroup", "level", "n",
           "estimate", "std_error", "ci_low", "ci_high", "p_value", "p_adjusted", "method"]
OUTCOMES = ("opt_out", "no_opinion", "support")
ALPHA = 0.05


@dataclass(frozen=True)
class OutcomeSpec:
    """One 0/1 outcome over its eligible population."""

    outcome: str
    issue: str
    option: str
    eligible: np.ndarray  # bool per respondent
    y: np.ndarray  # 0/1 per respondent (only read where eligible)


def outcome_specs(prep: Prepared) -> Iterator[OutcomeSpec]:
    """Every outcome the dashboard reports, with who counts in its denominator.

    * ``opt_out``, issue ``all``: among those offered the exit, the share who left at any point;
      per issue: among those offered the exit who reached the issue, the share who left there
      (needs the exit position).
    * ``no_opinion``: among those offered "no opinion" who answered the issue, the share who chose
      it; issue ``all``: the share who chose it at least once.
    * ``support``: among substantive answers (support or oppose), the share supporting, in each
      response-option cell (in exit cells only those who stayed answer: not a causal comparison).
    """
    f = prep.frame
    m = prep.mapping
    option = f["option"].to_numpy(dtype=object)
    if "exit" in m.option_keys:
        exit_cell = option == "exit"
        exited = np.nan_to_num(f["exited"].to_numpy(dtype=float))
        yield OutcomeSpec("opt_out", "all", "exit", exit_cell, exited)
        if m.exit_position:
            pos = f["exit_pos"].to_numpy(dtype=float)
            for j, issue in enumerate(m.issues, start=1):
                reached = exit_cell & (np.isnan(pos) | (pos >= j))
                yield OutcomeSpec("opt_out", issue.key, "exit", reached, (pos == j).astype(float))
    if "no_opinion" in m.option_keys:
        no_cell = option == "no_opinion"
        answered_any = np.zeros(len(f), dtype=bool)
        any_no = np.zeros(len(f), dtype=bool)
        for issue in m.issues:
            ans = f[f"ans_{issue.key}"].to_numpy(dtype=float)
            answered = ~np.isnan(ans)
            answered_any |= answered
            any_no |= ans == NO_OPINION
            yield OutcomeSpec("no_opinion", issue.key, "no_opinion", no_cell & answered,
                              (ans == NO_OPINION).astype(float))
        yield OutcomeSpec("no_opinion", "all", "no_opinion", no_cell & answered_any,
                          any_no.astype(float))
    for opt in m.option_keys:
        cell = option == opt
        for issue in m.issues:
            ans = f[f"ans_{issue.key}"].to_numpy(dtype=float)
            substantive = (ans == SUPPORT) | (ans == OPPOSE)
            yield OutcomeSpec("support", issue.key, opt, cell & substantive,
                              (ans == SUPPORT).astype(float))


def subgroup_codes(prep: Prepared) -> Iterator[tuple[str, list[str], np.ndarray]]:
    """``("all", ["all"], zeros)`` then, per subgroup, its level keys and a level index per row
    (-1 where the level is missing)."""
    n = len(prep.frame)
    yield "all", ["all"], np.zeros(n, dtype=np.int64)
    for key, levels in prep.subgroup_levels:
        level_keys = [k for k, _ in levels]
        lookup = {k: i for i, k in enumerate(level_keys)}
        values = prep.frame[f"sg_{key}"]
        codes = values.map(lookup).fillna(-1).to_numpy(dtype=np.int64)
        yield key, level_keys, codes


def wilson(k: np.ndarray, n: np.ndarray, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval without continuity correction (R ``prop.test(correct=FALSE)``),
    clipped to [0, 1]; NaN where n is 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    safe_n = np.where(n > 0, n, 1.0)
    low, high = proportion_confint(k, safe_n, alpha=alpha, method="wilson")
    # At k = 0 (k = n) the exact Wilson bound is 0 (1); floating point leaves ~1e-18 off.
    low = np.where(k == 0, 0.0, low)
    high = np.where(k == n, 1.0, high)
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high


def neyman_effects(
    n_t: np.ndarray, k_t: np.ndarray, n_c: np.ndarray, k_c: np.ndarray, df: np.ndarray,
    alpha: float = ALPHA,
) -> dict[str, np.ndarray]:
    """Difference in proportions with the HC2 (= Neyman) standard error and a t test on df.

    Matches ``smf.ols("y ~ C(prompt)").fit(cov_type="HC2", use_t=True)`` for a 0/1 outcome,
    where df = N - K of the whole model. NaN where a group has fewer than 2 respondents.
    """
    n_t, k_t, n_c, k_c, df = (np.asarray(a, dtype=float) for a in (n_t, k_t, n_c, k_c, df))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_t = k_t / n_t
        p_c = k_c / n_c
        var_t = p_t * (1 - p_t) / (n_t - 1)  # = s2_t / n_t with s2 = n p (1 - p) / (n - 1)
        var_c = p_c * (1 - p_c) / (n_c - 1)
        ok = (n_t >= 2) & (n_c >= 2) & (df >= 1)
        est = np.where((n_t > 0) & (n_c > 0), p_t - p_c, np.nan)
        se = np.where(ok, np.sqrt(var_t + var_c), np.nan)
        crit = np.where(ok, stats.t.ppf(1 - alpha / 2, np.where(ok, df, 1)), np.nan)
        tval = np.where(se > 0, est / se, np.nan)
        p = np.where(se > 0, 2 * stats.t.sf(np.abs(tval), np.where(ok, df, 1)), np.nan)
    return {"estimate": est, "std_error": se, "ci_low": est - crit * se,
            "ci_high": est + crit * se, "p_value": p}


def grid_estimates(prep: Prepared, alpha: float = ALPHA) -> pd.DataFrame:
    """Rates and effects vs control for every outcome, issue, option, subgroup level and prompt.

    Returns a tidy frame with the CLI columns (:data:`COLUMNS`): ``kind`` is ``rate`` (method
    ``wilson``) or ``effect`` (method ``ols_hc2``); proportions, not percent.

    Examples
    --------
    >>> from analysis.data import load_embedded
    >>> grid = grid_estimates(load_embedded())
    >>> row = grid.query("kind == 'effect' and outcome == 'opt_out' and issue == 'all' "
    ...                  "and prompt == 'government' and subgroup == 'all'")
    >>> round(float(row["estimate"].iloc[0]), 3)
    0.08
    """
    prompts = list(prep.mapping.prompt_keys)
    n_p = len(prompts)
    prompt_code = pd.Series(prep.frame["prompt"]).map({p: i for i, p in enumerate(prompts)})
    prompt_code = prompt_code.to_numpy(dtype=np.int64)
    rate_parts: list[pd.DataFrame] = []
    effect_parts: list[pd.DataFrame] = []
    subgroups = list(subgroup_codes(prep))
    for spec in outcome_specs(prep):
        y = spec.y
        for sub_key, level_keys, level_code in subgroups:
            n_l = len(level_keys)
            mask = spec.eligible & (level_code >= 0)
            idx = level_code[mask] * n_p + prompt_code[mask]
            n = np.bincount(idx, minlength=n_l * n_p).reshape(n_l, n_p).astype(float)
            k = np.bincount(idx, weights=y[mask], minlength=n_l * n_p).reshape(n_l, n_p)
            low, high = wilson(k, n, alpha)
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = np.where(n > 0, k / n, np.nan)
                se = np.where(n > 0, np.sqrt(rate * (1 - rate) / n), np.nan)
            rate_parts.append(pd.DataFrame({
                "outcome": spec.outcome, "issue": spec.issue, "option": spec.option,
                "subgroup": sub_key, "level": np.repeat(level_keys, n_p),
                "prompt": np.tile(prompts, n_l), "n": n.ravel(), "estimate": rate.ravel(),
                "std_error": se.ravel(), "ci_low": low.ravel(), "ci_high": high.ravel(),
            }))
            n_groups = (n > 0).sum(axis=1)
            df = n.sum(axis=1) - n_groups
            treated_n = n[:, 1:]
            res = neyman_effects(treated_n, k[:, 1:], np.repeat(n[:, :1], n_p - 1, axis=1),
                                 np.repeat(k[:, :1], n_p - 1, axis=1),
                                 np.repeat(df[:, None], n_p - 1, axis=1), alpha)
            effect_parts.append(pd.DataFrame({
                "outcome": spec.outcome, "issue": spec.issue, "option": spec.option,
                "subgroup": sub_key, "level": np.repeat(level_keys, n_p - 1),
                "prompt": np.tile(prompts[1:], n_l),
                "n": (treated_n + n[:, :1]).ravel(),
                **{name: v.ravel() for name, v in res.items()},
            }))
    rates = pd.concat(rate_parts, ignore_index=True)
    rates["kind"] = "rate"
    rates["method"] = "wilson"
    rates["p_value"] = np.nan
    effects = pd.concat(effect_parts, ignore_index=True)
    effects["kind"] = "effect"
    effects["method"] = "ols_hc2"
    out = pd.concat([rates, effects], ignore_index=True)
    out["p_adjusted"] = np.nan
    out["n"] = out["n"].astype(np.int64)
    return out[COLUMNS]
