"""Presentation mode: one chart with its takeaway per screen, text >= 20 px, no full badge,
navigation and a way out; switched by the sidebar or the URL."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.render.headline import headline_slides
from dashboard.ui.presentation import room_figure


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _font_sizes(obj: object, parent: str = "") -> list[float]:
    """Every font size set anywhere in a figure's JSON, including inline span styles."""
    found: list[float] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "size" and parent.endswith("font") and isinstance(value, int | float):
                found.append(value)
            found += _font_sizes(value, key)
    elif isinstance(obj, list):
        for value in obj:
            found += _font_sizes(value, parent)
    elif isinstance(obj, str):
        found += [float(v) for v in re.findall(r"font-size:\s*(\d+)px", obj)]
    return found


@pytest.fixture
def presenting(app):
    app.query_params["present"] = "1"
    app.run()
    return app


def test_room_figure_text_is_at_least_20px(embedded, embedded_full) -> None:
    for slide in headline_slides(embedded, embedded_full, lang="ja", font_size=22):
        sizes = _font_sizes(room_figure(slide.figure).to_plotly_json())
        assert sizes and min(sizes) >= 20, slide.key


def test_url_flag_shows_one_chart(presenting) -> None:
    assert not presenting.exception
    assert len(presenting.get("plotly_chart")) == 1


def test_presented_chart_text_is_at_least_20px(presenting) -> None:
    sizes = _font_sizes(_figures(presenting)[0])
    assert min(sizes) >= 20
    assert _figures(presenting)[0]["layout"]["font"]["size"] >= 20


def test_presented_chart_has_its_takeaway(presenting) -> None:
    assert any("6.0%" in m.value.replace("\\", "") for m in presenting.markdown)  # escaped text


def test_presentation_keeps_a_short_simulated_badge(presenting) -> None:
    warnings = [w.value for w in presenting.warning]
    assert any("SIMULATED DATA" in w for w in warnings)
    assert not any("calibrated" in w for w in warnings)  # not the long note


def test_presentation_hides_the_chrome_with_its_stylesheet(presenting) -> None:
    html = [h.proto.body for h in presenting.get("html")]
    assert any('data-testid="stSidebar"' in body and "display: none" in body for body in html)


def test_next_shows_the_second_chart(presenting) -> None:
    first = _figures(presenting)[0]["layout"]["title"]["text"]
    presenting.button(key="present_next").click().run()
    assert _figures(presenting)[0]["layout"]["title"]["text"] != first
    assert presenting.query_params["slide"] == "1"


def test_exit_returns_to_the_page(presenting) -> None:
    presenting.button(key="present_exit").click().run()
    assert len(presenting.get("plotly_chart")) == 2
    assert "present" not in presenting.query_params


def test_sidebar_switch_turns_it_on_and_into_the_url(app) -> None:
    app.run()
    app.toggle(key="present").set_value(True).run()
    assert len(app.get("plotly_chart")) == 1
    assert app.query_params["present"] == "1"


def test_explore_in_presentation_keeps_its_selection(app) -> None:
    app.query_params.update({"present": "1", "issue": "ldp", "outcome": "no_opinion"})
    app.run()
    app.switch_page("pages/explore.py").run()
    assert not app.exception
    # A projected slide shows no controls; the selection is the link's.
    assert [s.key for s in app.selectbox] == ["lang"]  # the hidden sidebar only
    assert app.session_state["issue"] == "ldp"
    assert len(app.get("plotly_chart")) == 1
    assert "Liberal Democratic Party" in " ".join(md.value for md in app.markdown)


def test_screen_mode_charts_keep_normal_text(app) -> None:
    app.run()
    assert _figures(app)[0]["layout"]["font"]["size"] < 20


def test_presented_chart_leaves_the_label_angle_to_plotly(presenting) -> None:
    # The screen chart turns the English prompt labels by 30 degrees (a half-width chart);
    # on a full-width slide they fit level, and the turned labels took a third of the height.
    figure = _figures(presenting)[0]
    assert "tickangle" not in figure["layout"].get("xaxis", {})


def test_presented_sankey_is_taller_and_takes_the_plot_height(embedded, embedded_full) -> None:
    """Six cells' two-line labels at the room's 22 px ran into each other at a chart slide's
    height: the Sankey's slide is taller and its diagram takes (nearly) the whole plot."""
    from dashboard.render.balance import balance_slides
    from dashboard.ui.presentation import ROOM_CHART_HEIGHT

    flow = next(
        s
        for s in balance_slides(embedded, embedded_full, lang="en")
        if s.figure.data[0].type == "sankey"
    )
    screen = flow.figure.data[0].domain.y
    room = room_figure(flow.figure)
    assert room.layout.height > ROOM_CHART_HEIGHT
    slide = room.data[0].domain.y
    assert slide[0] <= min(screen[0], 0.05) and slide[1] == 1
