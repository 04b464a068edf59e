"""Numbers for reading, one rule for every page, table, hover, sentence and export.

- Shares (0-1) are shown as percentages with one decimal: ``fmt_pct(0.1234)`` → ``12.3%``.
- Differences of shares are percentage points, always signed and never "-0.0": a difference
  that rounds to zero is "+0.0" whichever side of zero it fell (``fmt_pp``, ``signed``).
- A confidence interval is "low to high" in English and "low～high" in Japanese (the catalog's
  ``ci_range``), with the same digits in both languages.
- p-values follow the APA convention: three decimals, and "<0.001" below a thousandth (a p-value
  is never printed as 0.000, and more decimals than three claim a precision a survey does not
  have).
- A missing number is an en dash, "–".

>>> fmt_pct(0.1234), fmt_pp(-0.0004), fmt_pp(0.081), fmt_p(0.00002), fmt_p(0.0456)
('12.3%', '+0.0', '+8.1', '<0.001', '0.046')
>>> fmt_ci(0.05, 0.112, "en", points=True), fmt_ci(0.05, 0.112, "ja")
('+5.0 to +11.2', '5.0～11.2')
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.i18n import t

MISSING = "–"
P_FLOOR = 0.001  # below this a p-value reads "<0.001"


def _value(x: object) -> float | None:
    """``x`` as a float, or None when it is missing (None, NaN, NA) or not finite."""
    if x is None or pd.isna(x):
        return None
    value = float(x)  # type: ignore[arg-type]
    return value if math.isfinite(value) else None


def fmt_number(x: float | None, digits: int = 1) -> str:
    """A number with thousands separators and ``digits`` decimals: ``1,234.5``."""
    value = _value(x)
    return MISSING if value is None else f"{value:,.{digits}f}"


def fmt_count(n: float | None) -> str:
    """A count of respondents: ``4,514``."""
    value = _value(n)
    return MISSING if value is None else f"{int(value):,}"


def signed(points: float, digits: int = 1) -> str:
    """A signed number of points as shown, never "-0.0": a difference that rounds to zero is
    "+0.0" whichever side of zero it fell."""
    return f"{round(points, digits) + 0.0:+.{digits}f}"


def fmt_pct(share: float | None, digits: int = 1) -> str:
    """A share (0-1) as a percentage: ``12.3%``."""
    value = _value(share)
    return MISSING if value is None else f"{100 * value:.{digits}f}%"


def fmt_pp(diff: float | None, digits: int = 1) -> str:
    """A difference of shares (0-1) in signed percentage points: ``+8.1``."""
    value = _value(diff)
    return MISSING if value is None else signed(100 * value, digits)


def fmt_ci(
    low: float | None, high: float | None, lang: str, *, points: bool = False, digits: int = 1
) -> str:
    """A 95% CI of shares (0-1) in percent, or of a difference in signed points (``points``):
    "5.0 to 11.2" / "5.0～11.2"; ``MISSING`` if either end is missing."""
    lo, hi = _value(low), _value(high)
    if lo is None or hi is None:
        return MISSING
    if points:
        return t("ci_range", lang, low=signed(100 * lo, digits), high=signed(100 * hi, digits))
    return t("ci_range", lang, low=f"{100 * lo:.{digits}f}", high=f"{100 * hi:.{digits}f}")


def fmt_p(p: float | None) -> str:
    """A p-value: "<0.001" below a thousandth, three decimals otherwise (APA)."""
    value = _value(p)
    if value is None:
        return MISSING
    return f"<{P_FLOOR}" if value < P_FLOOR else f"{value:.3f}"
