"""Every broken input in tests/corpus/cases gives a dataset or clear messages, never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main as cli_main
from analysis.i18n import has
from analysis.io.mapping import MappingError
from analysis.study.dataset import Dataset, build_dataset
from tests.corpus.build import case_files

CASES = case_files()
ROOT = Path(__file__).resolve().parents[2]


def test_corpus_has_at_least_200_cases() -> None:
    assert len(CASES) >= 200


@pytest.mark.parametrize(("data", "mapping"), CASES, ids=[d.stem for d, _ in CASES])
def test_loader_gives_dataset_or_clear_messages(data, mapping) -> None:
    try:
        result = build_dataset(data.read_bytes(), data.name, mapping.read_bytes(), mapping.name)
    except MappingError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert has(problem.code), problem.code
            for lang in ("en", "ja"):
                text = problem.message(lang)
                assert text.strip() and "{" not in text.replace("{ ", ""), text
    else:
        assert isinstance(result, Dataset)
        assert len(result.grid) > 0


@pytest.mark.parametrize(("data", "mapping"), CASES[::7], ids=[d.stem for d, _ in CASES[::7]])
def test_cli_exits_0_or_2_without_traceback(data, mapping, tmp_path, capsys) -> None:
    status = cli_main(
        [
            "estimates",
            "--data",
            str(data),
            "--mapping",
            str(mapping),
            "--out",
            str(tmp_path / "out.csv"),
        ]
    )
    err = capsys.readouterr().err
    assert status in (0, 2)
    assert "Traceback" not in err
    if status == 2:
        assert err.strip()


# One broken case per kind, run as a real process: what a user at a terminal sees.
SUBPROCESS_CASES = [
    "truncated_40",
    "binary_dta_0",
    "encoding_utf_32",
    "one_arm_2",
    "toml_too_deep",
    "ten_thousand_columns",
    "dta_wrong_magic",
    "sav_truncated_50",
    "xlsx_zip_of_nothing",
    "parquet_wrong_schema",
]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_cli_process_exits_2_with_a_message_on_stderr(name, tmp_path) -> None:
    data, mapping = next((d, m) for d, m in CASES if d.stem == name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "estimates",
            "--data",
            str(data),
            "--mapping",
            str(mapping),
            "--out",
            str(tmp_path / "out.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.strip()
    assert not (tmp_path / "out.csv").exists()
