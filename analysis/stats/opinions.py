"""Opinions: the full answer distribution per issue and prompt, and a chi-square test across
prompts.

Two views, both as rows of ``kind = distribution`` (share with a Wilson CI, ``method = wilson``):

* ``outcome = answer_<category>``: among those who answered the issue, the share giving each
  answer (support, oppose, no_opinion, other). In exit-offered cells these are observed only
  for those who stayed, and the prompt changes who stays: not a causal comparison.
* ``outcome = assigned_<category>`` (exit-offered cells): over everyone assigned to the cell,
  with "left the survey" (``left``) counted as an answer, and ``missing`` for those who stayed
  but skipped the issue. This view compares like with like across prompts.

``kind = chi2_test`` rows test that the distribution is the same under every prompt (Pearson,
no continuity correction; = R ``chisq.test(table)``); ``estimate`` is the statistic, ``outcome``
the view (``answer`` or ``assigned``). Categories nobody chose are dropped from the table.
The share supporting among substantive answers is the grid's ``outcome = support``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.estimates import COLUMNS, wilson
from analysis.stats.tails import chi2_contingency_pearson
from analysis.study.prepare import NO_OPINION, OPPOSE, OTHER, SUPPORT, Prepared

ANSWERS = {"support": SUPPORT, "oppose": OPPOSE, "no_opinion": NO_OPINION, "other": OTHER}
ASSIGNED = (*ANSWERS, "left", "missing")


def answer_categories(prep: Prepared, issue: str, view: str) -> tuple[np.ndarray, list[str]]:
    """Per respondent, the index of their category in this view (-1 = not counted)."""
    f = prep.frame
    ans = f[f"ans_{issue}"].to_numpy(dtype=float)
    names = list(ANSWERS) if view == "answer" else list(ASSIGNED)
    # Answers are 1..4 (SUPPORT..OTHER) in ANSWERS' order: the category is the value - 1.
    listed = np.isin(ans, list(ANSWERS.values()))
    code = np.full(len(ans), -1, dtype=np.int64)
    code[listed] = ans[listed] - 1
    if view == "assigned":
        options = list(prep.mapping.option_keys)
        exit_code = options.index("exit") if "exit" in options else -2  # -2: no row's code
        in_exit = prep.codes("option", options) == exit_code
        left = f["exited"].to_numpy(dtype=float) == 1  # NaN is not 1
        code[np.isnan(ans) & left] = names.index("left")
        code[np.isnan(ans) & ~left] = names.index("missing")
        code[~in_exit] = -1
    return code, names


def chi_square(table: np.ndarray) -> tuple[float, float, int]:
    """Pearson chi-square of a prompts x categories table (empty rows and columns dropped)."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return np.nan, np.nan, 0
    stat, p, dof = chi2_contingency_pearson(table)
    return float(stat), float(p), int(dof)


