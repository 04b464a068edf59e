"""Check a data file against its mapping and report every problem at once."""

from __future__ import annotations

import pandas as pd

from analysis.mapping import Mapping
from analysis.messages import ProblemList
from analysis.prepare import basic_problems


def validate(raw: pd.DataFrame, mapping: Mapping) -> ProblemList:
    """Every problem (errors stop a load, warnings let it proceed) of ``raw`` under ``mapping``."""
    problems = basic_problems(raw, mapping)
    if any(p.code == "data_missing_columns" for p in problems):
        return problems
    return problems
