"""Shared fixtures: the embedded dataset, loaded once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pandas as pd
import pytest
from hypothesis import settings

from analysis.study.dataset import Dataset, load_embedded_dataset

# In CI the property tests draw the same examples every run, so a submission cannot pass or
# fail by luck; locally they keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

# The servers and start-ups under test keep their disk cache (dashboard.server.diskcache) in a fresh
# directory of this test session: never the user's, and never one left by an earlier run.
_CACHE = tempfile.mkdtemp(prefix="dashboard-cache-")
os.environ["SURVEILLANCE_DASHBOARD_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded() -> Dataset:
    """The embedded simulated dataset with its estimate grid."""
    return load_embedded_dataset()


@pytest.fixture(scope="session")
def embedded_full(embedded: Dataset) -> pd.DataFrame:
    """The embedded dataset's full export (computed once per test session)."""
    from analysis.stats.report import all_estimates

    return all_estimates(embedded.prepared, embedded.grid)
