"""Apply a mapping to a raw data frame: one canonical frame every estimator reads.

The canonical frame has one row per respondent with a known arm and these columns:
``prompt``, ``option`` (keys), ``exited`` (1/0 in exit-offered cells, NaN elsewhere),
``exit_pos`` (1-based issue position where the respondent left, NaN if stayed or unknown),
``ans_<issue>`` (1 support, 2 oppose, 3 no opinion, 4 other answer, NaN not answered),
``code_<issue>`` (the raw answer code as text), ``sg_<subgroup>`` (level key as text),
``weight`` (if mapped) and ``cov_<name>`` (numeric covariates, if mapped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.io.mapping import Label, Mapping, MappingError, Subgroup, code_key
from analysis.io.problems import Problem, ProblemList

SUPPORT, OPPOSE, NO_OPINION, OTHER = 1, 2, 3, 4


@dataclass(frozen=True)
class Prepared:
    """The canonical frame, the mapping it came from, and any warnings."""

    frame: pd.DataFrame
    mapping: Mapping
    warnings: tuple[Problem, ...] = ()
    subgroup_levels: tuple[tuple[str, tuple[tuple[str, Label], ...]], ...] = ()

    def levels(self, subgroup: str) -> tuple[tuple[str, Label], ...]:
        """Level keys and labels of a subgroup, in display order (the first is the reference)."""
        return dict(self.subgroup_levels)[subgroup]


def factor_keys(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column as a code per row into an object array of keys whose last entry is NaN
    (missing): ``keys[codes]`` is the column as keys (see :func:`analysis.io.mapping.code_key`).

    Why: a survey column has a handful of distinct codes; normalising those and indexing is
    much faster at a million rows than mapping or comparing every row's value.
    """
    codes, uniques = pd.factorize(series)
    found = [code_key(v) for v in uniques]
    keys = np.array([np.nan if k is None else k for k in found] + [np.nan], dtype=object)
    return codes, keys  # code -1 (missing) picks the final NaN


STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default text dtype


def str_column(codes: np.ndarray, values: Sequence[object]) -> pd.Series:
    """A text column from a code per row into ``values`` (-1, or a missing value: NaN).

    Why: building a million-row text column from Python strings costs ~0.1 s a column; from
    codes and a few distinct values (an Arrow dictionary, decoded in C++) under 10 ms.
    """
    codes = np.asarray(codes, dtype=np.int64)
    present = [i for i, v in enumerate(values) if isinstance(v, str)]
    remap = np.full(len(values) + 1, -1, dtype=np.int64)  # + 1: code -1 picks the last entry
    remap[present] = np.arange(len(present))
    inner = remap[codes]
    dictionary = pa.array([values[i] for i in present], type=pa.large_string())
    indices = pa.array(inner, mask=inner < 0, type=pa.int64())
    return pd.Series(pc.take(dictionary, indices), dtype=STR_DTYPE)


def codes_as_keys(series: pd.Series) -> pd.Series:
    """Every value of a column as its matching key (see :func:`analysis.io.mapping.code_key`)."""
    codes, keys = factor_keys(series)
    return pd.Series(keys[codes], index=series.index, dtype=object)


def _bin_levels(sub: Subgroup) -> tuple[tuple[str, Label], ...]:
    out = []
    for a, b in zip(sub.bins, sub.bins[1:], strict=False):
        key = f"{a:g}-{b:g}"
        if float(a).is_integer() and float(b).is_integer():
            text = f"{int(a)}–{int(b) - 1}"
        else:
            text = f"[{a:g}, {b:g})"
        out.append((key, Label(text, text)))
    return tuple(out)


def _natural(key: str) -> tuple[int, float, str]:
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key)


Levels = tuple[tuple[str, Label], ...]


def subgroup_codes_of(raw: pd.Series, sub: Subgroup) -> tuple[np.ndarray, Levels]:
    """A subgroup's level index per row (-1 when missing or not a listed level) and its levels."""
    if sub.bins:
        levels = _bin_levels(sub)
        numeric = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        idx = np.searchsorted(np.asarray(sub.bins), numeric, side="right") - 1
        ok = ~np.isnan(numeric) & (idx >= 0) & (idx < len(levels))
        return np.where(ok, idx, -1), levels
    codes, keys = factor_keys(raw)
    if sub.levels:
        levels = sub.levels
    else:
        seen = np.unique(codes[codes >= 0])
        found = sorted({keys[c] for c in seen if isinstance(keys[c], str)}, key=_natural)
        levels = tuple((k, Label(k, k)) for k in found)
    position = {k: i for i, (k, _) in enumerate(levels)}
    lookup = np.array([position.get(k, -1) if isinstance(k, str) else -1 for k in keys])
    return lookup[codes], levels


def subgroup_column(raw: pd.Series, sub: Subgroup) -> tuple[pd.Series, Levels]:
    """A subgroup's level key per row (NaN when missing or not a listed level) and its levels."""
    codes, levels = subgroup_codes_of(raw, sub)
    column = str_column(codes, [k for k, _ in levels])
    column.index = raw.index
    return column, levels


