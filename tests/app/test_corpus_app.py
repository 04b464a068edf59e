"""Broken files in the app: the message shows, nothing raises, the data already loaded stays.

One session per language first loads a good uploaded file (not the embedded data), then is fed
one broken case after another from tests/corpus — as a user trying file after file would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis.io.mapping import MappingError
from analysis.study.dataset import build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.ui.state import DATASET_KEY
from tests.app.conftest import APP, plain
from tests.corpus.build import case_files

# At least one case of every kind in the corpus, each refused by the loader.
APP_CASES = [
    "truncated_0",
    "truncated_1000",
    "binary_csv_0",
    "binary_dta_0",
    "binary_json_0",
    "binary_xlsx_1",
    "binary_parquet_0",
    "binary_sav_1",
    "empty_xlsx",
    "whitespace_only",
    "newlines_only",
    "encoding_bad_utf8_header",
    "encoding_utf_16_le",
    "header_only",
    "one_column",
    "one_row",
    "no_header_numbers",
    "one_arm_1",
    "one_arm_3",
    "only_control",
    "no_control",
    "arm_text",
    "arm_unknown_codes",
    "exit_value_abc",
    "exit_value_9",
    "extreme_exit_q_2",
    "extreme_wt_1",
    "weights_bad_2",
    "duplicate_ids",
    "duplicated_column_names",
    "blank_column_names",
    "html_column_names",
    "ten_thousand_columns",
    "semicolon_delimited",
    "unbalanced_quotes",
    "toml_garbage",
    "toml_too_deep",
    "toml_missing_columns",
    "toml_unknown_prompt",
    "toml_binary",
    "toml_utf16",
    "dta_wrong_magic",
    "dta_all_arm_missing",
    "sav_truncated_50",
    "sav_header_then_garbage",
    "xlsx_zip_of_nothing",
    "xlsx_sheet_xml_garbage",
    "xlsx_zip_bomb",
    "parquet_wrong_schema",
    "parquet_nested_columns",
    "parquet_footer_only",
    "zsav_truncated_50",
    "txt_is_tsv_one_arm",
]
CASES = {d.stem: (d, m) for d, m in case_files()}
GOOD_TITLE = {"en": "Good upload before the broken ones", "ja": "壊れたファイルの前の正しいデータ"}


def _good_mapping() -> bytes:
    text = MAPPING_FILE.read_text("utf-8").replace("simulated = true", "simulated = false")
    text = re.sub(
        r"(?m)^title = .*$",
        f'title = {{ en = "{GOOD_TITLE["en"]}", ja = "{GOOD_TITLE["ja"]}" }}',
        text,
    )
    return text.encode("utf-8")


def _session(lang: str) -> Iterator[AppTest]:
    with pytest.MonkeyPatch.context() as patch:
        original = PagesManager.__init__

        def init(self, *args, **kwargs) -> None:
            original(self, *args, **kwargs)
            PagesManager.uses_pages_directory = False

        patch.setattr(PagesManager, "__init__", init)
        app = AppTest.from_file(APP, default_timeout=120)
        app.query_params["lang"] = lang
        app.run()
        app.switch_page("pages/data.py").run()
        app.radio(key="data_source").set_value("upload").run()
        app.file_uploader(key="data_file").set_value(
            ("good.csv", DATA_FILE.read_bytes(), "text/csv")
        ).run()
        app.file_uploader(key="data_mapping_file").set_value(
            ("good.toml", _good_mapping(), "application/toml")
        ).run()
        app.button(key="data_load").click().run()
        assert app.session_state[DATASET_KEY].provenance.title_en == GOOD_TITLE["en"]
        yield app


@pytest.fixture(scope="module")
def english() -> Iterator[AppTest]:
    yield from _session("en")


@pytest.fixture(scope="module")
def japanese() -> Iterator[AppTest]:
    yield from _session("ja")


def test_every_kind_of_case_is_tried_in_the_app() -> None:
    kinds = {
        re.sub(r"_[^_]*$", "", name) if not name.startswith("toml_") else "toml"
        for name in APP_CASES
    }
    assert len(APP_CASES) >= 30 and len(kinds) >= 30


@pytest.mark.parametrize("name", APP_CASES)
def test_broken_case_shows_message_and_keeps_the_loaded_data(name, request) -> None:
    lang = "ja" if APP_CASES.index(name) % 2 else "en"
    app = request.getfixturevalue("japanese" if lang == "ja" else "english")
    data, mapping = CASES[name]
    with pytest.raises(MappingError) as refused:
        build_dataset(data.read_bytes(), data.name, mapping.read_bytes(), mapping.name)
    first = refused.value.problems[0].message(lang)

    app.file_uploader(key="data_file").set_value(
        (data.name, data.read_bytes(), "application/octet-stream")
    ).run()
    app.file_uploader(key="data_mapping_file").set_value(
        (mapping.name, mapping.read_bytes(), "application/toml")
    ).run()
    if not app.button(key="data_load").disabled:
        app.button(key="data_load").click().run()

    assert not app.exception
    shown = " ".join(plain(box.value) for box in app.error)
    assert " ".join(first.split()) in " ".join(shown.split())
    assert app.session_state[DATASET_KEY].provenance.title_en == GOOD_TITLE["en"]
    assert any(GOOD_TITLE[lang] in plain(box.value) for box in app.info)
