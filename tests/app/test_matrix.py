"""Every page x English/Japanese x {the embedded study, a second study of another shape} x
{normal, presentation}: no exception, the study's own labels shown, not one phrase of the other
study's description, and on chart pages a download menu in normal mode.

The second study (``tests/studies.py``) has four prompts, no exit option, five other issues and
other subgroups; it is put in the session exactly where the Data page puts an upload.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, Node

from analysis.i18n import t
from analysis.study.dataset import Dataset, load_embedded_dataset
from dashboard.ui.state import DATASET_KEY
from tests import studies
from tests.app.conftest import APP, PAGES, open_panels, plain

LANGS = ("en", "ja")
STUDIES = ("embedded", "second")
MODES = ("normal", "present")
NOT_CHART_PAGES = {"pages/data.py", "pages/methods.py"}
CHART_PAGES = [p for p in PAGES if p not in NOT_CHART_PAGES]

# Phrases of the embedded study's description (STUDY.md) that no page of another study may show.
EMBEDDED_DESCRIPTION = (
    r"4,514",
    r"\b4514\b",
    r"\bJapan\b",
    r"日本(?!語)",  # 日本語 is the language menu, not the study
    r"June 2018",
    r"2018年6月",
    r"¥130",
    r"130円",
    r"(?i)\bgovernment\b",
    r"政府",
    r"(?i)\bcompany\b",
    r"企業",
    r"\bEck\b",
    r"Journal of Politics",
    r"(?i)eight issues",
    r"[8八]つの争点",
    r"Liberal Democratic",
    r"自民党",
)
SECOND_DESCRIPTION = tuple(re.escape(word) for word in studies.OWN_DESCRIPTION)


def _strings(value: object) -> Iterator[str]:
    """Every text inside a proto turned into a dict; JSON payloads (Plotly specs) decoded."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        if value[:1] in "{[":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield value


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def page_text(app: AppTest) -> str:
    """Everything the session shows: text, widget labels and options, tables, chart specs."""
    parts: list[str] = []
    for node in _nodes(app._tree):  # AppTest exposes no public tree walker
        if isinstance(node, Dataframe):
            frame: pd.DataFrame = node.value
            parts += [str(c) for c in frame.columns]
            parts.append(frame.to_string())
        elif getattr(node, "proto", None) is not None:
            parts += _strings(MessageToDict(node.proto))
    return plain("\n".join(parts))


def _second() -> Dataset:
    return studies.dataset()


def _labels(dataset: Dataset, lang: str) -> list[str]:
    m = dataset.mapping
    return [m.prompt_label(k, lang) for k in m.prompt_keys]


def _issue_labels(dataset: Dataset, lang: str) -> list[str]:
    return [i.label.get(lang) for i in dataset.mapping.issues]


KNOWN_GAPS: dict[tuple[str, str, str], str] = {}  # cells known to fail, with the reason


def _cases() -> Iterator[object]:
    for page in PAGES:
        for study in STUDIES:
            for mode in MODES:
                for lang in LANGS:
                    reason = KNOWN_GAPS.get((page, study, mode))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    yield pytest.param(
                        page,
                        study,
                        mode,
                        lang,
                        marks=marks,
                        id=f"{page[6:-3]}-{study}-{mode}-{lang}",
                    )


@pytest.fixture(scope="module")
def second_dataset() -> Dataset:
    return _second()


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_embedded_dataset()


def _open(page: str, study: str, mode: str, lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["lang"] = lang
    if mode == "present":
        app.query_params["present"] = "1"
    if study == "second":
        app.session_state[DATASET_KEY] = _second()
    app.run()
    app.switch_page(page).run()
    if mode == "normal":
        open_panels(app)
    return app


@pytest.mark.parametrize(("page", "study", "mode", "lang"), list(_cases()))
def test_page_reads_right_for_the_study(page, study, mode, lang, embedded, second_dataset) -> None:
    app = _open(page, study, mode, lang)
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    dataset = second_dataset if study == "second" else embedded

    forbidden = EMBEDDED_DESCRIPTION if study == "second" else SECOND_DESCRIPTION
    shown = [pattern for pattern in forbidden if re.search(pattern, text)]
    assert not shown, shown

    if page in NOT_CHART_PAGES:
        own = _issue_labels(dataset, lang) + [dataset.provenance.file_name]
    elif page == "pages/exits.py" and study == "second":
        own = [t("ex_no_exit_offered", lang)]
    else:
        own = _labels(dataset, lang)
    assert any(label in text for label in own), own

    if (
        mode == "normal"
        and page in CHART_PAGES
        and not (page == "pages/exits.py" and study == "second")
    ):
        labels = [b.proto.label for b in app.get("download_button")]
        assert t("export_csv", lang) in labels
