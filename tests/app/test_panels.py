"""Every chart comes with its table alternative, its downloads and a toolbar that saves a
slide-size PNG named as simulated; the alt text is the chart's takeaway."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import open_panels

CHART_PAGES = ["pages/overview.py", "pages/explore.py"]


def _open(app, page):
    app.run()
    app.switch_page(page).run()
    return open_panels(app)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_a_table_alternative(app, page) -> None:
    _open(app, page)
    tables = [e for e in app.expander if e.label == "Table view"]
    assert len(tables) == len(app.get("plotly_chart"))


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_csv_png_and_svg_downloads(app, page) -> None:
    _open(app, page)
    labels = [b.proto.label for b in app.get("download_button")]
    charts = len(app.get("plotly_chart"))
    for label in ("Table (CSV)", "Chart (PNG)", "Chart (SVG)"):
        assert labels.count(label) == charts, label


@pytest.mark.parametrize("page", CHART_PAGES)
def test_page_offers_both_offline_reports(app, page) -> None:
    _open(app, page)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "This view as an offline report (HTML)" in labels
    assert "All headline results as an offline report (HTML)" in labels


def test_toolbar_saves_a_slide_sized_png_named_simulated(app) -> None:
    _open(app, "pages/overview.py")
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    options = config["toImageButtonOptions"]
    assert (options["width"], options["height"]) == (1600, 900)
    assert options["filename"].endswith("_en_SIMULATED")


def test_chart_on_screen_carries_the_simulated_stamp(app) -> None:
    _open(app, "pages/overview.py")
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert "SIMULATED DATA" in spec["layout"]["xaxis"]["title"]["text"]


def test_chart_alt_text_is_its_takeaway(app) -> None:
    _open(app, "pages/overview.py")
    chart = app.get("plotly_chart")[0].proto
    assert "14.0%" in chart.alt and "no prompt" in chart.alt


@pytest.fixture
def no_kaleido(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server where kaleido finds no browser (e.g. no Chromium installed)."""
    from choreographer.browsers.chromium import Chromium

    from dashboard.render import exports

    monkeypatch.setattr(exports, "_KALEIDO", {"started": False, "error": None, "checked": False})
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))


def test_without_kaleido_images_fall_back_with_a_message(app, no_kaleido) -> None:
    _open(app, "pages/overview.py")
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Chart (PNG)" not in labels and "Table (CSV)" in labels
    assert any(
        "Image export is not available on this server (FileNotFoundError)" in c.value
        for c in app.caption
    )


def test_drawing_the_menus_does_not_start_a_browser(
    app,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kaleido

    from dashboard.render import exports

    started: list[bool] = []
    monkeypatch.setattr(exports, "_KALEIDO", {"started": False, "error": None, "checked": False})
    monkeypatch.setattr(kaleido, "start_sync_server", lambda **kw: started.append(True))
    _open(app, "pages/overview.py")
    assert "Chart (PNG)" in [b.proto.label for b in app.get("download_button")]
    assert started == []


def test_a_browser_that_fails_to_start_stops_the_image_offer(
    embedded, embedded_full, monkeypatch
) -> None:
    import kaleido

    from dashboard.render import exports
    from dashboard.render.headline import headline_slides

    def broken(*args, **kwargs) -> None:
        raise FileNotFoundError("chromium")

    monkeypatch.setattr(exports, "_KALEIDO", {"started": False, "error": None, "checked": True})
    monkeypatch.setattr(kaleido, "start_sync_server", broken)
    figure = headline_slides(embedded, embedded_full, lang="en")[0].figure
    with pytest.raises(FileNotFoundError):
        exports.figure_image(figure, "png")
    assert exports.image_export_error() == "FileNotFoundError"


def test_presentation_on_a_text_page_still_offers_the_way_out(app) -> None:
    app.query_params["present"] = "1"
    app.run()
    app.switch_page("pages/methods.py").run()
    assert not app.exception
    app.button(key="present_exit").click().run()
    assert app.toggle(key="present").value is False


def test_a_sessions_first_chart_is_sent_at_once_later_ones_last() -> None:
    # The first chart starts the browser loading Plotly's JavaScript, so it is not held back;
    # once the session has had a chart, charts wait for the end of the run (show_slide).
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import streamlit as st

        from analysis.study.dataset import load_embedded_dataset
        from dashboard.render.slides import outcome_slides
        from dashboard.render.smallcells import SmallCells
        from dashboard.ui.panels import show_slide
        from dashboard.ui.stats_views import view_effects

        data = load_embedded_dataset()
        effects = view_effects(
            data,
            "en",
            outcome="opt_out",
            issue="all",
            option="exit",
            control=data.mapping.control,
            method="ols_hc2",
        )
        slides = outcome_slides(
            data,
            lang="en",
            outcome="opt_out",
            option="exit",
            cells=SmallCells(),
            font_size=14,
            prefix="t",
            effects=effects,
        )
        later: list = []
        show_slide(slides[0], lang="en", dataset=data, later=later, downloads=False)
        st.write(f"held back: {len(later)}")
        for draw in later:
            draw()

    app = AppTest.from_function(script, default_timeout=120).run()
    assert [m.value for m in app.markdown if m.value.startswith("held")] == ["held back: 0"]
    app.run()
    assert [m.value for m in app.markdown if m.value.startswith("held")] == ["held back: 1"]
    assert len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("page", CHART_PAGES)
def test_tables_and_download_menus_are_filled_only_when_opened(app, page) -> None:
    # A selection change then costs nothing for the closed ones (~20 ms of the browser's time
    # per change on Explore); the reader opening one gets it at once.
    app.run()
    app.switch_page(page).run()
    charts = len(app.get("plotly_chart"))
    assert charts == 2 and len(app.dataframe) == 0
    assert "Table (CSV)" not in [b.proto.label for b in app.get("download_button")]
    open_panels(app)
    assert len(app.dataframe) == charts
    assert [b.proto.label for b in app.get("download_button")].count("Table (CSV)") == charts
