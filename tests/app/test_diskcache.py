"""The embedded export's disk cache: exact round trip, a key that follows the code, and no
failure of the cache is ever an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.stats.report import all_estimates
from dashboard.server import diskcache


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(diskcache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def full(embedded) -> pd.DataFrame:
    return all_estimates(embedded.prepared, embedded.grid)


def test_round_trip_is_exact(where: Path, full: pd.DataFrame) -> None:
    diskcache.save("k", full)
    assert list(where.iterdir()) == [where / "full-export-k.parquet"]  # no temporary left
    pd.testing.assert_frame_equal(diskcache.load("k"), full)


def test_absent_key_is_a_miss(where: Path) -> None:
    assert diskcache.load("nothing") is None


def test_key_follows_data_mapping_and_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    base = diskcache.export_key("a" * 64, "b" * 64)
    assert base == diskcache.export_key("a" * 64, "b" * 64)
    assert base != diskcache.export_key("c" * 64, "b" * 64)
    assert base != diskcache.export_key("a" * 64, "c" * 64)
    copy = tmp_path / "analysis"
    shutil.copytree(diskcache.ANALYSIS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(diskcache, "ANALYSIS", copy)
    assert diskcache.export_key("a" * 64, "b" * 64) == base  # same source, same key
    estimates = copy / "stats" / "estimates.py"
    estimates.write_text(estimates.read_text() + "\n# changed\n")
    assert diskcache.export_key("a" * 64, "b" * 64) != base


def test_damaged_file_is_a_miss(where: Path) -> None:
    where.mkdir(parents=True)
    (where / "full-export-k.parquet").write_bytes(b"not parquet")
    assert diskcache.load("k") is None


def test_switched_off_reads_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, full: pd.DataFrame
) -> None:
    monkeypatch.setenv(diskcache.ENV, "off")
    assert diskcache.cache_dir() is None
    diskcache.save("k", full)
    assert diskcache.load("k") is None


def test_unwritable_place_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, full: pd.DataFrame
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the directory should be")
    monkeypatch.setenv(diskcache.ENV, str(blocker / "cache"))
    diskcache.save("k", full)
    assert diskcache.load("k") is None


def test_default_place_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(diskcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.cache_dir() == tmp_path / "surveillance-dashboard"


def test_grid_is_kept_and_read_back_exactly(where: Path, embedded) -> None:
    calls = []
    compute = diskcache.compute_grid

    def counting(prep):
        calls.append(1)
        return compute(prep)

    grid = diskcache.cached_grid("g")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diskcache, "compute_grid", counting)
        first = grid(embedded.prepared)
        again = grid(embedded.prepared)
    assert calls == [1]  # the second came from the disk
    assert (where / "grid-g.parquet").is_file()
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(again, embedded.grid)


def test_only_the_embedded_export_is_looked_up(where: Path, embedded, full) -> None:
    prov = embedded.provenance
    diskcache.save(diskcache.export_key(prov.sha256, prov.mapping_sha256), full)
    pd.testing.assert_frame_equal(diskcache.embedded_export(prov.sha256, prov.mapping_sha256), full)
    assert diskcache.embedded_export("0" * 64, prov.mapping_sha256) is None
