"""In real Chromium: the statistics pages open from a share link, in Japanese, with their charts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import SHOTS, wait_for_app


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/subgroups?lang=ja&sg_subgroup=age", "効果はグループによって異なるか"),
        ("/opinions?lang=ja&op_option=exit&op_view=assigned", "告知別の回答の分布"),
        ("/exits?lang=ja", "いつ離脱したのか"),
        ("/balance?lang=ja", "バランスと標本の流れ"),
        ("/plan?lang=ja", "追跡調査を計画する"),
    ],
)
def test_stats_page_opens_from_a_share_link(
    page: Page, server_url: str, path: str, heading: str
) -> None:
    page.goto(server_url + path)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("シミュレーションデータ").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{path.split('?')[0].strip('/')}_ja.png", full_page=True)


KIT_PATHS = ["/subgroups", "/opinions", "/exits"]


@pytest.mark.parametrize("path", KIT_PATHS)
def test_stats_page_offers_a_download_menu_per_chart(
    page: Page, server_url: str, path: str
) -> None:
    page.goto(server_url + path + "?lang=ja")
    wait_for_app(page)
    charts = page.locator(".js-plotly-plot").count()
    expect(page.get_by_role("button", name="ダウンロード")).to_have_count(charts)


@pytest.mark.parametrize("path", KIT_PATHS)
def test_stats_page_presents_one_chart_with_previous_and_next(
    page: Page, server_url: str, path: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server_url + path + "?lang=ja&present=1")
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="次へ")).to_be_visible()
    expect(page.get_by_role("button", name="前へ")).to_be_visible()
    expect(page.get_by_role("combobox")).to_have_count(0)  # no selection controls
    page.wait_for_timeout(1000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"present_{path.strip('/')}_ja.png")
