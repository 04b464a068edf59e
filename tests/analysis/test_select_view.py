"""``effects_for_view`` (numpy and dicts) gives exactly the frame of the pandas filters and
merges it replaced, on every Explore selection of the embedded study and of the second study:
same rows in the same order, same columns, dtypes and values."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
import pytest

from analysis.stats.kinds import RI_METHODS, Kind, Method
from analysis.stats.report import all_estimates
from analysis.stats.select import effects_for_view, effects_with_baseline, select_rows
from analysis.study.dataset import Dataset
from tests import studies

CELL = ["outcome", "issue", "option", "subgroup"]


def pandas_effects_for_view(
    full: pd.DataFrame,
    *,
    outcome: str,
    issue: str,
    option: str,
    subgroup: str = "all",
    prompts: Sequence[str] | None = None,
    control: str,
    method: str = Method.OLS_HC2,
) -> pd.DataFrame:
    """The pandas version: filters and merges (the reference the array version must equal)."""
    full = full[
        (full["outcome"] == outcome)
        & (full["issue"] == issue)
        & (full["option"] == option)
        & (full["subgroup"] == subgroup)
    ]
    cell = {"outcome": outcome, "issue": issue, "option": option, "subgroup": subgroup}
    out = effects_with_baseline(full, **cell, prompts=prompts, control=control, method=method)
    if out.empty:
        return out
    if method == Method.WLS_HC2:
        rates = select_rows(full, kind=Kind.RATE, **cell, method=Method.WEIGHTED)
        base = rates.loc[rates["prompt"] == control].set_index("level")["estimate"]
        treated = rates.set_index(["level", "prompt"])["estimate"]
        out["baseline"] = out["level"].map(base)
        out["rate_treated"] = [
            treated.get((lv, p), np.nan) for lv, p in zip(out["level"], out["prompt"], strict=True)
        ]
    if method != Method.OLS_HC2:
        return out.assign(p_ri=np.nan)
    ri = select_rows(full, kind=Kind.EFFECT, **cell, prompts=prompts)
    ri = ri[ri["method"].isin(RI_METHODS)]
    ri = ri[["level", "prompt", "p_value"]].rename(columns={"p_value": "p_ri"})
    return out.merge(ri, on=["level", "prompt"], how="left")


@functools.cache
def _study(name: str) -> tuple[Dataset, pd.DataFrame]:
    from analysis.study.dataset import load_embedded_dataset

    data = load_embedded_dataset() if name == "embedded" else studies.dataset()
    return data, all_estimates(data.prepared, data.grid)


def selections(data: Dataset) -> Iterator[dict]:
    """Every Explore selection: outcome, option, issue, subgroup and method, with every prompt
    and with one left out; the control alone (no effect row) and no prompt filter for
    everyone, unadjusted."""
    m = data.mapping
    keys = list(m.prompt_keys)
    methods = [Method.OLS_HC2.value]
    methods += [Method.LIN_HC2.value] if m.covariates else []
    methods += [Method.WLS_HC2.value] if m.weight else []
    for outcome in ("opt_out", "no_opinion", "support"):
        if outcome == "support":
            options = list(m.option_keys)
        elif (option := "exit" if outcome == "opt_out" else "no_opinion") in m.option_keys:
            options = [option]
        else:
            continue
        issues = ([] if outcome == "support" else ["all"]) + [i.key for i in m.issues]
        subgroups = ["all"] + [s.key for s in m.subgroups]
        for option, issue, subgroup, method in itertools.product(
            options, issues, subgroups, methods
        ):
            more = subgroup == "all" and method == Method.OLS_HC2
            for prompts in [keys, keys[:1] + keys[2:]] + ([[m.control], None] if more else []):
                yield {
                    "outcome": outcome,
                    "option": option,
                    "issue": issue,
                    "subgroup": subgroup,
                    "prompts": prompts,
                    "method": method,
                }


@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_array_version_equals_the_pandas_filters_and_merges(name: str) -> None:
    data, full = _study(name)
    parts = {key: part.reset_index(drop=True) for key, part in full.groupby(CELL, sort=False)}
    checked = with_rows = 0
    for sel in selections(data):
        cell = parts.get(tuple(sel[c] for c in CELL), full.iloc[:0])
        expected = pandas_effects_for_view(cell, control=data.mapping.control, **sel)
        got = effects_for_view(cell, control=data.mapping.control, **sel)
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=str(sel))
        checked += 1
        with_rows += len(expected) > 0
    assert with_rows > 100 and checked > with_rows


@pytest.mark.parametrize("name", ["embedded", "ruritania"])
def test_the_whole_export_gives_the_cells_rows(name: str) -> None:
    # The pages' other caller passes the whole export, not a cell.
    data, full = _study(name)
    m = data.mapping
    for sel in itertools.islice(selections(data), 0, None, 9):
        expected = pandas_effects_for_view(full, control=m.control, **sel)
        got = effects_for_view(full, control=m.control, **sel)
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=str(sel))


def test_a_missing_control_rate_leaves_a_gap_and_floats_the_n() -> None:
    # Joins that find nothing: NaN, and the n columns turn float as a merge makes them.
    data, full = _study("embedded")
    m = data.mapping
    sel = {"outcome": "opt_out", "option": "exit", "issue": "all", "subgroup": "all"}
    control_rate = (
        (full["kind"] == Kind.RATE)
        & (full["prompt"] == m.control)
        & (full["outcome"] == "opt_out")
        & (full["issue"] == "all")
        & (full["subgroup"] == "all")
    )
    gappy = full[~control_rate].reset_index(drop=True)
    for method in (Method.OLS_HC2, Method.WLS_HC2):
        expected = pandas_effects_for_view(gappy, control=m.control, method=method, **sel)
        got = effects_for_view(gappy, control=m.control, method=method, **sel)
        assert len(got) > 0 and got["baseline"].isna().all()
        assert got["n_control"].dtype == np.float64
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
