"""Balance and flow: did randomisation give comparable cells, and where did respondents go?

Rows (prompt x option cells):

* ``kind = balance`` (``method = mean``): the mean of each numeric covariate (``outcome`` the
  covariate) or the share in each level of each subgroup (``outcome`` and ``subgroup`` the
  subgroup, ``level`` the level), with its standard error and t CI.
* ``kind = std_diff`` (``method = std_diff``): the standardised difference from the control cell
  with the same response option, ``(m - m_c) / sqrt((s2 + s2_c) / 2)``; |d| > 0.1 is the usual
  flag.
* ``kind = balance_test`` (``method = wald_f_hc2``): per covariate (or level indicator), the HC2
  F test that all cells have the same mean (``x ~ cell``, = R ``lm_robust(...)$fstatistic``).
* ``kind = balance_omnibus`` (``method = wald_f_hc2``): per treated prompt, a linear probability
  model of being in that prompt (vs the control) on all adjustment covariates, complete cases,
  HC2 F test that every slope is 0 (``prompt = all, option = exit`` does the same for being
  offered the exit). A small p-value says the covariates predict assignment.
* ``kind = flow`` (``method = count``): assigned to each cell, left at each issue, completed;
  ``n`` is the count and ``estimate`` its share of those assigned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import COLUMNS
from analysis.stats.hc2 import cell_moments, t_inference, wald_f
from analysis.stats.tails import f_sf
from analysis.study.prepare import Prepared


def _moments(
    prep: Prepared, code: np.ndarray, n_cells: int
) -> list[tuple[str, str, str, np.ndarray, np.ndarray, np.ndarray]]:
    """(outcome, subgroup, level, n, mean, HC2 variance of the mean) per balance variable and
    cell. A level's share needs only counts: one pass per subgroup, not one per level."""
    f = prep.frame
    out = []
    for c in prep.mapping.covariates:
        x = f[f"cov_{c}"].to_numpy(dtype=float)
        ok = np.isfinite(x) & (code >= 0)
        n, _, mean, var = cell_moments(code[ok], x[ok], n_cells)
        out.append((c, "all", "all", n, mean, var))
    for key, levels in prep.subgroup_levels:
        level_keys = [k for k, _ in levels]
        n_l = len(level_keys)
        lv = prep.codes(f"sg_{key}", level_keys)
        present = (f[f"sg_{key}"].notna().to_numpy()) & (code >= 0)
        n = np.bincount(code[present], minlength=n_cells).astype(float)
        inside = present & (lv >= 0)
        k = np.bincount(code[inside] * n_l + lv[inside], minlength=n_cells * n_l)
        k = k.reshape(n_cells, n_l).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            for li, level in enumerate(level_keys):
                mean = np.where(n > 0, k[:, li] / n, np.nan)
                var = np.where(n >= 2, mean * (1 - mean) / (n - 1), np.nan)
                out.append((key, key, level, n, mean, var))
    return out


