"""The baseline the grid is measured against: one statsmodels fit per cell.

For every outcome, issue, option and subgroup level: ``smf.ols("y ~ C(prompt)")`` with
``cov_type="HC2", use_t=True`` for the effects against control, and ``proportion_confint``
(Wilson) for each prompt's rate. Same populations (:func:`analysis.stats.estimates.outcome_specs`),
same
conventions as :func:`analysis.stats.estimates.grid_estimates` (NaN standard error where a group has
fewer than 2 respondents), same rows in the same order: ``tests/analysis/test_grid_fast.py``
checks that the two agree to 1e-10.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.proportion import proportion_confint

from analysis.stats.estimates import ALPHA, COLUMNS, OutcomeSpec, outcome_specs, subgroup_codes
from analysis.study.prepare import Prepared

Cell = tuple[OutcomeSpec, str, str, np.ndarray]  # spec, subgroup, level, row mask


def naive_cells(prep: Prepared) -> Iterator[Cell]:
    """Every (outcome spec, subgroup level) cell, in the grid's order, with its rows."""
    subgroups = list(subgroup_codes(prep))
    for spec in outcome_specs(prep):
        for sub_key, level_keys, level_code in subgroups:
            for i, level in enumerate(level_keys):
                yield spec, sub_key, level, spec.eligible & (level_code == i)


def _rates(
    spec: OutcomeSpec,
    sub: str,
    level: str,
    y: np.ndarray,
    prompt: np.ndarray,
    prompts: list[str],
    alpha: float,
) -> list[dict]:
    rows = []
    for p in prompts:
        yp = y[prompt == p]
        n, k = len(yp), float(yp.sum())
        if n > 0:
            low, high = proportion_confint(k, n, alpha=alpha, method="wilson")
            rate = k / n
            low, high = (
                0.0 if k == 0 else min(max(low, 0.0), 1.0),
                1.0 if k == n else min(max(high, 0.0), 1.0),
            )
            se = np.sqrt(rate * (1 - rate) / n)
        else:
            rate = se = low = high = np.nan
        rows.append(
            {
                "kind": "rate",
                "outcome": spec.outcome,
                "issue": spec.issue,
                "prompt": p,
                "option": spec.option,
                "subgroup": sub,
                "level": level,
                "n": n,
                "estimate": rate,
                "std_error": se,
                "ci_low": low,
                "ci_high": high,
                "p_value": np.nan,
                "p_adjusted": np.nan,
                "method": "wilson",
            }
        )
    return rows


def _effects(
    spec: OutcomeSpec,
    sub: str,
    level: str,
    y: np.ndarray,
    prompt: np.ndarray,
    prompts: list[str],
    alpha: float,
) -> list[dict]:
    control = prompts[0]
    n_of = {p: int((prompt == p).sum()) for p in prompts}
    formula = f"y ~ C(prompt, Treatment({control!r}))"
    fit = fit_se = None
    if n_of[control] >= 1 and len(y) > n_of[control]:
        frame = pd.DataFrame({"y": y, "prompt": prompt})
        fit = fit_se = smf.ols(formula, data=frame).fit(cov_type="HC2", use_t=True)
        # A one-person arm has leverage 1: statsmodels' HC2 is then 0/0 for every coefficient,
        # while R estimatr::lm_robust (our reference) gives the other arms the SE they have
        # without it. Dropping that arm changes neither N - K nor the other coefficients.
        single = [p for p, v in n_of.items() if v == 1 and p != control]
        if single and n_of[control] >= 2 and len(y) - len(single) > n_of[control]:
            keep = ~np.isin(prompt, single)
            fit_se = smf.ols(formula, data=frame[keep]).fit(cov_type="HC2", use_t=True)
    rows = []
    for p in prompts[1:]:
        term = f"C(prompt, Treatment({control!r}))[T.{p}]"
        est = se = low = high = pval = np.nan
        if fit is not None and n_of[p] > 0:
            est = float(fit.params[term])
            if n_of[p] >= 2 and n_of[control] >= 2:
                ci = fit_se.conf_int(alpha=alpha)
                se, low, high = float(fit_se.bse[term]), ci.loc[term, 0], ci.loc[term, 1]
                # Both groups constant: the SE is 0 and statsmodels' p-value is rounding noise.
                pval = float(fit_se.pvalues[term]) if se > 1e-12 else np.nan
        rows.append(
            {
                "kind": "effect",
                "outcome": spec.outcome,
                "issue": spec.issue,
                "prompt": p,
                "option": spec.option,
                "subgroup": sub,
                "level": level,
                "n": n_of[p] + n_of[control],
                "estimate": est,
                "std_error": se,
                "ci_low": low,
                "ci_high": high,
                "p_value": pval,
                "p_adjusted": np.nan,
                "method": "ols_hc2",
            }
        )
    return rows


def naive_grid(
    prep: Prepared, cells: list[Cell] | None = None, alpha: float = ALPHA
) -> pd.DataFrame:
    """The grid by one model fit per cell (all cells, or the ``cells`` given)."""
    prompts = list(prep.mapping.prompt_keys)
    prompt_all = prep.frame["prompt"].to_numpy(dtype=object)
    rates: list[dict] = []
    effects: list[dict] = []
    for spec, sub, level, mask in naive_cells(prep) if cells is None else cells:
        y, prompt = spec.y[mask], prompt_all[mask]
        rates += _rates(spec, sub, level, y, prompt, prompts, alpha)
        with np.errstate(divide="ignore", invalid="ignore"):  # HC2 at leverage 1: see above
            effects += _effects(spec, sub, level, y, prompt, prompts, alpha)
    out = pd.DataFrame(rates + effects, columns=COLUMNS)
    out["n"] = out["n"].astype(np.int64)
    return out
