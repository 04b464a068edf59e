"""A codebook of a data file: each variable with its label, type, counts and most common values."""

from __future__ import annotations

import pandas as pd

from analysis.io.mapping import code_key
from analysis.io.readers import Table

CODEBOOK_COLUMNS = ["column", "label", "type", "n", "missing", "distinct", "values"]
TOP_VALUES = 8


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    return "text"


def value_summary(series: pd.Series, labels: dict[str, str], top: int = TOP_VALUES) -> str:
    """The most common values as ``code = label (count)``, most frequent first."""
    return _top_values(series.value_counts(dropna=True), labels, top)


def _top_values(counts: pd.Series, labels: dict[str, str], top: int = TOP_VALUES) -> str:
    parts = []
    for value, count in counts.head(top).items():
        key = code_key(value)
        label = labels.get(key, "") if key is not None else ""
        shown = key if key is not None else str(value)
        parts.append(f"{shown} = {label} ({count:,})" if label else f"{shown} ({count:,})")
    if len(counts) > top:
        parts.append("…")
    return "; ".join(parts)


def codebook(table: Table) -> pd.DataFrame:
    """One row per column: name, variable label, type, non-missing and missing counts, distinct
    values and the most common values with their labels.

    Examples
    --------
    >>> from analysis.io.readers import read_data
    >>> book = codebook(read_data(b"arm,q1\\n1,2\\n1,\\n", "x.csv"))
    >>> book[["column", "n", "missing"]].to_dict("records")
    [{'column': 'arm', 'n': 2, 'missing': 0}, {'column': 'q1', 'n': 1, 'missing': 1}]
    """
    rows = []
    frame = table.frame
    for column in frame.columns:
        series = frame[column]
        # One count of the values gives n, missing, distinct and the top values (counting,
        # then counting distinct values again, took ~0.3 s more at a million rows).
        counts = series.value_counts(dropna=True)
        n = int(counts.sum())
        rows.append(
            {
                "column": str(column),
                "label": table.variable_labels.get(column, ""),
                "type": _kind(series),
                "n": n,
                "missing": int(len(series) - n),
                "distinct": len(counts),
                "values": _top_values(counts, table.value_labels.get(column, {})),
            }
        )
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
