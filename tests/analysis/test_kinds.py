"""The enums of the export's names cover every kind, method and outcome the export writes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.stats.kinds import Kind, Method, Outcome

DOCS = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"
# Outcomes that name something other than a rate's outcome (see Outcome's docstring).
OTHER_OUTCOME = re.compile(r"^(answer|assigned)(_.+)?$|^(left|completed)$")


def test_export_kinds_are_members(r_estimates: pd.DataFrame) -> None:
    assert set(r_estimates["kind"]) <= set(Kind)


def test_export_methods_are_members(r_estimates: pd.DataFrame) -> None:
    assert set(r_estimates["method"]) <= set(Method)


def test_rate_and_effect_outcomes_are_members(r_estimates: pd.DataFrame) -> None:
    rows = r_estimates[r_estimates["kind"].isin([Kind.RATE, Kind.EFFECT, Kind.INTERACTION])]
    assert set(rows["outcome"]) <= set(Outcome)


def test_other_outcomes_follow_the_documented_pattern(r_estimates: pd.DataFrame) -> None:
    rows = r_estimates[r_estimates["kind"].isin([Kind.DISTRIBUTION, Kind.CHI2_TEST, Kind.FLOW])]
    assert all(OTHER_OUTCOME.match(o) for o in rows["outcome"])


def test_documented_kinds_and_methods_are_members() -> None:
    table = [line for line in DOCS.read_text("utf-8").splitlines() if line.startswith("| `")]
    kinds = {k for line in table for k in re.findall(r"`(\w+)`", line.split("|")[1])}
    methods = {m for line in table for m in re.findall(r"`(\w+)`", line.split("|")[2])}
    assert kinds and methods
    assert kinds <= set(Kind)
    assert methods <= set(Method)


def test_members_compare_equal_to_their_strings() -> None:
    column = pd.Series(["effect", "rate"])
    assert (column == Kind.EFFECT).tolist() == [True, False]
    assert column.isin([Kind.RATE]).tolist() == [False, True]
