"""Covariate-adjusted effects (Lin 2013): centred covariates fully interacted with the prompt.

For each outcome (and each level of each subgroup) the model is ``y ~ prompt + Xc + prompt:Xc``
with ``Xc`` the mapping's ``[adjustment] covariates`` centred on their mean in the estimation
sample (complete cases in that level), fitted by OLS with HC2 standard errors and t on N - K df:
R ``estimatr::lm_lin(y ~ prompt, covariates = ~ x1 + x2, se_type = "HC2")`` on the rows of the
level. The prompt coefficients are the adjusted effects against the control. Rows: ``kind =
effect``, ``method = lin_hc2``, every subgroup level; ``n`` counts the complete cases in the
control and the treated group.

Why no model is fitted on the whole design matrix: fully interacted with the prompt, the model
separates by arm. Its design is block-diagonal (one block ``[1, x - xbar]`` per arm), so each
arm's coefficients are a least-squares fit on a few columns, ``(Z_p'Z_p)^-1`` gives every
leverage ``h_i = z_i' (Z_p'Z_p)^-1 z_i``, the HC2 meat is block-diagonal too, and the effect of
arm p is ``a_p - a_0`` (the arms' intercepts at the centre) with variance ``V_p + V_0``,
``V_p = sum_i ((Z_p'Z_p)^-1 z_i)_0^2 e_i^2 / (1 - h_i)``. Respondents with the same covariate
values, arm and level share ``z_i``, ``h_i`` and the fitted value, so for a 0/1 outcome the sums
need only their count and their number of 1s: a million rows collapse to a few thousand groups
(``tests/analysis/test_adjusted.py`` checks this against statsmodels to 1e-10 and R).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.stats.estimates import (
    ALPHA,
    COLUMNS,
    _strata,
    outcome_specs,
    subgroup_codes,
)
from analysis.stats.hc2 import t_inference
from analysis.study.prepare import Prepared

METHOD = "lin_hc2"
MAX_CONDITION = 1e12  # an arm's Z'Z worse than this: its covariates are collinear (no estimate)


def lin_design(prompt_code: np.ndarray, covariates: np.ndarray, n_prompts: int) -> np.ndarray:
    """The Lin design matrix: intercept, prompt dummies (1..P-1), centred covariates and every
    dummy x centred covariate product (the column order of ``estimatr::lm_lin``)."""
    covariates = np.asarray(covariates, dtype=float).reshape(len(prompt_code), -1)
    centred = covariates - covariates.mean(axis=0)
    dummies = np.column_stack([(prompt_code == p).astype(float) for p in range(1, n_prompts)])
    inter = [dummies[:, [j]] * centred for j in range(dummies.shape[1])]
    return np.column_stack([np.ones(len(prompt_code)), dummies, centred, *inter])


def lin_grouped(
    count: np.ndarray,
    sum_y: np.ndarray,
    sum_yy: np.ndarray,
    covariates: np.ndarray,
    arm: np.ndarray,
    n_prompts: int,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lin's adjusted effects of arms 1..P-1 vs arm 0 and their HC2 SEs, from groups of
    respondents who share covariate values and arm (a group may be one respondent).

    ``count``, ``sum_y`` and ``sum_yy`` are each group's size and sums of y and y^2;
    ``covariates`` one row per group. Returns ``(estimate, std_error, df)``; NaN when an arm's
    covariates are collinear. Covariates constant in the sample are dropped (R gives NA).
    """
    count = np.asarray(count, dtype=float)
    x = np.asarray(covariates, dtype=float).reshape(len(count), -1)
    nan = np.full(n_prompts - 1, np.nan)
    # Rescaling a covariate leaves the effect unchanged and keeps huge values finite.
    scale = np.abs(x).max(axis=0) if len(x) else np.ones(x.shape[1])
    x = x / np.where(scale > 0, scale, 1.0)
    if not np.isfinite(x).all():
        return nan, nan, np.nan
    x = x[:, np.ptp(x, axis=0) > 0] if len(x) else x
    total = count.sum()
    z = np.column_stack([np.ones(len(count)), x - (count @ x) / total])
    intercept = np.empty(n_prompts)
    variance = np.empty(n_prompts)
    for p in range(n_prompts):
        sel = arm == p
        zp, cp = z[sel], count[sel]
        ztz = zp.T @ (zp * cp[:, None])
        if not len(cp) or np.linalg.cond(ztz) > MAX_CONDITION:
            return nan, nan, np.nan
        inv = np.linalg.inv(ztz)
        coef = inv @ (zp.T @ sum_y[sel])
        fitted = zp @ coef
        za = zp @ inv
        leverage = np.einsum("ij,ij->i", za, zp)
        sse = sum_yy[sel] - 2 * fitted * sum_y[sel] + cp * fitted**2
        with np.errstate(divide="ignore", invalid="ignore"):
            variance[p] = np.sum(za[:, 0] ** 2 * sse / (1 - leverage))
        intercept[p] = coef[0]
    df = total - n_prompts * z.shape[1]
    return intercept[1:] - intercept[0], np.sqrt(variance[1:] + variance[0]), df


