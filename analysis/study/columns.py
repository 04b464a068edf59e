"""Coded columns as keys: the arm, a subgroup's levels, any column of codes.

Shared by :mod:`analysis.study.validate` (which checks the codes) and
:mod:`analysis.study.prepare` (which builds the canonical frame from them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.io.mapping import Label, Mapping, Subgroup, code_key


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


class ColumnFactors:
    """Each column of one raw frame as codes and distinct keys (:func:`factor_keys`), made at
    most once per column: validation and preparation read the same columns (the arm, every
    answer, the subgroups), and factorising a million values costs ~5 ms a column each time.

    Codes are kept in the smallest integer type (:func:`small_codes`): a cache of a dozen
    million-row columns as int64 would hold ~100 MB while the file is checked and prepared.
    """

    def __init__(self, raw: pd.DataFrame) -> None:
        self.raw = raw
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, keys)`` of ``column`` as :func:`factor_keys` gives them."""
        if column not in self._cache:
            codes, keys = factor_keys(self.raw[column])
            self._cache[column] = (small_codes(codes), keys)
        return self._cache[column]

    def present(self, column: str) -> np.ndarray:
        """Rows whose value is not missing (as a key)."""
        codes, keys = self(column)
        return ~pd.isna(keys)[codes]

    def isin(self, column: str, allowed: set[str] | list[str]) -> np.ndarray:
        """Rows whose key is in ``allowed``."""
        codes, keys = self(column)
        allowed = set(allowed)
        return np.array([isinstance(k, str) and k in allowed for k in keys])[codes]

    def seen(self, column: str, rows: np.ndarray | None = None) -> set[str]:
        """The keys that occur (in ``rows`` only, if given)."""
        codes, keys = self(column)
        picked = codes if rows is None else codes[rows]
        shifted = np.add(picked, 1, dtype=np.int64)  # -1 (missing) -> 0; no int8 overflow
        used = np.flatnonzero(np.bincount(shifted, minlength=len(keys) + 1)[1:])
        return {keys[c] for c in used if isinstance(keys[c], str)}


def factors_of(raw: pd.DataFrame, factors: ColumnFactors | None) -> ColumnFactors:
    """``factors`` when it was made from this very frame, else new ones for it."""
    if factors is None:
        return ColumnFactors(raw)
    if factors.raw is not raw:
        raise ValueError("the column factors were made from another frame")
    return factors


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


def key_codes(column: pd.Series, keys: Sequence[str]) -> np.ndarray:
    """Position of each row's value in ``keys``; -1 where missing or not listed.

    Factorises the column (a few distinct values) and looks up the distinct values only: a dict
    lookup per row costs seconds at a million rows.
    """
    codes, uniques = pd.factorize(column)
    position = {k: i for i, k in enumerate(keys)}
    lookup = np.array([position.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    return lookup[codes]  # factorize gives -1 for missing: the appended -1


def small_codes(codes: np.ndarray) -> np.ndarray:
    """Codes (-1 .. a few thousand) in the smallest integer type that holds them."""
    top = int(codes.max(initial=0))
    dtype = np.int8 if top < 2**7 else np.int16 if top < 2**15 else np.int64
    return codes.astype(dtype)


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


def subgroup_codes_of(
    raw: pd.Series, sub: Subgroup, factored: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, Levels]:
    """A subgroup's level index per row (-1 when missing or not a listed level) and its levels.

    ``factored``: the column's :func:`factor_keys` already made (:class:`ColumnFactors`)."""
    if sub.bins:
        levels = _bin_levels(sub)
        numeric = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        idx = np.searchsorted(np.asarray(sub.bins), numeric, side="right") - 1
        ok = ~np.isnan(numeric) & (idx >= 0) & (idx < len(levels))
        return np.where(ok, idx, -1), levels
    codes, keys = factored if factored is not None else factor_keys(raw)
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


def arm_codes(
    raw: pd.DataFrame, mapping: Mapping, factors: ColumnFactors | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Prompt and option index per row (into ``mapping.prompt_keys`` / ``option_keys``; -1
    where the code is not in the mapping), looked up once per distinct code. ``factors``: the
    frame's columns already factorised (one arm column is then factorised once for both)."""
    prompts = {p: i for i, p in enumerate(mapping.prompt_keys)}
    options = {o: i for i, o in enumerate(mapping.option_keys)}
    factors = factors_of(raw, factors)

    def lookup(column: str, table: dict[str, int]) -> np.ndarray:
        codes, keys = factors(column)
        found = np.array([table.get(k, -1) if isinstance(k, str) else -1 for k in keys])
        return found[codes]

    if mapping.arm_column:
        prompt = lookup(mapping.arm_column, {c: prompts[p] for c, p, _ in mapping.arms})
        option = lookup(mapping.arm_column, {c: options[o] for c, _, o in mapping.arms})
    else:
        # parse_mapping requires both columns when there is no arm column.
        assert mapping.prompt_column and mapping.option_column
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


def pattern_codes(covs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One code per row for its covariate values (-1 where any is missing) and the values of
    each code (one row per pattern)."""
    complete = np.isfinite(covs).all(axis=1)
    codes = np.full(len(covs), -1, dtype=np.int64)
    if not complete.any():
        return codes, np.empty((0, covs.shape[1]))
    # Each covariate's distinct values, then their combinations as one number per row: two
    # hash passes per column instead of a groupby on all of them (~0.2 s at 1M rows). Patterns
    # are numbered in order of first appearance, as ``groupby(sort=False).ngroup()`` does.
    rows = covs[complete]
    combined = np.zeros(len(rows), dtype=np.int64)
    radix = 1
    for column in rows.T:
        code, distinct = pd.factorize(column)
        if radix * len(distinct) >= 2**62:  # too many combinations for one int64
            combined, _ = pd.factorize(combined)
            radix = int(combined.max()) + 1
        combined = combined * len(distinct) + code
        radix *= len(distinct)
    inner, _ = pd.factorize(combined)
    codes[complete] = inner
    first = np.empty(int(inner.max()) + 1, dtype=np.int64)
    first[inner[::-1]] = np.arange(len(inner) - 1, -1, -1)
    return codes, covs[complete][first]
