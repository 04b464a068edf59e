"""Shared fixtures: the embedded dataset, loaded once per test session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from analysis.data import Dataset, load_embedded_dataset

# In CI the property tests draw the same examples every run, so a submission cannot pass or
# fail by luck; locally they keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def embedded() -> Dataset:
    """The embedded simulated dataset with its estimate grid."""
    return load_embedded_dataset()
