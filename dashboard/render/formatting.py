"""Numbers for reading: p-values (one rule for every page)."""

from __future__ import annotations

import pandas as pd


def fmt_p(p: float) -> str:
    """A p-value for reading: '<0.001' below a thousandth, three decimals otherwise."""
    if p is None or pd.isna(p):
        return "–"
    return "<0.001" if p < 0.001 else f"{p:.3f}"
