"""In real Chromium: the first session of a plain ``streamlit run app.py`` works like any other.

Each test starts its own server, because what is checked is the *first* session of a process:
with a ``pages/`` folder, Streamlit begins that session in its old multipage mode (see
``dashboard/server/startup.py``). The server is started as Streamlit's docs, Community Cloud and
``make run`` start it: ``streamlit run app.py``, no launcher.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analysis.i18n import t
from tests.browser.conftest import free_port, start_server


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[str]:
    """A new ``streamlit run app.py`` process that no browser has talked to yet."""
    port = free_port()
    proc = start_server(port, log=tmp_path / "streamlit.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_first_session_switches_language(page: Page, fresh_server: str) -> None:
    page.goto(fresh_server + "/")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("SIMULATED DATA").first).to_be_visible()
    page.get_by_test_id("stSelectbox").filter(has_text="Language / 言語").click()
    page.get_by_role("option", name="日本語").click()
    expect(page.get_by_text("シミュレーションデータ").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=t("st_overview_heading_opt_out", "ja"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=ja\b"))


def test_share_link_as_first_request(page: Page, fresh_server: str) -> None:
    page.goto(fresh_server + "/explore?issue=ldp&lang=ja")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="結果を詳しく見る")).to_be_visible()
    expect(page.get_by_text("シミュレーションデータ").first).to_be_visible()
    expect(page.get_by_text("自民党を支持する").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/explore\?.*issue=ldp"))
    expect(page).to_have_url(re.compile(r"[?&]lang=ja\b"))


def test_share_link_session_switches_language(page: Page, fresh_server: str) -> None:
    page.goto(fresh_server + "/explore?issue=ldp&lang=ja")
    expect(page.get_by_role("heading", name="結果を詳しく見る")).to_be_visible(timeout=60_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Language / 言語").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("heading", name="Explore the results")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"/explore\?.*issue=ldp"))
    expect(page).not_to_have_url(re.compile(r"lang=ja"))  # English is the default: no lang=
