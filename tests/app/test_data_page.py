"""The Data page: upload a file and a mapping (or build one), all problems, session-only data."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import analysis.io.readers as aio
from analysis.study.dataset import build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.ui.state import DATASET_KEY
from tests.app.conftest import plain
from tests.formats import FORMATS, mapping_text, write_all

DATA_PAGE = "pages/data.py"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("formats"))


@pytest.fixture(scope="module")
def real_mapping() -> bytes:
    return mapping_text(simulated=False).encode("utf-8")


def open_upload(app):
    app.run()
    app.switch_page(DATA_PAGE).run()
    app.radio(key="data_source").set_value("upload").run()
    return app


def upload(app, data: bytes, name: str, mapping: bytes | None = None):
    app.file_uploader(key="data_file").set_value((name, data, "application/octet-stream")).run()
    if mapping is not None:
        app.file_uploader(key="data_mapping_file").set_value(
            ("study.toml", mapping, "application/toml")
        ).run()
    return app


def figures(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def changed_data() -> bytes:
    """The simulated data with every government-prompt exit cell respondent leaving at issue 1."""
    frame = pd.read_csv(DATA_FILE)
    frame.loc[frame["arm"] == 6, "exit_q"] = 1
    for q in [f"q{i}" for i in range(1, 9)]:
        frame.loc[frame["arm"] == 6, q] = None
    return frame.to_csv(index=False).encode()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_data_page_renders_with_provenance_and_codebook(app, lang, embedded) -> None:
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(DATA_PAGE).run()
    assert not app.exception
    tables = [df.value for df in app.dataframe]
    assert any("simulated.csv" in table.to_string() for table in tables)
    # The citation whole, in its own line under the grid.
    assert any(plain(md.value).endswith(embedded.provenance.citation) for md in app.markdown)
    assert any(len(table) == 18 for table in tables), "codebook: one row per column"


def test_upload_with_mapping_switches_badge_and_numbers(app) -> None:
    app.run()
    before = [trace["y"] for trace in figures(app)[0]["data"]]
    open_upload(app)
    upload(
        app,
        changed_data(),
        "replication.csv",
        MAPPING_FILE.read_text("utf-8").replace("simulated = true", "simulated = false").encode(),
    )
    app.button(key="data_load").click().run()
    assert not app.exception
    assert any("Loaded data" in box.value for box in app.info)
    assert not any("SIMULATED DATA" in w.value for w in app.warning)
    app.switch_page("pages/overview.py").run()
    after = [trace["y"] for trace in figures(app)[0]["data"]]
    assert before != after


def test_failed_load_keeps_the_data_in_use_and_lists_every_problem(app) -> None:
    frame = pd.read_csv(DATA_FILE)
    frame.loc[:9, "arm"] = 7
    frame.loc[20:21, "wt"] = -1
    frame.loc[1, "respondent_id"] = frame.loc[0, "respondent_id"]
    open_upload(app)
    upload(app, frame.to_csv(index=False).encode(), "broken.csv", MAPPING_FILE.read_bytes())
    app.button(key="data_load").click().run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert "weight" in errors and "respondent ID" in errors and "was not loaded" in errors
    assert any("arm" in w.value and "left out" in w.value for w in app.warning)
    assert DATASET_KEY not in app.session_state or app.session_state[DATASET_KEY] is None
    assert any("SIMULATED DATA" in w.value for w in app.warning)


def test_problems_are_shown_in_japanese(app) -> None:
    app.query_params["lang"] = "ja"
    open_upload(app)
    upload(app, b"arm,q1\n1,2\n", "tiny.csv", MAPPING_FILE.read_bytes())
    app.button(key="data_load").click().run()
    assert not app.exception
    assert any("データにありません" in e.value for e in app.error)


def test_over_limit_file_is_refused_with_a_message(app, monkeypatch) -> None:
    monkeypatch.setattr(aio, "MAX_ROWS", 100)
    open_upload(app)
    upload(app, DATA_FILE.read_bytes() + b"\n", "big.csv")
    assert not app.exception
    assert any("the limit is 100" in e.value for e in app.error)
    assert app.button(key="data_load").disabled


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_data_in_any_format_gives_identical_app_results(app, files, real_mapping, fmt) -> None:
    expected = build_dataset(files["csv"].read_bytes(), "survey.csv", real_mapping, "m.toml").grid
    open_upload(app)
    upload(app, files[fmt].read_bytes(), files[fmt].name, real_mapping)
    app.button(key="data_load").click().run()
    assert not app.exception
    pd.testing.assert_frame_equal(app.session_state[DATASET_KEY].grid, expected, check_exact=True)


def test_mapping_built_in_the_page_loads_a_labelled_stata_file(app, files) -> None:
    open_upload(app)
    upload(app, files["dta"].read_bytes(), files["dta"].name)
    app.radio(key="data_mapping_mode").set_value("build").run()
    assert not app.exception
    built = app.session_state[DATASET_KEY] if DATASET_KEY in app.session_state else None
    assert built is None
    app.button(key="data_load").click().run()
    assert not app.exception
    dataset = app.session_state[DATASET_KEY]
    assert dataset.mapping.control == "none"
    assert dataset.mapping.prompt_keys == ("none", "company", "government")
    assert [i.column for i in dataset.mapping.issues] == [f"q{i}" for i in range(1, 9)]
    assert dataset.mapping.issue("q1").no_opinion == ("9",)
    assert any("Loaded data" in box.value for box in app.info)


def test_built_mapping_is_offered_as_toml_that_parses(app, files) -> None:
    open_upload(app)
    upload(app, files["sav"].read_bytes(), files["sav"].name)
    app.radio(key="data_mapping_mode").set_value("build").run()
    code = [c.value for c in app.code if "[design" in c.value]
    assert code, "the mapping is shown as TOML"
    assert tomllib.loads(code[0])["design"]["arm"] == "arm"


def test_uploaded_data_is_not_visible_in_another_session(app) -> None:
    open_upload(app)
    upload(app, changed_data(), "replication.csv", MAPPING_FILE.read_bytes())
    app.button(key="data_load").click().run()
    assert app.session_state[DATASET_KEY] is not None
    other = type(app).from_file(app._script_path, default_timeout=60)
    other.run()
    assert DATASET_KEY not in other.session_state or other.session_state[DATASET_KEY] is None
    assert any("simulated.csv" in plain(c.value) for c in other.caption)


def test_back_to_simulated_data(app) -> None:
    open_upload(app)
    upload(
        app,
        changed_data(),
        "replication.csv",
        MAPPING_FILE.read_text("utf-8").replace("simulated = true", "simulated = false").encode(),
    )
    app.button(key="data_load").click().run()
    app.radio(key="data_source").set_value("embedded").run()
    app.button(key="data_use_embedded").click().run()
    assert not app.exception
    assert any("SIMULATED DATA" in w.value for w in app.warning)
