"""Codes become keys by their distinct values: 1, 1.0 and "1" match; missing stays missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.study.columns import codes_as_keys, factor_keys


def test_codes_as_keys_normalises_mixed_codes() -> None:
    keyed = codes_as_keys(pd.Series([1, 1.0, "1", 2.5, None, "x"], dtype=object))
    assert keyed.iloc[[0, 1, 2, 3, 5]].tolist() == ["1", "1", "1", "2.5", "x"]


def test_codes_as_keys_keeps_missing_as_nan() -> None:
    keyed = codes_as_keys(pd.Series([np.nan, 3.0]))
    assert keyed.isna().tolist() == [True, False]


def test_codes_as_keys_keeps_the_index() -> None:
    keyed = codes_as_keys(pd.Series([4, 5], index=[10, 20]))
    assert keyed.index.tolist() == [10, 20]


def test_factor_keys_indexes_into_keys_with_missing_last() -> None:
    codes, keys = factor_keys(pd.Series([2, None, 2, 7], dtype="Int64"))
    assert list(keys[codes][[0, 2, 3]]) == ["2", "2", "7"]
    assert pd.isna(keys[codes][1]) and pd.isna(keys[-1])
