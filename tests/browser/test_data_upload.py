"""In real Chromium: upload a data file and its mapping, see the real-data badge and new numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect

from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from tests.browser.uploads import choose_upload, put_data, put_mapping

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


def write_upload(folder: Path) -> tuple[Path, Path]:
    """A 'real' file (government-prompt exit cell all leave at issue 1) and its mapping."""
    frame = pd.read_csv(DATA_FILE)
    frame.loc[frame["arm"] == 6, "exit_q"] = 1
    for q in [f"q{i}" for i in range(1, 9)]:
        frame.loc[frame["arm"] == 6, q] = None
    frame["メモ"] = "回答済み"  # Japanese text, so the file really is Shift-JIS (CP932)
    data = folder / "replication.csv"
    frame.to_csv(data, index=False, encoding="cp932")
    mapping = folder / "replication.toml"
    text = MAPPING_FILE.read_text("utf-8").replace("simulated = true", "simulated = false")
    text = re.sub(
        r"(?m)^title = .*$", 'title = { en = "Replication file", ja = "再現用データ" }', text
    )
    mapping.write_text(text, "utf-8")
    return data, mapping


def headline(page: Page) -> str:
    items = page.locator("[data-testid='stMarkdownContainer'] li")
    expect(items.first).to_be_visible(timeout=60_000)
    return " ".join(items.all_inner_texts())


def test_upload_file_and_mapping_shows_loaded_data_everywhere(
    page: Page, server_url: str, tmp_path: Path
) -> None:
    data, mapping = write_upload(tmp_path)
    page.goto(server_url + "/")
    before = headline(page)
    page.get_by_role("link", name="Data").click()
    expect(page.get_by_role("heading", name=re.compile("^Data:"))).to_be_visible(timeout=30_000)
    choose_upload(page)
    put_data(page, data)
    expect(
        page.get_by_text(re.compile(r"Read 4,514 rows × 19 columns \(CSV, cp932\)"))
    ).to_be_visible(timeout=30_000)
    put_mapping(page, mapping)
    button = page.get_by_role("button", name="Check and use this data")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    expect(page.get_by_text("Loaded data", exact=False).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile("Loaded replication.csv"))).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "data_loaded.png", full_page=True)
    expect(page.get_by_text("SIMULATED DATA", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Overview").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
    expect(page.get_by_text(re.compile("replication.csv")).first).to_be_visible()
    expect(page.get_by_text("SIMULATED DATA", exact=True)).to_have_count(0)
    after = headline(page)
    assert after != before
    page.screenshot(path=SHOTS / "overview_loaded.png", full_page=True)
