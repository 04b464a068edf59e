"""Small cells: thresholds from the sidebar/URL reach tables, charts and sentences."""

from __future__ import annotations

import json

from dashboard.render.smallcells import SmallCells, resolve
from tests.app.conftest import open_panels


def test_resolve_keeps_suppression_at_most_the_flag() -> None:
    assert resolve(50, 80) == SmallCells(50, 50)


def test_resolve_clamps_negative_values() -> None:
    assert resolve(-1, -1) == SmallCells(0, 0)


def test_defaults_are_the_study_conventions() -> None:
    assert SmallCells() == SmallCells(100, 30)


def test_raised_flag_threshold_flags_every_rate(app) -> None:
    app.query_params["flag"] = "1000"
    open_panels(app.run())
    table = app.dataframe[0].value
    assert (table["Note"] == "small cell (n < 1000)").all()


def test_raised_flag_threshold_hatches_the_bars(app) -> None:
    app.query_params["flag"] = "1000"
    app.run()
    bars = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    assert all(shape == "/" for bar in bars for shape in bar["marker"]["pattern"]["shape"])


def test_raised_suppression_hides_the_numbers(app) -> None:
    app.query_params.update({"flag": "1000", "suppress": "1000"})
    open_panels(app.run())
    table = app.dataframe[0].value
    assert table["Rate (%)"].isna().all()
    assert any("too few respondents" in m.value for m in app.markdown)


def test_suppression_above_flag_is_explained(app) -> None:
    app.run()
    app.number_input(key="suppress").set_value(500).run()
    assert any("cannot exceed" in c.value for c in app.caption)
