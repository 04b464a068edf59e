"""The server's start-up computation gives the same export the pages would compute."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.stats.report import all_estimates
from dashboard.server import diskcache, prewarm


def fresh_interpreter(code: str, tmp_path: Path, *args: str) -> str:
    """Run ``code`` in a new Python (disk cache under ``tmp_path``); its stripped output."""
    env = {**os.environ, diskcache.ENV: str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    return out.stdout.strip()


def test_prewarmed_export_equals_a_fresh_computation() -> None:
    prewarm.start()
    assert prewarm._DONE.wait(120)
    dataset = prewarm.embedded_dataset()
    assert dataset is not None
    prov = dataset.provenance
    prewarmed = prewarm.full_estimates(prov.sha256, prov.mapping_sha256)
    fresh = all_estimates(dataset.prepared, dataset.grid)
    pd.testing.assert_frame_equal(prewarmed, fresh)


def test_unknown_dataset_is_not_prewarmed() -> None:
    prewarm.start()
    assert prewarm.full_estimates("0" * 64, "0" * 64) is None


def test_server_start_freezes_what_is_loaded_and_waits_for_nothing_heavy(tmp_path) -> None:
    # In a fresh interpreter: importing the module loads no data library (the server answers
    # its health check without waiting), and the started work ends with the collector frozen.
    # A second start reads the export from the disk cache the first one wrote: same frame.
    code = (
        "import sys; from dashboard.server import prewarm; "
        "assert 'pandas' not in sys.modules and 'analysis.study.dataset' not in sys.modules; "
        "prewarm.start(freeze_gc=True); prewarm._DONE.wait(120); import gc; "
        "d = prewarm.embedded_dataset(); p = d.provenance; "
        "prewarm.full_estimates(p.sha256, p.mapping_sha256).to_parquet(sys.argv[1]); "
        "print(gc.get_freeze_count())"
    )
    frames = []
    for run in (1, 2):
        assert int(fresh_interpreter(code, tmp_path, str(tmp_path / f"{run}.parquet"))) > 100_000
        assert len(list((tmp_path / "cache").glob("full-export-*.parquet"))) == 1
        frames.append(pd.read_parquet(tmp_path / f"{run}.parquet"))
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_a_server_freezes_only_after_its_first_page_view(tmp_path) -> None:
    code = (
        "import gc, time; from dashboard.server import prewarm; "
        "prewarm.start(freeze_gc=True, wait_for_first_view=True); "
        "prewarm._FULL_READY.wait(120); "
        "d = prewarm.embedded_dataset(); p = d.provenance; "
        "prewarm._RESULT[(p.sha256, p.mapping_sha256)].finished.wait(120); "
        "prewarm._FULL_READY.wait(120); time.sleep(0.5); "
        "assert not prewarm._DONE.is_set() and gc.get_freeze_count() == 0; "
        "prewarm.first_view_done(); assert prewarm._DONE.wait(120); "
        "print(gc.get_freeze_count())"
    )
    assert int(fresh_interpreter(code, tmp_path)) > 100_000


def test_a_server_start_loads_nothing_until_streamlit_accepts_sessions(tmp_path) -> None:
    # No Streamlit runtime in this interpreter: the work waits (here shortened to 1.5 s),
    # loading nothing heavy meanwhile, and then goes ahead all the same.
    code = (
        "import sys, time; from dashboard.server import prewarm; prewarm.SERVER_WAIT_SECONDS = 1.5; "
        "prewarm.start(wait_for_server=True); time.sleep(0.7); "
        "assert 'pandas' not in sys.modules and not prewarm._DATASET_READY.is_set(); "
        "assert prewarm._DONE.wait(120) and prewarm.embedded_dataset() is not None; "
        "print('ok')"
    )
    assert fresh_interpreter(code, tmp_path) == "ok"


def test_pages_use_the_prewarm_s_job_while_a_first_start_computes(tmp_path) -> None:
    # Empty disk cache: the export is computed once, by the staged job the prewarm started;
    # a page asking for the export meanwhile gets that same job, not a second computation.
    code = (
        "from dashboard.server import prewarm, staged; "
        "prewarm.start(); prewarm._FULL_READY.wait(120); "
        "d = prewarm.embedded_dataset(); p = d.provenance; "
        "job = prewarm._RESULT[(p.sha256, p.mapping_sha256)]; "
        "assert job.computed and staged.job_for(d) is job; "
        "assert job.finished.wait(120) and job.failed is None; print('ok')"
    )
    assert fresh_interpreter(code, tmp_path) == "ok"


def test_a_kept_job_is_found_without_asking_the_disk(monkeypatch, embedded) -> None:
    from dashboard.server import staged

    first = prewarm.dataset_job(embedded)

    def no_disk(*_args: object) -> None:
        raise AssertionError("the disk cache was read for a job already kept")

    monkeypatch.setattr(diskcache, "embedded_export", no_disk)
    monkeypatch.setattr(prewarm, "full_estimates", no_disk)
    assert prewarm.dataset_job(embedded) is first
    assert staged.job_for_key(first.key) is first


def test_a_first_start_writes_its_grid_after_the_first_page_not_before(tmp_path) -> None:
    code = (
        "import sys, time; from pathlib import Path; from dashboard.server import prewarm; "
        "prewarm.start(wait_for_first_view=True); assert prewarm.embedded_dataset() is not None; "
        "cache = Path(sys.argv[1]); time.sleep(0.5); "
        "assert not list(cache.glob('grid-*')), 'written before the first page'; "
        "prewarm.first_view_done(); assert prewarm._DONE.wait(120); "
        "print(sorted(p.name.split('-')[0] for p in cache.iterdir()))"
    )
    assert fresh_interpreter(code, tmp_path, str(tmp_path / "cache")) == "['full', 'grid']"
