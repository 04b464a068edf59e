"""Upload limits (size, rows, columns, mapping size) are enforced in the app with a message."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pandas as pd

import analysis.io.readers as aio
from analysis.io.mapping import MAX_TOML_BYTES
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.ui.state import DATASET_KEY
from tests.app.conftest import plain

ROOT = Path(__file__).resolve().parents[2]


def open_upload(app):
    app.run()
    app.switch_page("pages/data.py").run()
    app.radio(key="data_source").set_value("upload").run()
    return app


def upload(app, data: bytes, name: str):
    app.file_uploader(key="data_file").set_value((name, data, "application/octet-stream")).run()
    return app


def errors(app) -> str:
    return " ".join(plain(e.value) for e in app.error)


def test_file_size_limit_matches_the_server_upload_cap() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == aio.MAX_FILE_BYTES


def test_limits_are_stated_before_uploading(app) -> None:
    open_upload(app)
    caption = " ".join(plain(c.value) for c in app.caption)
    assert f"{aio.MAX_FILE_BYTES // 2**20} MB" in caption
    assert f"{aio.MAX_ROWS:,} rows" in caption and f"{aio.MAX_COLUMNS:,} columns" in caption


def test_oversized_file_is_refused_with_a_message(app, monkeypatch) -> None:
    monkeypatch.setattr(aio, "MAX_FILE_BYTES", 2**20)
    open_upload(app)
    upload(app, DATA_FILE.read_bytes() * 8, "eight_times.csv")  # 1.5 MB
    assert not app.exception
    assert "the limit is 1 MB" in errors(app)
    assert app.button(key="data_load").disabled


def test_too_many_columns_is_refused_with_a_message(app, monkeypatch) -> None:
    monkeypatch.setattr(aio, "MAX_COLUMNS", 10)
    open_upload(app)
    upload(app, DATA_FILE.read_bytes() + b"\n\n", "wide.csv")
    assert not app.exception
    assert "has 18 columns; the limit is 10" in errors(app)
    assert app.button(key="data_load").disabled


def test_too_many_rows_in_a_binary_format_is_refused_with_a_message(app, monkeypatch) -> None:
    monkeypatch.setattr(aio, "MAX_ROWS", 1000)
    buffer = io.BytesIO()
    pd.read_csv(DATA_FILE).to_parquet(buffer, index=False)
    open_upload(app)
    upload(app, buffer.getvalue(), "long.parquet")
    assert not app.exception
    assert "has 4,514 rows; the limit is 1,000" in errors(app)


def test_oversized_mapping_is_refused_and_the_data_in_use_stays(app) -> None:
    open_upload(app)
    upload(app, DATA_FILE.read_bytes() + b"\n\n\n", "fine.csv")
    big = MAPPING_FILE.read_bytes() + b"# " + b"x" * MAX_TOML_BYTES + b"\n"
    app.file_uploader(key="data_mapping_file").set_value(("big.toml", big, "text/plain")).run()
    app.button(key="data_load").click().run()
    assert not app.exception
    assert "larger than" in errors(app)
    assert DATASET_KEY not in app.session_state or app.session_state[DATASET_KEY] is None


def test_row_limit_on_text_files_does_not_parse_past_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(aio, "MAX_ROWS", 50)
    seen: list[int | None] = []
    original = pd.read_csv

    def spy(*args, **kwargs):
        seen.append(kwargs.get("nrows"))
        return original(*args, **kwargs)

    monkeypatch.setattr(aio.pd, "read_csv", spy)
    try:
        aio.read_data(DATA_FILE.read_bytes(), "long.csv")
    except aio.MappingError as exc:
        assert exc.problems[0].code == "file_too_many_rows"
        assert exc.problems[0].params["rows"] == "4,514"
    else:
        raise AssertionError("a file over the row limit was accepted")
    assert seen == [51]
