"""A kit selection keeps what it shows when its labels change (another language)."""

from __future__ import annotations

from analysis.i18n import t


def _radio(app):
    return app.radio(key="overview_method")


def _switch_language(app, lang: str):
    app.selectbox(key="lang").set_value(lang).run()
    assert not app.exception
    return app


def test_radio_keeps_its_value_across_a_language_switch(app) -> None:
    app.run()
    _radio(app).set_value("lin_hc2").run()
    app.run()
    _switch_language(app, "ja")
    assert _radio(app).value == "lin_hc2"


def test_browser_is_told_the_selection_under_its_new_label(app) -> None:
    # The browser holds a selection as its label: unless the new label is sent with the new
    # options it shows no option selected (seen after switching the language).
    app.run()
    _radio(app).set_value("lin_hc2").run()
    app.run()
    proto = _switch_language(app, "ja").radio(key="overview_method").proto
    assert proto.set_value and proto.raw_value == t("method_lin_hc2", "ja")


def test_unchanged_labels_send_nothing(app) -> None:
    app.run()
    app.run()
    assert not _radio(app).proto.set_value


def test_a_menu_of_long_labels_gets_a_wider_column(app) -> None:
    # Equal columns cut Plan's outcome menu in Japanese to 12 of its 14 characters, beside
    # menus of numbers (significance level, power).
    app.run()
    _switch_language(app, "ja")
    app.switch_page("pages/plan.py").run()
    assert not app.exception
    weights = {box.key: column.weight for column in app.columns for box in column.selectbox}
    assert weights["plan_outcome"] > 1.4 * weights["plan_power"]
    assert weights["plan_alpha"] == weights["plan_power"]
