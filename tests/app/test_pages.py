"""Every page renders without an exception, shows the simulated badge, and reacts to widgets."""

from __future__ import annotations

import json

import pytest

from analysis.i18n import t
from tests.app.conftest import PAGES

TEXT_PAGES = {"pages/methods.py", "pages/data.py"}  # pages of text and tables, no chart


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_renders_without_exception(app, page, lang) -> None:
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    assert _figures(app) or page in TEXT_PAGES, "each page shows at least one chart"


@pytest.mark.parametrize("page", PAGES)
def test_simulated_badge_on_every_page(app, page) -> None:
    app.run()
    app.switch_page(page).run()
    assert any("SIMULATED DATA" in w.value for w in app.warning)


def test_overview_states_the_government_effect_in_words(app) -> None:
    app.run()
    text = " ".join(m.value for m in app.markdown)
    assert "Government monitoring" in text and "points" in text


def test_explore_issue_change_changes_the_chart(app) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    before = _figures(app)[0]
    app.selectbox(key="issue").set_value("ldp").run()
    after = _figures(app)[0]
    assert not app.exception
    assert before["data"][0]["y"] != after["data"][0]["y"]


def test_explore_subgroup_puts_levels_on_the_axis(app) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    app.selectbox(key="subgroup").set_value("gender").run()
    rates = _figures(app)[0]
    assert set(rates["data"][0]["x"]) == {"Men", "Women"}


def test_explore_no_prompt_selected_shows_a_message(app) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    app.multiselect(key="prompts").set_value([]).run()
    assert not app.exception
    assert any("Nothing to show" in w.value for w in app.warning)


def test_url_selection_is_restored(app) -> None:
    app.query_params["issue"] = "death_penalty"
    app.query_params["lang"] = "ja"
    app.run()
    app.switch_page("pages/explore.py").run()
    assert app.selectbox(key="issue").value == "death_penalty"
    assert app.selectbox(key="lang").value == "ja"


def test_invalid_url_value_falls_back_to_default(app) -> None:
    app.query_params["subgroup"] = "<script>"
    app.run()
    app.switch_page("pages/explore.py").run()
    assert not app.exception
    assert app.selectbox(key="subgroup").value == "all"


# Pages with rate bars and an effects chart: the note on how to read them belongs there only.
BAR_PAGES = {"pages/overview.py", "pages/explore.py"}


@pytest.mark.parametrize("page", PAGES)
def test_the_note_on_reading_bars_is_only_under_bars(app, page) -> None:
    app.run()
    app.switch_page(page).run()
    note = t("reading_ci_control", "en", control="X").split("X")[0]
    shown = any(c.value.startswith(note) for c in app.caption)
    assert shown == (page in BAR_PAGES)
