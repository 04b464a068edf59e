"""Compute the embedded dataset and its full export while the server starts.

Why: the first page view otherwise waits for the whole export (Lin fits, 2,000-draw permutation
tests; about 2-3 s) after the browser has loaded. Started by ``dashboard.serve`` in a background
thread, the work overlaps the browser loading Streamlit's JavaScript. Nothing here imports
Streamlit; the cached loaders in ``dashboard.state`` and ``dashboard.stats_views`` ask this module
first and wait for a run in progress instead of starting a second one on the same two cores.
"""

from __future__ import annotations

import logging
import threading

import pandas as pd

from analysis.data import Dataset, load_embedded_dataset

_LOG = logging.getLogger(__name__)
_DONE = threading.Event()
_STARTED = threading.Event()
_RESULT: dict[object, object] = {}
WAIT_SECONDS = 120


def _run() -> None:
    try:
        from analysis.report import all_estimates  # heavy imports stay off the import path

        dataset = load_embedded_dataset()
        _RESULT["dataset"] = dataset
        prov = dataset.provenance
        _RESULT[(prov.sha256, prov.mapping_sha256)] = all_estimates(dataset.prepared,
                                                                     dataset.grid)
    except Exception:  # noqa: BLE001 - the pages compute it themselves if this fails
        _LOG.exception("prewarming the embedded dataset failed")
    finally:
        _DONE.set()


def start() -> None:
    """Start the background computation (once per process)."""
    if not _STARTED.is_set():
        _STARTED.set()
        threading.Thread(target=_run, name="prewarm", daemon=True).start()


def _wait() -> None:
    if _STARTED.is_set():
        _DONE.wait(WAIT_SECONDS)


def embedded_dataset() -> Dataset | None:
    """The prewarmed embedded dataset, or None when no prewarm ran (tests, plain streamlit)."""
    _wait()
    value = _RESULT.get("dataset")
    return value if isinstance(value, Dataset) else None


def full_estimates(data_sha: str, mapping_sha: str) -> pd.DataFrame | None:
    """The prewarmed export of the dataset with these hashes, or None."""
    _wait()
    value = _RESULT.get((data_sha, mapping_sha))
    return value if isinstance(value, pd.DataFrame) else None
