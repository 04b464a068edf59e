"""Covariate-adjusted effects (Lin 2013): centred covariates fully interacted with the prompt.

For each outcome the model is ``y ~ prompt + Xc + prompt:Xc`` with ``Xc`` the mapping's
``[adjustment] covariates`` centred on their mean in the estimation sample (complete cases),
fitted by OLS with HC2 standard errors and t on N - K df: R ``estimatr::lm_lin(y ~ prompt,
covariates = ~ x1 + x2, se_type = "HC2")``. The prompt coefficients are the adjusted effects
against the control. Rows: ``kind = effect``, ``method = lin_hc2``, everyone (``subgroup =
all``); ``n`` counts the complete cases in the control and the treated group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from threadpoolctl import threadpool_limits

from analysis.stats.estimates import ALPHA, COLUMNS, outcome_specs
from analysis.study.prepare import Prepared

METHOD = "lin_hc2"


def lin_design(prompt_code: np.ndarray, covariates: np.ndarray, n_prompts: int) -> np.ndarray:
    """The Lin design matrix: intercept, prompt dummies (1..P-1), centred covariates and every
    dummy x centred covariate product (the column order of ``estimatr::lm_lin``)."""
    covariates = np.asarray(covariates, dtype=float).reshape(len(prompt_code), -1)
    centred = covariates - covariates.mean(axis=0)
    dummies = np.column_stack([(prompt_code == p).astype(float) for p in range(1, n_prompts)])
    inter = [dummies[:, [j]] * centred for j in range(dummies.shape[1])]
    return np.column_stack([np.ones(len(prompt_code)), dummies, centred, *inter])


def lin_fit(
    y: np.ndarray,
    prompt_code: np.ndarray,
    covariates: np.ndarray,
    n_prompts: int,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Adjusted effect of each prompt 1..P-1 vs prompt 0 (one row each, index = prompt code).

    Covariates without variation in the sample are dropped (R would return NA for them).
    """
    covariates = np.asarray(covariates, dtype=float).reshape(len(y), -1)
    # Rescaling a covariate leaves the adjusted effect unchanged and keeps huge values (1e308
    # in a broken file) from overflowing to inf when centred.
    scale = np.abs(covariates).max(axis=0) if len(covariates) else np.ones(covariates.shape[1])
    covariates = covariates / np.where(scale > 0, scale, 1.0)
    covariates = covariates[:, covariates.std(axis=0) > 0]
    x = lin_design(prompt_code, covariates, n_prompts)
    idx = list(range(1, n_prompts))
    if not np.isfinite(x).all():
        nan = np.full(len(idx), np.nan)
        return pd.DataFrame(
            {"estimate": nan, "std_error": nan, "ci_low": nan, "ci_high": nan, "p_value": nan},
            index=idx,
        )
    with threadpool_limits(limits=1, user_api="blas"):  # small fit: threads only add overhead
        fit = sm.OLS(np.asarray(y, dtype=float), x).fit(method="qr", cov_type="HC2", use_t=True)
    ci = fit.conf_int(alpha=alpha)
    return pd.DataFrame(
        {
            "estimate": fit.params[idx],
            "std_error": fit.bse[idx],
            "ci_low": ci[idx, 0],
            "ci_high": ci[idx, 1],
            "p_value": fit.pvalues[idx],
        },
        index=idx,
    )


def adjusted_effects(prep: Prepared, alpha: float = ALPHA) -> pd.DataFrame:
    """Lin-adjusted effects vs control for every outcome (empty without covariates).

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = adjusted_effects(load_embedded())
    >>> set(rows["method"])
    {'lin_hc2'}
    """
    m = prep.mapping
    prompts = list(m.prompt_keys)
    n_p = len(prompts)
    if not m.covariates or n_p < 2:
        return pd.DataFrame(columns=COLUMNS)
    f = prep.frame
    covs = f[[f"cov_{c}" for c in m.covariates]].to_numpy(dtype=float)
    complete = np.isfinite(covs).all(axis=1)
    prompt_code = f["prompt"].map({p: i for i, p in enumerate(prompts)}).to_numpy(dtype=np.int64)
    rows = []
    for spec in outcome_specs(prep):
        use = spec.eligible & complete
        counts = np.bincount(prompt_code[use], minlength=n_p)
        if (counts < 2).any() or use.sum() <= 2 * n_p * (1 + covs.shape[1]):
            continue
        res = lin_fit(spec.y[use], prompt_code[use], covs[use], n_p, alpha)
        for p, row in res.iterrows():
            rows.append(
                {
                    "kind": "effect",
                    "outcome": spec.outcome,
                    "issue": spec.issue,
                    "prompt": prompts[p],
                    "option": spec.option,
                    "subgroup": "all",
                    "level": "all",
                    "n": int(counts[0] + counts[p]),
                    **row.to_dict(),
                    "p_adjusted": np.nan,
                    "method": METHOD,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
