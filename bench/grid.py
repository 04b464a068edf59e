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

from analysis.io.readers import read_table
from analysis.stats.estimates import grid_estimates
from analysis.study.dataset import load_embedded
from analysis.study.prepare import Prepared, prepare
from analysis.study.simulate import SEED, simulate
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
