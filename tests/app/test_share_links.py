"""Share links: every selection round-trips through the URL, survives a visit to another page,
and an invalid value falls back to the default with a short notice in the reader's language."""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES


def test_explore_selection_survives_a_visit_to_overview(app) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    app.selectbox(key="issue").set_value("ldp").run()
    app.switch_page("pages/overview.py").run()
    assert app.query_params["issue"] == "ldp"
    app.switch_page("pages/explore.py").run()
    assert app.selectbox(key="issue").value == "ldp"


@pytest.mark.parametrize(
    ("key", "value"),
    [("outcome", "support"), ("issue", "death_penalty"), ("subgroup", "age"), ("lang", "ja")],
)
def test_each_selection_is_written_into_the_url(app, key, value) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    app.selectbox(key=key).set_value(value).run()
    assert app.query_params[key] == value


def test_option_is_written_into_the_url(app) -> None:
    app.query_params["outcome"] = "support"
    app.run()
    app.switch_page("pages/explore.py").run()
    app.selectbox(key="option").set_value("exit").run()
    assert app.query_params["option"] == "exit"


def test_prompts_are_written_into_the_url(app) -> None:
    app.run()
    app.switch_page("pages/explore.py").run()
    app.multiselect(key="prompts").set_value(["none", "government"]).run()
    assert app.query_params["prompts"] == "none,government"


# A share link with a value for every setting the sidebar and Explore keep in the URL.
FULL_LINK = {
    "lang": "ja",
    "outcome": "support",
    "option": "exit",
    "issue": "ldp",
    "subgroup": "gender",
    "prompts": "none,government",
    "flag": "200",
    "suppress": "40",
    "present": "0",
}


def test_a_full_link_restores_every_selection(app) -> None:
    link = FULL_LINK
    app.query_params.update(link)
    app.run()
    app.switch_page("pages/explore.py").run()
    assert not app.exception
    for key in ("lang", "outcome", "option", "issue", "subgroup"):
        assert app.selectbox(key=key).value == link[key]
    assert app.multiselect(key="prompts").value == ["none", "government"]
    assert app.number_input(key="flag").value == 200


def test_invalid_value_shows_a_notice_naming_the_setting(app) -> None:
    app.query_params["subgroup"] = "<script>"
    app.run()
    app.switch_page("pages/explore.py").run()
    assert [t.value for t in app.toast] == [
        "The link's value for 'Subgroup' is not valid here; showing the default."
    ]


def test_invalid_value_notice_in_japanese(app) -> None:
    app.query_params.update({"lang": "ja", "issue": "nope"})
    app.run()
    app.switch_page("pages/explore.py").run()
    assert any("争点" in t.value for t in app.toast)


def test_invalid_presentation_flag_falls_back_to_off(app) -> None:
    app.query_params["present"] = "maybe"
    app.run()
    assert app.toggle(key="present").value is False
    assert len(app.toast) == 1


def test_invalid_threshold_falls_back_to_default(app) -> None:
    app.query_params["flag"] = "-5"
    app.run()
    assert app.number_input(key="flag").value == 100
    assert len(app.toast) == 1


def test_valid_link_shows_no_notice(app) -> None:
    app.query_params.update({"issue": "ldp", "present": "0"})
    app.run()
    app.switch_page("pages/explore.py").run()
    assert not app.toast


def _default_matches_value(widget) -> bool:
    """Whether the browser's fallback for ``widget`` (its proto's default) is its value now."""
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio"):
        return widget.proto.default == widget.index
    if kind == "Multiselect":
        return list(widget.proto.default) == list(widget.indices)
    return widget.proto.default == widget.value  # number inputs, toggles


@pytest.mark.parametrize("page", PAGES)
def test_every_url_setting_is_drawn_with_its_value_as_the_default(app, page) -> None:
    """The browser falls back to a widget's default when it holds no value for it (a click that
    arrives before it drew the last run) and sends that back: for a setting from the URL the
    default must be the setting itself. Seen before: thresholds drawn without ``value=`` came
    back as 0, so nothing was flagged or hidden."""
    app.query_params.update(FULL_LINK)
    app.run()
    app.switch_page(page).run()
    app.run()  # a second run: the values are now the session's own, not fresh from the URL
    assert not app.exception
    registry = app.session_state["_url_registry"]
    widgets = [
        w
        for kind in ("selectbox", "radio", "multiselect", "number_input", "toggle")
        for w in getattr(app, kind)
        if getattr(w, "key", None) in registry
    ]
    keys = {w.key for w in widgets}
    assert {"lang", "flag", "suppress", "present"} <= keys
    wrong = [(w.key, w.proto.default, w.value) for w in widgets if not _default_matches_value(w)]
    assert wrong == []
