"""CSV for spreadsheets: text that a spreadsheet would run as a formula is kept as text.

Keys and codes in the estimates come from the user's mapping and data (a prompt key, a subgroup
level). A cell such as ``=HYPERLINK(...)`` or ``@SUM(...)`` would be evaluated when the CSV is
opened in Excel or LibreOffice (CSV/formula injection). Such cells get a leading apostrophe, the
usual spreadsheet convention for "this is text"; numbers, including negative ones, are untouched.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def safe_cell(value: object) -> object:
    """``value``, with an apostrophe in front when it is text a spreadsheet would evaluate.

    >>> safe_cell("=1+1"), safe_cell("-1"), safe_cell("none"), safe_cell(3)
    ("'=1+1", '-1', 'none', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas (see :func:`safe_cell`)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out
