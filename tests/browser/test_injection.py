"""In real Chromium: a file and mapping full of HTML, JavaScript and Markdown run nothing.

The data's column names, the file name, the study title and every label try to run script
(``window.__pwned``), open a dialog, add an element or restyle text. The test listens for
dialogs and page errors, then checks the DOM and that the text is shown literally.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import injection as inj
from tests.browser.uploads import choose_upload, put_data, put_mapping

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
INJECTED_DOM = """() => ({
  pwned: window.__pwned !== undefined,
  onerror: document.querySelectorAll('[onerror]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  jsLinks: [...document.querySelectorAll('a[href]')]
             .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript'))
             .length,
  imgX: [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').length,
  math: document.querySelectorAll('.katex').length,
})"""
CLEAN = {"pwned": False, "onerror": 0, "scripts": 0, "jsLinks": 0, "imgX": 0, "math": 0}


def pick(page: Page, box: str, option: str, tries: int = 3) -> None:
    """Choose ``option`` in the select box named ``box``, opening its list again when a redraw
    closed it before the click (the bar above may not have appeared yet when the test looked
    for it, and the page is drawn again when the export's last stage arrives), as a reader
    would open it again."""
    for _ in range(tries):
        page.get_by_role("combobox", name=box).click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    raise AssertionError(f"{option!r} could not be picked in {box!r} in {tries} tries")


def watch(page: Page) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"dialogs": [], "errors": []}

    def on_dialog(dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    return seen


def test_injected_text_is_shown_literally_and_runs_nothing(
    page: Page, server_url: str, server_log: Path, tmp_path: Path
) -> None:
    seen = watch(page)
    data, mapping = inj.write_csv(tmp_path)
    page.goto(server_url + "/data")
    choose_upload(page)
    put_data(page, {"name": inj.FILE_NAME, "mimeType": "text/csv", "buffer": data.read_bytes()})
    expect(page.get_by_text(re.compile(r"Read 4,514 rows"))).to_be_visible(timeout=30_000)
    put_mapping(page, mapping)
    button = page.get_by_role("button", name="Check and use this data")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    expect(page.get_by_text(inj.TITLE).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"Loaded {inj.FILE_NAME}", exact=False)).to_be_visible()
    expect(page.get_by_text(inj.FILE_NAME).first).to_be_visible()  # provenance line
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "injection_data.png", full_page=True)
    assert page.evaluate(INJECTED_DOM) == CLEAN

    page.get_by_role("link", name="Overview").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
    expect(page.get_by_text(inj.PROMPTS["government"]).first).to_be_visible()  # takeaway
    svg_text = " ".join(page.locator(".js-plotly-plot text").all_text_contents())
    assert inj.PROMPTS["company"] in svg_text and inj.SCRIPT in svg_text
    page.screenshot(path=SHOTS / "injection_overview.png", full_page=True)
    assert page.evaluate(INJECTED_DOM) == CLEAN

    page.get_by_role("link", name="Explore").click()
    expect(page.get_by_role("combobox", name="Issue")).to_be_visible(timeout=60_000)
    # The page is drawn again when the upload's staged export brings the permutation p, and
    # that redraw closes an open list: pick the subgroup once the export has finished (its
    # progress bar gone), as a reader would see it settle (a list closed under the pointer
    # timed the test out).
    expect(page.get_by_test_id("stProgress")).to_have_count(0, timeout=120_000)
    pick(page, "Subgroup", inj.SUBGROUP)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    expect(page.get_by_role("combobox", name="Subgroup")).to_have_value(inj.SUBGROUP)
    expect(page.get_by_text(inj.OPTIONS["exit"]).first).to_be_visible()
    expect(page.locator(".js-plotly-plot text", has_text=inj.LEVELS["0"]).first).to_be_visible(
        timeout=30_000
    )
    page.screenshot(path=SHOTS / "injection_explore.png", full_page=True)
    assert page.evaluate(INJECTED_DOM) == CLEAN
    assert seen == {"dialogs": [], "errors": []}
    assert "Traceback" not in server_log.read_text(errors="replace")
