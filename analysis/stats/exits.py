"""Exit timing: the cumulative share of each prompt's exit-offered cell that has left the survey
by each issue position, with Wilson CIs, and its difference from the control (HC2, t on N - K).

Rows: ``outcome = left_by``, ``issue`` the issue at that position; ``kind = rate`` (``method =
wilson``, denominator everyone assigned to the cell) and ``kind = effect`` (``method =
ols_hc2``). Needs the exit position (``[exit] position`` in the mapping); empty otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import ALPHA, COLUMNS, neyman_effects, wilson
from analysis.study.prepare import Prepared

OUTCOME = "left_by"


def exit_curve(prep: Prepared, alpha: float = ALPHA) -> pd.DataFrame:
    """Cumulative share left by each issue position, per prompt, and the effect vs control.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> curve = exit_curve(load_embedded())
    >>> last = curve.query("kind == 'rate' and issue == 'collective_defense'")
    >>> round(float(last.loc[last["prompt"] == "government", "estimate"].iloc[0]), 3)
    0.14
    """
    m = prep.mapping
    if "exit" not in m.option_keys or not m.exit_position:
        return pd.DataFrame(columns=COLUMNS)
    prompts = list(m.prompt_keys)
    n_p, n_i = len(prompts), len(m.issues)
    # Two columns of the rows offered the exit (not a copy of the whole frame).
    in_exit = prep.codes("option", m.option_keys) == m.option_keys.index("exit")
    code = prep.codes("prompt", prompts)[in_exit]
    pos = prep.frame["exit_pos"].to_numpy(dtype=float)[in_exit]
    n = np.bincount(code, minlength=n_p).astype(float)
    left = ~np.isnan(pos)
    at = np.zeros((n_p, n_i))
    np.add.at(at, (code[left], pos[left].astype(np.int64) - 1), 1)
    k = np.cumsum(at, axis=1)  # prompts x positions
    n_grid = np.repeat(n[:, None], n_i, axis=1)
    low, high = wilson(k, n_grid, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n_grid > 0, k / n_grid, np.nan)
    issues = [i.key for i in m.issues]
    base = {"outcome": OUTCOME, "option": "exit", "subgroup": "all", "level": "all"}
    rates = pd.DataFrame(
        {
            "kind": "rate",
            **base,
            "issue": issues * n_p,
            "prompt": np.repeat(prompts, n_i),
            "n": n_grid.ravel(),
            "estimate": rate.ravel(),
            "std_error": np.sqrt(rate * (1 - rate) / np.where(n_grid > 0, n_grid, 1)).ravel(),
            "ci_low": low.ravel(),
            "ci_high": high.ravel(),
            "p_value": np.nan,
            "method": "wilson",
        }
    )
    df = np.full((n_p - 1, n_i), n.sum() - (n > 0).sum())
    res = neyman_effects(
        n_grid[1:],
        k[1:],
        np.broadcast_to(n_grid[:1], (n_p - 1, n_i)),
        np.broadcast_to(k[:1], (n_p - 1, n_i)),
        df,
        alpha,
    )
    effects = pd.DataFrame(
        {
            "kind": "effect",
            **base,
            "issue": issues * (n_p - 1),
            "prompt": np.repeat(prompts[1:], n_i),
            "n": (n_grid[1:] + n_grid[:1]).ravel(),
            **{name: v.ravel() for name, v in res.items()},
            "method": "ols_hc2",
        }
    )
    out = pd.concat([rates, effects], ignore_index=True)
    out["p_adjusted"] = np.nan
    out["n"] = out["n"].astype(np.int64)
    return out[COLUMNS]
