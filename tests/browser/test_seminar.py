"""In real Chromium: a Japanese share link opens the same view in a fresh browser, presentation
mode, the PNG download, and the HTML report opening with the network off."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


def wait_for_charts(page: Page) -> None:
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)


def view_of(page: Page) -> dict[str, list[str]]:
    """What a reader sees: chart titles, axis tick labels, selectbox values, headings."""
    wait_for_charts(page)
    page.wait_for_timeout(1500)  # let Plotly finish drawing both charts
    return {
        "titles": page.locator(".js-plotly-plot .gtitle").all_text_contents(),  # SVG: no innerText
        "ticks": page.locator(".js-plotly-plot .xtick, .js-plotly-plot .ytick").all_text_contents(),
        "selects": page.locator('[data-testid="stSelectbox"] input').evaluate_all(
            "inputs => inputs.map(i => i.value)"
        ),
        "headings": page.locator("h1, h2, h3").all_inner_texts(),
    }


def test_japanese_share_link_opens_the_same_view(browser: Browser, server_url: str) -> None:
    first = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = first.new_page()
    page.goto(server_url + "/explore?lang=ja")
    wait_for_charts(page)
    page.get_by_test_id("stSelectbox").filter(has_text="サブグループ").click()
    page.get_by_role("option", name="性別").click()
    expect(page).to_have_url(re.compile("subgroup=gender"), timeout=30_000)
    page.get_by_test_id("stSelectbox").filter(has_text="争点").click()
    page.get_by_role("option", name="死刑制度を維持すべき").click()
    expect(page).to_have_url(re.compile("issue=death_penalty"), timeout=30_000)
    link = page.url
    seen = view_of(page)
    first.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1400})
    again = fresh.new_page()
    again.goto(link)
    reopened = view_of(again)
    fresh.close()
    assert "lang=ja" in link
    assert any("死刑制度を維持すべき" in s for s in reopened["selects"])
    assert any("男性" in tick for tick in reopened["ticks"])
    assert reopened == seen


def test_presentation_mode_hides_the_sidebar(page: Page, server_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server_url + "/?lang=ja&present=1")
    wait_for_charts(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="次へ")).to_be_visible()
    page.wait_for_timeout(1000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "present_ja.png")
    page.get_by_role("button", name="次へ").click()
    expect(page).to_have_url(re.compile("slide=1"), timeout=30_000)


def test_png_download_is_slide_sized_with_japanese(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?lang=ja")
    wait_for_charts(page)
    page.get_by_role("button", name="ダウンロード").first.click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="グラフ（PNG）").click()
    download = info.value
    assert download.suggested_filename.endswith("_ja_SIMULATED.png")
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / "export_ja.png"
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (3200, 1800)


def test_html_report_opens_with_the_network_off(
    browser: Browser, page: Page, server_url: str, tmp_path: Path
) -> None:
    page.goto(server_url + "/?lang=ja")
    wait_for_charts(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="主要な結果すべてをオフライン用レポートに（HTML）").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)

    offline = browser.new_context(offline=True)
    outside: list[str] = []

    def only_the_file(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    offline.route("**/*", only_the_file)
    viewer = offline.new_page()
    viewer.goto(report.as_uri())
    charts = viewer.locator(".js-plotly-plot .main-svg")
    expect(charts.first).to_be_visible(timeout=30_000)
    sections = viewer.locator("section[id]").count()
    expect(viewer.locator(".js-plotly-plot")).to_have_count(sections)
    expect(viewer.get_by_text("シミュレーションデータ").first).to_be_visible()
    viewer.screenshot(path=tmp_path / "report.png")
    offline.close()
    assert sections >= 4
    assert outside == []


def test_a_presented_bar_chart_gives_most_of_its_height_to_the_bars(
    page: Page, server_url: str
) -> None:
    """The screen figure reserves a bottom margin for a half-width chart's turned labels; on a
    slide the labels are level, and that margin left the bars a third of the chart's height."""
    page.set_viewport_size({"width": 1366, "height": 900})
    for lang in ("en", "ja"):
        page.goto(f"{server_url}/explore?present=1&lang={lang}")
        wait_for_charts(page)
        page.wait_for_timeout(1500)
        height, plot = page.locator(".js-plotly-plot").first.evaluate(
            "g => [g._fullLayout.height, g._fullLayout._size.h]"
        )
        assert plot >= 0.55 * height, (lang, plot, height)
