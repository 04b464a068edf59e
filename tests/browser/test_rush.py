"""The seminar rush's client (``bench/rush.py``) on a real server: Streamlit's protocol, no
browser. A small room, so the bench's protocol code breaks here first, not during a bench run."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bench import browser, rush

T = TypeVar("T")


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on a loop of its own thread: Playwright's sync API, used by the other
    browser tests of the session, keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_small_room_each_viewer_gets_a_chart(server_url: str) -> None:
    room = run(rush.rush(port_of(server_url), viewers=3, spread=1.0, timeout=90))
    assert [(v.chart is not None, v.error) for v in room] == [(True, None)] * 3


@pytest.mark.slow
def test_behind_nginx_each_viewer_stays_on_one_replica(server_url: str, tmp_path: Path) -> None:
    """deploy/nginx.conf as the bench runs it. The second replica is the floor page (a
    Streamlit server with a Plotly chart that starts in ~2 s; a second dashboard would cost the
    suite a cold start): enough to check the websocket upgrade, the Host header Streamlit's
    origin check needs, the sticky cookie, and that each viewer's requests reach one replica."""
    if not rush.have_nginx():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx not installed; .ci/run installs nginx-light")
        pytest.skip("nginx not installed")
    rates = tmp_path / "floor_rates.json"
    browser.floor_rates(rates)
    floor_port, proxy = browser.free_port(), browser.free_port()
    floor = browser.start(browser.FLOOR_CMD, floor_port, {**os.environ, "FLOOR_RATES": str(rates)})
    procs = [floor]
    try:
        browser.wait_healthy(floor, floor_port)
        procs.append(rush.start_nginx([port_of(server_url), floor_port], proxy, tmp_path))
        browser.wait_healthy(procs[-1], proxy, timeout=20)
        cookies: dict[str, str] = {}
        assert run(rush.http_get(proxy, "/", cookies)) == 200
        room = run(rush.rush(proxy, viewers=4, spread=1.0, timeout=90))
    finally:
        for proc in reversed(procs):
            browser.stop(proc)
    assert "dashboard_replica" in cookies
    assert [(v.chart is not None, v.error) for v in room] == [(True, None)] * 4
    assert rush.stickiness(tmp_path / "access.log")[1] == 0
