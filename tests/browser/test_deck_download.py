"""In real Chromium: "Download as slides" from presentation mode gives a deck PowerPoint can open
(read back with python-pptx), with the presented charts and Japanese in a CJK font."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard.render.deck import EAST_ASIAN_FONT

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"

pytestmark = pytest.mark.browser


def test_presentation_bar_downloads_this_views_deck(page: Page, server_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server_url + "/?lang=ja&present=1")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="スライド").click()
    button = page.get_by_role("button", name="この表示をスライドで（PowerPoint）")
    expect(button).to_be_visible(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "present_decks_ja.png")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith("_ja_SIMULATED.pptx")
    target = SHOTS / "deck_ja.pptx"
    download.save_as(target)
    deck = Presentation(str(target))
    assert len(deck.slides) >= 2
    assert "シミュレーションデータ" in deck.slides[0].placeholders[1].text_frame.text
    title = deck.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert title._r.find(qn("a:rPr")).find(qn("a:ea")).get("typeface") == EAST_ASIAN_FONT
