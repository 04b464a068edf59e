"""Markup in column names, value labels, titles and labels is shown as text everywhere.

Every Markdown element is rendered with a CommonMark renderer (raw HTML allowed — the strictest
case): no tag from the data may come out, and the user's text must come out literally. Charts:
every string in the figure JSON has its tags escaped. Tables and the codebook hold the text as
plain cell values. The mapping built in the page keeps the labels as literal TOML strings.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from dashboard.ui.state import DATASET_KEY
from tests import injection as inj
from tests.app.conftest import PAGES, open_panels

RENDER = MarkdownIt("commonmark").render
# A tag Plotly would render (it understands a subset of HTML: <a href>, <b>, <br>, <img> no).
# Our own export stamp uses <br> and <span style=…>; anything else in a chart came from data.
TAG = re.compile(r"<\s*/?\s*(?!br\b|span\b|extra\b)[a-z]", re.IGNORECASE)
MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "title",
    "subheader",
    "header",
    "toast",
)


def text_of(markdown: str) -> str:
    """What a reader sees of a Markdown string: rendered, tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", RENDER(markdown)))


def markdown_sources(app) -> list[str]:
    return [
        el.value
        for kind in MARKDOWN_ELEMENTS
        for el in app.get(kind)
        if isinstance(getattr(el, "value", None), str)
    ]


def assert_no_markup_from_data(app) -> None:
    for source in markdown_sources(app):
        rendered = RENDER(source)
        tags = re.findall(r"<([a-z0-9]+)[\s>]", rendered)
        # Only the structure of our own templates; never a link, image, script or raw HTML.
        assert set(tags) <= {"p", "strong", "em", "ul", "ol", "li", "code"}, (tags, source)


def visible(app) -> str:
    return "\n".join(text_of(s) for s in markdown_sources(app))


def figure_strings(app) -> list[str]:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for chart in app.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return out


def load(app, data: Path, mapping: Path, name: str | None = None, lang: str = "en"):
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/data.py").run()
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_file").set_value(
        (name or data.name, data.read_bytes(), "text/csv")
    ).run()
    app.file_uploader(key="data_mapping_file").set_value(
        (mapping.name, mapping.read_bytes(), "application/toml")
    ).run()
    app.button(key="data_load").click().run()
    assert not app.exception
    assert app.session_state[DATASET_KEY] is not None
    return app


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return inj.write_csv(tmp_path_factory.mktemp("injection"))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_badge_provenance_and_load_message_show_title_and_file_name_literally(
    app, csv_files, lang
) -> None:
    load(app, *csv_files, name=inj.FILE_NAME, lang=lang)
    shown = visible(app)
    assert (inj.TITLE if lang == "en" else inj.TITLE_JA) in shown
    assert inj.FILE_NAME in shown
    assert_no_markup_from_data(app)


def test_overview_sentences_and_charts_show_prompt_labels_literally(app, csv_files) -> None:
    load(app, *csv_files)
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    assert inj.PROMPTS["government"] in visible(app)
    assert_no_markup_from_data(app)
    strings = figure_strings(app)
    assert not any(TAG.search(s) for s in strings)
    assert html.escape(inj.PROMPTS["government"], quote=False) in strings


def test_explore_labels_tables_and_charts_show_text_literally(app, csv_files) -> None:
    load(app, *csv_files)
    app.switch_page("pages/explore.py").run()
    app.selectbox(key="subgroup").set_value("gender").run()
    app.selectbox(key="outcome").set_value("no_opinion").run()
    open_panels(app)
    assert not app.exception
    assert inj.SUBGROUP in app.selectbox(key="subgroup").options
    assert inj.ISSUE_Q1 in app.selectbox(key="issue").options
    assert inj.OPTIONS["no_opinion"] in visible(app)
    assert_no_markup_from_data(app)
    strings = figure_strings(app)
    assert not any(TAG.search(s) for s in strings)
    assert html.escape(inj.LEVELS["0"], quote=False) in strings
    cells = pd.concat([df.value.astype(str) for df in app.dataframe]).to_string()
    assert inj.LEVELS["0"] in cells and inj.PROMPTS["company"] in cells


def test_codebook_lists_injected_column_names_as_plain_cells(app, csv_files) -> None:
    load(app, *csv_files)
    cells = [str(v) for df in app.dataframe for v in df.value.to_numpy().ravel()]
    for column in inj.COLUMNS.values():
        assert column in cells


def test_validation_messages_quote_names_and_values_literally(app, tmp_path) -> None:
    frame = inj.frame().rename(columns=inj.COLUMNS)
    frame[inj.COLUMNS["arm"]] = frame[inj.COLUMNS["arm"]].astype(object)
    frame.loc[:9, inj.COLUMNS["arm"]] = inj.IMG  # unknown arm codes: a warning quotes them
    data = tmp_path / "bad.csv"
    frame.to_csv(data, index=False)
    mapping = tmp_path / "bad.toml"
    mapping.write_text(inj.mapping_text({**inj.COLUMNS, "female": inj.SCRIPT}), "utf-8")
    app.run()
    app.switch_page("pages/data.py").run()
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_file").set_value((data.name, data.read_bytes(), "text/csv")).run()
    app.file_uploader(key="data_mapping_file").set_value(
        (mapping.name, mapping.read_bytes(), "application/toml")
    ).run()
    app.button(key="data_load").click().run()
    assert not app.exception
    errors = " ".join(text_of(e.value) for e in app.error)
    assert inj.SCRIPT in errors  # the missing column is named literally
    assert_no_markup_from_data(app)


@pytest.mark.parametrize("ext", ["dta", "sav"])
def test_value_labels_reach_the_built_mapping_as_literal_strings(app, tmp_path, ext) -> None:
    data, _ = inj.write_labelled(tmp_path, ext)
    app.run()
    app.switch_page("pages/data.py").run()
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_file").set_value(
        (data.name, data.read_bytes(), "application/octet-stream")
    ).run()
    app.radio(key="data_mapping_mode").set_value("build").run()
    app.multiselect(key="map_sub_cols").set_value(["female"]).run()
    assert not app.exception
    assert_no_markup_from_data(app)
    toml = next(c.value for c in app.code if "[design" in c.value)
    doc = tomllib.loads(toml)
    gender = next(s for s in doc["subgroups"] if s["column"] == "female")
    assert {k: v["en"] for k, v in gender["levels"].items()} == {
        "0": inj.VALUE_LABELS["female"][0],
        "1": inj.VALUE_LABELS["female"][1],
    }
    cells = [str(v) for df in app.dataframe for v in df.value.to_numpy().ravel()]
    assert any(inj.VALUE_LABELS["arm"][1] in c for c in cells)  # codebook: value labels as text


def test_every_page_of_the_router_is_checked() -> None:
    assert {"pages/overview.py", "pages/explore.py", "pages/data.py"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_injected_text_as_text(app, csv_files, page) -> None:
    """Pages added later are covered too: no Markdown element may turn data into markup, and
    no chart may carry a tag from the data."""
    load(app, *csv_files)
    app.switch_page(page).run()
    assert not app.exception
    assert_no_markup_from_data(app)
    assert not [s for s in figure_strings(app) if TAG.search(s)]
