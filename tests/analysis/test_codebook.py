"""The codebook's counts: one count of the values gives n, missing and distinct."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.io.codebook import codebook
from analysis.io.readers import Table


def mixed_frame(seed: int = 3, rows: int = 500) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = rng.integers(1, 6, rows).astype(float)
    codes[rng.random(rows) < 0.2] = np.nan
    text = rng.choice(np.array(["a", "b", "c", None], dtype=object), rows)
    nullable = pd.array(rng.integers(0, 3, rows), dtype="Int64")
    nullable[rng.random(rows) < 0.1] = pd.NA
    return pd.DataFrame(
        {"id": np.arange(rows), "q1": codes, "note": text, "flag": nullable, "empty": np.nan}
    )


def test_codebook_counts_agree_with_pandas_counts() -> None:
    frame = mixed_frame()
    book = codebook(Table(frame, "csv")).set_index("column")
    for column in frame.columns:
        series = frame[column]
        assert book.loc[column, "n"] == series.notna().sum(), column
        assert book.loc[column, "missing"] == series.isna().sum(), column
        assert book.loc[column, "distinct"] == series.nunique(dropna=True), column


def test_codebook_lists_the_most_common_value_first() -> None:
    frame = pd.DataFrame({"q": [2, 2, 2, 1, 3, None]})
    book = codebook(Table(frame, "csv"))
    assert book.loc[0, "values"].startswith("2 (3)")
