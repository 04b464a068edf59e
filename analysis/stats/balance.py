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
import statsmodels.api as sm

from analysis.stats.estimates import COLUMNS
from analysis.stats.hc2 import cell_moments, t_inference, wald_f
from analysis.study.prepare import Prepared


def _variables(prep: Prepared) -> list[tuple[str, str, str, np.ndarray]]:
    """(outcome, subgroup, level, values) for each balance variable; NaN = missing."""
    f = prep.frame
    out = [(c, "all", "all", f[f"cov_{c}"].to_numpy(dtype=float)) for c in prep.mapping.covariates]
    for key, levels in prep.subgroup_levels:
        values = f[f"sg_{key}"]
        present = values.notna().to_numpy()
        for level, _ in levels:
            x = np.where(present, (values == level).to_numpy(dtype=float), np.nan)
            out.append((key, key, level, x))
    return out


def _cells(prep: Prepared) -> tuple[np.ndarray, list[tuple[str, str]]]:
    m = prep.mapping
    cells = [(p, o) for o in m.option_keys for p in m.prompt_keys]
    lookup = {c: i for i, c in enumerate(cells)}
    f = prep.frame
    code = np.array([lookup[c] for c in zip(f["prompt"], f["option"], strict=True)], dtype=np.int64)
    return code, cells


def omnibus_test(treat: np.ndarray, covariates: np.ndarray) -> tuple[float, float, int]:
    """HC2 F test that no covariate predicts ``treat`` (LPM with intercept); (F, p, n)."""
    covariates = np.asarray(covariates, dtype=float).reshape(len(treat), -1)
    # Rescaling leaves the F test unchanged and keeps extreme values (1e308) finite.
    scale = np.abs(covariates).max(axis=0) if len(covariates) else np.ones(covariates.shape[1])
    covariates = covariates / np.where(scale > 0, scale, 1.0)
    x = sm.add_constant(covariates, has_constant="add")
    try:
        fit = sm.OLS(np.asarray(treat, dtype=float), x).fit(cov_type="HC2", use_t=True)
        restriction = np.eye(x.shape[1])[1:]
        test = fit.wald_test(restriction, use_f=True, scalar=True)
    except (ValueError, np.linalg.LinAlgError):
        # Degenerate data (no variation, too few rows): no test rather than a crash.
        return float("nan"), float("nan"), int(len(treat))
    return float(test.statistic), float(test.pvalue), int(len(treat))


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
    for outcome, sub, level, x in _variables(prep):
        ok = np.isfinite(x)
        n, _, mean, var = cell_moments(code[ok], x[ok], n_c)
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
        stat, p, _ = wald_f(contrast, mean, var, n.sum() - len(present))
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
                "p_value": p,
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
    covs = f[[f"cov_{c}" for c in m.covariates]].to_numpy(dtype=float)
    complete = np.isfinite(covs).all(axis=1)
    prompt = f["prompt"].to_numpy(dtype=object)
    comparisons = [
        (p, "all", (prompt == p) | (prompt == m.control), prompt == p)
        for p in m.prompt_keys
        if p != m.control
    ]
    if len(m.option_keys) > 1:
        option = f["option"].to_numpy(dtype=object)
        comparisons.append(("all", "exit", np.ones(len(f), dtype=bool), option == "exit"))
    rows = []
    for p, o, sample, treat in comparisons:
        use = sample & complete
        stat, pval, n = omnibus_test(treat[use], covs[use])
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
    rows = []
    for o in m.option_keys:
        for p in m.prompt_keys:
            cell = f[(f["prompt"] == p) & (f["option"] == o)]
            assigned = len(cell)
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
            exited = np.nan_to_num(cell["exited"].to_numpy(dtype=float)) == 1
            pos = cell["exit_pos"].to_numpy(dtype=float)
            if o == "exit" and m.exit_position:
                counts += [
                    ("left", issue.key, int((pos == j).sum()))
                    for j, issue in enumerate(m.issues, start=1)
                ]
            elif o == "exit":
                counts.append(("left", "all", int(exited.sum())))
            counts.append(("completed", "all", int(assigned - exited.sum())))
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
