"""The full export of a dataset, computed stage by stage in a background thread.

Why: on a large upload the whole export takes seconds, but the grid (rates and HC2 effects)
exists as soon as the file is prepared. Pages draw from what is done and wait (with a progress
bar naming the stage) only for the part they need; the rest keeps running.

A job is keyed by the data's and the mapping's SHA-256 only: another session, a language switch
or a new upload of the same bytes finds the same job, and finished stages are never redone.
At most ``MAX_JOBS`` jobs are kept (the oldest finished one is dropped first).

A new job's thread waits (``start=False``) until a page run that asked for the job has ended
(:func:`start_asked`, called by the router after every run), a page needs a stage it does not
have yet (:meth:`Job.wait`), or ``START_AT_LATEST`` seconds have passed. Why: the pages draw
their first charts from the grid alone, and the stages' thread holds the interpreter lock for
much of its run: started at once, it slowed the very page it was computing for (the Overview
after a 1M-row upload; the first page of a first start, where it also imported every
statistics library before that page was sent).

``analysis.stats.report`` is imported where a job needs it, not with this module: it imports
every statistic (SciPy, statsmodels: about a second), which a page drawn from a finished export
never needs, and a freshly started server's first page should not wait for.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from analysis.stats.kinds import STAGE_NAMES
from analysis.study.dataset import Dataset
from dashboard.server.memory import release_free_memory

_LOG = logging.getLogger(__name__)
MAX_JOBS = 4
START_AT_LATEST = 5.0  # seconds: a job nobody has asked for yet starts anyway
# After the page run that asked for a waiting job: its messages are sent by then, but a browser
# opening a fresh page paints its first chart ~1.5 s after the last message (restarts measured
# in Chromium on this machine); the stages would take a core from it meanwhile.
SETTLE_SECONDS = 2.0
_LOCK = threading.Lock()
_JOBS: OrderedDict[tuple[str, str], Job] = OrderedDict()


@dataclass
class Job:
    """One dataset's staged export: which stages are done, the one running, the rows so far."""

    key: tuple[str, str]
    parts: dict[str, pd.DataFrame] = field(default_factory=dict)
    running: str | None = None
    failed: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    _export: tuple[int, pd.DataFrame] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _computed: bool = False
    _dataset: Dataset | None = None  # set while the stages wait to start
    _asked: bool = False

    def start(self) -> None:
        """Start computing the stages, if they wait (idempotent, from any thread)."""
        with self._lock:
            dataset, self._dataset = self._dataset, None
        if dataset is not None:
            threading.Thread(
                target=self._run, args=(dataset,), name="export-stages", daemon=True
            ).start()

    @property
    def waiting(self) -> bool:
        """Whether the stages have not started yet."""
        return self._dataset is not None

    def ask(self) -> None:
        """A page run is using this job: its stages start once a page run has ended."""
        self._asked = True

    @property
    def computed(self) -> bool:
        """Whether this job computed its stages (not handed a finished export)."""
        return self._computed

    @property
    def done(self) -> bool:
        """Every stage has run (or one failed: what is done stays available)."""
        return self.finished.is_set()

    @property
    def stage_count(self) -> int:
        """How many stages the export has."""
        return len(STAGE_NAMES)

    @property
    def fraction(self) -> float:
        """Share of the stages done, for a progress bar."""
        return len(self.parts) / self.stage_count

    def has(self, needs: tuple[str, ...] | None) -> bool:
        """Whether the stages ``needs`` (None: all) are done."""
        return self.done if needs is None else all(n in self.parts for n in needs)

    def wait(self, needs: tuple[str, ...] | None, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for ``needs`` (starting the stages if they wait);
        whether they are done."""
        if self.has(needs):
            return True
        self.start()
        self.finished.wait(timeout)
        return self.has(needs)

    def export(self) -> pd.DataFrame:
        """The export of the stages done so far (assembled once per number of stages)."""
        return self.export_and_stages()[0]

    def export_and_stages(self) -> tuple[pd.DataFrame, tuple[str, ...]]:
        """The export of the stages done so far and the names of those stages, taken together
        (a stage finishing meanwhile is in both or in neither): a cache keyed by the stages
        then never keeps a partial export under a complete key."""
        with self._lock:
            parts = dict(self.parts)
            if self._export is None or self._export[0] != len(parts):
                if set(parts) == {"grid"}:
                    frame = grid_export(parts["grid"])
                else:
                    from analysis.stats.report import assemble

                    frame = assemble(parts)
                self._export = (len(parts), frame)
            return self._export[1], tuple(n for n in STAGE_NAMES if n in parts)

    def _stage_done(self, name: str, rows: pd.DataFrame) -> None:
        self.parts[name] = rows
        remaining = [n for n in STAGE_NAMES if n not in self.parts]
        self.running = remaining[0] if remaining else None

    def _run(self, dataset: Dataset) -> None:
        try:
            from analysis.stats.report import run_stages, stages

            todo = [s for s in stages(dataset.prepared, dataset.grid) if s[0] not in self.parts]
            self.running = todo[0][0] if todo else None
            run_stages(todo, self._stage_done)
        except Exception:  # noqa: BLE001 - the pages say the part is missing, never crash
            _LOG.exception("computing the export failed at stage %s", self.running)
            self.failed = self.running
        finally:
            self.running = None
            self.finished.set()
            release_free_memory()  # the stages' temporaries (hundreds of MB at a million rows)


def grid_export(grid: pd.DataFrame) -> pd.DataFrame:
    """``analysis.stats.report.assemble({"grid": grid})`` (the same frame: tested) without
    importing that module, which brings every statistic (SciPy's ``stats``, statsmodels: about
    a second) that a page drawn from the grid alone does not need."""
    from analysis.stats.estimates import EXPORT_COLUMNS
    from analysis.stats.multiplicity import adjust_p

    if grid.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    out = grid.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
    out["n"] = out["n"].astype("int64")
    return adjust_p(out)[EXPORT_COLUMNS]


def job_for(dataset: Dataset, full: pd.DataFrame | None = None, *, start: bool = True) -> Job:
    """The dataset's job, started if new (with ``start=False`` its stages wait: see the module
    docstring). ``full``: an export already computed (prewarm or disk cache), which makes the
    job finished at once."""
    prov = dataset.provenance
    key = (prov.sha256, prov.mapping_sha256)
    with _LOCK:
        job = _JOBS.get(key)
        if job is not None:
            _JOBS.move_to_end(key)
            return job
        job = Job(key)
        _JOBS[key] = job
        while len(_JOBS) > MAX_JOBS:
            oldest = next((k for k, j in _JOBS.items() if j.done and k != key), None)
            if oldest is None:
                break
            del _JOBS[oldest]
    if full is not None:
        job.parts = {name: pd.DataFrame() for name in STAGE_NAMES}
        job._export = (len(STAGE_NAMES), full)
        job.finished.set()
        return job
    job.parts["grid"] = dataset.grid  # made with the dataset: pages can draw at once
    job._computed = True
    job._dataset = dataset
    if start:
        job.start()
    else:
        timer = threading.Timer(START_AT_LATEST, job.start)
        timer.daemon = True
        timer.start()
    return job


def start_asked(delay: float | None = None) -> None:
    """Start, ``delay`` seconds from now (``SETTLE_SECONDS`` unless given), the waiting jobs a
    page run has asked for (the router calls this when a run ends: that page is drawn from
    what was done, and the stages no longer compete with it). Cheap when nothing waits."""
    delay = SETTLE_SECONDS if delay is None else delay
    with _LOCK:
        asked = [j for j in _JOBS.values() if j.waiting and j._asked]
    for job in asked:
        timer = threading.Timer(delay, job.start)
        timer.daemon = True
        timer.start()


def job_for_key(key: tuple[str, str]) -> Job | None:
    """The job with this key, if it is still kept (and now the most recently used)."""
    with _LOCK:
        job = _JOBS.get(key)
        if job is not None:
            _JOBS.move_to_end(key)
        return job


def forget_all() -> None:
    """Drop every job (tests)."""
    with _LOCK:
        _JOBS.clear()
