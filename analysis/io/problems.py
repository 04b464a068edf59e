"""Problems found in a mapping or a data file: a message code, a severity and the values.

The analysis layer reports problems as codes with parameters; the code is a message key of the
translation catalog (``locale/``), so the same problem gives the same message in the command line
(English) and in the app (the reader's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.i18n import has, t


@dataclass(frozen=True)
class Problem:
    """One problem: a message code, ``"error"`` or ``"warning"``, and the message's values."""

    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem as a sentence in ``lang``."""
        if not has(self.code):
            return t("problem_unknown", lang, code=self.code)
        try:
            return t(self.code, lang, **{"code": self.code, **self.params})
        except (KeyError, IndexError, ValueError):
            return f"{t(self.code, lang)} {self.params}"


ProblemList = list[Problem]
