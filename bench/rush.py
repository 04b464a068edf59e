"""The seminar rush: N viewers open the shared link (the Overview, ``/``) within S seconds.

No browser: each viewer is what a browser's tab does on the wire, in Streamlit's own protocol.
It fetches the page (``GET /``; behind ``deploy/nginx.conf`` this sets the sticky-session
cookie), pings ``/_stcore/health`` (which sets Streamlit's XSRF cookie) and
``/_stcore/host-config`` as the frontend does, opens the websocket ``/_stcore/stream`` with the
subprotocols the frontend sends (``streamlit`` and the XSRF token), sends one ``BackMsg`` with
``rerun_script``, and reads ``ForwardMsg``s until the script has finished. Measured from each
viewer's start: the first delta carrying a Plotly chart ("first chart") and the end of the run.
Not included: Streamlit's and Plotly's JavaScript, which a real browser also downloads (once;
then from its cache).

Viewers start evenly spread over S seconds and stay connected until every viewer has settled,
as a room stays on the page; then the server's memory is read and every socket is closed. One
global timeout bounds the rush. ``run`` plays the same rush against the dashboard, the floor
page (``bench/floor_page.py``) and two dashboard replicas behind nginx; ``python -m bench.rush
--port P`` rushes a server that is already running. Everything binds and targets 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from bench import browser

HOST = "127.0.0.1"
NGINX_CONF = browser.ROOT / "deploy" / "nginx.conf"
NO_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends when it has no XSRF cookie
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


@dataclass
class Viewer:
    """One viewer's outcome; times in seconds from its own start."""

    delay: float
    chart: float | None = None
    finished: float | None = None
    error: str | None = None


async def http_get(port: int, path: str, cookies: dict[str, str]) -> int:
    """GET ``path`` on 127.0.0.1:``port``; keeps the response's cookies; returns the status."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                key, _, val = value.strip().split(";", 1)[0].partition("=")
                cookies[key] = val
        await reader.read()  # the body, read as a browser would; Connection: close ends it
        return int(head[0].split()[1])
    finally:
        writer.close()


def rerun_request(path: str, query: str) -> bytes:
    """The frontend's first message: run the page at ``path`` with this query string."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = path.strip("/")  # "" for the main page; the hash is unknown at first
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale = "Asia/Tokyo", -540, "ja-JP"
    info.url = f"http://{HOST}{path}{'?' + query if query else ''}"
    info.color_scheme = "light"
    return msg.SerializeToString()


def problem(msg: ForwardMsg) -> str | None:
    """What in this ForwardMsg tells the viewer something went wrong, if anything."""
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        if msg.delta.new_element.WhichOneof("type") == "exception":
            return "exception: " + msg.delta.new_element.exception.message[:200]
    if kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
        return "script compilation exception"
    if kind == "page_not_found":
        return "page not found"
    return None


async def view(viewer: Viewer, port: int, path: str, query: str, release: asyncio.Event) -> None:
    """One viewer: load the page, then stay connected until ``release``; outcome in ``viewer``."""
    await asyncio.sleep(viewer.delay)
    t0 = time.perf_counter()
    cookies: dict[str, str] = {}
    try:
        status = await http_get(port, path + (f"?{query}" if query else ""), cookies)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        await asyncio.gather(  # the frontend pings both before it opens the websocket;
            http_get(port, "/_stcore/health", cookies),  # health sets the XSRF cookie
            http_get(port, "/_stcore/host-config", cookies),
        )
        async with connect(
            f"ws://{HOST}:{port}/_stcore/stream",
            subprotocols=["streamlit", cookies.get("_streamlit_xsrf", NO_TOKEN)],
            origin=f"http://{HOST}:{port}",  # a browser's same-origin request
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            max_size=None,  # Streamlit's own cap (server.maxMessageSize) applies
            proxy=None,
            open_timeout=None,  # the rush's global timeout bounds every wait
        ) as ws:
            await ws.send(rerun_request(path, query))
            async for raw in ws:
                msg = ForwardMsg.FromString(raw)
                viewer.error = viewer.error or problem(msg)
                if (
                    viewer.chart is None
                    and msg.WhichOneof("type") == "delta"
                    and msg.delta.new_element.WhichOneof("type") == "plotly_chart"
                ):
                    viewer.chart = time.perf_counter() - t0
                if msg.WhichOneof("type") == "script_finished" and msg.script_finished == FINISHED:
                    viewer.finished = time.perf_counter() - t0
                    break
            else:
                viewer.error = viewer.error or "disconnected before the page finished"
            await release.wait()  # a room stays on the page until everyone has it
    except Exception as exc:  # noqa: BLE001 - every failure is a counted error, not a crash
        viewer.error = viewer.error or f"{type(exc).__name__}: {exc}"[:200]


