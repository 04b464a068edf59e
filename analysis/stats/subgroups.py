"""Subgroup differences: interaction estimates and joint tests from one interacted HC2 model.

For an outcome and a subgroup, the model is ``y ~ prompt * level`` (OLS, HC2, t on N - K df,
= R ``estimatr::lm_robust(y ~ prompt * level, se_type = "HC2")``). A row of kind
``interaction`` is the coefficient ``prompt:level``: how much larger the prompt's effect is in
``level`` than in the subgroup's reference (first) level. A row of kind ``joint_test`` is the
Wald F test (HC2) that the prompt's effect is the same in every level (``prompt`` is the treated
prompt, or ``all`` for every prompt at once); its ``estimate`` is the F statistic.

The model is saturated, so everything follows from cell sums (see :mod:`analysis.stats.hc2`).
Reading rule: compare subgroups through the interaction and its CI, never by "significant in one
level and not the other"; subgroup results are exploratory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import ALPHA, COLUMNS, grid_estimates
from analysis.stats.hc2 import t_inference, wald_f
from analysis.study.prepare import Prepared


def interaction_contrasts(n_levels: int, n_prompts: int) -> dict[tuple[int, int], np.ndarray]:
    """Contrast over the ``level * n_prompts + prompt`` cell means for each (prompt, level)
    interaction coefficient, prompt and level >= 1: (m[l,p] - m[l,0]) - (m[0,p] - m[0,0])."""
    out = {}
    for p in range(1, n_prompts):
        for lv in range(1, n_levels):
            c = np.zeros(n_levels * n_prompts)
            c[lv * n_prompts + p] += 1
            c[lv * n_prompts] -= 1
            c[p] -= 1
            c[0] += 1
            out[(p, lv)] = c
    return out


def _cell_counts(grid: pd.DataFrame, prompts: list[str], levels: dict[str, list[str]]):
    """Per (outcome, issue, option, subgroup) of the grid: the level x prompt counts n and k
    (number of 1s) from its Wilson rate rows."""
    rates = grid[
        (grid["kind"] == "rate") & (grid["method"] == "wilson") & (grid["subgroup"] != "all")
    ]
    keys = ["outcome", "issue", "option", "subgroup"]
    # Level and prompt positions for all rows at once (a lookup per group cost ~0.3 s at 1M
    # rows' grid): the level's position within its own subgroup, -1 when not listed.
    position = pd.DataFrame(
        [(sub, lv, i) for sub, lvs in levels.items() for i, lv in enumerate(lvs)],
        columns=["subgroup", "level", "li"],
    ).drop_duplicates(["subgroup", "level"], keep="last")
    li_all = (
        rates[["subgroup", "level"]]
        .merge(position, how="left", on=["subgroup", "level"])["li"]
        .to_numpy()
    )
    pi_all = pd.Categorical(rates["prompt"], categories=prompts).codes
    n_all = rates["n"].to_numpy(dtype=float)
    k_all = np.nan_to_num((rates["estimate"] * rates["n"]).to_numpy(dtype=float)).round()
    for key, at in rates.groupby(keys, sort=False).indices.items():
        level_keys = levels.get(key[3], [])
        n = np.zeros((len(level_keys), len(prompts)))
        k = np.zeros_like(n)
        n[li_all[at].astype(np.int64), pi_all[at]] = n_all[at]
        k[li_all[at].astype(np.int64), pi_all[at]] = k_all[at]
        yield dict(zip(keys, key, strict=True)), level_keys, n.ravel(), k.ravel()


def interaction_effects(
    prep: Prepared, alpha: float = ALPHA, grid: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Interaction estimates and joint Wald tests for every outcome and subgroup.

    Computed from the grid's counts (``grid``, else computed here): for a 0/1 outcome the cell
    means and their HC2 variances ``p (1 - p) / (n - 1)`` need only n and the number of 1s, so
    no pass over the respondents is needed.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = interaction_effects(load_embedded())
    >>> sorted(rows["kind"].unique())
    ['interaction', 'joint_test']
    """
    prompts = list(prep.mapping.prompt_keys)
    n_p = len(prompts)
    if grid is None:
        grid = grid_estimates(prep)
    levels = {key: [k for k, _ in lv] for key, lv in prep.subgroup_levels}
    rows: list[dict] = []
    for base, level_keys, n, k in _cell_counts(grid, prompts, levels):
        sub_key = base.pop("subgroup")
        n_l = len(level_keys)
        if n_l < 2 or n_p < 2:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(n > 0, k / n, np.nan)
            var = np.where(n >= 2, mean * (1 - mean) / (n - 1), np.nan)
        df = n.sum() - (n > 0).sum()
        contrasts = interaction_contrasts(n_l, n_p)
        keys = list(contrasts)
        c = np.array([contrasts[k] for k in keys])
        used = c != 0
        ok = np.all(~used | (n >= 2), axis=1)
        est = np.where(ok, np.nan_to_num(c * np.where(used, mean, 0)).sum(axis=1), np.nan)
        se = np.where(ok, np.sqrt(np.nan_to_num(c**2 * np.where(used, var, 0)).sum(axis=1)), np.nan)
        res = t_inference(est, se, np.full(len(keys), df), alpha)
        for i, (p, lv) in enumerate(keys):
            cells = np.flatnonzero(used[i])
            rows.append(
                {
                    **base,
                    "kind": "interaction",
                    "prompt": prompts[p],
                    "subgroup": sub_key,
                    "level": level_keys[lv],
                    "n": int(n[cells].sum()),
                    **{k: float(v[i]) for k, v in res.items()},
                    "method": "ols_hc2",
                }
            )
        for prompt_idx in [*range(1, n_p), None]:
            pick = [
                i
                for i, (p, _) in enumerate(keys)
                if (prompt_idx is None or p == prompt_idx) and ok[i]
            ]
            stat, pval, _ = wald_f(c[pick], mean, var, df) if pick else (np.nan, np.nan, 0)
            rows.append(
                {
                    **base,
                    "kind": "joint_test",
                    "prompt": "all" if prompt_idx is None else prompts[prompt_idx],
                    "subgroup": sub_key,
                    "level": "all",
                    "n": int(n.sum()),
                    "estimate": stat,
                    "std_error": np.nan,
                    "ci_low": np.nan,
                    "ci_high": np.nan,
                    "p_value": pval,
                    "method": "wald_f_hc2",
                }
            )
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "p_adjusted"])
    out["p_adjusted"] = np.nan
    return out[COLUMNS]
