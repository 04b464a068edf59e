"""Shared fixtures: the embedded dataset, loaded once per test session."""

from __future__ import annotations

import pytest

from analysis.data import Dataset, load_embedded_dataset


@pytest.fixture(scope="session")
def embedded() -> Dataset:
    """The embedded simulated dataset with its estimate grid."""
    return load_embedded_dataset()
