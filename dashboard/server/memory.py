"""Give memory freed after a large load back to the system.

Why: reading and preparing a million-row upload allocates and frees several hundred MB of
temporaries. pyarrow's pool (mimalloc) keeps the Parquet decoder's buffers, and glibc's malloc
keeps freed heap pages; in a long-lived server that stays resident, roughly doubling what a
1M-row upload costs (measured with bench/browser.run_upload). Both are handed back here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

_LOG = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> ctypes._CFuncPtr | None:
    """glibc's ``malloc_trim``, or None on a C library without it (macOS, musl)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Return freed memory of pyarrow's pool and of malloc to the system (never raises)."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # noqa: BLE001 - an optimisation: never fail a load over it
        _LOG.debug("pyarrow pool not released", exc_info=True)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
