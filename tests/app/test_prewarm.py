"""The server's start-up computation gives the same export the pages would compute."""

from __future__ import annotations

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