async def rush(
    port: int,
    viewers: int = 100,
    spread: float = 10.0,
    timeout: float = 120.0,
    path: str = "/",
    query: str = "",
    settled: Callable[[], None] | None = None,
) -> list[Viewer]:
    """``viewers`` open ``path`` within ``spread`` s; ``settled`` runs while all are connected."""
    room = [Viewer(delay=spread * i / viewers) for i in range(viewers)]
    release = asyncio.Event()
    tasks = [asyncio.create_task(view(v, port, path, query, release)) for v in room]

    async def all_settled() -> None:
        while not all(
            v.finished is not None or v.error or t.done() for v, t in zip(room, tasks, strict=True)
        ):
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(all_settled(), timeout)
    except TimeoutError:
        for v in room:
            if v.finished is None and not v.error:
                v.error = f"timeout ({timeout:.0f} s)"
    if settled is not None:
        settled()
    release.set()
    _, pending = await asyncio.wait(tasks, timeout=15)  # closing handshakes
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return room


def tree_rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and all their descendants, in MB."""
    seen: set[int] = set()
    todo = list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen or not Path(f"/proc/{pid}").exists():
            continue
        seen.add(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo += [int(c) for c in task.read_text().split()]
    total = 0.0
    for pid in seen:
        try:
            total += browser.rss_mb(pid)
        except (OSError, RuntimeError):  # gone meanwhile, or a zombie without VmRSS
            pass
    return total


def tree_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) these processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: list[int], timeout: float = 60.0, quiet: float = 6.0) -> None:
    """Wait until the servers have used < 5% of a core for ``quiet`` seconds in a row: a
    dashboard finishes its start-up (imports, the collector's freeze, the staged export, which
    waits up to ``dashboard.server.staged.START_AT_LATEST`` = 5 s to start) after the first
    view, and before a talk it has long done so."""
    deadline = time.monotonic() + timeout
    used = tree_cpu_s(pids)
    calm = 0.0
    while time.monotonic() < deadline and calm < quiet:
        time.sleep(0.5)
        now = tree_cpu_s(pids)
        calm = calm + 0.5 if now - used < 0.025 else 0.0
        used = now


def summarize(room: list[Viewer]) -> dict[str, float]:
    """Charts, errors, median and p95 (nearest rank) in s; a viewer without a chart counts as
    infinitely slow, so p95 is infinite once more than 5% have none."""
    inf = float("inf")
    charts = [v.chart if v.chart is not None and not v.error else inf for v in room]
    done = [v.finished if v.finished is not None and not v.error else inf for v in room]
    out = {
        "viewers": len(room),
        "charts": sum(c < inf for c in charts),
        "errors": sum(v.error is not None for v in room),
    }
    out["chart_median"], out["chart_p95"] = browser.summary(charts)
    out["done_median"], out["done_p95"] = browser.summary(done)
    return out


def describe(name: str, s: dict[str, float], errors: list[str]) -> str:
    """One line per part: what a person reads in the bench's output."""
    kinds = sorted(set(errors))
    return (
        f"  {name}: {s['charts']:.0f}/{s['viewers']:.0f} got a chart, {s['errors']:.0f} errors"
        f"{' (' + '; '.join(kinds[:3]) + ')' if kinds else ''}; first chart median "
        f"{s['chart_median']:.2f} s, p95 {s['chart_p95']:.2f} s; page finished median "
        f"{s['done_median']:.2f} s, p95 {s['done_p95']:.2f} s; server RSS "
        f"{s['rss_before']:.0f} -> {s['rss_after']:.0f} MB "
        f"({(s['rss_after'] - s['rss_before']) / s['viewers']:.1f} MB a viewer); the viewers' "
        f"own CPU {s['client_cpu']:.1f} s"
    )


