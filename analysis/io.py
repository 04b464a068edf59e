"""Read a data file into a raw DataFrame (CSV for now; more formats in later work)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from analysis.mapping import MappingError
from analysis.messages import Problem

SUPPORTED_SUFFIXES = (".csv",)


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """Parse the bytes of a data file named ``name`` into a DataFrame.

    Raises
    ------
    MappingError
        With a clear problem when the file cannot be read.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise MappingError([Problem("file_unsupported", "error",
                                    {"name": name, "allowed": ", ".join(SUPPORTED_SUFFIXES)})])
    try:
        return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise MappingError([Problem("file_unreadable", "error",
                                    {"name": name, "detail": str(exc)[:200]})]) from None
