"""CSV output cannot run formulas in a spreadsheet; the CLI reports file-system errors plainly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.io.spreadsheet import safe_cell, spreadsheet_safe
from analysis.study.simulate import DATA_FILE, MAPPING_FILE

FORMULA = '=HYPERLINK("http://127.0.0.1/x","click")'


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", FORMULA])
def test_formula_text_becomes_literal_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-1", "+2.5", "-1e3", "none", "", 3, -1.5, None])
def test_numbers_and_plain_text_are_unchanged(value: object) -> None:
    assert safe_cell(value) == value


def test_numeric_columns_are_untouched() -> None:
    frame = pd.DataFrame({"x": [-1.0, 2.0], "k": ["=a", "b"]})
    out = spreadsheet_safe(frame)
    assert out["x"].tolist() == [-1.0, 2.0] and out["k"].tolist() == ["'=a", "b"]


def test_cli_csv_keeps_a_formula_like_prompt_key_as_text(tmp_path: Path, capsys) -> None:
    mapping = tmp_path / "m.toml"
    text = MAPPING_FILE.read_text("utf-8").replace('"company"', "'" + FORMULA + "'")
    mapping.write_text(text.replace("company =", "'" + FORMULA + "' ="), "utf-8")
    out = tmp_path / "e.csv"
    assert (
        main(["estimates", "--data", str(DATA_FILE), "--mapping", str(mapping), "--out", str(out)])
        == 0
    )
    prompts = set(pd.read_csv(out, keep_default_na=False)["prompt"])
    assert "'" + FORMULA in prompts and FORMULA not in prompts


def test_cli_unwritable_output_exits_2_with_a_message(tmp_path: Path, capsys) -> None:
    status = main(["estimates", "--out", str(tmp_path / "no" / "such" / "dir" / "e.csv")])
    err = capsys.readouterr().err
    assert status == 2
    assert "cannot write" in err and "Traceback" not in err