def _cells(prep: Prepared) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A prompt x option cell index per row (options outer, prompts inner) and the cells."""
    m = prep.mapping
    cells = [(p, o) for o in m.option_keys for p in m.prompt_keys]
    prompt = prep.codes("prompt", m.prompt_keys)
    option = prep.codes("option", m.option_keys)
    code = np.where((prompt >= 0) & (option >= 0), option * len(m.prompt_keys) + prompt, -1)
    return code, cells


def omnibus_test(treat: np.ndarray, covariates: np.ndarray) -> tuple[float, float, int]:
    """HC2 F test that no covariate predicts ``treat`` (LPM with intercept); (F, p, n).

    In closed form on the few columns: ``b = (X'X)^-1 X'y``, leverages from ``(X'X)^-1``, the
    HC2 covariance ``(X'X)^-1 X' diag(e^2 / (1 - h)) X (X'X)^-1`` and ``F = b' V^-1 b / q`` over
    the slopes (= statsmodels ``OLS(...).fit(cov_type="HC2").wald_test(..., use_f=True)``).
    """
    treat = np.asarray(treat, dtype=float)
    return omnibus_test_grouped(np.ones(len(treat)), treat, covariates)


def omnibus_test_grouped(
    count: np.ndarray, treated: np.ndarray, covariates: np.ndarray
) -> tuple[float, float, int]:
    """:func:`omnibus_test` from groups of respondents who share covariate values: ``count``
    respondents in each, ``treated`` of them with ``treat = 1``, ``covariates`` one row per
    group (a group may be one respondent).

    Why: respondents with the same covariates share their row of X, leverage and fitted value,
    so X'X, X'y and the HC2 meat are sums over groups (the residuals' squares of a group sum to
    ``k (1 - f)^2 + (c - k) f^2``): a million rows collapse to their covariate patterns.
    """
    count = np.asarray(count, dtype=float)
    treated = np.asarray(treated, dtype=float)
    covariates = np.asarray(covariates, dtype=float).reshape(len(count), -1)
    n = int(count.sum())
    nan = (float("nan"), float("nan"), n)
    # Rescaling leaves the F test unchanged and keeps extreme values (1e308) finite.
    scale = np.abs(covariates).max(axis=0) if len(count) else np.ones(covariates.shape[1])
    covariates = covariates / np.where(scale > 0, scale, 1.0)
    x = np.column_stack([np.ones(len(count)), covariates])
    q = x.shape[1] - 1
    if n <= x.shape[1] or not np.isfinite(x).all():
        return nan
    xtx = x.T @ (x * count[:, None])
    if np.linalg.cond(xtx) > 1e12:  # collinear covariates (or one without variation)
        return nan
    inv = np.linalg.inv(xtx)
    coef = inv @ (x.T @ treated)
    fitted = x @ coef
    sse = treated * (1 - fitted) ** 2 + (count - treated) * fitted**2
    xa = x @ inv
    leverage = np.einsum("ij,ij->i", xa, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = sse / (1 - leverage)
    cov = xa.T @ (xa * weight[:, None])
    b, v = coef[1:], cov[1:, 1:]
    try:
        stat = float(b @ np.linalg.solve(v, b)) / q
    except np.linalg.LinAlgError:
        return nan
    if not np.isfinite(stat):
        return nan
    return stat, f_sf(stat, q, n - x.shape[1]), n


def balance_table(prep: Prepared) -> pd.DataFrame:
    """Covariate means and shares by cell, standardised differences and HC2 F tests.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = balance_table(load_embedded())
    >>> sorted(rows["kind"].unique())
    ['balance', 'balance_omnibus', 'balance_test', 'std_diff']
    """
    code, cells = _cells(prep)
    control = prep.mapping.control
    n_c = len(cells)
    rows = []
    for outcome, sub, level, n, mean, var in _moments(prep, code, n_c):
        sd = np.sqrt(var * n)
        res = t_inference(mean, np.sqrt(var), n - 1)
        base = {"outcome": outcome, "subgroup": sub, "level": level}
        for i, (p, o) in enumerate(cells):
            rows.append(
                {
                    "kind": "balance",
                    **base,
                    "issue": "all",
                    "prompt": p,
                    "option": o,
                    "n": int(n[i]),
                    "estimate": mean[i],
                    "std_error": res["std_error"][i],
                    "ci_low": res["ci_low"][i],
                    "ci_high": res["ci_high"][i],
                    "p_value": np.nan,
                    "method": "mean",
                }
            )
            ref = cells.index((control, o))
            if p != control:
                pooled = np.sqrt((sd[i] ** 2 + sd[ref] ** 2) / 2)
                d = (mean[i] - mean[ref]) / pooled if pooled > 0 else np.nan
                rows.append(
                    {
                        "kind": "std_diff",
                        **base,
                        "issue": "all",
                        "prompt": p,
                        "option": o,
                        "n": int(n[i] + n[ref]),
                        "estimate": d,
                        "std_error": np.nan,
                        "ci_low": np.nan,
                        "ci_high": np.nan,
                        "p_value": np.nan,
                        "method": "std_diff",
                    }
                )
        present = np.flatnonzero(n > 0)
        contrast = np.zeros((len(present) - 1, n_c))
        for j, cell in enumerate(present[1:]):
            contrast[j, cell], contrast[j, present[0]] = 1, -1
        stat, p_value, _ = wald_f(contrast, mean, var, n.sum() - len(present))
        rows.append(
            {
                "kind": "balance_test",
                **base,
                "issue": "all",
                "prompt": "all",
                "option": "all",
                "n": int(n.sum()),
                "estimate": stat,
                "std_error": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": p_value,
                "method": "wald_f_hc2",
            }
        )
    rows += _omnibus_rows(prep)
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "p_adjusted"])
    out["p_adjusted"] = np.nan
    return out[COLUMNS]


def _omnibus_rows(prep: Prepared) -> list[dict]:
    m = prep.mapping
    if not m.covariates:
        return []
    f = prep.frame
    prompts = list(m.prompt_keys)
    prompt = prep.codes("prompt", prompts)
    control = prompts.index(m.control)
    comparisons = [
        (p, "all", (prompt == i) | (prompt == control), prompt == i)
        for i, p in enumerate(prompts)
        if p != m.control
    ]
    if len(m.option_keys) > 1:
        offered = prep.codes("option", ["exit"]) == 0
        comparisons.append(("all", "exit", np.ones(len(f), dtype=bool), offered))
    # Respondents with the same covariate values form one group (a few thousand at most in a
    # survey): each test is then a fit on the groups (the same numbers as on the rows).
    pattern, values = prep.covariate_patterns()
    complete = pattern >= 0  # every covariate known
    n_pat = len(values)
    rows = []
    for p, o, sample, treat in comparisons:
        use = sample & complete
        count = np.bincount(pattern[use], minlength=n_pat).astype(float)
        ones = np.bincount(pattern[use & treat], minlength=n_pat).astype(float)
        seen = count > 0
        stat, pval, n = omnibus_test_grouped(count[seen], ones[seen], values[seen])
        rows.append(
            {
                "kind": "balance_omnibus",
                "outcome": "covariates",
                "issue": "all",
                "prompt": p,
                "option": o,
                "subgroup": "all",
                "level": "all",
                "n": n,
                "estimate": stat,
                "std_error": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": pval,
                "method": "wald_f_hc2",
            }
        )
    return rows


def sample_flow(prep: Prepared) -> pd.DataFrame:
    """Assigned -> left at each issue -> completed, per prompt x option cell.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> flow = sample_flow(load_embedded())
    >>> int(flow.query("outcome == 'assigned'")["n"].sum())
    4514
    """
    m = prep.mapping
    f = prep.frame
    code, cells = _cells(prep)
    n_cells, n_i = len(cells), len(m.issues)
    # Every cell's counts from one bincount each (a mask per cell over a million rows cost
    # ~0.1 s): assigned, exited, and left at each issue position (1..issues; other values
    # are not counted, as no position equals them).
    inside = code >= 0
    exited_all = (np.nan_to_num(f["exited"].to_numpy(dtype=float)) == 1) & inside
    pos_all = f["exit_pos"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        at = inside & (pos_all >= 1) & (pos_all <= n_i) & (pos_all == np.floor(pos_all))
    assigned_n = np.bincount(code[inside], minlength=n_cells)
    exited_n = np.bincount(code[exited_all], minlength=n_cells)
    left_n = np.bincount(
        code[at] * n_i + pos_all[at].astype(np.int64) - 1, minlength=n_cells * n_i
    ).reshape(n_cells, n_i)
    rows = []
    for o in m.option_keys:
        for p in m.prompt_keys:
            cell = cells.index((p, o))
            assigned = int(assigned_n[cell])
            base = {
                "kind": "flow",
                "prompt": p,
                "option": o,
                "subgroup": "all",
                "level": "all",
                "std_error": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": np.nan,
                "method": "count",
            }
            counts = [("assigned", "all", assigned)]
            if o == "exit" and m.exit_position:
                counts += [
                    ("left", issue.key, int(left_n[cell, j])) for j, issue in enumerate(m.issues)
                ]
            elif o == "exit":
                counts.append(("left", "all", int(exited_n[cell])))
            counts.append(("completed", "all", int(assigned - exited_n[cell])))
            for outcome, issue, k in counts:
                rows.append(
                    {
                        **base,
                        "outcome": outcome,
                        "issue": issue,
                        "n": k,
                        "estimate": k / assigned if assigned else np.nan,
                    }
                )
    out = pd.DataFrame(rows)
    out["p_adjusted"] = np.nan
    return out[COLUMNS]


def balance_view(estimates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The balance rows of an estimate set, keyed by kind, each with a ``variable`` column
    (the covariate, or ``subgroup:level`` for a level share)."""
    out = {}
    for kind in ("balance", "std_diff", "balance_test", "balance_omnibus"):
        rows = estimates[estimates["kind"] == kind]
        variable = rows["outcome"].where(
            rows["subgroup"] == "all", rows["subgroup"] + ":" + rows["level"]
        )
        out[kind] = rows.assign(variable=variable).reset_index(drop=True)
    return out
