"""In real Chromium: the dashboard loads, charts render, a selection updates them."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analysis.i18n import t

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


def wait_for_app(page: Page) -> None:
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)


def test_overview_loads_with_chart_and_badge(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    wait_for_app(page)
    expect(page.get_by_text("SIMULATED DATA").first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "overview.png", full_page=True)


def test_share_link_opens_page_language_and_selection(page: Page, server_url: str) -> None:
    page.goto(server_url + "/explore?lang=ja&issue=death_penalty&outcome=no_opinion")
    wait_for_app(page)
    expect(page.get_by_text("シミュレーションデータ").first).to_be_visible()
    expect(page.get_by_role("heading", name="結果を詳しく見る")).to_be_visible()
    expect(page.get_by_text("死刑制度を維持すべき").first).to_be_visible()


def test_selection_changes_the_chart(page: Page, server_url: str) -> None:
    page.goto(server_url + "/explore")
    wait_for_app(page)
    title = page.locator(".js-plotly-plot .gtitle").first
    expect(title).to_have_text(re.compile("Left the survey"))
    page.get_by_test_id("stSelectbox").filter(has_text="Outcome").click()
    page.get_by_role("option", name="Answered 'no opinion'").click()
    expect(page.locator(".js-plotly-plot .gtitle").first).to_have_text(
        [re.compile("Answered 'no opinion'")], timeout=30_000
    )
    expect(page).to_have_url(re.compile("outcome=no_opinion"))
    page.screenshot(path=SHOTS / "explore.png", full_page=True)


def test_overview_path_is_an_alias_of_the_start_page(page: Page, server_url: str) -> None:
    page.goto(server_url + "/overview?lang=ja")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/\?lang=ja$"))
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("heading", name=t("st_overview_heading_opt_out", "ja"))).to_be_visible()


MAIN = '[data-testid="stMain"]'


def main_top(page: Page) -> int:
    """How far the page's main part is scrolled, in px."""
    return int(page.evaluate("(sel) => document.querySelector(sel).scrollTop", MAIN))


def scroll_main(page: Page, top: int) -> int:
    """Scroll the page's main part to ``top`` (clamped by the browser) once it is taller than
    the window by 300 px (drawn); where it is now."""
    page.wait_for_function(
        "(sel) => { const m = document.querySelector(sel); "
        "return m.scrollHeight > m.clientHeight + 300; }",
        arg=MAIN,
        timeout=30_000,
    )
    page.evaluate("([sel, top]) => { document.querySelector(sel).scrollTop = top; }", [MAIN, top])
    page.wait_for_timeout(200)
    return main_top(page)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_page_reached_from_the_sidebar_opens_at_its_top_with_its_own_address(
    page: Page, server_url: str, lang: str
) -> None:
    # Streamlit 1.67 kept the scroll and the address of the page before when the reader went
    # to the default page: from the foot of the Data page, the Overview opened at its foot
    # with /data in the address bar. Every way into the Overview and out of it.
    page.goto(server_url + "/methods" + ("" if lang == "en" else f"?lang={lang}"))
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=60_000)
    for link, path, heading, charts in [
        (t("page_data", lang), "/data", t("data_title", lang), False),
        (t("page_overview", lang), "/", t("st_overview_heading_opt_out", lang), True),
        (t("page_explore", lang), "/explore", t("explore_title", lang), True),
        (t("page_overview", lang), "/", t("st_overview_heading_opt_out", lang), True),
    ]:
        assert scroll_main(page, 100_000) > 300, "the page before must be scrolled down"
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading).first).to_be_in_viewport(timeout=30_000)
        expect(page).to_have_url(re.compile(re.escape(server_url + path) + r"(\?|$)"))
        assert main_top(page) == 0
        if charts:  # drawn whole before the next scroll to its foot
            wait_for_app(page)
            expect(page.get_by_test_id("stDownloadButton").first).to_be_visible(timeout=30_000)
    if lang == "en":
        # Back goes to the page before. (With a query string in the address, Streamlit itself
        # adds two history entries for every page, the path and then the path with its query,
        # so Back first shows the same page without its query: the same on every page.)
        page.go_back()
        expect(page).to_have_url(re.compile(re.escape(server_url + "/explore") + r"(\?|$)"))
        expect(page.get_by_role("heading", name=t("explore_title", lang))).to_be_visible()


