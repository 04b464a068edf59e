"""``python -m bench`` (``make bench``): every measurement in one run, ratios side by side.

Not part of ``make test``: it takes a few minutes and its numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
from pathlib import Path

from bench import browser, grid

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
        "selection change median <= 1.3x the floor page (both charts, old ones removed)",
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
        "selection change median <= 1.3x the floor page (whole page, selections not yet cached)",
        "new_ratio",
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
    ("full export on 1M rows <= 5x the floor pass (read + group means)", "export_ratio", 5.0, "<="),
    ("CLI export on 1M rows <= 5x the floor pass", "cli_ratio", 5.0, "<="),
    ("validate + prepare on 1M rows <= 1 s", "validate_prepare", 1.0, "<="),
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
    parser.add_argument(
        "--skip-export", action="store_true", help="skip the full-export-vs-floor part"
    )
    parser.add_argument(
        "--export-only", action="store_true", help="only the full-export-vs-floor part"
    )
    args = parser.parse_args()

    print(f"Benchmark {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}")
    results: dict[str, float] = {}
    if args.export_only:
        args.skip_grid = args.skip_browser = True
    if not args.skip_grid:
        print("1. Full grid vs one statsmodels fit per cell")
        results |= grid.run(rows=args.rows, naive_sample=args.naive_sample)
    if not args.skip_export:
        print("1b. Full export, CLI export and validate + prepare vs the floor pass")
        results |= grid.run_export(rows=args.rows)
    if not args.skip_browser:
        print("2-4. Real Chromium (Playwright, /usr/bin/chromium)")
        results |= browser.run(changes=args.changes, sessions=args.sessions)
    print("Targets")
    for label, key, limit, op in TARGETS:
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
