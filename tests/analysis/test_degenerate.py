"""Degenerate data gives defined results (NaN where a quantity does not exist), never a crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.io.mapping import MappingError, parse_mapping
from analysis.stats.estimates import grid_estimates
from analysis.study.prepare import prepare
from analysis.study.simulate import MAPPING_FILE, simulate

MAPPING = parse_mapping(MAPPING_FILE.read_bytes())


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return simulate(seed=7, n=600)


def grid_of(frame: pd.DataFrame) -> pd.DataFrame:
    return grid_estimates(prepare(frame, MAPPING))


def opt_out_effects(grid: pd.DataFrame) -> pd.DataFrame:
    return grid.query(
        "kind == 'effect' and outcome == 'opt_out' and issue == 'all' and subgroup == 'all'"
    ).set_index("prompt")


def test_everyone_exited(small) -> None:
    frame = small.copy()
    frame.loc[frame["arm"] >= 4, "exit_q"] = 1
    effects = opt_out_effects(grid_of(frame))
    assert (effects["estimate"] == 0).all()
    assert (effects["std_error"] == 0).all()
    assert effects["p_value"].isna().all()  # no variation: no test, not p = 1


def test_no_one_exited(small) -> None:
    frame = small.copy()
    frame["exit_q"] = pd.NA
    grid = grid_of(frame)
    rates = grid.query(
        "kind == 'rate' and outcome == 'opt_out' and issue == 'all' and subgroup == 'all'"
    )
    assert (rates["estimate"] == 0).all()
    assert (rates["ci_low"] == 0).all()
    assert (rates["ci_high"] > 0).all()  # Wilson still bounds the rate from above


def test_all_answers_no_opinion(small) -> None:
    frame = small.copy()
    cells = frame["arm"] <= 3
    for j in range(1, 9):
        frame.loc[cells, f"q{j}"] = 9
    grid = grid_of(frame)
    rates = grid.query("kind == 'rate' and outcome == 'no_opinion' and subgroup == 'all'")
    assert (rates["estimate"] == 1).all()
    support = grid.query(
        "kind == 'rate' and outcome == 'support' and option == 'no_opinion' and subgroup == 'all'"
    )
    assert (support["n"] == 0).all() and support["estimate"].isna().all()


def test_only_the_control_prompt_present_is_explained(small) -> None:
    frame = small[small["arm"].isin([1, 4])]
    with pytest.raises(MappingError) as err:
        prepare(frame, MAPPING)
    assert {p.code for p in err.value.problems} == {"data_empty_cell"}


def test_only_the_control_prompt_present_gives_no_effect_when_forced(small) -> None:
    frame = small[small["arm"].isin([1, 4])]
    effects = opt_out_effects(grid_estimates(prepare(frame, MAPPING, strict=False)))
    assert effects["estimate"].isna().all()


def test_one_level_subgroup(small) -> None:
    frame = small.copy()
    frame["female"] = 1
    grid = grid_of(frame)
    levels = grid.query("subgroup == 'gender'")["level"].unique()
    assert list(levels) == ["0", "1"]
    men = grid.query("subgroup == 'gender' and level == '0' and kind == 'rate'")
    assert (men["n"] == 0).all() and men["estimate"].isna().all()


def test_tiny_cells_have_no_standard_error(small) -> None:
    frame = small.groupby("arm").head(1)
    effects = opt_out_effects(grid_of(frame))
    assert effects["std_error"].isna().all()
    assert np.isfinite(effects["estimate"]).all() | effects["estimate"].isna().all()
