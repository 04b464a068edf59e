"""Parts 2-4 in real Chromium: selection-change latency, cold start, memory per session.

Servers bind 127.0.0.1 on free ports and are stopped at the end; every wait has a timeout.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
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
SERVER_ARGS = [
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
]
TIMEOUT_MS = 60_000

# Gives a promise (wrapped, or evaluate_handle would wait for it) that resolves with the click
# time, the time the first and every Plotly chart's data differed from before, and the time the
# page settled: every chart changed and no element left from before the click (Streamlit marks
# an element stale, ``data-stale="true"``, from the start of a run until the run sends it again
# or removes it). All from the page's own clock; it rejects after the timeout. Installed once
# the dropdown is open.
WATCH_JS = """
([timeoutMs]) => ({promise: new Promise((resolve, reject) => {
  const plots = () => Array.from(document.querySelectorAll('.js-plotly-plot'));
  const sig = (gd) => JSON.stringify((gd.data || []).map((tr) => [tr.x, tr.y]));
  const stale = () => document.querySelector('[data-stale="true"]') !== null;
  const before = plots().map(sig);
  let t0 = null;
  document.addEventListener('click', () => { t0 = performance.now(); },
                            {capture: true, once: true});
  const started = performance.now();
  let first = null;
  let every = null;
  const tick = () => {
    const now = plots();
    if (first === null && t0 !== null && now.length && sig(now[0]) !== before[0]) {
      first = performance.now();
    }
    if (every === null && t0 !== null && now.length === before.length
        && now.every((gd, i) => sig(gd) !== before[i])) {
      every = performance.now();
    }
    if (every !== null && !stale()) {
      resolve([t0, first, every, performance.now()]);
    } else if (performance.now() - started > timeoutMs) {
      reject(new Error('chart did not change'));
    } else {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
})})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(cmd: list[str], port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a Streamlit server on ``port`` (returns once the process exists, not when ready)."""
    return subprocess.Popen(
        [sys.executable, *cmd, "--server.port", str(port), *SERVER_ARGS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_healthy(proc: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=2
            ) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} not healthy in {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def wait_chart(page: Page) -> None:
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT_MS)


def change_selection(page: Page, selectbox_label: str, position: int) -> tuple[float, float, float]:
    """Pick the option at ``position`` in the selectbox with this label; ms until the first
    chart and until every chart on the page shows new data, and until the page settled (every
    element of the run drawn, none left from before)."""
    label = page.get_by_test_id("stWidgetLabel").get_by_text(selectbox_label, exact=True)
    box = page.get_by_test_id("stSelectbox").filter(has=label)
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=TIMEOUT_MS)
    target = options.nth(position % options.count())
    watch = page.evaluate_handle(WATCH_JS, [TIMEOUT_MS])
    target.click()
    t0, first, every, settled = page.evaluate("(handle) => handle.promise", watch)
    return first - t0, every - t0, settled - t0


ISSUES = 9  # options of the Issue selectbox on both pages ("any issue" and eight issues)
APP_CMD = ["-m", "streamlit", "run", "app.py"]
FLOOR_CMD = ["-m", "streamlit", "run", str(ROOT / "bench" / "floor_page.py")]
# The floor twice: as Streamlit ships (a full garbage collection after every script run), and
# with the dashboard's own setting (.streamlit/config.toml turns that collection off).
FLOOR_DEFAULT = [*FLOOR_CMD, "--runner.postScriptGC", "true"]
FLOOR_OURS = [*FLOOR_CMD, "--runner.postScriptGC", "false"]


def floor_rates(path: Path) -> None:
    """The floor page's data: opt-out rates per issue from the embedded grid, as JSON."""
    import json

    from analysis.study.dataset import load_embedded_dataset

    grid = load_embedded_dataset().grid
    rates = grid[
        (grid["kind"] == "rate") & (grid["outcome"] == "opt_out") & (grid["subgroup"] == "all")
    ]
    path.write_text(
        json.dumps(
            {
                issue: part[["prompt", "estimate", "ci_low", "ci_high"]].to_dict("list")
                for issue, part in rates.groupby("issue", sort=False)
            }
        ),
        encoding="utf-8",
    )


def cold_start(
    browser: Browser,
    cmd: list[str],
    path: str,
    env: dict[str, str] | None = None,
) -> tuple[float, float, subprocess.Popen, int]:
    """Seconds from process start to healthy and to the first chart painted; the server stays
    up for the next parts."""
    port = free_port()
    page = browser.new_page()
    started = time.perf_counter()
    proc = start(cmd, port, env)
    wait_healthy(proc, port)
    healthy = time.perf_counter() - started
    page.goto(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT_MS)
    wait_chart(page)
    painted = time.perf_counter() - started
    page.close()
    return healthy, painted, proc, port


def wait_for_file(folder: Path, pattern: str, timeout: float = 120.0) -> None:
    """Until a file matching ``pattern`` exists in ``folder`` (or ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not any(folder.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.1)


def summary(ms: list[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank) in ms."""
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1)]
    return statistics.median(ordered), p95


def run(
    changes: int = 30,
    sessions: int = 20,
    log: Callable[[str], None] = print,
) -> dict[str, float]:
    """Cold start, then interleaved selection changes on Explore and the two floors, then
    memory per session."""
    out: dict[str, float] = {}
    procs: list[subprocess.Popen] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # The dashboard three times: its first start ever (an empty disk cache, so the
            # embedded data's full export is computed), then restarts (the export read from the
            # cache the first start wrote). Then the floor page.
            cache = tempfile.mkdtemp(prefix="bench-cache-")
            env = {**os.environ, "SURVEILLANCE_DASHBOARD_CACHE": cache}
            h, p, app, app_port = cold_start(browser, APP_CMD, "/explore", env)
            # The export is computed in the background after the first page is drawn: the
            # restarts below are restarts from the disk cache only once it is written.
            wait_for_file(Path(cache), "full-export-*.parquet")
            stop(app)
            out["cold_app_first_healthy"], out["cold_app_first_chart"] = h, p
            # A restart opening the Overview ("/", what a presenter opens first), then the
            # restart to Explore that stays up for the interaction part.
            h, p, app, _ = cold_start(browser, APP_CMD, "/", env)
            stop(app)
            out["cold_overview_chart"] = p
            h, p, app, app_port = cold_start(browser, APP_CMD, "/explore", env)
            procs.append(app)
            out["cold_app_healthy"], out["cold_app_chart"] = h, p
            rates = Path(cache) / "floor_rates.json"
            floor_rates(rates)
            floor_env = {**os.environ, "FLOOR_RATES": str(rates)}
            h, p, floor, floor_port = cold_start(browser, FLOOR_DEFAULT, "/", floor_env)
            procs.append(floor)
            out["cold_floor_healthy"], out["cold_floor_chart"] = h, p
            _, _, floor2, floor2_port = cold_start(browser, FLOOR_OURS, "/", floor_env)
            procs.append(floor2)
            log(
                f"  cold start to first chart painted: dashboard, first start "
                f"{out['cold_app_first_chart']:.2f} s (healthy at "
                f"{out['cold_app_first_healthy']:.2f} s), restart "
                f"{out['cold_app_chart']:.2f} s (healthy at {out['cold_app_healthy']:.2f} s), "
                f"restart opening the Overview {out['cold_overview_chart']:.2f} s; "
                f"floor page {out['cold_floor_chart']:.2f} s (healthy at "
                f"{out['cold_floor_healthy']:.2f} s)"
            )

            app_page = browser.new_context().new_page()
            app_page.goto(f"http://127.0.0.1:{app_port}/explore", timeout=TIMEOUT_MS)
            wait_chart(app_page)
            out["rss_app_1"] = rss_mb(app.pid)
            floor_pages = []
            for port in (floor_port, floor2_port):
                floor_pages.append(browser.new_context().new_page())
                floor_pages[-1].goto(f"http://127.0.0.1:{port}/", timeout=TIMEOUT_MS)
                wait_chart(floor_pages[-1])
            floor_page, floor2_page = floor_pages
            for i in range(3):  # warm-up, not counted
                for page in (app_page, floor_page, floor2_page):
                    change_selection(page, "Issue", i + 1)
            app_ms, app_first_ms, floor_ms, floor2_ms, new_ms = [], [], [], [], []
            settled_ms, floor_settled_ms, floor2_settled_ms, new_settled_ms = [], [], [], []
            seen = {0, 1, 2, 3}  # the first view and the warm-up changes
            for i in range(changes):  # interleaved: the pages see the same machine load
                first, every, settled = change_selection(app_page, "Issue", i + 4)
                app_first_ms.append(first)
                app_ms.append(every)
                settled_ms.append(settled)
                if (i + 4) % ISSUES not in seen:  # a selection this server has not shown yet
                    new_ms.append(every)
                    new_settled_ms.append(settled)
                    seen.add((i + 4) % ISSUES)
                _, every, settled = change_selection(floor_page, "Issue", i + 4)
                floor_ms.append(every)
                floor_settled_ms.append(settled)
                _, every, settled = change_selection(floor2_page, "Issue", i + 4)
                floor2_ms.append(every)
                floor2_settled_ms.append(settled)
            # The page settled: every element of the run drawn (Explore's text, tables and
            # menus come after its charts); against each floor's own settled time.
            out["app_settled_median"], out["app_settled_p95"] = summary(settled_ms)
            out["settled_ratio"] = out["app_settled_median"] / statistics.median(floor_settled_ms)
            out["settled_ratio_ours"] = out["app_settled_median"] / statistics.median(
                floor2_settled_ms
            )
            out["new_settled_ratio"] = (
                statistics.median(new_settled_ms) / statistics.median(floor_settled_ms)
                if new_settled_ms
                else float("nan")
            )
            out["app_new_median"] = statistics.median(new_ms) if new_ms else float("nan")
            out["new_ratio"] = out["app_new_median"] / statistics.median(floor_ms)
            out["new_ratio_ours"] = out["app_new_median"] / statistics.median(floor2_ms)
            out["app_median"], out["app_p95"] = summary(app_ms)
            out["app_first_median"], out["app_first_p95"] = summary(app_first_ms)
            out["floor_median"], out["floor_p95"] = summary(floor_ms)
            out["interaction_ratio"] = out["app_median"] / out["floor_median"]
            out["interaction_ratio_first"] = out["app_first_median"] / out["floor_median"]
            out["floor_ours_median"], out["floor_ours_p95"] = summary(floor2_ms)
            out["interaction_ratio_ours"] = out["app_median"] / out["floor_ours_median"]
            out["interaction_ratio_first_ours"] = out["app_first_median"] / out["floor_ours_median"]
            log(
                f"  selection change -> chart updated ({changes} changes each, interleaved): "
                f"Explore (both charts) median {out['app_median']:.0f} ms, p95 "
                f"{out['app_p95']:.0f} ms [its first chart: median "
                f"{out['app_first_median']:.0f} ms, p95 {out['app_first_p95']:.0f} ms]; floor "
                f"(Streamlit's defaults) median {out['floor_median']:.0f} ms, p95 "
                f"{out['floor_p95']:.0f} ms -> {out['interaction_ratio_first']:.2f}x the floor "
                f"for the chart of the same kind, {out['interaction_ratio']:.2f}x for both "
                f"charts; floor with our setting (no collection after each run) median "
                f"{out['floor_ours_median']:.0f} ms, p95 {out['floor_ours_p95']:.0f} ms -> "
                f"{out['interaction_ratio_first_ours']:.2f}x / "
                f"{out['interaction_ratio_ours']:.2f}x"
            )
            log(
                f"  of which selections shown for the first time on this server (not yet "
                f"cached): {len(new_ms)} changes, both charts median "
                f"{out['app_new_median']:.0f} ms -> {out['new_ratio']:.2f}x the floor, "
                f"{out['new_ratio_ours']:.2f}x the floor with our setting"
            )
            log(
                f"  page settled (every element of the run drawn, none left from before): "
                f"Explore median {out['app_settled_median']:.0f} ms, p95 "
                f"{out['app_settled_p95']:.0f} ms -> {out['settled_ratio']:.2f}x the floor, "
                f"{out['settled_ratio_ours']:.2f}x the floor with our setting; not yet cached "
                f"{out['new_settled_ratio']:.2f}x the floor"
            )

            # Memory: the one session above, then more sessions (one browser context each).
            contexts = []
            for _ in range(sessions - 1):
                ctx = browser.new_context()
                contexts.append(ctx)
                page = ctx.new_page()
                page.goto(f"http://127.0.0.1:{app_port}/explore", timeout=TIMEOUT_MS)
                wait_chart(page)
            time.sleep(2)
            out["rss_app_n"] = rss_mb(app.pid)
            out["rss_per_session"] = (out["rss_app_n"] - out["rss_app_1"]) / (sessions - 1)
            out["sessions"] = sessions
            log(
                f"  server memory (RSS): 1 session {out['rss_app_1']:.0f} MB, {sessions} "
                f"sessions {out['rss_app_n']:.0f} MB -> {out['rss_per_session']:.1f} MB per "
                f"extra session"
            )
            for ctx in contexts:
                ctx.close()
        finally:
            browser.close()
            for proc in procs:
                stop(proc)
    return out


UPLOAD_NAME = "survey_1m.parquet"
# "Data: … · loaded in 1.9 s": the server's own time to read, validate, prepare and grid the file
# (the dataset's provenance), shown on every page.
LOADED_IN = re.compile(r"loaded in ([\d.]+) s")


def settled_rss_mb(pid: int, timeout: float = 15.0) -> float:
    """Resident memory once it stops moving (two readings 1 s apart within 1 MB)."""
    last = rss_mb(pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = rss_mb(pid)
        if abs(now - last) < 1.0:
            return now
        last = now
    return last


def write_upload(folder: Path, rows: int) -> tuple[Path, Path, float]:
    """``rows`` simulated rows as Parquet (as bench/grid.py simulates them) with the embedded
    mapping beside it; and the in-memory size (MB, deep) of the frame the app reads from it."""
    from analysis.io.readers import read_data
    from analysis.study.simulate import MAPPING_FILE, SEED, simulate

    data = folder / UPLOAD_NAME
    simulate(SEED + 1, n=rows).to_parquet(data)
    mapping = folder / "mapping.toml"  # short: the uploader cuts long names
    mapping.write_bytes(MAPPING_FILE.read_bytes())
    frame = read_data(data.read_bytes(), data.name).frame
    return data, mapping, frame.memory_usage(deep=True).sum() / 1e6


def wait_export_done(page: Page, timeout: float = 300.0) -> None:
    """Until the page shows no progress bar of the staged export (it reruns once it is done)."""
    bars = page.get_by_test_id("stProgress")
    try:  # the bar may come a moment after the chart, or never if everything is done
        bars.first.wait_for(timeout=3_000)
    except PlaywrightTimeout:
        return
    bars.first.wait_for(state="detached", timeout=timeout * 1000)


def run_upload(rows: int = 1_000_000, log: Callable[[str], None] = print) -> dict[str, float]:
    """A person uploads a ``rows``-row Parquet file and its mapping on the Data page, clicks
    "Check and use this data", and opens the Overview as soon as the page says the data is
    loaded. Seconds from that click to the Overview's first chart painted (split at the
    message), and the server's memory before the upload and after the whole staged export."""
    out: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    data, mapping, frame_mb = write_upload(folder, rows)
    out["upload_file_mb"] = data.stat().st_size / 1e6
    out["upload_frame_mb"] = frame_mb
    env = {**os.environ, "SURVEILLANCE_DASHBOARD_CACHE": str(folder / "cache")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        port = free_port()
        app = start(APP_CMD, port, env)
        try:
            wait_healthy(app, port)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"http://127.0.0.1:{port}/", timeout=TIMEOUT_MS)
            wait_chart(page)
            wait_export_done(page)
            page.get_by_role("link", name="Data").click()
            page.get_by_text("Upload a data file", exact=True).click()
            out["upload_rss_idle"] = settled_rss_mb(app.pid)
            page.locator("input[type=file]").first.set_input_files(str(data))
            read = page.get_by_text(re.compile(rf"^Read {rows:,} rows"))
            read.wait_for(timeout=TIMEOUT_MS * 2)
            page.locator("input[type=file]").nth(1).set_input_files(str(mapping))
            page.get_by_text(mapping.name, exact=True).wait_for(timeout=TIMEOUT_MS)
            out["upload_rss_read"] = settled_rss_mb(app.pid)
            button = page.get_by_role("button", name="Check and use this data")
            deadline = time.monotonic() + TIMEOUT_MS / 1000
            while not button.is_enabled() and time.monotonic() < deadline:
                time.sleep(0.05)
            started = time.perf_counter()
            button.click()
            page.get_by_text(f"Loaded {UPLOAD_NAME}", exact=False).wait_for(timeout=TIMEOUT_MS * 2)
            loaded = time.perf_counter() - started
            page.get_by_role("link", name="Overview").click()
            wait_chart(page)
            out["upload_chart"] = time.perf_counter() - started
            out["upload_loaded"] = loaded
            caption = page.get_by_text(LOADED_IN).first.inner_text(timeout=TIMEOUT_MS)
            out["upload_server_build"] = float(LOADED_IN.search(caption).group(1))
            out["upload_rss_chart"] = rss_mb(app.pid)
            wait_export_done(page)
            out["upload_rss_after"] = settled_rss_mb(app.pid)
        finally:
            browser.close()
            stop(app)
            shutil.rmtree(folder, ignore_errors=True)  # the 11 MB file and the server's cache
    out["upload_rss_growth"] = out["upload_rss_after"] - out["upload_rss_idle"]
    out["upload_rss_ratio"] = out["upload_rss_growth"] / frame_mb
    log(
        f"  upload of {rows:,} rows as Parquet ({out['upload_file_mb']:.1f} MB; read as a "
        f'{frame_mb:.0f} MB frame): click on "Check and use this data" -> first chart on the '
        f"Overview {out['upload_chart']:.2f} s = {out['upload_loaded']:.2f} s until the page "
        f"said it was loaded (the server's load time in the provenance line: validate, "
        f"prepare, grid, codebook: {out['upload_server_build']:.1f} s) + "
        f"{out['upload_chart'] - out['upload_loaded']:.2f} s opening the Overview"
    )
    log(
        f"  server memory (RSS) with that upload: idle {out['upload_rss_idle']:.0f} MB, file "
        f"read (before the click) {out['upload_rss_read']:.0f} MB, at the first chart "
        f"{out['upload_rss_chart']:.0f} MB, after the whole staged export "
        f"{out['upload_rss_after']:.0f} MB -> +{out['upload_rss_growth']:.0f} MB = "
        f"{out['upload_rss_ratio']:.2f}x the frame read"
    )
    return out
