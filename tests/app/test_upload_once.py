"""An upload is parsed once (the Data page's read is the one checked and prepared), and its
staged export starts as soon as it is loaded."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

import analysis.io.readers as aio
import analysis.study.dataset as dataset
import dashboard.ui.state as state
from analysis.study.dataset import sha256
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.server import staged
from dashboard.ui.state import DATASET_KEY

DATA_PAGE = "pages/data.py"


def unique_upload() -> bytes:
    """The simulated data with a column no other test uploads: the content-keyed caches have
    never seen these bytes, so every parse of them is counted here."""
    frame = pd.read_csv(DATA_FILE)
    frame["note"] = uuid.uuid4().hex
    return frame.to_csv(index=False).encode()


def load(app, data: bytes | None) -> None:
    """Upload ``data`` (None: the file already in the uploader) with the mapping and load it."""
    if data is not None:
        app.run()
        app.switch_page(DATA_PAGE).run()
        app.radio(key="data_source").set_value("upload").run()
        app.file_uploader(key="data_file").set_value(("survey.csv", data, "text/csv")).run()
    app.file_uploader(key="data_mapping_file").set_value(
        ("study.toml", MAPPING_FILE.read_bytes(), "application/toml")
    ).run()
    app.button(key="data_load").click().run()
    assert not app.exception
    assert app.session_state[DATASET_KEY] is not None


def count_parses(monkeypatch) -> list[str]:
    """The names of the files parsed from now on (every call of the text reader)."""
    parses: list[str] = []
    read_text = aio._read_text

    def counted(*args, **kwargs):
        parses.append(args[1])
        return read_text(*args, **kwargs)

    monkeypatch.setattr(aio, "_read_text", counted)
    return parses


def test_an_upload_is_parsed_once_from_upload_to_loaded(app, monkeypatch) -> None:
    parses = count_parses(monkeypatch)
    load(app, unique_upload())
    assert parses.count("survey.csv") == 1  # (the embedded data may be read too)


@pytest.fixture
def no_jobs():
    staged.forget_all()
    yield
    staged.forget_all()


def test_loading_an_upload_starts_its_staged_export(app, no_jobs) -> None:
    data = unique_upload()
    load(app, data)
    assert staged.job_for_key((sha256(data), sha256(MAPPING_FILE.read_bytes()))) is not None


def test_an_upload_is_hashed_once_from_upload_to_loaded(app, monkeypatch) -> None:
    data = unique_upload()
    hashed = []

    def counted(blob: bytes) -> str:
        if blob == data:
            hashed.append(len(blob))
        return sha256(blob)

    monkeypatch.setattr(state, "sha256", counted)
    monkeypatch.setattr(dataset, "sha256", counted)
    load(app, data)
    assert len(hashed) == 1


def test_a_loaded_upload_s_raw_table_is_let_go_and_read_again_only_for_the_mapping_form(
    app, monkeypatch
) -> None:
    parses = count_parses(monkeypatch)
    data = unique_upload()
    load(app, data)
    app.run()  # the Data page again, the file still in the uploader: nothing read again
    assert parses.count("survey.csv") == 1
    assert any("Read 4,514 rows" in c.value for c in app.caption)
    assert len(app.dataframe) >= 2  # the preview of the file, beside provenance and codebook
    app.radio(key="data_mapping_mode").set_value("build").run()  # the form needs its columns
    assert not app.exception
    assert parses.count("survey.csv") == 2
    assert app.selectbox(key="map_arm_col").value


def test_a_preview_shares_no_memory_with_the_frame_it_was_cut_from() -> None:
    import numpy as np
    import pyarrow as pa

    from analysis.study.dataset import detached

    frame = pd.DataFrame({"text": pd.array(["abc"] * 10_000, dtype="str"), "n": np.arange(10_000)})
    small = detached(frame.head(20))
    pd.testing.assert_frame_equal(small, frame.head(20))
    text = pa.array(small["text"].array)
    assert sum(b.size for b in text.buffers() if b is not None) < 1_000
    assert small["n"].to_numpy().base is None or small["n"].to_numpy().base.size <= 20


def test_an_upload_s_codebook_is_made_once_before_the_click(app, monkeypatch) -> None:
    made = []
    make = state.codebook

    def counted(table):
        made.append(table.frame.shape)
        return make(table)

    monkeypatch.setattr(state, "codebook", counted)
    monkeypatch.setattr(dataset, "file_codebook", counted)
    app.run()
    app.switch_page(DATA_PAGE).run()
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_file").set_value(("survey.csv", unique_upload(), "text/csv")).run()
    assert len(made) == 1  # made in the run that read the file, before any mapping
    load(app, None)
    assert len(made) == 1
    assert app.session_state[DATASET_KEY].codebook is not None
