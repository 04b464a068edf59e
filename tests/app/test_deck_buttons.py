"""Every chart page offers its charts and all headline results as PowerPoint slides, in both
languages and in presentation mode; a server that cannot draw images says so instead."""

from __future__ import annotations

import pytest

DECK_LABELS = {
    "en": ("This view as slides (PowerPoint)", "All headline results as slides (PowerPoint)"),
    "ja": ("この表示をスライドで（PowerPoint）", "主要な結果すべてをスライドで（PowerPoint）"),
}


def labels(app) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


@pytest.fixture
def no_kaleido(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server where kaleido finds no browser (e.g. no Chromium installed)."""
    from choreographer.browsers.chromium import Chromium

    from dashboard.render import exports

    monkeypatch.setattr(exports, "_KALEIDO", {"started": False, "error": None, "checked": False})
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_offers_both_decks(app, lang) -> None:
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    for label in DECK_LABELS[lang]:
        assert labels(app).count(label) == 1, label


def test_decks_are_made_only_when_asked_for(app) -> None:
    # kaleido takes a second or two per chart: the deck is a deferred file, made on the click.
    app.run()
    app.switch_page("pages/explore.py").run()
    decks = [b.proto for b in app.get("download_button") if b.proto.label in DECK_LABELS["en"]]
    assert len(decks) == 2
    for proto in decks:
        assert proto.deferred_file_id and not proto.url
        assert proto.help  # says what a slide holds


def test_without_kaleido_the_deck_says_why(app, no_kaleido) -> None:
    app.run()
    app.switch_page("pages/overview.py").run()
    assert not set(DECK_LABELS["en"]) & set(labels(app))
    assert any("Slides are not available on this server" in c.value for c in app.caption)


def test_presentation_bar_offers_the_decks_in_a_small_menu(app) -> None:
    app.query_params["present"] = "1"
    app.run()
    assert not app.exception
    assert not set(DECK_LABELS["en"]) & set(labels(app))  # closed: nothing sent
    app.session_state["present_decks"] = True
    app.run()
    assert not app.exception
    for label in DECK_LABELS["en"]:
        assert labels(app).count(label) == 1, label
    assert len(app.get("plotly_chart")) == 1  # still one chart per screen