def answer_distribution(prep: Prepared) -> pd.DataFrame:
    """Answer shares (both views) and chi-square tests for every issue and response option.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = answer_distribution(load_embedded())
    >>> sorted(rows["kind"].unique())
    ['chi2_test', 'distribution']
    """
    m = prep.mapping
    prompts = list(m.prompt_keys)
    n_p = len(prompts)
    prompt_code = prep.codes("prompt", prompts)
    options = list(m.option_keys)
    option_code = prep.codes("option", options)
    # Each respondent's option x prompt cell once (read only where both are known).
    in_cell = (prompt_code >= 0) & (option_code >= 0)
    # As prepare leaves it every row is in a cell: then no copy of each column is made.
    known: np.ndarray | slice = slice(None) if in_cell.all() else in_cell
    cells = (option_code * n_p + prompt_code)[known]
    left = prep.frame["exited"].to_numpy(dtype=float)[known] == 1  # NaN is not 1
    # Each issue counted once for both views: every respondent's category in the "assigned"
    # view (the four answers, then "left" and "missing" for those without one) per option x
    # prompt cell. The "answer" view is its first four categories in every option, "assigned"
    # all six in the exit option: the same counts as one pass per view (answer_categories),
    # at a third of the cost (two passes per issue over a million rows cost ~0.2 s).
    n_all = len(ASSIGNED)
    counted = {}
    for issue in m.issues:
        ans = prep.frame[f"ans_{issue.key}"].to_numpy(dtype=float)[known]
        missing = np.isnan(ans)
        category = np.where(missing, np.where(left, ASSIGNED.index("left"), n_all - 1), ans - 1)
        # Answers are 1..4 (SUPPORT..OTHER) in ANSWERS' order; any other value goes to one more
        # category that is not read (a bin, not a selection of the rows: no copy).
        other = ~missing & ~np.isin(ans, list(ANSWERS.values()))
        category[other] = n_all
        counts = np.bincount(
            cells * (n_all + 1) + category.astype(np.int64),
            minlength=len(options) * n_p * (n_all + 1),
        )
        counted[issue.key] = counts.reshape(len(options), n_p, n_all + 1)
    parts, tests = [], []
    views = ["answer", "assigned"] if "exit" in m.option_keys else ["answer"]
    for view in views:
        names = list(ANSWERS) if view == "answer" else list(ASSIGNED)
        for issue in m.issues:
            counts = counted[issue.key][:, :, : len(names)]
            for opt in ["exit"] if view == "assigned" else m.option_keys:
                k = counts[options.index(opt)]
                n = np.repeat(k.sum(axis=1, keepdims=True), len(names), axis=1)
                low, high = wilson(k, n)
                with np.errstate(divide="ignore", invalid="ignore"):
                    share = np.where(n > 0, k / n, np.nan)
                parts.append(
                    {
                        "outcome": np.tile([f"{view}_{c}" for c in names], n_p),
                        "issue": np.full(n.size, issue.key, dtype=object),
                        "prompt": np.repeat(prompts, len(names)),
                        "option": np.full(n.size, opt, dtype=object),
                        "n": n.ravel(),
                        "estimate": share.ravel(),
                        "std_error": np.sqrt(share * (1 - share) / np.where(n > 0, n, 1)).ravel(),
                        "ci_low": low.ravel(),
                        "ci_high": high.ravel(),
                    }
                )
                stat, p, _ = chi_square(k)
                tests.append(
                    {
                        "kind": "chi2_test",
                        "outcome": view,
                        "issue": issue.key,
                        "prompt": "all",
                        "option": opt,
                        "subgroup": "all",
                        "level": "all",
                        "n": int(k.sum()),
                        "estimate": stat,
                        "std_error": np.nan,
                        "ci_low": np.nan,
                        "ci_high": np.nan,
                        "p_value": p,
                        "method": "pearson_chi2",
                    }
                )
    # One frame of every share at the end: a small frame per issue and option cost more than
    # the counting.
    shares = pd.DataFrame({c: np.concatenate([part[c] for part in parts]) for c in parts[0]})
    shares = shares.assign(
        kind="distribution", subgroup="all", level="all", p_value=np.nan, method="wilson"
    )
    out = pd.concat([shares, pd.DataFrame(tests)], ignore_index=True)
    out["p_adjusted"] = np.nan
    out["n"] = out["n"].astype(np.int64)
    return out[COLUMNS]


def distribution_rows(
    estimates: pd.DataFrame, *, issue: str, option: str, view: str = "answer"
) -> pd.DataFrame:
    """The distribution rows of one issue, option and view, with a ``category`` column."""
    prefix = f"{view}_"
    rows = estimates[
        (estimates["kind"] == "distribution")
        & (estimates["issue"] == issue)
        & (estimates["option"] == option)
        & estimates["outcome"].str.startswith(prefix)
    ]
    return rows.assign(category=rows["outcome"].str.removeprefix(prefix)).reset_index(drop=True)
