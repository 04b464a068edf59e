"""A cache on disk for the embedded dataset's grid and full export, so a restart does not redo them.

Why: the full export (Lin fits, 2,000-draw permutation tests, power) takes 2-3 s of CPU, and a
freshly started server's first page waits for it while the browser is loading. The embedded
data never changes between restarts, so the export is kept as Parquet (an exact round trip:
tests/app/test_diskcache.py) under a key that changes with anything that could change it:

* the SHA-256 of the data file and of the mapping;
* the source of every module in ``analysis/`` (the statistics);
* the versions of the libraries that compute it (numpy, pandas, scipy, statsmodels, pyarrow).

Only the embedded, simulated data is ever written: uploaded files stay in their session and
never reach the disk. The directory is ``$SURVEILLANCE_DASHBOARD_CACHE`` if set (``off``
disables the cache), else ``$XDG_CACHE_HOME/surveillance-dashboard`` (``~/.cache/...``).
A missing, unreadable or unwritable cache only means computing as before.

The grid is kept too, on its own: with it, a restarted server draws its first page without
importing SciPy or statsmodels at all (about a second on this machine), since every number on
that page is read, not computed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.study.dataset import (
    Dataset,
    compute_grid,
    embedded_hashes,
    load_embedded_dataset,
)
from analysis.study.prepare import Prepared

_LOG = logging.getLogger(__name__)
ENV = "SURVEILLANCE_DASHBOARD_CACHE"
ANALYSIS = Path(__file__).resolve().parents[2] / "analysis"
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "pyarrow")


def cache_dir() -> Path | None:
    """Where cached exports live, or None when the cache is switched off."""
    configured = os.environ.get(ENV)
    if configured:
        return None if configured.strip().lower() == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "surveillance-dashboard"


def code_fingerprint() -> str:
    """A hash of the statistics' source and of the versions of the libraries they use."""
    digest = hashlib.sha256()
    for path in sorted(ANALYSIS.rglob("*.py")):
        digest.update(path.relative_to(ANALYSIS).as_posix().encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def export_key(data_sha: str, mapping_sha: str) -> str:
    """The cache key of a dataset's full export under the current code and libraries."""
    return hashlib.sha256(f"{data_sha}:{mapping_sha}:{code_fingerprint()}".encode()).hexdigest()


def _path(key: str, kind: str) -> Path | None:
    where = cache_dir()
    return None if where is None else where / f"{kind}-{key}.parquet"


def load(key: str, kind: str = "full-export") -> pd.DataFrame | None:
    """The cached frame of ``kind`` under ``key``, or None (absent, switched off or
    unreadable)."""
    path = _path(key, kind)
    if path is None or not path.is_file():
        return None
    try:
        return pd.read_parquet(path)
    except Exception:  # noqa: BLE001 - a damaged cache file is recomputed, never fatal
        _LOG.warning("ignoring unreadable cache file %s", path, exc_info=True)
        return None


def save(key: str, frame: pd.DataFrame, kind: str = "full-export") -> None:
    """Write ``frame`` as ``kind`` under ``key`` (atomically: a reader never sees half a
    file)."""
    path = _path(key, kind)
    if path is None:
        return
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
        tmp = Path(name)
        frame.to_parquet(tmp)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a read-only home is not an error, only slower starts
        _LOG.warning("could not write cache file %s", path, exc_info=True)
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def cached_grid(
    key: str, unsaved: list[Callable[[], None]] | None = None
) -> Callable[[Prepared], pd.DataFrame]:
    """A grid maker for :func:`analysis.study.dataset.build_dataset`: the grid kept under
    ``key``, or computed and kept. With ``unsaved``, a computed grid is not written now: the
    writing is appended there for later (the first Parquet write of a process costs ~0.15 s,
    which a first start's first page should not wait for)."""

    def grid(prep: Prepared) -> pd.DataFrame:
        cached = load(key, "grid")
        if cached is not None:
            return cached
        computed = compute_grid(prep)
        if unsaved is None:
            save(key, computed, "grid")
        else:
            unsaved.append(lambda: save(key, computed, "grid"))
        return computed

    return grid


def embedded_dataset(unsaved: list[Callable[[], None]] | None = None) -> Dataset:
    """The embedded dataset, its grid read from the disk cache when this code made it (else
    computed and kept: see :func:`cached_grid` for ``unsaved``)."""
    return load_embedded_dataset(grid=cached_grid(export_key(*embedded_hashes()), unsaved))


def embedded_export(data_sha: str, mapping_sha: str) -> pd.DataFrame | None:
    """The full export of the dataset with these hashes, if it is the embedded one and the
    cache has it (only the embedded dataset is ever cached)."""
    if (data_sha, mapping_sha) != embedded_hashes():
        return None
    return load(export_key(data_sha, mapping_sha))
