"""What a reader of a study shaped unlike the embedded one (``tests/studies.py``: four prompts,
no exit option) saw wrong in the browser: a slide counter of nothing on the Exits page in
presentation mode, and a balance note that counted the embedded study's six cells."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.i18n import t
from analysis.study.dataset import Dataset, load_embedded_dataset
from dashboard.ui.state import DATASET_KEY
from tests import studies
from tests.app.conftest import APP


def _open(page: str, dataset: Dataset | None, lang: str = "en", present: bool = False) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["lang"] = lang
    if present:
        app.query_params["present"] = "1"
    if dataset is not None:
        app.session_state[DATASET_KEY] = dataset  # where the Data page puts an upload
    app.run()
    return app.switch_page(page).run()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_exits_slide_of_a_study_without_exit_says_why_and_counts_no_charts(lang: str) -> None:
    app = _open("pages/exits.py", studies.dataset(), lang=lang, present=True)
    assert not app.exception
    assert [i.value for i in app.info] == [t("ex_no_exit_offered", lang)]
    captions = [c.value for c in app.caption]
    assert t("present_counter", lang, i=1, n=0) not in captions
    assert t("present_prev", lang) not in [b.label for b in app.button]


def test_presentation_with_no_chart_offers_no_previous_or_next() -> None:
    def script() -> None:
        from analysis.study.dataset import load_embedded_dataset
        from dashboard.ui.presentation import present

        present([], lang="en", dataset=load_embedded_dataset())

    app = AppTest.from_function(script, default_timeout=60).run()
    assert not app.exception
    assert [i.value for i in app.info] == [t("present_nothing", "en")]
    assert [b.label for b in app.button] == []
    assert [c.value for c in app.caption] == []


@pytest.mark.parametrize(("study", "cells"), [("second", 4), ("embedded", 6)])
def test_balance_note_counts_the_studys_own_cells(study: str, cells: int) -> None:
    dataset = studies.dataset() if study == "second" else load_embedded_dataset()
    assert len(dataset.mapping.prompt_keys) * len(dataset.mapping.option_keys) == cells
    app = _open("pages/balance.py", dataset if study == "second" else None)
    assert not app.exception
    assert t("bal_table_note_cells", "en", cells=cells) in [c.value for c in app.caption]
