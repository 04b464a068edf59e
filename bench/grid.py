"""Part 1: the whole grid vs one statsmodels fit per cell, on the embedded data and 1M rows."""

from __future__ import annotations

import io
import random
import statistics
import time
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from analysis.io.readers import read_data, read_table
from analysis.stats.estimates import grid_estimates
from analysis.study.dataset import load_embedded
from analysis.study.prepare import Prepared, prepare
from analysis.study.simulate import SEED, simulate
from bench.floor_pass import floor_pass
from bench.naive import naive_cells, naive_grid


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``repeat`` calls (seconds) and every time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def _csv_bytes(raw: pd.DataFrame) -> bytes:
    """The frame as CSV (pyarrow's writer: pandas' takes ~20 s at a million rows)."""
    sink = io.BytesIO()
    pa_csv.write_csv(pa.Table.from_pandas(raw, preserve_index=False), sink)
    return sink.getvalue()


def _read_time(raw: pd.DataFrame) -> float:
    """Seconds to parse the frame's CSV as an upload is parsed."""
    data = _csv_bytes(raw)
    started = time.perf_counter()
    read_table(data, "big.csv")
    return time.perf_counter() - started


def sampled_cells(prep: Prepared, k: int, seed: int = 1) -> tuple[list, int]:
    """``k`` cells drawn at random (seeded) from all of them, and the number of cells."""
    total = sum(1 for _ in naive_cells(prep))
    chosen = set(random.Random(seed).sample(range(total), min(k, total)))
    return [c for i, c in enumerate(naive_cells(prep)) if i in chosen], total


def run(
    rows: int = 1_000_000,
    naive_sample: int = 24,
    log: Callable[[str], None] = print,
) -> dict[str, float]:
    """Time the grid and the naive loop; return the numbers (seconds) and ratios."""
    out: dict[str, float] = {}
    emb = load_embedded()
    grid_estimates(emb)  # warm imports and caches
    out["emb_rows"] = len(emb.frame)
    out["emb_fast"], _ = timed(lambda: grid_estimates(emb), repeat=15)
    out["emb_naive"], _ = timed(lambda: naive_grid(emb))
    out["emb_cells"] = sum(1 for _ in naive_cells(emb))
    out["emb_ratio"] = out["emb_naive"] / out["emb_fast"]
    log(
        f"  embedded ({out['emb_rows']:,} rows, {out['emb_cells']:,} cells): "
        f"grid {1000 * out['emb_fast']:.1f} ms (median of 15), naive loop "
        f"{out['emb_naive']:.2f} s (all cells, once) -> {out['emb_ratio']:.0f}x"
    )

    started = time.perf_counter()
    raw = simulate(SEED + 1, n=rows)
    out["big_simulate"] = time.perf_counter() - started
    out["big_read"] = _read_time(raw)
    started = time.perf_counter()
    big = prepare(raw, emb.mapping)
    out["big_prepare"] = time.perf_counter() - started
    del raw
    out["big_rows"] = len(big.frame)
    out["big_fast"], _ = timed(lambda: grid_estimates(big), repeat=3)
    cells, total = sampled_cells(big, naive_sample)
    sample_time, _ = timed(lambda: naive_grid(big, cells=cells))
    out["big_cells"] = total
    out["big_naive_sampled"] = len(cells)
    out["big_naive_sample_time"] = sample_time
    out["big_naive"] = sample_time / len(cells) * total
    out["big_ratio"] = out["big_naive"] / out["big_fast"]
    log(
        f"  {out['big_rows']:,} simulated rows ({total:,} cells): read CSV "
        f"{out['big_read']:.2f} s, prepare {out['big_prepare']:.2f} s, grid "
        f"{out['big_fast']:.2f} s (median of 3), naive loop "
        f"~{out['big_naive']:.0f} s (ESTIMATED: {len(cells)} random cells took "
        f"{sample_time:.1f} s, extrapolated to {total:,}) -> ~{out['big_ratio']:.0f}x"
    )
    return out


def run_export(rows: int = 1_000_000, log: Callable[[str], None] = print) -> dict[str, float]:
    """The full export on ``rows`` simulated rows (as Parquet) against the floor pass, the CLI
    export likewise, and validate + prepare alone; ratios side by side in one run."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from analysis.io.mapping import parse_mapping
    from analysis.stats.report import all_estimates
    from analysis.study.columns import ColumnFactors
    from analysis.study.dataset import build_dataset
    from analysis.study.simulate import MAPPING_FILE
    from analysis.study.validate import validate

    out: dict[str, float] = {}
    mapping_bytes = MAPPING_FILE.read_bytes()
    mapping = parse_mapping(mapping_bytes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.parquet"
        simulate(SEED + 1, n=rows).to_parquet(path)
        data = path.read_bytes()
        out["export_file_mb"] = len(data) / 1e6
        floor_pass(data, path.name, mapping)  # warm the reader
        out["floor"], _ = timed(lambda: floor_pass(data, path.name, mapping), repeat=3)

        raw = read_data(data, path.name).frame

        def validate_prepare() -> None:  # as build_dataset does: the columns factorised once
            factors = ColumnFactors(raw)
            prepare(raw, mapping, problems=validate(raw, mapping, factors=factors), factors=factors)

        out["validate_prepare"], _ = timed(validate_prepare, repeat=3)

        def full_export() -> None:
            # The estimates export (load, validate, prepare, estimators) reads no codebook, and
            # the CLI builds none: leave it out here too.
            ds = build_dataset(
                data, path.name, mapping_bytes, MAPPING_FILE.name, with_codebook=False
            )
            all_estimates(ds.prepared, ds.grid)

        out["export"], _ = timed(full_export, repeat=1)
        out["export_ratio"] = out["export"] / out["floor"]

        def cli() -> None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "analysis",
                    "estimates",
                    "--data",
                    str(path),
                    "--mapping",
                    str(MAPPING_FILE),
                    "--out",
                    str(Path(tmp) / "e.csv"),
                ],
                check=True,
                capture_output=True,
            )

        out["cli"], _ = timed(cli, repeat=1)
        out["cli_vs_warm_floor"] = out["cli"] / out["floor"]

        def floor_process() -> None:
            command = [sys.executable, "-m", "bench.floor_pass", str(path), str(MAPPING_FILE)]
            subprocess.run(command, check=True, capture_output=True)

        # Like for like: the CLI is a new interpreter with its imports and a cold reader, so its
        # floor is the same pass run as a new process (the warm ratio is printed beside it).
        out["floor_process"], _ = timed(floor_process, repeat=3)
        out["cli_ratio"] = out["cli"] / out["floor_process"]
    log(
        f"  {rows:,} simulated rows as Parquet ({out['export_file_mb']:.1f} MB): floor pass "
        f"{out['floor']:.2f} s (median of 3), validate + prepare {out['validate_prepare']:.2f} s "
        f"(median of 3), full export (no codebook) {out['export']:.2f} s = "
        f"{out['export_ratio']:.1f}x the "
        f"floor, CLI export {out['cli']:.2f} s (a new process: imports included) = "
        f"{out['cli_ratio']:.1f}x the floor pass run as a new process "
        f"({out['floor_process']:.2f} s, median of 3; {out['cli_vs_warm_floor']:.1f}x the warm "
        f"floor)"
    )
    return out
