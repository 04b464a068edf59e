"""Balance and Plan are kit pages: every chart with its takeaway, table and downloads, a
presentation with Previous/Next and no controls, small cells flagged and hidden alike in the
figure, the table and the sentence, and their selections (the baseline too) in the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.i18n import t
from dashboard.render.balance import balance_slides, where_left_table
from dashboard.render.plan import plan_slides
from dashboard.render.smallcells import SmallCells
from tests.app.conftest import open_panels, plain

PAGES = ["pages/balance.py", "pages/plan.py"]
ROOT = Path(__file__).resolve().parents[2]


def _open(app, page: str, **params: str):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _texts(app) -> str:
    return " ".join(plain(m.value) for m in app.markdown)


@pytest.fixture
def full(embedded_full) -> pd.DataFrame:
    return embedded_full


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_no_chart_itself(page) -> None:
    assert "plotly_chart" not in (ROOT / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_chart_has_its_download_menu(app, page, lang) -> None:
    open_panels(_open(app, page, lang=lang))
    assert not app.exception
    charts = len(app.get("plotly_chart"))
    labels = [b.proto.label for b in app.get("download_button")]
    assert charts >= 1
    for key in ("export_csv", "export_png", "export_svg"):
        assert labels.count(t(key, lang)) == charts, key


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_chart_has_its_takeaway_under_it(app, page, lang) -> None:
    _open(app, page, lang=lang)
    text = _texts(app)
    for chart in app.get("plotly_chart"):
        assert chart.proto.alt and chart.proto.alt in text


@pytest.mark.parametrize("page", PAGES)
def test_page_offers_both_offline_reports(app, page) -> None:
    _open(app, page)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "This view as an offline report (HTML)" in labels
    assert "All headline results as an offline report (HTML)" in labels


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_presentation_shows_one_chart_with_navigation_and_no_controls(app, page, lang) -> None:
    _open(app, page, lang=lang, present="1")
    assert len(app.get("plotly_chart")) == 1
    assert {"present_prev", "present_next"} <= {b.key for b in app.button}
    assert [s.key for s in app.selectbox] == ["lang"]  # the hidden sidebar only
    assert not app.number_input or all(n.key in ("flag", "suppress") for n in app.number_input)
    assert app.get("plotly_chart")[0].proto.alt in _texts(app)


def test_balance_presentation_next_shows_the_love_plot(app) -> None:
    _open(app, "pages/balance.py", present="1")
    first = app.get("plotly_chart")[0].proto.spec
    app.button(key="present_next").click().run()
    assert not app.exception
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert app.get("plotly_chart")[0].proto.spec != first
    assert figure["data"][0]["type"] == "scatter"


def test_balance_group_comes_from_the_url_in_presentation(app) -> None:
    _open(app, "pages/balance.py", present="1", slide="1", bal_group="region")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert any("Kanto" in y for y in figure["data"][0]["y"])


def test_plan_baseline_comes_from_the_url(app) -> None:
    _open(app, "pages/plan.py", plan_baseline="12.5")
    assert app.number_input(key="plan_baseline").value == 12.5
    assert "12.5%" in _texts(app)


def test_plan_baseline_goes_into_the_url(app) -> None:
    _open(app, "pages/plan.py")
    app.number_input(key="plan_baseline").set_value(20.0).run()
    assert app.query_params["plan_baseline"] == "20.0"


def test_plan_baseline_follows_the_outcome_until_edited(app) -> None:
    _open(app, "pages/plan.py")
    before = app.number_input(key="plan_baseline").value
    app.selectbox(key="plan_outcome").set_value("no_opinion").run()
    assert app.number_input(key="plan_baseline").value != before


def test_plan_mode_switch_gives_the_detectable_effect(app) -> None:
    _open(app, "pages/plan.py", plan_mode="mde")
    assert app.selectbox(key="plan_size").value == "750"
    assert "smallest" in app.metric[0].label.lower()


# Small cells: the same thresholds in the figure, the table and the sentence.


def test_flow_suppressed_cells_are_hidden_everywhere(embedded, full) -> None:
    slide = balance_slides(embedded, full, lang="en", cells=SmallCells(800, 760))[0]
    labels = slide.figure.data[0].node.label
    assert all("suppressed (n < 760)" in label for label in labels[1:7])
    assert slide.table["Left the survey"].isna().all()
    assert "not shown (n < 760)" in slide.takeaway
    assert "left before the end" not in slide.takeaway
    assert all(source == 0 for source in slide.figure.data[0].link.source)  # no outflow drawn


def test_flow_small_cells_are_flagged_everywhere(embedded, full) -> None:
    slide = balance_slides(embedded, full, lang="en", cells=SmallCells(800, 30))[0]
    labels = slide.figure.data[0].node.label
    assert all("small cell (n < 800)" in label for label in labels[1:7])
    assert (slide.table["Note"] == "small cell (n < 800)").all()
    assert slide.table["Left the survey"].notna().sum() == 3  # the exit cells
    assert "(small cell, n < 800)" in slide.takeaway


def test_flow_counts_everyone_by_default(embedded, full) -> None:
    slide = balance_slides(embedded, full, lang="en")[0]
    assert slide.table["n"].sum() == len(embedded.prepared.frame)
    assert "4,514 respondents" in slide.takeaway


def test_love_plot_hides_and_flags_small_cells(embedded, full) -> None:
    hidden = balance_slides(embedded, full, lang="en", cells=SmallCells(800, 760))[1]
    assert all(pd.isna(x) for trace in hidden.figure.data for x in trace.x)
    assert hidden.table["Standardised difference (d)"].isna().all()
    assert "are not shown" in hidden.takeaway
    flagged = balance_slides(embedded, full, lang="en", cells=SmallCells(800, 30))[1]
    symbols = [s for trace in flagged.figure.data for s in trace.marker.symbol]
    assert symbols and all(s.endswith("-open") for s in symbols)
    assert "hollow markers" in flagged.takeaway


def test_where_left_table_hides_suppressed_cells(embedded, full) -> None:
    table = where_left_table(embedded, full, lang="en", cells=SmallCells(800, 760))
    assert table.drop(columns="Question").isna().all().all()


def test_love_takeaway_never_calls_the_randomisation_failed(embedded, full) -> None:
    slide = balance_slides(embedded, full, lang="en")[1]
    assert "by chance" in slide.takeaway or "look alike" in slide.takeaway
    assert "imbalance" not in slide.takeaway.lower()


def test_plan_sentence_says_when_no_design_can_reach_the_effect(embedded) -> None:
    _plan, slides = plan_slides(embedded, lang="en", plan_baseline=95.0, plan_effect="10")
    assert "outside 0–100%" in slides[0].takeaway


def test_plan_sentence_says_when_no_effect_is_detectable(embedded) -> None:
    _plan, slides = plan_slides(
        embedded, lang="en", plan_mode="mde", plan_size="100", plan_baseline=99.5
    )
    assert "no rise" in slides[0].takeaway
