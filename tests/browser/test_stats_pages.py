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
