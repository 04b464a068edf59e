"""The embedded data is reproducible from its seed and calibrated to the published figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.study.simulate import DATA_FILE, MAPPING_FILE, N, write


def test_regenerated_data_is_byte_identical(tmp_path: Path) -> None:
    data_path, mapping_path = write(tmp_path)
    assert data_path.read_bytes() == DATA_FILE.read_bytes()
    assert mapping_path.read_bytes() == MAPPING_FILE.read_bytes()


def test_sample_size_and_equal_allocation() -> None:
    frame = pd.read_csv(DATA_FILE)
    counts = frame["arm"].value_counts()
    assert len(frame) == N == 4514
    assert sorted(counts.index) == [1, 2, 3, 4, 5, 6]
    assert counts.max() - counts.min() <= 1


def test_no_one_exits_where_exit_was_not_offered() -> None:
    frame = pd.read_csv(DATA_FILE)
    assert frame.loc[frame["arm"] <= 3, "exit_q"].isna().all()


def test_no_answer_recorded_at_or_after_the_exit() -> None:
    frame = pd.read_csv(DATA_FILE)
    for j in range(1, 9):
        after = frame["exit_q"].notna() & (frame["exit_q"] <= j)
        assert frame.loc[after, f"q{j}"].isna().all()


def test_no_opinion_code_only_where_offered() -> None:
    frame = pd.read_csv(DATA_FILE)
    exit_cells = frame[frame["arm"] >= 4]
    assert not (exit_cells[[f"q{j}" for j in range(1, 9)]] == 9).any().any()


def test_cli_estimates_reproduce_the_calibration(tmp_path: Path) -> None:
    out = tmp_path / "est.csv"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "estimates", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    est = pd.read_csv(out)
    effects = est.query(
        "kind == 'effect' and outcome == 'opt_out' and issue == 'all' "
        "and subgroup == 'all' and method == 'ols_hc2'"
    ).set_index("prompt")
    assert 0.06 <= effects.loc["government", "estimate"] <= 0.10
    assert abs(effects.loc["company", "estimate"]) <= 0.02
    rates = est.query(
        "kind == 'rate' and outcome == 'no_opinion' and subgroup == 'all' and issue != 'all'"
    )
    assert rates["estimate"].between(0.06, 0.27).all()


def test_most_exits_are_early() -> None:
    frame = pd.read_csv(DATA_FILE)
    positions = frame["exit_q"].dropna()
    assert (positions <= 2).mean() > 0.5
