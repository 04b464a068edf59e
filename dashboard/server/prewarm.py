"""Load the embedded dataset and start its export once per server process, in the background,
then freeze the garbage collector's view of everything loaded so far.

Why: started by the router's first run in a server process (``dashboard.server.startup``; under
a plain ``streamlit run`` nothing runs earlier), the dataset loads while the first page draws
its frame, and the imports that do not serve the first page wait until it is drawn. The grid
and the export are kept on disk (``dashboard.server.diskcache``): a restarted server reads both
and imports no statistics library for its first page. On a first start ever the export is the
staged job of ``dashboard.server.staged``: pages draw from the grid at once and wait only for
the stages they need, and the finished export is written to the disk cache. The cached loaders
in ``dashboard.ui.state`` and ``dashboard.ui.stats_views`` ask this module first and find the
same job instead of starting a second one on the same two cores.

Why ``gc.freeze()``: a full garbage collection walks every tracked object in the process
(pandas, statsmodels, plotly, the cached results: ~200,000 objects here), 60-100 ms on this
machine, holding the interpreter lock while the server is sending the new charts. Streamlit runs
one after every script run unless ``runner.postScriptGC`` is off (it is, in
``.streamlit/config.toml``; a plain ``streamlit run`` elsewhere may not read that file), and
Python runs them itself as objects accumulate. Objects loaded at start-up live as long as the
process, so they are moved out of the collector's view once; everything created later
(sessions, selections) is still collected as before.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from analysis.study.dataset import Dataset
    from dashboard.server import staged

_LOG = logging.getLogger(__name__)
_DATASET_READY = threading.Event()
_FULL_READY = threading.Event()
_FIRST_VIEW = threading.Event()
_DONE = threading.Event()
_STARTED = threading.Event()
_RESULT: dict[object, object] = {}
WAIT_SECONDS = 120
SETTLE_SECONDS = 2.0  # after the first page view, for the browser to draw it
SERVER_WAIT_SECONDS = 10.0  # at most, for the server to accept sessions before importing


def _import_dashboard() -> None:
    """Import every module the pages use, so that their objects are loaded before the freeze
    (a module imported later would be walked by every full collection again)."""
    import dashboard

    for module in pkgutil.walk_packages(dashboard.__path__, prefix="dashboard."):
        importlib.import_module(module.name)
    importlib.import_module("plotly.graph_objects")
    importlib.import_module("analysis.stats.report")  # every statistic: statsmodels, scipy


def _start_export(dataset: Dataset, start: bool) -> staged.Job:
    """The embedded dataset's staged export: finished at once from the disk cache when this
    code made it before, else computed stage by stage in the background (pages draw from the
    grid at once and wait only for the stages they need) and written to the cache when done.
    ``start=False``: the stages wait for the first page drawn from the grid (see
    ``dashboard.server.staged``)."""
    from dashboard.server import diskcache, staged

    prov = dataset.provenance
    cached = diskcache.embedded_export(prov.sha256, prov.mapping_sha256)
    return staged.job_for(dataset, cached, start=start)


def _keep_export(job: staged.Job) -> None:
    """Write a finished, complete export to the disk cache for the next start."""
    from dashboard.server import diskcache

    if job.failed is None:
        diskcache.save(diskcache.export_key(*job.key), job.export())


def _wait_for_server() -> None:
    """Return once Streamlit's runtime accepts sessions (or after ``SERVER_WAIT_SECONDS``).

    Why: importing pandas, pyarrow and the analysis modules holds the interpreter lock for most
    of half a second; done while the server is still starting, it delayed the first answer by
    ~0.2 s (health check at 0.68 s vs 0.46 s without the thread, median of 5). Once the server
    answers, the browser spends ~1 s loading Streamlit's JavaScript before the first session
    connects: that is when the imports cost nothing.
    """
    from streamlit.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + SERVER_WAIT_SECONDS
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state in (
            RuntimeState.NO_SESSIONS_CONNECTED,
            RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED,
        ):
            return
        time.sleep(0.01)


def _run(freeze_gc: bool, wait_for_first_view: bool, wait_for_server: bool) -> None:
    unsaved: list[Callable[[], None]] = []
    try:
        if wait_for_server:
            _wait_for_server()
        from dashboard.server import diskcache  # pandas: off the server's start path

        # A grid computed now is written to the disk cache with the export, not before the
        # first page can use it.
        _RESULT["dataset"] = diskcache.embedded_dataset(unsaved)
    except Exception:  # noqa: BLE001 - the pages load it themselves if this fails
        _LOG.exception("prewarming the embedded dataset failed")
    finally:
        _DATASET_READY.set()
    try:
        dataset = _RESULT.get("dataset")
        job = None
        if dataset is not None:
            job = _start_export(dataset, start=not wait_for_first_view)
            _RESULT[job.key] = job
        _FULL_READY.set()
        if job is not None and job.finished.wait(WAIT_SECONDS) and job.computed:
            _keep_export(job)
        for write in unsaved:
            write()
        if wait_for_first_view:  # the rest would compete with drawing the first page
            _FIRST_VIEW.wait(WAIT_SECONDS)
            time.sleep(SETTLE_SECONDS)
        _import_dashboard()
        if freeze_gc:
            gc.collect()
            gc.freeze()
    except Exception:  # noqa: BLE001 - the pages compute it themselves if this fails
        _LOG.exception("prewarming the embedded dataset's export failed")
    finally:
        _FULL_READY.set()
        _DONE.set()


def start(
    *, freeze_gc: bool = False, wait_for_first_view: bool = False, wait_for_server: bool = False
) -> None:
    """Start the background computation (once per process). ``freeze_gc`` (the server sets it)
    freezes the collector's view of what is loaded once the work is done; with
    ``wait_for_first_view`` the imports before the freeze wait until a first page has run
    (:func:`first_view_done`) and been drawn, so they do not slow a fresh server's first page;
    with ``wait_for_server`` nothing starts before Streamlit accepts sessions."""
    if not _STARTED.is_set():
        _STARTED.set()
        threading.Thread(
            target=_run,
            args=(freeze_gc, wait_for_first_view, wait_for_server),
            name="prewarm",
            daemon=True,
        ).start()


def dataset_job(dataset: Dataset, *, start: bool = True) -> staged.Job:
    """A dataset's staged export, as every page and the Data page ask for it: the job running
    or done; else one finished at once from this module's export or the disk cache (the
    embedded dataset), else a new one (waiting to start with ``start=False``: see
    ``dashboard.server.staged``). Asked on every page run: a job already kept costs a
    dictionary lookup, no disk."""
    from dashboard.server import diskcache, staged

    prov = dataset.provenance
    key = (prov.sha256, prov.mapping_sha256)
    job = staged.job_for_key(key)
    if job is not None:
        return job
    full = full_estimates(*key)
    return staged.job_for(
        dataset, full if full is not None else diskcache.embedded_export(*key), start=start
    )


def first_view_done() -> None:
    """Called by the router after each page run (cheap): the first one releases the rest, and
    a staged export a page has asked for starts (``dashboard.server.staged.start_asked``)."""
    _FIRST_VIEW.set()
    staged = sys.modules.get("dashboard.server.staged")  # not imported yet: no job to start
    if staged is not None:
        staged.start_asked()


def embedded_dataset() -> Dataset | None:
    """The prewarmed embedded dataset, or None when no prewarm ran (tests, plain streamlit)."""
    if _STARTED.is_set():
        _DATASET_READY.wait(WAIT_SECONDS)
    value = _RESULT.get("dataset")
    from analysis.study.dataset import Dataset

    return value if isinstance(value, Dataset) else None


def full_estimates(data_sha: str, mapping_sha: str) -> pd.DataFrame | None:
    """The prewarmed export of the dataset with these hashes once it is finished, else None
    (while it runs, pages find the same staged job through ``dashboard.server.staged``)."""
    if _STARTED.is_set():
        _FULL_READY.wait(WAIT_SECONDS)
    job = _RESULT.get((data_sha, mapping_sha))
    from dashboard.server import staged

    if isinstance(job, staged.Job) and job.done and job.failed is None:
        return job.export()
    return None
