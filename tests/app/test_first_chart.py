"""The Overview draws its first chart from the grid alone, and again once the permutation p
arrives; a staged export waits to start until a page drawn from the grid has been sent."""

from __future__ import annotations

import pytest

from dashboard.server import diskcache, staged
from tests.app.conftest import plain


def p_notes(app) -> list[str]:
    """Every text on the page that gives the effects' p-values."""
    texts = [plain(e.value) for e in (*app.caption, *app.markdown)]
    return [x for x in texts if "Holm-adjusted" in x]


@pytest.fixture
def unstarted(monkeypatch: pytest.MonkeyPatch):
    """No finished export anywhere (no disk cache, no kept job), and a new job's stages wait
    until the test starts them."""
    monkeypatch.setenv(diskcache.ENV, "off")
    monkeypatch.setattr(staged, "START_AT_LATEST", 3600.0)
    monkeypatch.setattr(staged, "SETTLE_SECONDS", 3600.0)
    staged.forget_all()
    yield
    staged.forget_all()


def the_job(embedded) -> staged.Job:
    prov = embedded.provenance
    job = staged.job_for_key((prov.sha256, prov.mapping_sha256))
    assert job is not None
    return job


def test_the_overview_draws_from_the_grid_before_any_stage_has_run(app, unstarted, embedded):
    app.run()
    assert not app.exception
    job = the_job(embedded)
    assert job.waiting and set(job.parts) == {"grid"}
    assert len(app.get("plotly_chart")) >= 1
    notes = p_notes(app)
    assert notes and not any("permutation" in x for x in notes)
    assert len(app.get("progress")) == 1  # the stages still to come, named


def test_the_overview_shows_the_permutation_p_once_its_stage_is_done(app, unstarted, embedded):
    app.run()
    job = the_job(embedded)
    assert job.wait(("permutation",), 120)  # a page needing a stage starts the waiting job
    app.run()
    assert not app.exception
    assert any("permutation" in x for x in p_notes(app))


def test_a_waiting_job_starts_when_a_page_run_that_asked_for_it_ends(
    app, unstarted, embedded, monkeypatch
):
    app.run()
    job = the_job(embedded)
    assert job.waiting
    monkeypatch.setattr(staged, "SETTLE_SECONDS", 0.0)
    app.run()  # the router calls start_asked when the run ends
    assert job.finished.wait(120) and job.failed is None and not job.waiting


def test_a_job_nobody_asks_for_starts_by_itself(embedded, unstarted, monkeypatch):
    monkeypatch.setattr(staged, "START_AT_LATEST", 0.1)
    job = staged.job_for(embedded, start=False)
    assert job.finished.wait(120) and job.failed is None


def test_the_grid_alone_is_the_export_of_the_grid_stage(embedded):
    import pandas as pd

    from analysis.stats.report import assemble

    pd.testing.assert_frame_equal(
        staged.grid_export(embedded.grid), assemble({"grid": embedded.grid}), check_exact=True
    )


def test_a_view_drawn_before_the_permutation_stage_is_not_kept_after_it(
    embedded, embedded_full
) -> None:
    from analysis.stats.kinds import STAGE_NAMES
    from dashboard.render.smallcells import SmallCells
    from dashboard.render.views import explore_view
    from dashboard.server.caching import cached_call
    from dashboard.ui.stats_views import staged_export_cells

    selection = {
        "lang": "en",
        "outcome": "opt_out",
        "option": "exit",
        "issue": "ldp",
        "subgroup": "all",
        "prompts": ["none", "company", "government"],
        "method": "ols_hc2",
        "cells": SmallCells(),
        "font_size": 15,
    }
    grid_only = staged_export_cells(embedded, staged.grid_export(embedded.grid), ("grid",))
    whole = staged_export_cells(embedded, embedded_full, STAGE_NAMES)
    before = cached_call(embedded, explore_view, grid_only, **selection)
    after = cached_call(embedded, explore_view, whole, **selection)
    assert len(before.effects) == len(after.effects) == 2
    assert before.effects["p_ri"].isna().all() and after.effects["p_ri"].notna().all()