def start_nginx(replica_ports: list[int], port: int, prefix: Path) -> subprocess.Popen:
    """Run ``deploy/nginx.conf`` on 127.0.0.1:``port`` over two replicas, everything of nginx's
    (pid, logs, temporary files) under ``prefix``."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = prefix / "nginx.conf"
    text = NGINX_CONF.read_text(encoding="utf-8").replace("@LISTEN@", f"{HOST}:{port}")
    for i, replica in enumerate(replica_ports, start=1):
        text = text.replace(f"@REPLICA_{i}@", f"{HOST}:{replica}")
    conf.write_text(text, encoding="utf-8")
    # -e: the error log before the configuration is read, else nginx's compiled-in path.
    cmd = [nginx, "-p", f"{prefix}/", "-e", str(prefix / "error.log"), "-c", str(conf)]
    return subprocess.Popen(
        [*cmd, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stickiness(access_log: Path) -> tuple[list[int], int]:
    """From nginx's log: websockets per replica, and sticky keys whose requests reached more
    than one replica (must be 0)."""
    sockets: dict[str, int] = {}
    replicas: dict[str, set[str]] = {}
    for line in access_log.read_text(encoding="utf-8").splitlines():
        fields = dict(
            f.split("=", 1) for f in line.split() if f.startswith(("upstream=", "route="))
        )
        if not fields.get("upstream", "-").startswith(HOST):
            continue  # answered by nginx itself
        replicas.setdefault(fields["route"], set()).add(fields["upstream"])
        if "/_stcore/stream" in line:
            sockets[fields["upstream"]] = sockets.get(fields["upstream"], 0) + 1
    return sorted(sockets.values(), reverse=True), sum(len(r) > 1 for r in replicas.values())


def have_nginx() -> bool:
    """Whether an nginx binary is installed (Debian's nginx-light is enough)."""
    return bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


def play(
    name: str,
    port: int,
    pids: list[int],
    viewers: int,
    spread: float,
    timeout: float,
    log: Callable[[str], None],
) -> dict[str, float]:
    """A presenter opens the page first (the server is warm, as before a talk), then the rush."""
    warm = asyncio.run(rush(port, viewers=1, spread=0, timeout=timeout))
    if warm[0].error:
        raise RuntimeError(f"{name}: the presenter's own view failed: {warm[0].error}")
    wait_idle(pids)
    rss: dict[str, float] = {"rss_before": tree_rss_mb(pids)}
    cpu = time.process_time()  # the load generator's own CPU: it shares the two cores
    room = asyncio.run(
        rush(
            port,
            viewers=viewers,
            spread=spread,
            timeout=timeout,
            settled=lambda: rss.update(rss_after=tree_rss_mb(pids)),
        )
    )
    out = summarize(room) | rss | {"client_cpu": time.process_time() - cpu}
    log(describe(name, out, [v.error for v in room if v.error]))
    return out


def run(
    viewers: int = 100,
    spread: float = 10.0,
    timeout: float = 120.0,
    log: Callable[[str], None] = print,
) -> dict[str, float]:
    """The rush against the floor page, one dashboard server, and two replicas behind nginx,
    one after another (each alone on the machine); keys prefixed ``rush_``."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-rush-") as tmp:
        rates = Path(tmp) / "floor_rates.json"
        browser.floor_rates(rates)
        floor_env = {**os.environ, "FLOOR_RATES": str(rates)}
        app_env = {**os.environ, "SURVEILLANCE_DASHBOARD_CACHE": str(Path(tmp) / "cache")}
        parts = [
            ("floor", "floor page", [(browser.FLOOR_DEFAULT, floor_env)]),
            ("app", "dashboard, one server", [(browser.APP_CMD, app_env)]),
            ("nginx", "dashboard, two replicas behind nginx", [(browser.APP_CMD, app_env)] * 2),
        ]
        for key, name, servers in parts:
            if key == "nginx" and not have_nginx():
                log("  two replicas behind nginx: skipped, nginx is not installed")
                continue
            procs: list[subprocess.Popen] = []
            try:
                ports = []
                for cmd, env in servers:  # one at a time: two cold starts would share 2 cores
                    ports.append(browser.free_port())
                    procs.append(browser.start(cmd, ports[-1], env))
                    browser.wait_healthy(procs[-1], ports[-1], timeout=120)
                port = ports[0]
                if key == "nginx":
                    for replica in ports:  # the presenter has been on each replica before
                        asyncio.run(rush(replica, viewers=1, spread=0, timeout=timeout))
                    port = browser.free_port()
                    procs.append(start_nginx(ports, port, Path(tmp)))
                    browser.wait_healthy(procs[-1], port)
                result = play(name, port, [p.pid for p in procs], viewers, spread, timeout, log)
                if key == "nginx":
                    split, unstuck = stickiness(Path(tmp) / "access.log")
                    result["unstuck"] = unstuck
                    log(
                        f"    websockets per replica: {' / '.join(map(str, split))}; viewers "
                        f"whose requests reached two replicas: {unstuck}"
                    )
                out |= {f"rush_{key}_{k}": v for k, v in result.items()}
            finally:
                for proc in reversed(procs):
                    browser.stop(proc)
    if "rush_app_charts" in out:
        out["rush_app_failed"] = (
            out["rush_app_viewers"] - out["rush_app_charts"] + out["rush_app_errors"]
        )
    if "rush_floor_chart_p95" in out and "rush_app_chart_p95" in out:
        out["rush_p95_ratio"] = out["rush_app_chart_p95"] / out["rush_floor_chart_p95"]
    return out


def main() -> None:
    """``python -m bench.rush --port P``: rush a server that is already running."""
    parser = argparse.ArgumentParser(prog="python -m bench.rush", description=__doc__)
    parser.add_argument("--port", type=int, required=True, help="server on 127.0.0.1")
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds, whole rush")
    parser.add_argument("--path", default="/", help="page path, e.g. /explore")
    parser.add_argument("--query", default="", help="query string without '?'")
    args = parser.parse_args()
    room = asyncio.run(
        rush(args.port, args.viewers, args.spread, args.timeout, args.path, args.query)
    )
    s = summarize(room)
    print(
        f"{s['charts']}/{s['viewers']} got a chart, {s['errors']} errors; first chart median "
        f"{s['chart_median']:.2f} s, p95 {s['chart_p95']:.2f} s"
    )
    for error in sorted({v.error for v in room if v.error}):
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