def lin_fit(
    y: np.ndarray,
    prompt_code: np.ndarray,
    covariates: np.ndarray,
    n_prompts: int,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Adjusted effect of each prompt 1..P-1 vs prompt 0 (one row each, index = prompt code),
    one respondent per row. Covariates without variation are dropped (R returns NA for them)."""
    y = np.asarray(y, dtype=float)
    est, se, df = lin_grouped(
        np.ones(len(y)), y, y * y, covariates, np.asarray(prompt_code), n_prompts
    )
    res = t_inference(est, se, np.full(n_prompts - 1, df), alpha)
    return pd.DataFrame(res, index=list(range(1, n_prompts)))


def _pattern_codes(covs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One code per row for its covariate values (-1 where any is missing) and the values of
    each code (one row per pattern)."""
    complete = np.isfinite(covs).all(axis=1)
    codes = np.full(len(covs), -1, dtype=np.int64)
    if not complete.any():
        return codes, np.empty((0, covs.shape[1]))
    frame = pd.DataFrame(covs[complete])
    inner = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    codes[complete] = inner
    first = np.empty(int(inner.max()) + 1, dtype=np.int64)
    first[inner[::-1]] = np.arange(len(inner) - 1, -1, -1)
    return codes, covs[complete][first]


def adjusted_effects(
    prep: Prepared, alpha: float = ALPHA, *, grouped: bool | None = None
) -> pd.DataFrame:
    """Lin-adjusted effects vs control for every outcome and subgroup level (empty without
    covariates). ``grouped`` forces (True) or forbids (False) collapsing respondents with the
    same covariate values; by default it is used when they are few enough to pay.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = adjusted_effects(load_embedded())
    >>> set(rows["method"]), "gender" in set(rows["subgroup"])
    ({'lin_hc2'}, True)
    """
    m = prep.mapping
    prompts = list(m.prompt_keys)
    n_p = len(prompts)
    if not m.covariates or n_p < 2:
        return pd.DataFrame(columns=COLUMNS)
    f = prep.frame
    covs = f[[f"cov_{c}" for c in m.covariates]].to_numpy(dtype=float)
    k = covs.shape[1]
    pattern, values = _pattern_codes(covs)
    n_pat = len(values)
    # Grouping pays when respondents share covariate values (survey covariates usually do);
    # with continuous covariates every respondent is a group of one (the same sums, per row).
    if grouped is None:
        grouped = n_pat * n_p <= max(len(f) // 4, 1)
    prompt_code = prep.codes("prompt", prompts)
    subgroups = list(subgroup_codes(prep))
    specs = list(outcome_specs(prep))
    if grouped:
        # Respondents alike in prompt, every subgroup level and covariate values form one
        # stratum: each outcome then costs two passes over the rows, whatever the number of
        # subgroups, and every (level, arm, covariate values) group is a sum over strata.
        stratum, first = _strata(
            prompt_code, [*subgroups[1:], ("covariates", [""] * n_pat, pattern)]
        )
        n_strata = len(first)
        units = []  # per subgroup: strata in a (level, arm, covariate values) group, and which
        for _key, _levels, level_code in subgroups:
            lv_s, pat_s = level_code[first], pattern[first]
            inside = (lv_s >= 0) & (pat_s >= 0)
            units.append((inside, ((lv_s * n_p + prompt_code[first]) * n_pat + pat_s)[inside]))
    # Column name -> one key (str), or one value per prompt (list or array).
    parts: list[dict[str, Any]] = []
    for spec in specs:
        if grouped:
            eligible = spec.eligible.astype(float)
            cnt_s = np.bincount(stratum, weights=eligible, minlength=n_strata)
            sy_s = np.bincount(stratum, weights=eligible * spec.y, minlength=n_strata)
        for s_idx, (sub_key, level_keys, level_code) in enumerate(subgroups):
            n_l = len(level_keys)
            cnt: np.ndarray  # counts per row (grouped) or ones (one row per respondent)
            if grouped:
                inside, unit = units[s_idx]
                size = n_l * n_p * n_pat
                cnt = np.bincount(unit, weights=cnt_s[inside], minlength=size)
                sy = np.bincount(unit, weights=sy_s[inside], minlength=size)
                idx = np.flatnonzero(cnt)
                cnt, sy = cnt[idx], sy[idx]
                syy = sy  # 0/1 outcomes: y^2 = y
                lv, arm, x = idx // (n_p * n_pat), (idx // n_pat) % n_p, values[idx % n_pat]
            else:
                rows = np.flatnonzero(spec.eligible & (pattern >= 0) & (level_code >= 0))
                cnt = np.ones(len(rows))
                sy = spec.y[rows]
                syy = sy * sy
                lv, arm, x = level_code[rows], prompt_code[rows], covs[rows]
            order = np.argsort(lv, kind="stable")
            bounds = np.searchsorted(lv[order], np.arange(n_l + 1))
            for li in range(n_l):
                sel = order[bounds[li] : bounds[li + 1]]
                counts = np.bincount(arm[sel], weights=cnt[sel], minlength=n_p)
                if (counts < 2).any() or counts.sum() <= 2 * n_p * (1 + k):
                    continue
                est, se, df = lin_grouped(cnt[sel], sy[sel], syy[sel], x[sel], arm[sel], n_p)
                res = t_inference(est, se, np.full(n_p - 1, df), alpha)
                parts.append(
                    {
                        "outcome": spec.outcome,
                        "issue": spec.issue,
                        "option": spec.option,
                        "subgroup": sub_key,
                        "level": level_keys[li],
                        "prompt": prompts[1:],
                        "n": (counts[0] + counts[1:]).astype(np.int64),
                        **res,
                    }
                )
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    sizes = [len(p["prompt"]) for p in parts]
    out = pd.DataFrame(
        {
            c: np.concatenate(
                [
                    np.resize(np.asarray(p[c], dtype=object), s)
                    for p, s in zip(parts, sizes, strict=True)
                ]
            )
            if c in ("outcome", "issue", "option", "subgroup", "level", "prompt")
            else np.concatenate([p[c] for p in parts])
            for c in (
                "outcome",
                "issue",
                "option",
                "subgroup",
                "level",
                "prompt",
                "n",
                "estimate",
                "std_error",
                "ci_low",
                "ci_high",
                "p_value",
            )
        }
    )
    out["kind"] = "effect"
    out["p_adjusted"] = np.nan
    out["method"] = METHOD
    return out[COLUMNS]
