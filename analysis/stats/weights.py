"""Weighted rates and WLS HC2 effects, when the mapping names a weight column.

* Rates (``kind = rate``, ``method = weighted``): the weighted share ``sum(w y) / sum(w)`` in
  each cell, with the HC2 standard error of an intercept-only WLS fit and a t interval on
  n - 1 df (= R ``lm_robust(y ~ 1, weights = w, se_type = "HC2")``), clipped to [0, 1].
* Effects (``kind = effect``, ``method = wls_hc2``): WLS of y on prompt dummies with HC2 and t on
  N - K df (= R ``lm_robust(y ~ prompt, weights = w, se_type = "HC2")``).

``n`` is the unweighted number of respondents; ``n_weighted`` (the sum of weights) is an extra
column of the frames returned here (the CLI export keeps its documented columns). Respondents
with a missing or non-positive weight are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.stats.estimates import (
    ALPHA,
    COLUMNS,
    _strata,
    outcome_counts,
    subgroup_codes,
)
from analysis.stats.hc2 import t_inference
from analysis.study.prepare import Prepared

RATE_METHOD = "weighted"
EFFECT_METHOD = "wls_hc2"


def _columns(values: dict) -> dict[str, np.ndarray]:
    """Broadcast scalars to the length of the array columns."""
    n = max(len(v) for v in values.values() if isinstance(v, np.ndarray))
    return {
        k: (np.asarray(v) if isinstance(v, np.ndarray) else np.full(n, v))
        for k, v in values.items()
    }


def weighted_estimates(prep: Prepared, alpha: float = ALPHA) -> pd.DataFrame:
    """Weighted rates and WLS HC2 effects for the whole grid (empty without weights).

    Returns the CLI columns plus ``n_weighted``.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = weighted_estimates(load_embedded())
    >>> sorted(rows["method"].unique())
    ['weighted', 'wls_hc2']
    """
    if not prep.mapping.weight or "weight" not in prep.frame:
        return pd.DataFrame(columns=[*COLUMNS, "n_weighted"])
    prompts = list(prep.mapping.prompt_keys)
    n_p = len(prompts)
    w = prep.frame["weight"].to_numpy(dtype=float)
    ok_w = np.isfinite(w) & (w > 0)
    prompt_code = prep.codes("prompt", prompts)
    subgroups = list(subgroup_codes(prep))
    # Respondents alike in prompt, every subgroup level and weight form a stratum; within one
    # the leverage w / W of the HC2 term is the same, so each outcome needs two passes over the
    # rows (count and number of 1s per stratum) and every cell is a sum over strata. Survey
    # weights take few distinct values; with continuous weights a stratum is one respondent.
    w_code, w_values = pd.factorize(np.where(ok_w, w, np.nan))
    stratum, first = _strata(prompt_code, [*subgroups[1:], ("weight", list(w_values), w_code)])
    n_strata = len(first)
    n_w = max(len(w_values), 1)
    w_of = np.asarray(w_values, dtype=float)
    # Every subgroup's cells side by side: (stratum, cell) pairs, one per subgroup; and within a
    # cell, its strata of one weight value form a "unit". Within a unit the weight, and so the
    # leverage w / W of the HC2 term, is the same: its sums need only the unit's respondents
    # and 1s, so each outcome's arithmetic is on the units (~1000 with survey weights), not on
    # the pairs (~100,000 at a million rows).
    pairs_s, pairs_key, offset, blocks = [], [], 0, []
    for sub_key, level_keys, level_code in subgroups:
        lv = level_code[first]
        inside = (lv >= 0) & (w_code[first] >= 0) & (prompt_code[first] >= 0)
        pairs_s.append(np.flatnonzero(inside))
        cell = offset + (lv * n_p + prompt_code[first])[inside]
        pairs_key.append(cell * n_w + w_code[first][inside])
        blocks.append((sub_key, level_keys, offset))
        offset += len(level_keys) * n_p
    pair_s, pair_key = np.concatenate(pairs_s), np.concatenate(pairs_key)
    if offset * n_w <= 4 * len(pair_key) + 1024:  # number the units present by counting
        present = np.bincount(pair_key, minlength=offset * n_w) > 0
        pair_u = (np.cumsum(present) - 1)[pair_key]
        unit_key = np.flatnonzero(present)
    else:  # continuous weights: about one unit per pair
        unit_key, pair_u = np.unique(pair_key, return_inverse=True)
    unit_cell, unit_w = unit_key // n_w, w_of[unit_key % n_w] if len(w_of) else unit_key * 0.0
    to_unit = sparse.csr_matrix(
        (np.ones(len(pair_s)), (pair_u, pair_s)), shape=(len(unit_key), n_strata)
    )
    parts: list[dict] = []
    # Respondents and 1s per unit (sums of whole numbers: exact); those without a usable weight
    # are in strata of their own (weight code -1), which no unit holds.
    for (outcome, issue, option), cnt, ones in outcome_counts(prep, stratum, n_strata, to_unit):
        n_all = np.bincount(unit_cell, weights=cnt, minlength=offset)
        w_all = np.bincount(unit_cell, weights=cnt * unit_w, minlength=offset)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_all = np.bincount(unit_cell, weights=ones * unit_w, minlength=offset) / w_all
            m = mean_all[unit_cell]
            lev = unit_w / w_all[unit_cell]
            # sum of squared residuals of the unit's 0/1 answers around the cell mean
            sse = ones * (1 - 2 * m) + cnt * m * m
            term = np.where(lev < 1, unit_w * unit_w * sse / (1 - lev), 0.0)
            var_all = np.bincount(unit_cell, weights=term, minlength=offset) / w_all**2
        mean_all = np.where(n_all > 0, mean_all, np.nan)
        var_all = np.where(n_all >= 2, var_all, np.nan)
        for sub_key, level_keys, start in blocks:
            n_l = len(level_keys)
            cells = slice(start, start + n_l * n_p)
            n, big_w, mean, var = (
                a[cells].reshape(n_l, n_p) for a in (n_all, w_all, mean_all, var_all)
            )
            rate = t_inference(mean, np.sqrt(var), n - 1, alpha)
            parts.append(
                _columns(
                    {
                        "kind": "rate",
                        "outcome": outcome,
                        "issue": issue,
                        "prompt": np.tile(prompts, n_l),
                        "option": option,
                        "subgroup": sub_key,
                        "level": np.repeat(level_keys, n_p),
                        "n": n.ravel(),
                        "estimate": mean.ravel(),
                        "std_error": rate["std_error"].ravel(),
                        "ci_low": np.clip(rate["ci_low"], 0, 1).ravel(),
                        "ci_high": np.clip(rate["ci_high"], 0, 1).ravel(),
                        "p_value": np.nan,
                        "method": RATE_METHOD,
                        "n_weighted": big_w.ravel(),
                    }
                )
            )
            df = n.sum(axis=1) - (n > 0).sum(axis=1)
            est = mean[:, 1:] - mean[:, :1]
            se = np.sqrt(var[:, 1:] + var[:, :1])
            eff = t_inference(est, se, np.repeat(df[:, None], n_p - 1, axis=1), alpha)
            parts.append(
                _columns(
                    {
                        "kind": "effect",
                        "outcome": outcome,
                        "issue": issue,
                        "prompt": np.tile(prompts[1:], n_l),
                        "option": option,
                        "subgroup": sub_key,
                        "level": np.repeat(level_keys, n_p - 1),
                        "n": (n[:, 1:] + n[:, :1]).ravel(),
                        **{k: v.ravel() for k, v in eff.items()},
                        "method": EFFECT_METHOD,
                        "n_weighted": (big_w[:, 1:] + big_w[:, :1]).ravel(),
                    }
                )
            )
    # One frame at the end: a small frame per cell costs more than the arithmetic.
    out = pd.DataFrame({c: np.concatenate([part[c] for part in parts]) for c in parts[0]})
    out["p_adjusted"] = np.nan
    out["n"] = out["n"].astype(np.int64)
    return out[[*COLUMNS, "n_weighted"]]
