"""Small-cell thresholds as a value: flag estimates with n below one number, hide those below
another (the session's values come from ``dashboard.ui.smallcells``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


def effect_sizes(effects: pd.DataFrame) -> pd.Series:
    """The smaller of the treated and control group of each effect row (0 when unknown): the
    n that decides whether an effect is flagged or suppressed."""
    return effects[["n_treated", "n_control"]].min(axis=1).fillna(0)


def interaction_sizes(
    effects: pd.DataFrame, interactions: pd.DataFrame, reference: str
) -> pd.Series:
    """The smallest of the four groups behind each interaction row (a prompt's effect in a
    level minus its effect in the ``reference`` level): an interaction is only as reliable as
    its smallest cell, so it is flagged or suppressed by that n (0 when unknown)."""
    sizes = effects.assign(n_min=effect_sizes(effects)).set_index(["prompt", "level"])["n_min"]
    return pd.Series(
        [
            min(sizes.get((p, lv), 0), sizes.get((p, reference), 0))
            for p, lv in zip(interactions["prompt"], interactions["level"], strict=True)
        ],
        index=interactions.index,
        dtype=float,
    )
