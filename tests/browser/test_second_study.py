"""In real Chromium: a study shaped unlike the embedded one (``tests/studies.py``: four prompts,
no exit option, five other issues, other subgroups), uploaded once on the Data page, read page
by page through the sidebar as a policymaker would, in English and in Japanese.

The upload lives in the browser session, so one page (one session) is shared by the tests here
and pages are changed by clicking the sidebar's links (``page.goto`` would start a new session).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from analysis.i18n import LANG_NAMES, t
from tests import studies
from tests.browser.uploads import TIMEOUT, choose_upload, put_data, put_mapping

PAGES = [
    "overview",
    "explore",
    "subgroups",
    "opinions",
    "exits",
    "balance",
    "plan",
    "data",
    "methods",
]
# Pages without a chart for this study: the Exits page has no exit curve without an exit option.
NO_CHART = {"data", "methods", "exits"}


def settle(page: Page) -> None:
    """Wait until the script has run (twice: a chart's redraw can start a second run)."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    page.wait_for_timeout(400)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)


def set_language(page: Page, lang: str) -> None:
    """Choose ``lang`` in the sidebar's language menu."""
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=LANG_NAMES[lang]).click()
    settle(page)


def open_page(page: Page, name: str, lang: str) -> None:
    """Click the page's sidebar link and wait for its run (its address first: until it changes,
    the previous page is still on screen)."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=t(f"page_{name}", lang)).click()
    path = "" if name == "overview" else name  # each page's address is its name, but "/"
    expect(page).to_have_url(re.compile(rf"//[^/]+/{path}(\?|$)"), timeout=TIMEOUT)
    settle(page)


@pytest.fixture(scope="module")
def second_study(
    browser: Browser, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Page]:
    """One browser session with the second study uploaded and in use."""
    data, mapping = studies.write(Path(tmp_path_factory.mktemp("second_study")))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server_url + "/data")
    settle(page)
    choose_upload(page)
    put_data(page, data)
    # The mapping once the data file is read (put at once, it was now and then not taken).
    columns = len(data.read_text("utf-8").splitlines()[0].split(","))
    read = t("data_read_as", "en", rows=f"{studies.N:,}", columns=columns, format="")
    read = read.split("(")[0].strip()
    expect(page.get_by_text(read, exact=False).first).to_be_visible(timeout=TIMEOUT)
    put_mapping(page, mapping)
    button = page.get_by_role("button", name=t("data_load", "en"))
    expect(button).to_be_enabled(timeout=TIMEOUT)
    button.click()
    loaded = t("data_loaded", "en", file=studies.DATA_NAME)
    expect(page.get_by_text(loaded).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    # The pages are drawn again while the upload's staged export runs (its progress bar on the
    # Overview), and the sidebar's links wait for each run: start once it has finished.
    open_page(page, "overview", "en")
    expect(page.get_by_test_id("stProgress")).to_have_count(0, timeout=TIMEOUT)
    settle(page)
    try:
        yield page
    finally:
        context.close()


def test_every_page_reads_right_for_the_second_study(second_study: Page) -> None:
    page = second_study
    forbidden = studies.embedded_strings()
    assert len(forbidden) > 20, forbidden  # prompts, issues and the sample, in two languages
    for lang in ("en", "ja"):
        set_language(page, lang)
        for name in PAGES:
            open_page(page, name, lang)
            where = f"{name} ({lang})"
            expect(page.get_by_test_id("stException"), where).to_have_count(0)
            if name not in NO_CHART:
                expect(page.locator(".js-plotly-plot").first, where).to_be_visible(timeout=TIMEOUT)
            # Chart text too (Plotly's SVG), not only what innerText shows.
            text = page.get_by_test_id("stMain").text_content() or ""
            assert studies.PROMPTS[studies.CONTROL][1 if lang == "en" else 2] in text or (
                name in NO_CHART
            ), where
            shown = [s for s in forbidden if s in text]
            assert not shown, (where, shown)


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_subgroup_slide_keeps_its_titles_and_legend_apart(second_study: Page, lang: str) -> None:
    """Four long (or Japanese) prompt labels: the panels' axis titles do not run into each
    other, nor the legend into the chart's title."""
    page = second_study
    set_language(page, lang)
    open_page(page, "subgroups", lang)
    page.get_by_test_id("stSidebar").get_by_text(t("present_toggle", lang)).click()
    settle(page)
    try:
        chart = ".js-plotly-plot"
        expect(page.locator(chart)).to_have_count(1, timeout=TIMEOUT)
        left, right = _box(page, f"{chart} .xtitle"), _box(page, f"{chart} .x2title")
        assert _apart(left, right), (left, right)
        legend, title = _box(page, f"{chart} .legend"), _box(page, f"{chart} .gtitle")
        assert _apart(legend, title), (legend, title)
    finally:
        page.get_by_role("button", name=t("present_exit", lang)).click()
        settle(page)


def test_explore_shows_every_chosen_prompt(second_study: Page) -> None:
    """All four prompts are chosen at first: each one's chip is inside the menu, not cut off."""
    page = second_study
    set_language(page, "en")
    open_page(page, "explore", "en")
    menu = page.get_by_test_id("stMultiSelect").filter(has_text=t("prompts", "en"))
    live = menu.locator(".react-aria-ComboBox")  # not the <template> copy before it
    chips = live.locator("[data-tag]")
    expect(chips).to_have_count(len(studies.PROMPTS))
    field = live.get_by_test_id("stMultiSelectTagsContainer").bounding_box()
    assert field is not None
    for chip in chips.all():
        box = chip.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= field["x"] + field["width"], (chip.inner_text(), field)
