"""The export as stages: the same rows as one run, partial exports already final, and the
server's staged job (keyed by data and mapping, never redone)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.stats.report import STAGE_NAMES, all_estimates, assemble, run_stages, stages
from dashboard.server import staged


@pytest.fixture(scope="module")
def parts(embedded) -> dict[str, pd.DataFrame]:
    return run_stages(stages(embedded.prepared, embedded.grid))


def test_stage_names_are_the_documented_order(embedded) -> None:
    assert [name for name, _ in stages(embedded.prepared, embedded.grid)] == list(STAGE_NAMES)


def test_assembling_every_stage_is_the_full_export(parts, embedded) -> None:
    full = all_estimates(embedded.prepared, embedded.grid)
    pd.testing.assert_frame_equal(assemble(parts), full)


def test_a_partial_export_has_final_adjusted_p_values(parts) -> None:
    full = assemble(parts)
    partial = assemble({k: parts[k] for k in ("grid", "permutation")})
    keys = ["kind", "outcome", "issue", "prompt", "option", "subgroup", "level", "method"]
    merged = partial.merge(full, on=keys, suffixes=("", "_full"))
    assert len(merged) == len(partial)
    pd.testing.assert_series_equal(
        merged["p_adjusted"], merged["p_adjusted_full"], check_names=False
    )


def test_staged_job_finishes_and_is_shared_by_key(embedded) -> None:
    staged.forget_all()
    job = staged.job_for(embedded)
    assert "grid" in job.parts  # drawable at once
    assert job.wait(None, 60)
    assert staged.job_for(embedded) is job  # same data and mapping: the same finished job
    assert set(job.parts) == set(STAGE_NAMES)
    assert job.export()["method"].isin(["lin_hc2", "wls_hc2", "ri_exact"]).any()
    staged.forget_all()


def test_a_finished_export_makes_a_finished_job(embedded, parts) -> None:
    staged.forget_all()
    full = assemble(parts)
    job = staged.job_for(embedded, full)
    assert job.done and job.export() is full
    staged.forget_all()
