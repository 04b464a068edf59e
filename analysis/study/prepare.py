"""Apply a mapping to a raw data frame: one canonical frame every estimator reads.

The canonical frame has one row per respondent with a known arm and these columns:
``prompt``, ``option`` (keys), ``exited`` (1/0 in exit-offered cells, NaN elsewhere),
``exit_pos`` (1-based issue position where the respondent left, NaN if stayed or unknown),
``ans_<issue>`` (1 support, 2 oppose, 3 no opinion, 4 other answer, NaN not answered),
``code_<issue>`` (the raw answer code as text), ``sg_<subgroup>`` (level key as text),
``weight`` (if mapped) and ``cov_<name>`` (numeric covariates, if mapped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    keys = [code_key(v) for v in uniques]
    keys = np.array([np.nan if k is None else k for k in keys] + [np.nan], dtype=object)
    return codes, keys  # code -1 (missing) picks the final NaN


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


def subgroup_column(raw: pd.Series, sub: Subgroup) -> tuple[pd.Series, Levels]:
    """A subgroup's level key per row (NaN when missing or not a listed level) and its levels."""
    if sub.bins:
        levels = _bin_levels(sub)
        numeric = pd.to_numeric(raw, errors="coerce")
        idx = np.searchsorted(np.asarray(sub.bins), numeric.to_numpy(dtype=float), side="right") - 1
        ok = numeric.notna().to_numpy() & (idx >= 0) & (idx < len(levels))
        keys = np.array([k for k, _ in levels], dtype=object)
        values = np.where(ok, keys[np.clip(idx, 0, len(levels) - 1)], None)
        return pd.Series(values, index=raw.index, dtype=object), levels
    keyed = codes_as_keys(raw)
    if sub.levels:
        allowed = {k for k, _ in sub.levels}
        return keyed.where(keyed.isin(allowed), None), sub.levels
    found = sorted({k for k in keyed.dropna()}, key=_natural)
    return keyed, tuple((k, Label(k, k)) for k in found)


def arm_columns(raw: pd.DataFrame, mapping: Mapping) -> tuple[pd.Series, pd.Series]:
    """Prompt and option key per row (None where the code is not in the mapping)."""
    if mapping.arm_column:
        keys = codes_as_keys(raw[mapping.arm_column])
        prompt = keys.map({c: p for c, p, _ in mapping.arms})
        option = keys.map({c: o for c, _, o in mapping.arms})
    else:
        prompt = codes_as_keys(raw[mapping.prompt_column]).map(dict(mapping.prompt_codes))
        option = codes_as_keys(raw[mapping.option_column]).map(dict(mapping.option_codes))
    return prompt.astype(object), option.astype(object)


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

    prompt, option = arm_columns(raw, mapping)
    keep = (prompt.notna() & option.notna()).to_numpy()
    raw = raw.loc[keep]
    out: dict[str, object] = {
        "prompt": prompt[keep].to_numpy(dtype=object),
        "option": option[keep].to_numpy(dtype=object),
    }
    if mapping.id_column:
        out["respondent_id"] = raw[mapping.id_column].to_numpy()
    is_exit_cell = out["option"] == "exit"
    n_issues = len(mapping.issues)
    if mapping.exit_position:
        pos = pd.to_numeric(raw[mapping.exit_position], errors="coerce").to_numpy(dtype=float)
        pos = np.where((pos >= 1) & (pos <= n_issues), pos, np.nan)
        exited = ~np.isnan(pos)
    else:
        pos = np.full(len(raw), np.nan)
        flag = (
            pd.to_numeric(raw[mapping.exit_flag], errors="coerce")
            if mapping.exit_flag
            else pd.Series(0.0, index=raw.index)
        )
        exited = flag.fillna(0).to_numpy(dtype=float) == 1
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
        out[f"ans_{issue.key}"] = ans_of_key[codes]
        out[f"code_{issue.key}"] = keys[codes]

    levels = []
    for sub in mapping.subgroups:
        values, lv = subgroup_column(raw[sub.column], sub)
        out[f"sg_{sub.key}"] = values.to_numpy(dtype=object)
        levels.append((sub.key, lv))
    if mapping.weight:
        out["weight"] = pd.to_numeric(raw[mapping.weight], errors="coerce").to_numpy(dtype=float)
    for cov in mapping.covariates:
        out[f"cov_{cov}"] = pd.to_numeric(raw[cov], errors="coerce").to_numpy(dtype=float)
    frame = pd.DataFrame(out)
    return Prepared(frame=frame, mapping=mapping, warnings=warnings, subgroup_levels=tuple(levels))