def arm_codes(raw: pd.DataFrame, mapping: Mapping) -> tuple[np.ndarray, np.ndarray]:
    """Prompt and option index per row (into ``mapping.prompt_keys`` / ``option_keys``; -1
    where the code is not in the mapping), looked up once per distinct code."""
    prompts = {p: i for i, p in enumerate(mapping.prompt_keys)}
    options = {o: i for i, o in enumerate(mapping.option_keys)}

    def lookup(column: str, table: dict[str, int]) -> np.ndarray:
        codes, keys = factor_keys(raw[column])
        found = np.array([table.get(k, -1) if isinstance(k, str) else -1 for k in keys])
        return found[codes]

    if mapping.arm_column:
        prompt = lookup(mapping.arm_column, {c: prompts[p] for c, p, _ in mapping.arms})
        option = lookup(mapping.arm_column, {c: options[o] for c, _, o in mapping.arms})
    else:
        prompt = lookup(mapping.prompt_column, {c: prompts[p] for c, p in mapping.prompt_codes})
        option = lookup(mapping.option_column, {c: options[o] for c, o in mapping.option_codes})
    return prompt, option


def arm_columns(raw: pd.DataFrame, mapping: Mapping) -> tuple[pd.Series, pd.Series]:
    """Prompt and option key per row (NaN where the code is not in the mapping)."""
    prompt, option = arm_codes(raw, mapping)
    out = (
        str_column(prompt, list(mapping.prompt_keys)),
        str_column(option, list(mapping.option_keys)),
    )
    for column in out:
        column.index = raw.index
    return out


def prepare(
    raw: pd.DataFrame, mapping: Mapping, *, strict: bool = True, problems: ProblemList | None = None
) -> Prepared:
    """Build the canonical frame from raw data and a mapping.

    Raises
    ------
    MappingError
        When the data cannot be used with the mapping (every error found at once).

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> prep = load_embedded()
    >>> sorted(prep.frame["prompt"].unique())
    ['company', 'government', 'none']
    """
    from analysis.study.validate import validate  # local: validate builds on this module

    # A caller that has just validated (build_dataset) passes its problems: checking a large
    # file twice doubled the load time.
    if problems is None:
        problems = validate(raw, mapping)
    errors = [p for p in problems if p.severity == "error"]
    if errors and strict:
        raise MappingError(errors)
    warnings = tuple(p for p in problems if p.severity != "error")

    prompt, option = arm_codes(raw, mapping)
    keep = np.flatnonzero((prompt >= 0) & (option >= 0))
    every = len(keep) == len(raw)

    def rows(values: np.ndarray) -> np.ndarray:
        return values if every else values[keep]

    def text(codes: np.ndarray, values: Sequence[object]) -> pd.api.extensions.ExtensionArray:
        return str_column(rows(codes), values).array

    out: dict[str, object] = {
        "prompt": text(prompt, list(mapping.prompt_keys)),
        "option": text(option, list(mapping.option_keys)),
    }
    if mapping.id_column:
        out["respondent_id"] = rows(raw[mapping.id_column].to_numpy())
    is_exit_cell = (
        rows(option) == list(mapping.option_keys).index("exit")
        if ("exit" in mapping.option_keys)
        else np.zeros(len(keep), dtype=bool)
    )
    n_issues = len(mapping.issues)
    if mapping.exit_position:
        pos = rows(pd.to_numeric(raw[mapping.exit_position], errors="coerce").to_numpy(dtype=float))
        pos = np.where((pos >= 1) & (pos <= n_issues), pos, np.nan)
        exited = ~np.isnan(pos)
    else:
        pos = np.full(len(keep), np.nan)
        flag = (
            rows(pd.to_numeric(raw[mapping.exit_flag], errors="coerce").to_numpy(dtype=float))
            if mapping.exit_flag
            else np.zeros(len(keep))
        )
        exited = np.nan_to_num(flag) == 1
    out["exited"] = np.where(is_exit_cell, exited.astype(float), np.nan)
    out["exit_pos"] = np.where(is_exit_cell, pos, np.nan)

    for issue in mapping.issues:
        codes, keys = factor_keys(raw[issue.column])
        # The answer category of each distinct key (a later list wins, as before); then index.
        ans_of_key = np.where(pd.isna(keys), np.nan, float(OTHER))
        for listed, value in (
            (issue.support, SUPPORT),
            (issue.oppose, OPPOSE),
            (issue.no_opinion, NO_OPINION),
        ):
            ans_of_key[[k in listed for k in keys]] = value
        codes = rows(codes)
        out[f"ans_{issue.key}"] = ans_of_key[codes]
        out[f"code_{issue.key}"] = str_column(codes, list(keys)).array

    levels = []
    for sub in mapping.subgroups:
        codes, lv = subgroup_codes_of(raw[sub.column], sub)
        out[f"sg_{sub.key}"] = text(codes, [k for k, _ in lv])
        levels.append((sub.key, lv))
    if mapping.weight:
        out["weight"] = rows(
            pd.to_numeric(raw[mapping.weight], errors="coerce").to_numpy(dtype=float)
        )
    for cov in mapping.covariates:
        out[f"cov_{cov}"] = rows(pd.to_numeric(raw[cov], errors="coerce").to_numpy(dtype=float))
    # The columns are new arrays made here: no need for pandas to copy them into blocks again.
    frame = pd.DataFrame(out, copy=False)
    return Prepared(frame=frame, mapping=mapping, warnings=warnings, subgroup_levels=tuple(levels))