def test_a_selection_keeps_the_reader_where_they_were_on_the_page(
    page: Page, server_url: str
) -> None:
    page.goto(server_url + "/explore")
    wait_for_app(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Issue")
    box.scroll_into_view_if_needed()
    top = scroll_main(page, scroll_main(page, 0) + 120)
    assert top > 0
    box.click()
    page.get_by_role("option").nth(2).click()
    expect(page).to_have_url(re.compile("issue="))
    page.wait_for_timeout(500)
    assert abs(main_top(page) - top) <= 1


def test_table_view_opens_with_the_rows_and_follows_the_selection(
    page: Page, server_url: str
) -> None:
    # The table is sent only while its expander is open (dashboard.ui.panels); opening it must
    # show it at once, and it must stay open and change with the selection.
    page.goto(server_url + "/explore")
    wait_for_app(page)
    tables = page.get_by_test_id("stDataFrame")
    expect(tables).to_have_count(0)
    page.get_by_text("Table view").first.click()
    expect(tables).to_have_count(1, timeout=30_000)
    expect(tables.first).to_be_visible()
    label = page.get_by_test_id("stWidgetLabel").get_by_text("Subgroup", exact=True)
    age = page.get_by_role("option", name="Age", exact=True)
    for _ in range(5):  # a dropdown opened while the table's rerun ends closes: open it again
        page.get_by_test_id("stSelectbox").filter(has=label).click()
        try:
            age.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    age.click()
    expect(page.locator(".js-plotly-plot .xtick").get_by_text("20–39").first).to_be_visible(
        timeout=30_000
    )
    expect(tables).to_have_count(1)
    page.screenshot(path=SHOTS / "table_view_open.png", full_page=True)


def test_rate_bars_stand_on_their_labels_and_fill_their_category(
    page: Page, server_url: str
) -> None:
    # One bar per prompt, each at its own category: the bars fill their categories (a slot
    # reserved for every prompt at every category made thin bars, each off its label).
    bars_js = """(gd) => Array.from(gd.querySelectorAll('.point path')).map((el) => {
      const r = el.getBoundingClientRect(); return [(r.left + r.right) / 2, r.width]; })"""
    for path in ("/", "/?lang=ja&present=1"):
        page.goto(server_url + path)
        wait_for_app(page)
        page.wait_for_timeout(500)
        bars = page.locator(".js-plotly-plot").first.evaluate(bars_js)
        assert len(bars) == 3, (path, bars)
        spacing = [b[0] - a[0] for a, b in itertools.pairwise(bars)]
        assert max(spacing) - min(spacing) < 2, (path, bars)  # evenly spaced categories
        assert all(width > 0.5 * spacing[0] for _x, width in bars), (path, bars)


def test_effect_chart_labels_title_and_stamp_neither_overlap_nor_spill(
    page: Page, server_url: str
) -> None:
    # The on-screen effect chart reserves its margins itself (no Plotly automargin): in real
    # Chromium its category labels (y ticks) and its axis title with the stamp under it must
    # lie inside the chart, the x tick labels above the title, the categories left of the plot.
    boxes_js = """(gd) => {
      const box = (el) => { const r = el.getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom]; };
      return {chart: box(gd), plot: box(gd.querySelector('.nsewdrag')),
              title: box(gd.querySelector('.g-xtitle')),
              xticks: Array.from(gd.querySelectorAll('.xtick text')).map(box),
              yticks: Array.from(gd.querySelectorAll('.ytick text')).map(box)};
    }"""
    for path in ("/explore?lang=en", "/explore?lang=ja", "/explore?lang=en&subgroup=income"):
        page.goto(server_url + path)
        wait_for_app(page)
        page.wait_for_timeout(500)
        b = page.locator(".js-plotly-plot").nth(1).evaluate(boxes_js)
        left, top, right, bottom = b["chart"]
        assert b["xticks"] and max(t[3] for t in b["xticks"]) <= b["title"][1] + 1, path
        assert b["yticks"] and max(t[2] for t in b["yticks"]) <= b["plot"][0] + 1, path
        for box in [b["title"], *b["xticks"], *b["yticks"]]:
            assert left - 1 <= box[0] and box[2] <= right + 1, (path, box, b["chart"])
            assert top - 1 <= box[1] and box[3] <= bottom + 1, (path, box, b["chart"])


def test_rate_chart_labels_and_stamp_neither_overlap_nor_spill(page: Page, server_url: str) -> None:
    # The on-screen rate chart reserves its margins itself (no Plotly automargin): in real
    # Chromium, its turned category labels must end above the stamp under them, and the y
    # title, tick labels and stamp must lie inside the chart, in both languages.
    boxes_js = """(gd) => {
      const box = (el) => { const r = el.getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom]; };
      return {chart: box(gd), ticks: Array.from(gd.querySelectorAll('.xtick text')).map(box),
              stamp: box(gd.querySelector('.g-xtitle')), ytitle: box(gd.querySelector('.g-ytitle')),
              yticks: Array.from(gd.querySelectorAll('.ytick text')).map(box)};
    }"""
    for path in ("/explore?lang=en", "/explore?lang=ja", "/explore?lang=en&subgroup=income"):
        page.goto(server_url + path)
        wait_for_app(page)
        page.wait_for_timeout(500)
        b = page.locator(".js-plotly-plot").first.evaluate(boxes_js)
        left, top, right, bottom = b["chart"]
        assert b["ticks"] and max(t[3] for t in b["ticks"]) <= b["stamp"][1] + 1, path
        for box in [b["stamp"], b["ytitle"], *b["yticks"], *b["ticks"]]:
            assert left - 1 <= box[0] and box[2] <= right + 1, (path, box, b["chart"])
            assert top - 1 <= box[1] and box[3] <= bottom + 1, (path, box, b["chart"])
