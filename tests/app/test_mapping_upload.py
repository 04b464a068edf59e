"""A misspelt mapping uploaded on the Data page: every error with its suggestion, in the
reader's language, and the data already in use stays; the second study loads like any upload."""

from __future__ import annotations

import pytest

from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.ui.state import DATASET_KEY
from tests import studies
from tests.app.conftest import plain
from tests.app.test_data_page import open_upload, upload

MISSPELT = (
    MAPPING_FILE.read_text("utf-8")
    .replace("[weights]", "[weight]", 1)
    .replace("covariates =", "covariate =", 1)
    .replace("no_opinion = [9]", "no_opnion = [9]", 1)
    .replace("simulated = true", 'simulated = "no"', 1)
    .encode("utf-8")
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "did you mean 'weights'",
                "did you mean 'covariates'",
                "did you mean 'no_opinion'",
                "did you mean simulated = false",
            ],
        ),
        (
            "ja",
            [
                "「weights」の誤り",
                "「covariates」の誤り",
                "「no_opinion」の誤り",
                "simulated = false のことではありませんか",
            ],
        ),
    ],
)
def test_misspelt_mapping_lists_every_error_with_its_suggestion(app, lang, expected) -> None:
    app.query_params["lang"] = lang
    open_upload(app)
    upload(app, DATA_FILE.read_bytes(), "replication.csv", MISSPELT)
    app.button(key="data_load").click().run()
    assert not app.exception
    errors = plain(" ".join(e.value for e in app.error))
    for text in expected:
        assert text in errors, text


def test_misspelt_mapping_keeps_the_loaded_study(app) -> None:
    data, mapping = studies.files()
    open_upload(app)
    upload(app, data, studies.DATA_NAME, mapping)
    app.button(key="data_load").click().run()
    assert app.session_state[DATASET_KEY].provenance.file_name == studies.DATA_NAME
    upload(app, DATA_FILE.read_bytes(), "replication.csv", MISSPELT)
    app.button(key="data_load").click().run()
    assert not app.exception
    assert app.error
    assert app.session_state[DATASET_KEY].provenance.file_name == studies.DATA_NAME
