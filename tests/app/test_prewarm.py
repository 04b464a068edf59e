"""The server's start-up computation gives the same export the pages would compute."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.report import all_estimates
from dashboard import prewarm


def test_prewarmed_export_equals_a_fresh_computation() -> None:
    prewarm.start()
    dataset = prewarm.embedded_dataset()
    assert dataset is not None
    prov = dataset.provenance
    prewarmed = prewarm.full_estimates(prov.sha256, prov.mapping_sha256)
    fresh = all_estimates(dataset.prepared, dataset.grid)
    pd.testing.assert_frame_equal(prewarmed, fresh)


def test_unknown_dataset_is_not_prewarmed() -> None:
    prewarm.start()
    assert prewarm.full_estimates("0" * 64, "0" * 64) is None


def test_server_start_freezes_what_is_loaded_and_waits_for_nothing_heavy() -> None:
    # In a fresh interpreter: importing the module loads no data library (the server answers
    # its health check without waiting), and the started work ends with the collector frozen.
    code = ("import sys; from dashboard import prewarm; "
            "assert 'pandas' not in sys.modules and 'analysis.data' not in sys.modules; "
            "prewarm.start(freeze_gc=True); prewarm._DONE.wait(120); import gc; "
            "assert prewarm.embedded_dataset() is not None; print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=180, cwd=Path(__file__).resolve().parents[2], check=True)
    assert int(out.stdout.strip()) > 100_000
