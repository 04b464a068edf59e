"""Adjusted p-values for many tests: Holm within each family (Benjamini–Hochberg on request).

A family is the set of tests a reader scans together (one row belongs to exactly one family):

* effects and interactions for everyone (``subgroup = all``): one outcome x one response
  option x one prompt x one method, across the issues (the summary ``issue = all`` row is a
  family of its own, so its adjusted p equals its p);
* effects and interactions within a subgroup: one outcome x issue x option x prompt x method,
  across the levels of that subgroup;
* joint tests of a subgroup: across the issues, like effects;
* chi-square tests of opinions: one view x option, across the issues;
* balance tests: across the covariates.

The adjustment is R ``p.adjust`` / ``statsmodels`` ``multipletests(p, method=...)``, done for
all families at once with grouped cumulative maxima (Holm) and minima (BH): ``multipletests``
with ``method="holm"`` runs ``gc.collect()`` on every call, which costs seconds over the
thousands of families of a grid. ``tests/analysis/test_multiplicity.py`` checks the result
against ``multipletests`` (method always passed: its default is not Holm) and against R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METHODS = ("holm", "fdr_bh")
_BASE = ["kind", "method", "outcome", "option", "prompt"]


def family_ids(grid: pd.DataFrame) -> pd.Series:
    """A family number per row (NaN where the row has no p-value)."""
    kind = grid["kind"].to_numpy(dtype=object)
    subgroup = grid["subgroup"].to_numpy(dtype=object)
    issue = grid["issue"].to_numpy(dtype=object)
    by_issue = (subgroup == "all") | (kind == "joint_test")
    balance = np.isin(kind, ["balance_test", "balance_omnibus"])
    keys = pd.DataFrame({c: grid[c].to_numpy(dtype=object) for c in _BASE + ["subgroup"]})
    # The dimension a family spans is blanked out of its key: issues, or levels (level is not
    # in the key at all), or for balance tests everything but the kind.
    keys["issue"] = np.where(by_issue, np.where(issue == "all", "all", ""), issue)
    for column in ("method", "outcome", "option", "prompt", "subgroup", "issue"):
        keys.loc[balance, column] = ""
    fam = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    fam.index = grid.index
    return fam.astype(float).where(grid["p_value"].notna())


def adjust_p(grid: pd.DataFrame, method: str = "holm") -> pd.DataFrame:
    """A copy of ``grid`` with ``p_adjusted`` filled within each family and ``family_size``, the
    number of tests in the row's family (what the adjustment was for; missing without a p).

    Examples
    --------
    >>> g = pd.DataFrame({"kind": "effect", "method": "ols_hc2", "outcome": "support",
    ...                   "option": "exit", "prompt": "government", "subgroup": "all",
    ...                   "level": "all", "issue": ["a", "b"], "p_value": [0.01, 0.04]})
    >>> adjust_p(g)["p_adjusted"].round(2).tolist()
    [0.02, 0.04]
    >>> adjust_p(g)["family_size"].tolist()
    [2, 2]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    out = grid.copy()
    fam = family_ids(out)
    out["p_adjusted"] = np.nan
    has_p = fam.notna()
    if has_p.any():
        out.loc[has_p, "p_adjusted"] = grouped_adjust(out.loc[has_p, "p_value"], fam[has_p], method)
    out["family_size"] = family_sizes(fam)
    return out


def family_sizes(family: pd.Series) -> pd.Series:
    """The number of tests in each row's family (``family`` from :func:`family_ids`; missing
    where the row has no family), as nullable integers.

    Examples
    --------
    >>> family_sizes(pd.Series([0.0, 0.0, 1.0, np.nan])).tolist()
    [2, 2, 1, <NA>]
    """
    return family.map(family.value_counts()).astype("Int64")


def grouped_adjust(p: pd.Series, family: pd.Series, method: str = "holm") -> pd.Series:
    """Holm or BH adjusted p-values within each family (same index as ``p``).

    Examples
    --------
    >>> grouped_adjust(pd.Series([0.01, 0.04, 0.03]), pd.Series(["a", "a", "b"])).tolist()
    [0.02, 0.04, 0.03]
    """
    frame = pd.DataFrame({"p": p.to_numpy(dtype=float), "fam": family.to_numpy()})
    frame["pos"] = np.arange(len(frame))
    frame = frame.sort_values(["fam", "p"], kind="mergesort")
    size = frame.groupby("fam")["p"].transform("size").to_numpy()
    rank = frame.groupby("fam").cumcount().to_numpy() + 1  # 1 = smallest p in its family
    if method == "holm":
        raw = pd.Series((size - rank + 1) * frame["p"].to_numpy(), index=frame.index)
        adj = raw.groupby(frame["fam"]).cummax()
    else:
        raw = pd.Series(size / rank * frame["p"].to_numpy(), index=frame.index)
        adj = raw[::-1].groupby(frame["fam"][::-1]).cummin()[::-1]
    result = np.empty(len(frame))
    result[frame["pos"].to_numpy()] = np.minimum(adj.loc[frame.index].to_numpy(), 1.0)
    return pd.Series(result, index=p.index)
