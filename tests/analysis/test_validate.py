"""Validation: one broken file per rule, every problem reported at once, the CLI's exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.io.mapping import MappingError, parse_mapping, read_mapping
from analysis.study.dataset import build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from analysis.study.validate import validate

MAPPING = read_mapping(MAPPING_FILE)


@pytest.fixture(scope="module")
def clean() -> pd.DataFrame:
    return pd.read_csv(DATA_FILE)


@pytest.fixture
def raw(clean: pd.DataFrame) -> pd.DataFrame:
    return clean.copy()


def found(raw: pd.DataFrame, mapping=MAPPING) -> dict[str, object]:
    """Problems by code (the last one of each code)."""
    return {p.code: p for p in validate(raw, mapping)}


def exit_rows(raw: pd.DataFrame) -> pd.Index:
    return raw.index[raw["arm"] >= 4]


def test_clean_embedded_data_has_no_problem(raw) -> None:
    assert validate(raw, MAPPING) == []


def test_missing_columns_are_all_named(raw) -> None:
    problem = found(raw.drop(columns=["q3", "wt"]))["data_missing_columns"]
    assert problem.severity == "error"
    assert problem.params["columns"] == "wt, q3"


def test_unknown_arm_codes_warn_with_rows_and_examples(raw) -> None:
    raw.loc[:9, "arm"] = 7
    problem = found(raw)["data_unknown_arm_codes"]
    assert problem.severity == "warning"
    assert problem.params["rows"] == 10 and problem.params["examples"] == "7"


def test_missing_arm_warns_that_rows_are_left_out(raw) -> None:
    raw.loc[:2, "arm"] = np.nan
    problem = found(raw)["data_missing_arm"]
    assert problem.severity == "warning" and problem.params["rows"] == 3


def test_cell_with_no_rows_is_an_error(raw) -> None:
    raw = raw[raw["arm"] != 5]
    problem = found(raw)["data_empty_cell"]
    assert problem.severity == "error"
    assert (problem.params["prompt"], problem.params["option"]) == ("company", "exit")


def test_no_control_row_is_an_error(raw) -> None:
    raw = raw[~raw["arm"].isin([1, 4])]
    assert found(raw)["data_no_control"].severity == "error"


def test_no_known_arm_is_an_error(raw) -> None:
    raw["arm"] = 99
    assert found(raw)["data_no_rows"].severity == "error"


def test_non_numeric_exit_position_is_an_error(raw) -> None:
    raw["exit_q"] = raw["exit_q"].astype(object)
    raw.loc[exit_rows(raw)[:4], "exit_q"] = "left"
    problem = found(raw)["data_exit_non_numeric"]
    assert problem.severity == "error"
    assert problem.params["rows"] == 4 and problem.params["examples"] == "left"


def test_exit_position_outside_the_issues_is_an_error(raw) -> None:
    raw.loc[exit_rows(raw)[:3], "exit_q"] = [0, 9, 2.5]
    problem = found(raw)["data_exit_out_of_range"]
    assert problem.severity == "error"
    assert problem.params["rows"] == 3 and problem.params["n"] == 8


def test_exit_flag_other_than_0_or_1_is_an_error(raw) -> None:
    text = MAPPING_FILE.read_text("utf-8").replace('position = "exit_q"', 'flag = "left"')
    raw["left"] = raw["exit_q"].notna().astype(int)
    raw.loc[exit_rows(raw)[:2], "left"] = 2
    problem = found(raw, parse_mapping(text))["data_exit_flag_values"]
    assert problem.severity == "error" and problem.params["rows"] == 2


def test_exit_recorded_where_not_offered_warns(raw) -> None:
    raw.loc[raw.index[raw["arm"] == 1][:2], "exit_q"] = 1
    problem = found(raw)["data_exit_outside_exit_cells"]
    assert problem.severity == "warning" and problem.params["rows"] == 2


def test_answers_after_the_exit_warn_with_respondent_ids(raw) -> None:
    leaver = raw.index[raw["exit_q"] == 1][0]
    raw.loc[leaver, "q5"] = 2
    problem = found(raw)["data_answers_after_exit"]
    assert problem.severity == "warning"
    assert problem.params["rows"] == 1
    assert problem.params["examples"] == str(raw.loc[leaver, "respondent_id"])


def test_duplicate_respondent_ids_are_an_error(raw) -> None:
    raw.loc[1, "respondent_id"] = raw.loc[0, "respondent_id"]
    problem = found(raw)["data_duplicate_ids"]
    assert problem.severity == "error"
    assert problem.params["rows"] == 2 and problem.params["examples"] == "1"


def test_missing_weights_are_an_error(raw) -> None:
    raw.loc[:4, "wt"] = np.nan
    problem = found(raw)["data_weights_missing"]
    assert problem.severity == "error" and problem.params["rows"] == 5


@pytest.mark.parametrize("bad", [0.0, -1.5])
def test_zero_or_negative_weights_are_an_error(raw, bad) -> None:
    raw.loc[:1, "wt"] = bad
    problem = found(raw)["data_weights_nonpositive"]
    assert problem.severity == "error" and problem.params["rows"] == 2


def test_answer_codes_listed_but_never_used_warn(raw) -> None:
    raw["q2"] = raw["q2"].replace(9, 3)
    problem = found(raw)["data_codes_never_occur"]
    assert problem.severity == "warning"
    assert problem.params["codes"] == "9" and "q2" in problem.params["where"]


def test_arm_codes_listed_but_never_used_warn(raw) -> None:
    text = MAPPING_FILE.read_text("utf-8").replace(
        '"6" = ["government", "exit"]',
        '"6" = ["government", "exit"]\n"16" = ["government", "exit"]',
    )
    problem = found(raw, parse_mapping(text))["data_codes_never_occur"]
    assert problem.params == {"where": "arm", "codes": "16"}


def test_answer_codes_not_in_the_mapping_warn(raw) -> None:
    raw.loc[:6, "q1"] = 7
    problem = found(raw)["data_unlisted_codes"]
    assert problem.severity == "warning" and problem.params["rows"] == 7


def test_non_numeric_covariate_warns(raw) -> None:
    raw["age"] = raw["age"].astype(object)
    raw.loc[0, "age"] = "unknown"
    problem = found(raw)["data_covariate_non_numeric"]
    assert problem.severity == "warning" and problem.params["examples"] == "unknown"


def test_every_problem_is_reported_in_one_run(raw) -> None:
    raw = raw.drop(columns=["q3"])
    raw.loc[:9, "arm"] = 7
    raw.loc[1, "respondent_id"] = raw.loc[0, "respondent_id"]
    raw.loc[20:21, "wt"] = -1
    assert {
        "data_missing_columns",
        "data_unknown_arm_codes",
        "data_duplicate_ids",
        "data_weights_nonpositive",
    } <= set(found(raw))


def test_messages_exist_in_both_languages_for_every_rule(raw) -> None:
    raw.loc[:9, "arm"] = 7
    raw.loc[20:21, "wt"] = -1
    for problem in validate(raw, MAPPING):
        assert problem.message("en") != problem.message("ja")
        assert "{" not in problem.message("en") and "{" not in problem.message("ja")


def test_failed_load_raises_every_problem_errors_first(raw) -> None:
    raw.loc[:9, "arm"] = 7
    raw.loc[20:21, "wt"] = -1
    with pytest.raises(MappingError) as exc:
        build_dataset(
            raw.to_csv(index=False).encode(), "bad.csv", MAPPING_FILE.read_bytes(), "m.toml"
        )
    assert [p.severity for p in exc.value.problems] == ["error", "warning"]


def test_mapping_and_file_problems_are_reported_together() -> None:
    with pytest.raises(MappingError) as exc:
        build_dataset(b"", "empty.csv", b"version = 2\n", "m.toml")
    got = [p.code for p in exc.value.problems]
    assert "mapping_version" in got and "file_empty" in got


def test_cli_exits_2_with_the_same_messages_on_stderr(raw, tmp_path: Path) -> None:
    raw.loc[:9, "arm"] = 7
    raw.loc[1, "respondent_id"] = raw.loc[0, "respondent_id"]
    data = tmp_path / "bad.csv"
    raw.to_csv(data, index=False)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "estimates",
            "--data",
            str(data),
            "--mapping",
            str(MAPPING_FILE),
            "--out",
            str(tmp_path / "e.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    expected = [
        f"{p.severity}: {p.message('en')}"
        for p in sorted(validate(raw, MAPPING), key=lambda p: p.severity != "error")
    ]
    assert done.stderr.strip().splitlines() == expected
    assert not (tmp_path / "e.csv").exists()
