"""The command line export: columns, defaults, and exit status 2 with clear messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.stats.estimates import EXPORT_COLUMNS as COLUMNS
from analysis.study.simulate import DATA_FILE, MAPPING_FILE


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, check=False
    )


def test_cli_writes_exact_columns(tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    done = run_cli(
        "estimates", "--data", str(DATA_FILE), "--mapping", str(MAPPING_FILE), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out)
    assert list(frame.columns) == COLUMNS
    assert {"rate", "effect", "interaction", "joint_test"} <= set(frame["kind"])
    assert {"opt_out", "no_opinion", "support", "left_by"} <= set(frame["outcome"])
    assert frame.loc[frame["method"] == "ols_hc2", "p_adjusted"].notna().any()
    assert "SIMULATED" in done.stderr


def test_cli_marks_simulated_output_beside_the_csv(tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    assert run_cli("estimates", "--out", str(out)).returncode == 0
    note = out.with_name(out.name + ".provenance.txt").read_text(encoding="utf-8")
    assert "SIMULATED" in note and "SHA-256" in note


def test_cli_bad_mapping_exits_2_with_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[design\n", encoding="utf-8")
    done = run_cli(
        "estimates",
        "--data",
        str(DATA_FILE),
        "--mapping",
        str(bad),
        "--out",
        str(tmp_path / "e.csv"),
    )
    assert done.returncode == 2
    assert "not valid TOML" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    done = run_cli(
        "estimates",
        "--data",
        str(tmp_path / "nope.csv"),
        "--mapping",
        str(MAPPING_FILE),
        "--out",
        str(tmp_path / "e.csv"),
    )
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_cli_missing_columns_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    pd.read_csv(DATA_FILE).drop(columns=["q3"]).to_csv(data, index=False)
    done = run_cli(
        "estimates",
        "--data",
        str(data),
        "--mapping",
        str(MAPPING_FILE),
        "--out",
        str(tmp_path / "e.csv"),
    )
    assert done.returncode == 2
    assert "q3" in done.stderr
