"""Freed memory is handed back to the system after a large load (dashboard/server/memory.py)."""

from __future__ import annotations

import platform

import pytest

from dashboard.server import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_malloc_trim_is_found_on_glibc() -> None:
    # Without it the release silently does nothing, and a 1M-row upload keeps ~350 MB of freed
    # heap resident (bench/browser.run_upload).
    assert memory._malloc_trim() is not None


def test_release_never_raises_without_a_c_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    memory.release_free_memory()
