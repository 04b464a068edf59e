"""Check a data file against its mapping and report every problem at once.

Each rule adds problems with the number of rows concerned and a few example values. Errors stop a
load (the numbers would be wrong); warnings let it proceed and stay visible (rows left out, codes
that never occur, answers recorded after an exit). Rules whose columns are missing are skipped,
so that one run reports everything that can be checked.

Rules (code, severity):

- columns named in the mapping are missing: ``data_missing_columns``, error
- arm codes not in the mapping, or no arm code: ``data_unknown_arm_codes``, ``data_missing_arm``,
  warning (those rows are left out, and say so)
- no usable row, no control row: ``data_no_rows``, ``data_no_control``, error
- a prompt x option cell with no rows: ``data_empty_cell``, error
- exit position not a number, or outside 1..issues: ``data_exit_non_numeric``,
  ``data_exit_out_of_range``, error; exit flag not 0/1: ``data_exit_flag_values``, error
- an exit recorded where it was not offered: ``data_exit_outside_exit_cells``, warning
- answers recorded after the exit: ``data_answers_after_exit``, warning
- duplicate respondent IDs: ``data_duplicate_ids``, error
- weights missing, zero or negative: ``data_weights_missing``, ``data_weights_nonpositive``, error
- codes in the mapping that never occur: ``data_codes_never_occur``, warning
- answer codes the mapping does not list: ``data_unlisted_codes``, warning
- covariate values that are not numbers: ``data_covariate_non_numeric``, warning
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.io.mapping import Mapping
from analysis.io.problems import Problem, ProblemList
from analysis.study.columns import ColumnFactors, arm_codes, factors_of, subgroup_codes_of

MAX_EXAMPLES = 5


def examples(values: Iterable[object], limit: int = MAX_EXAMPLES) -> str:
    """A few distinct example values as one short text (``1, 7, 'x'`` …)."""
    out: list[str] = []
    for value in values:
        text = str(value)
        text = text if len(text) <= 30 else text[:29] + "…"
        if text not in out:
            out.append(text)
        if len(out) == limit:
            out.append("…")
            break
    return ", ".join(out)


def _rows(mask: np.ndarray | pd.Series) -> int:
    return int(np.asarray(mask).sum())


def _row_labels(raw: pd.DataFrame, mapping: Mapping, mask: np.ndarray) -> str:
    """Examples naming rows by respondent ID when there is one, else by data row number."""
    if mapping.id_column and mapping.id_column in raw.columns:
        return examples(raw.loc[mask, mapping.id_column])
    return examples(f"#{i + 1}" for i in np.flatnonzero(mask))


def _missing_columns(raw: pd.DataFrame, mapping: Mapping) -> ProblemList:
    missing = [c for c in mapping.columns_used() if c not in raw.columns]
    if not missing:
        return []
    found = ", ".join(map(str, list(raw.columns)[:20]))
    if raw.shape[1] > 20:
        found += ", …"
    return [
        Problem("data_missing_columns", "error", {"columns": ", ".join(missing), "found": found})
    ]


def _arm_sources(mapping: Mapping) -> list[tuple[str, set[str]]]:
    if mapping.arm_column:
        return [(mapping.arm_column, {c for c, _, _ in mapping.arms})]
    # parse_mapping requires both columns when there is no arm column.
    assert mapping.prompt_column and mapping.option_column
    return [
        (mapping.prompt_column, {c for c, _ in mapping.prompt_codes}),
        (mapping.option_column, {c for c, _ in mapping.option_codes}),
    ]


def _arm_problems(
    raw: pd.DataFrame,
    mapping: Mapping,
    known: np.ndarray,
    prompt: np.ndarray,
    option: np.ndarray,
    factors: ColumnFactors,
) -> ProblemList:
    problems: ProblemList = []
    for column, codes in _arm_sources(mapping):
        present = factors.present(column)
        unknown = present & ~factors.isin(column, codes)
        if unknown.any():
            problems.append(
                Problem(
                    "data_unknown_arm_codes",
                    "warning",
                    {
                        "rows": _rows(unknown),
                        "column": column,
                        "examples": examples(raw.loc[unknown, column]),
                    },
                )
            )
        absent = ~present
        if absent.any():
            problems.append(
                Problem("data_missing_arm", "warning", {"rows": _rows(absent), "column": column})
            )
        never = sorted(codes - factors.seen(column))
        if never:
            problems.append(
                Problem(
                    "data_codes_never_occur", "warning", {"where": column, "codes": examples(never)}
                )
            )
    if not known.any():
        problems.append(Problem("data_no_rows", "error"))
        return problems
    prompts, options = list(mapping.prompt_keys), list(mapping.option_keys)
    control = prompts.index(mapping.control) if mapping.control in prompts else -1
    if not (prompt[known] == control).any():
        problems.append(Problem("data_no_control", "error", {"control": mapping.control}))
    if mapping.arm_column:
        cells = {(p, o) for _, p, o in mapping.arms}
    else:
        cells = {(p, o) for _, p in mapping.prompt_codes for _, o in mapping.option_codes}
    combos = np.unique(option[known] * len(prompts) + prompt[known])
    present_cells = {(prompts[c % len(prompts)], options[c // len(prompts)]) for c in combos}
    for p, o in sorted(cells - present_cells):
        problems.append(Problem("data_empty_cell", "error", {"prompt": p, "option": o}))
    return problems


def _exit_problems(
    raw: pd.DataFrame,
    mapping: Mapping,
    known: np.ndarray,
    option: np.ndarray,
    factors: ColumnFactors,
) -> ProblemList:
    problems: ProblemList = []
    options = list(mapping.option_keys)
    is_exit = option == (options.index("exit") if "exit" in options else -2)
    exit_cell = known & is_exit
    other_cell = known & ~is_exit
    n_issues = len(mapping.issues)
    if mapping.exit_position:
        column = mapping.exit_position
        values = raw[column]
        present = values.notna().to_numpy(copy=True)
        if values.dtype == object:
            present &= values.astype(str).str.strip().ne("").to_numpy()
        numeric = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        non_numeric = present & np.isnan(numeric) & exit_cell
        if non_numeric.any():
            problems.append(
                Problem(
                    "data_exit_non_numeric",
                    "error",
                    {
                        "rows": _rows(non_numeric),
                        "column": column,
                        "n": n_issues,
                        "examples": examples(values[non_numeric]),
                    },
                )
            )
        with np.errstate(invalid="ignore"):
            in_range = (numeric >= 1) & (numeric <= n_issues) & (numeric == np.floor(numeric))
        out_of_range = ~np.isnan(numeric) & ~in_range & exit_cell
        if out_of_range.any():
            problems.append(
                Problem(
                    "data_exit_out_of_range",
                    "error",
                    {
                        "rows": _rows(out_of_range),
                        "column": column,
                        "n": n_issues,
                        "examples": examples(values[out_of_range]),
                    },
                )
            )
        outside = present & other_cell
        if outside.any():
            problems.append(
                Problem(
                    "data_exit_outside_exit_cells",
                    "warning",
                    {"rows": _rows(outside), "column": column},
                )
            )
        left_at = np.where(exit_cell & in_range, numeric, np.nan)
        after = np.zeros(len(raw), dtype=bool)
        for position, issue in enumerate(mapping.issues, start=1):
            if issue.column not in raw.columns:
                continue
            answered = factors.present(issue.column)
            with np.errstate(invalid="ignore"):
                after |= answered & (left_at < position)
        if after.any():
            problems.append(
                Problem(
                    "data_answers_after_exit",
                    "warning",
                    {
                        "rows": _rows(after),
                        "column": column,
                        "examples": _row_labels(raw, mapping, after),
                    },
                )
            )
    elif mapping.exit_flag:
        column = mapping.exit_flag
        bad = factors.present(column) & ~factors.isin(column, {"0", "1"}) & exit_cell
        if bad.any():
            problems.append(
                Problem(
                    "data_exit_flag_values",
                    "error",
                    {"rows": _rows(bad), "column": column, "examples": examples(raw[column][bad])},
                )
            )
        outside = factors.isin(column, {"1"}) & other_cell
        if outside.any():
            problems.append(
                Problem(
                    "data_exit_outside_exit_cells",
                    "warning",
                    {"rows": _rows(outside), "column": column},
                )
            )
    return problems


def _id_problems(raw: pd.DataFrame, mapping: Mapping) -> ProblemList:
    if not mapping.id_column:
        return []
    ids = raw[mapping.id_column]
    duplicated = (ids.notna() & ids.duplicated(keep=False)).to_numpy()
    if not duplicated.any():
        return []
    return [
        Problem(
            "data_duplicate_ids",
            "error",
            {
                "rows": _rows(duplicated),
                "column": mapping.id_column,
                "examples": examples(ids[duplicated]),
            },
        )
    ]


def _weight_problems(raw: pd.DataFrame, mapping: Mapping, known: np.ndarray) -> ProblemList:
    if not mapping.weight:
        return []
    column = mapping.weight
    values = raw[column]
    numeric = pd.to_numeric(values, errors="coerce")
    used = known
    problems: ProblemList = []
    missing = numeric.isna().to_numpy() & used
    if missing.any():
        problems.append(
            Problem(
                "data_weights_missing",
                "error",
                {
                    "rows": _rows(missing),
                    "column": column,
                    "examples": examples(values[missing].astype(object).fillna("NA")),
                },
            )
        )
    nonpositive = (numeric <= 0).to_numpy() & used
    if nonpositive.any():
        problems.append(
            Problem(
                "data_weights_nonpositive",
                "error",
                {
                    "rows": _rows(nonpositive),
                    "column": column,
                    "examples": examples(values[nonpositive]),
                },
            )
        )
    return problems


def _code_problems(
    raw: pd.DataFrame, mapping: Mapping, known: np.ndarray, factors: ColumnFactors
) -> ProblemList:
    problems: ProblemList = []
    for issue in mapping.issues:
        if issue.column not in raw.columns:
            continue
        listed = [*issue.support, *issue.oppose, *issue.no_opinion]
        seen = factors.seen(issue.column, known)
        never = [c for c in listed if c not in seen]
        if never:
            problems.append(
                Problem(
                    "data_codes_never_occur",
                    "warning",
                    {"where": f"{issue.key} ({issue.column})", "codes": examples(never)},
                )
            )
        unlisted = known & factors.present(issue.column) & ~factors.isin(issue.column, listed)
        if unlisted.any():
            problems.append(
                Problem(
                    "data_unlisted_codes",
                    "warning",
                    {
                        "rows": _rows(unlisted),
                        "issue": issue.key,
                        "column": issue.column,
                        "examples": examples(raw.loc[unlisted, issue.column]),
                    },
                )
            )
    for sub in mapping.subgroups:
        if not sub.levels or sub.column not in raw.columns:
            continue
        codes, levels = subgroup_codes_of(
            raw[sub.column], sub, None if sub.bins else factors(sub.column)
        )
        present = set(np.flatnonzero(np.bincount(codes[known] + 1, minlength=len(levels) + 1)[1:]))
        never = [k for i, (k, _) in enumerate(levels) if i not in present]
        if never:
            problems.append(
                Problem(
                    "data_codes_never_occur",
                    "warning",
                    {"where": f"{sub.key} ({sub.column})", "codes": examples(never)},
                )
            )
    for cov in mapping.covariates:
        if cov not in raw.columns:
            continue
        values = raw[cov]
        if pd.api.types.is_numeric_dtype(values.dtype):
            continue  # numbers (or missing) only: nothing to report
        bad = known & (values.notna() & pd.to_numeric(values, errors="coerce").isna()).to_numpy()
        if bad.any():
            problems.append(
                Problem(
                    "data_covariate_non_numeric",
                    "warning",
                    {"rows": _rows(bad), "column": cov, "examples": examples(values[bad])},
                )
            )
    return problems


def validate(
    raw: pd.DataFrame, mapping: Mapping, *, factors: ColumnFactors | None = None
) -> ProblemList:
    """Every problem of ``raw`` under ``mapping``: errors stop a load, warnings let it proceed.

    ``factors``: ``ColumnFactors(raw)`` to share with :func:`analysis.study.prepare.prepare`,
    which then factorises none of the columns checked here again.

    Examples
    --------
    >>> from analysis.io.mapping import read_mapping
    >>> from analysis.study.simulate import DATA_FILE, MAPPING_FILE
    >>> raw = pd.read_csv(DATA_FILE)
    >>> [p.code for p in validate(raw.drop(columns=["q3"]), read_mapping(MAPPING_FILE))]
    ['data_missing_columns']
    """
    problems = _missing_columns(raw, mapping)
    missing = set(mapping.columns_used()) - set(raw.columns)
    arm_cols = {c for c, _ in _arm_sources(mapping)}
    if arm_cols & missing:
        if mapping.id_column and mapping.id_column not in missing:
            problems += _id_problems(raw, mapping)
        return problems
    factors = factors_of(raw, factors)
    prompt, option = arm_codes(raw, mapping, factors)
    known = (prompt >= 0) & (option >= 0)
    problems += _arm_problems(raw, mapping, known, prompt, option, factors)
    if not known.any():
        return problems
    exit_cols = {mapping.exit_position, mapping.exit_flag} - {None}
    if not exit_cols & missing:
        problems += _exit_problems(raw, mapping, known, option, factors)
    if mapping.id_column and mapping.id_column not in missing:
        problems += _id_problems(raw, mapping)
    if mapping.weight and mapping.weight not in missing:
        problems += _weight_problems(raw, mapping, known)
    problems += _code_problems(raw, mapping, known, factors)
    return problems
