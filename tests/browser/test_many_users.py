"""Twenty simultaneous sessions with different selections each see their own view."""

from __future__ import annotations

import itertools
import urllib.request

from playwright.sync_api import Browser, expect

from analysis.simulate import ISSUE_LABELS
from dashboard.i18n import t

SESSIONS = 20
SUBGROUPS = ["all", "gender", "age", "education", "region"]
OUTCOMES = {k: t(f"outcome_{k}", "en") for k in ("opt_out", "no_opinion")}


def test_twenty_sessions_keep_their_own_selections(browser: Browser, server_url: str) -> None:
    combos = list(itertools.islice(itertools.cycle(
        itertools.product(OUTCOMES, [k for k, _, _ in ISSUE_LABELS], SUBGROUPS)), 0, 997, 50))
    combos = combos[:SESSIONS]
    assert len({c[1] for c in combos}) > 1
    contexts, pages = [], []
    try:
        for outcome, issue, subgroup in combos:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.goto(f"{server_url}/explore?outcome={outcome}&issue={issue}"
                      f"&subgroup={subgroup}", wait_until="commit")
            contexts.append(context)
            pages.append(page)
        for page, (outcome, issue, _subgroup) in zip(pages, combos, strict=True):
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
            expect(page.locator(".js-plotly-plot .gtitle").first).to_have_text(
                [f"{OUTCOMES[outcome]}: rate by prompt, with 95% CI"], timeout=60_000)
            label = dict((k, en) for k, en, _ in ISSUE_LABELS)[issue]
            expect(page.get_by_role("combobox", name="Issue")).to_have_value(label)
            expect(page.get_by_test_id("stException")).to_have_count(0)
        # Every session still shows its own selection after all twenty were opened.
        for page, (_outcome, issue, subgroup) in zip(pages, combos, strict=True):
            assert f"issue={issue}" in page.url or issue == "economy"
            assert (subgroup == "all") or f"subgroup={subgroup}" in page.url
    finally:
        for context in contexts:
            context.close()
    with urllib.request.urlopen(f"{server_url}/_stcore/health", timeout=10) as resp:
        assert resp.status == 200
