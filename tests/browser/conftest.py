"""Browser tests: one dashboard server per session on 127.0.0.1, Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here as a browser test; without Chromium skip them, except in CI."""
    have_chromium = Path(CHROMIUM).exists() or shutil.which("chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not have_chromium:
                if os.environ.get("CI") == "true":
                    item.add_marker(
                        pytest.mark.xfail(reason="no Chromium in CI", strict=True, run=False)
                    )
                    continue
                item.add_marker(pytest.mark.skip(reason="Chromium not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Launch Debian's Chromium; never download a browser."""
    if not Path(CHROMIUM).exists() and os.environ.get("CI") == "true":
        pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    port: int, extra_env: dict | None = None, log: Path | None = None
) -> subprocess.Popen:
    """Start the dashboard as ``make run`` does (plain ``streamlit run app.py``), on loopback;
    wait for its health check.

    The server's output goes to ``log`` (a file: a pipe nobody reads would fill up and stall the
    server under load), so tests can check it for errors."""
    env = {**os.environ, **(extra_env or {})}
    log = log or Path(tempfile.mkstemp(prefix="dashboard-", suffix=".log")[1])
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=2
            ) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("dashboard did not become healthy in 60 s")


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's dashboard server writes its log."""
    return tmp_path_factory.mktemp("server") / "dashboard.log"


@pytest.fixture(scope="session")
def server_url(server_log: Path) -> Iterator[str]:
    """Base URL of a dashboard server for the whole session."""
    port = free_port()
    proc = start_server(port, log=server_log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
