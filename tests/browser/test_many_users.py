"""Twenty simultaneous sessions: some upload their own files, the rest keep the embedded data
with different selections. Each sees only its own data and selections; the server stays healthy.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
from playwright.sync_api import Browser, Page, expect

from analysis.i18n import t
from analysis.study.simulate import DATA_FILE, ISSUE_LABELS, MAPPING_FILE
from tests.browser.uploads import choose_upload, put_data, put_mapping

SESSIONS = 20
UPLOADERS = 6  # sessions 0..5 upload a file of their own; the others keep the embedded data
SUBGROUPS = ["all", "gender", "age", "education", "region"]
OUTCOMES = {k: t(f"outcome_{k}", "en") for k in ("opt_out", "no_opinion")}


def write_upload(folder: Path, k: int) -> tuple[Path, Path, int]:
    """File ``k``: the simulated data less 100·(k+1) rows, with its own study title."""
    rows = 4514 - 100 * (k + 1)
    data = folder / f"team_{k}.csv"
    pd.read_csv(DATA_FILE).head(rows).to_csv(data, index=False)
    mapping = folder / f"team_{k}.toml"
    text = MAPPING_FILE.read_text("utf-8").replace("simulated = true", "simulated = false")
    text = re.sub(r"(?m)^title = .*$", f'title = {{ en = "Team upload {k}", ja = "班 {k}" }}', text)
    mapping.write_text(text, "utf-8")
    return data, mapping, rows


def upload(page: Page, data: Path, mapping: Path) -> None:
    page.get_by_role("link", name="Data").click()
    choose_upload(page)
    put_data(page, data)
    # As a person would: the mapping once the page says the file was read.
    expect(page.get_by_text(re.compile(r"^Read [\d,]+ rows"))).to_be_visible(timeout=120_000)
    put_mapping(page, mapping)
    expect(page.get_by_text(mapping.name)).to_be_visible(timeout=120_000)
    button = page.get_by_role("button", name="Check and use this data")
    expect(button).to_be_enabled(timeout=120_000)
    button.click()


def test_twenty_sessions_with_uploads_each_see_their_own_data(
    browser: Browser, server_url: str, server_log: Path, tmp_path: Path
) -> None:
    combos = list(
        itertools.islice(
            itertools.cycle(
                itertools.product(OUTCOMES, [k for k, _, _ in ISSUE_LABELS], SUBGROUPS)
            ),
            0,
            997,
            50,
        )
    )
    combos = combos[:SESSIONS]
    assert len({c[1] for c in combos}) > 1
    files = [write_upload(tmp_path, k) for k in range(UPLOADERS)]
    contexts, pages, errors = [], [], []
    try:
        for k, (outcome, issue, subgroup) in enumerate(combos):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.on("pageerror", lambda exc, k=k: errors.append((k, str(exc))))
            url = (
                f"{server_url}/"
                if k < UPLOADERS
                else f"{server_url}/explore?outcome={outcome}&issue={issue}&subgroup={subgroup}"
            )
            page.goto(url, wait_until="commit")
            contexts.append(context)
            pages.append(page)
        # Uploads go in while the other sessions are still rendering.
        for page, (data, mapping, _rows) in zip(pages, files, strict=False):
            expect(page.get_by_role("link", name="Data")).to_be_visible(timeout=120_000)
            upload(page, data, mapping)
        for k, (page, (data, _mapping, rows)) in enumerate(zip(pages, files, strict=False)):
            expect(page.get_by_text(f"Team upload {k}", exact=False).first).to_be_visible(
                timeout=120_000
            )
            expect(page.get_by_text(f"Loaded {data.name}", exact=False)).to_be_visible()
            page.get_by_role("link", name="Overview").click()
            expect(page.get_by_text(re.compile(rf"\b{rows:,}\b")).first).to_be_visible(
                timeout=120_000
            )
        for page, (outcome, issue, _subgroup) in zip(
            pages[UPLOADERS:], combos[UPLOADERS:], strict=True
        ):
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
            # The title wraps to the chart: its lines' text runs together where it broke.
            title = f"{OUTCOMES[outcome]}: rate by prompt, with 95% CI"
            expect(page.locator(".js-plotly-plot .gtitle").first).to_have_text(
                [re.compile(r"\s*".join(map(re.escape, title.split())))], timeout=60_000
            )
            label = dict((k, en) for k, en, _ in ISSUE_LABELS)[issue]
            expect(page.get_by_role("combobox", name="Issue")).to_have_value(label)
            # The badge (chart stamps say it too, in the figure).
            expect(
                page.get_by_test_id("stAlertContentWarning").get_by_text(
                    "SIMULATED DATA", exact=True
                )
            ).to_be_visible()
        # After everyone has loaded: each session still shows its own data and selections only.
        for k, page in enumerate(pages):
            expect(page.get_by_test_id("stException")).to_have_count(0)
            for j in range(UPLOADERS):
                expect(page.get_by_text(f"Team upload {j}", exact=False)).to_have_count(
                    1 if j == k else 0
                )
            if k < UPLOADERS:
                expect(page.get_by_text("SIMULATED DATA", exact=True)).to_have_count(0)
                # Settings they never chose (seen before: flag=0&suppress=0, the thresholds
                # reset to their minimum by the browser, so nothing was flagged or hidden).
                assert urllib.parse.urlsplit(page.url).query == "", page.url
            else:
                _outcome, issue, subgroup = combos[k]
                assert f"issue={issue}" in page.url or issue == "economy"
                assert subgroup == "all" or f"subgroup={subgroup}" in page.url
    finally:
        for context in contexts:
            context.close()
    assert errors == []
    logged = server_log.read_text(errors="replace")
    assert "Traceback" not in logged and "Uncaught" not in logged, logged[-3000:]
    with urllib.request.urlopen(f"{server_url}/_stcore/health", timeout=10) as resp:
        assert resp.status == 200
