"""Small-cell thresholds as a value: flag estimates with n below one number, hide those below
another (the session's values come from ``dashboard.ui.smallcells``)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.render.figures import FLAG_BELOW, SUPPRESS_BELOW


@dataclass(frozen=True)
class SmallCells:
    """The two thresholds; ``suppress_below`` never exceeds ``flag_below``."""

    flag_below: int = FLAG_BELOW
    suppress_below: int = SUPPRESS_BELOW

    def kwargs(self) -> dict[str, int]:
        """Keyword arguments for ``make_*_figure``, the tables and the takeaways."""
        return {"flag_below": self.flag_below, "suppress_below": self.suppress_below}


def resolve(flag_below: int, suppress_below: int) -> SmallCells:
    """Thresholds made consistent: non-negative, and hiding at most what is flagged."""
    flag = max(0, int(flag_below))
    return SmallCells(flag, min(max(0, int(suppress_below)), flag))
