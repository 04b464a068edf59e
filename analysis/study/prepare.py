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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.io.mapping import Label, Mapping, MappingError
from analysis.io.problems import Problem, ProblemList
from analysis.study.columns import (
    ColumnFactors,
    arm_codes,
    factors_of,
    key_codes,
    pattern_codes,
    small_codes,
    str_column,
    subgroup_codes_of,
)
from analysis.study.validate import validate

SUPPORT, OPPOSE, NO_OPINION, OTHER = 1, 2, 3, 4


@dataclass(frozen=True)
class Prepared:
    """The canonical frame, the mapping it came from, and any warnings."""

    frame: pd.DataFrame
    mapping: Mapping
    warnings: tuple[Problem, ...] = ()
    subgroup_levels: tuple[tuple[str, tuple[tuple[str, Label], ...]], ...] = ()
    # Integer codes of key columns, made once per frame: every estimator reads the prompt, option
    # and subgroup columns as codes, and factorising a million strings costs ~20 ms each time.
    # Not an init field, so ``dataclasses.replace(prep, frame=...)`` starts with an empty cache.
    _codes: dict[tuple[str, tuple[str, ...]], np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The covariate patterns (covariate_patterns), made at most once: a list so that the frozen
    # dataclass can fill it.
    _patterns: list[tuple[np.ndarray, np.ndarray]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def codes(self, column: str, keys: Sequence[str]) -> np.ndarray:
        """Position of each row's ``column`` value in ``keys`` (-1 where missing or not listed),
        as a new int64 array (see :func:`analysis.study.columns.key_codes`)."""
        key = (column, tuple(keys))
        if key not in self._codes:
            self._codes[key] = small_codes(key_codes(self.frame[column], keys))
        return self._codes[key].astype(np.int64)

    def covariate_patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """Each row's pattern of ``[adjustment] covariates`` values (-1 where one is missing),
        as a new int64 array, and the values of each pattern (one row each): see
        :func:`analysis.study.columns.pattern_codes`. Made once per frame: the adjusted effects
        and the balance test both group respondents by it (~0.08 s at a million rows)."""
        if not self._patterns:
            columns = [f"cov_{c}" for c in self.mapping.covariates]
            codes, values = pattern_codes(self.frame[columns].to_numpy(dtype=float))
            self._patterns.append((small_codes(codes), values))
        codes, values = self._patterns[0]
        return codes.astype(np.int64), values.copy()

    def levels(self, subgroup: str) -> tuple[tuple[str, Label], ...]:
        """Level keys and labels of a subgroup, in display order (the first is the reference)."""
        return dict(self.subgroup_levels)[subgroup]


def prepare(
    raw: pd.DataFrame,
    mapping: Mapping,
    *,
    strict: bool = True,
    problems: ProblemList | None = None,
    factors: ColumnFactors | None = None,
) -> Prepared:
    """Build the canonical frame from raw data and a mapping.

    ``problems``: what :func:`validate` found (else it is run here); ``factors``: the
    ``ColumnFactors(raw)`` that validation used, so no column is factorised twice.

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

    # A caller that has just validated (build_dataset) passes its problems: checking a large
    # file twice doubled the load time.
    factors = factors_of(raw, factors)
    if problems is None:
        problems = validate(raw, mapping, factors=factors)
    errors = [p for p in problems if p.severity == "error"]
    if errors and strict:
        raise MappingError(errors)
    warnings = tuple(p for p in problems if p.severity != "error")

    prompt, option = arm_codes(raw, mapping, factors)
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
        codes, keys = factors(issue.column)
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

    # The codes the key columns are made from, kept for Prepared.codes (the same values).
    known = {
        ("prompt", tuple(mapping.prompt_keys)): rows(prompt),
        ("option", tuple(mapping.option_keys)): rows(option),
    }
    levels = []
    for sub in mapping.subgroups:
        codes, lv = subgroup_codes_of(
            raw[sub.column], sub, None if sub.bins else factors(sub.column)
        )
        out[f"sg_{sub.key}"] = text(codes, [k for k, _ in lv])
        known[(f"sg_{sub.key}", tuple(k for k, _ in lv))] = rows(codes)
        levels.append((sub.key, lv))
    if mapping.weight:
        out["weight"] = rows(
            pd.to_numeric(raw[mapping.weight], errors="coerce").to_numpy(dtype=float)
        )
    for cov in mapping.covariates:
        out[f"cov_{cov}"] = rows(pd.to_numeric(raw[cov], errors="coerce").to_numpy(dtype=float))
    # The columns are new arrays made here: no need for pandas to copy them into blocks again.
    frame = pd.DataFrame(out, copy=False)
    prep = Prepared(frame=frame, mapping=mapping, warnings=warnings, subgroup_levels=tuple(levels))
    prep._codes.update({key: small_codes(codes) for key, codes in known.items()})
    return prep
