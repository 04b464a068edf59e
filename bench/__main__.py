"""``python -m bench`` (``make bench``): every measurement in one run, ratios side by side.

Not part of ``make test``: it takes a few minutes and its numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
from pathlib import Path

from bench import browser, grid, rush

TARGETS = [  # (label, value key, limit, "<=" or ">=")
    ("grid on the embedded data <= 0.050 s", "emb_fast", 0.050, "<="),
    ("grid on 1M rows <= 2 s", "big_fast", 2.0, "<="),
    ("grid >= 30x the naive loop (embedded)", "emb_ratio", 30.0, ">="),
    ("grid >= 30x the naive loop (1M rows, estimated)", "big_ratio", 30.0, ">="),
    (
        "selection change median <= 1.3x the floor page as Streamlit ships it (the rates chart, "
        "same kind as the floor)",
        "interaction_ratio_first",
        1.3,
        "<=",
    ),
    (
        "selection change median <= 1.3x the floor page (both charts updated)",
        "interaction_ratio",
        1.3,
        "<=",
    ),
    (
        "the same, against the floor with our setting (no full collection after each run)",
        "interaction_ratio_ours",
        1.3,
        "<=",
    ),
    (
        "selection change median <= 1.3x the floor page (both charts, selections not yet cached)",
        "new_ratio",
        1.3,
        "<=",
    ),
    (
        "the same, against the floor with our setting",
        "new_ratio_ours",
        1.3,
        "<=",
    ),
    (
        "cold start to first chart <= 4 s (restart: full export read from the disk cache)",
        "cold_app_chart",
        4.0,
        "<=",
    ),
    (
        "cold start to first chart <= 4 s (restart, opening the Overview)",
        "cold_overview_chart",
        4.0,
        "<=",
    ),
    (
        "cold start to first chart <= 4 s (first start: empty disk cache)",
        "cold_app_first_chart",
        4.0,
        "<=",
    ),
    ("20 sessions cost <= 5 MB each beyond the first", "rss_per_session", 5.0, "<="),
    (
        'upload of a 1M-row Parquet file -> first chart painted <= 3 s after "Check and use '
        'this data"',
        "upload_chart",
        3.0,
        "<=",
    ),
    (
        "server memory with a 1M-row upload <= 3x the frame read (deep size) beyond the idle "
        "server",
        "upload_rss_ratio",
        3.0,
        "<=",
    ),
    ("full export on 1M rows <= 5x the floor pass (read + group means)", "export_ratio", 5.0, "<="),
    (
        "CLI export on 1M rows <= 5x the floor pass (both run as a new process)",
        "cli_ratio",
        5.0,
        "<=",
    ),
    ("validate + prepare on 1M rows <= 1 s", "validate_prepare", 1.0, "<="),
    (
        "seminar rush {viewers} in {spread:g} s: all get a chart, 0 errors (one server; viewers "
        "without a chart + errors)",
        "rush_app_failed",
        0,
        "<=",
    ),
    ("one server p95 <= floor page p95 (same rush, same run)", "rush_p95_ratio", 1.0, "<="),
    ("two replicas behind nginx p95 <= 10 s", "rush_nginx_chart_p95", 10.0, "<="),
    ("behind nginx, no viewer's requests reach two replicas", "rush_nginx_unstuck", 0, "<="),
]


def machine() -> str:
    """CPU model, cores, memory, load: the conditions of this run."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, {mem_kb / 1024**2:.1f} GiB, "
        f"Python {platform.python_version()}, load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the big dataset")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=24,
        help="cells of the naive loop timed on the big dataset",
    )
    parser.add_argument("--changes", type=int, default=30, help="selection changes per page")
    parser.add_argument("--sessions", type=int, default=20, help="sessions for the memory part")
    parser.add_argument("--skip-browser", action="store_true", help="only the grid part")
    parser.add_argument("--skip-grid", action="store_true", help="only the browser parts")
    parser.add_argument("--viewers", type=int, default=100, help="viewers in the seminar rush")
    parser.add_argument("--spread", type=float, default=10.0, help="seconds they arrive within")
    parser.add_argument(
        "--only",
        choices=["grid", "export", "browser", "upload", "rush"],
        help="run this part alone (export: the 1M-row export vs the floor pass; upload: the "
        "1M-row upload in Chromium, also part of browser; rush: ~2 min)",
    )
    args = parser.parse_args()
    parts = {args.only} if args.only else {"grid", "export", "browser", "rush"}
    if args.skip_grid:
        parts.discard("grid")
    if args.skip_browser:
        parts.discard("browser")

    print(f"Benchmark {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}")
    results: dict[str, float] = {}
    if "grid" in parts:
        print("1. Full grid vs one statsmodels fit per cell")
        results |= grid.run(rows=args.rows, naive_sample=args.naive_sample)
    if "export" in parts:
        print("1b. Full export, CLI export and validate + prepare vs the floor pass")
        results |= grid.run_export(rows=args.rows)
    if "browser" in parts:
        print("2-4. Real Chromium (Playwright, /usr/bin/chromium)")
        results |= browser.run(changes=args.changes, sessions=args.sessions)
    if parts & {"browser", "upload"}:
        print(f"4b. Upload of {args.rows:,} rows in Chromium, then the Overview")
        results |= browser.run_upload(rows=args.rows)
    if "rush" in parts:
        print(f"5. Seminar rush: {args.viewers} viewers open the Overview within {args.spread:g} s")
        results |= rush.run(viewers=args.viewers, spread=args.spread)
    print("Targets")
    for label, key, limit, op in TARGETS:
        label = label.format(viewers=args.viewers, spread=args.spread)  # the room as run
        if key not in results:
            print(f"  [skipped] {label}")
            continue
        value = results[key]
        met = value <= limit if op == "<=" else value >= limit
        print(f"  [{'met' if met else 'NOT met'}] {label}: {value:.3g}")
    print(
        f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(a shared machine: treat single numbers as noisy, ratios from the same run as "
        "the result)"
    )


if __name__ == "__main__":
    main()
