"""Property-based checks: whatever the bytes, the loader answers with data or clear messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.io.mapping import Mapping, MappingError, parse_mapping
from analysis.stats.estimates import grid_estimates
from analysis.study.dataset import build_dataset
from analysis.study.prepare import prepare
from analysis.study.simulate import MAPPING_FILE, simulate

GOOD_MAPPING = MAPPING_FILE.read_bytes()
BASE = simulate(seed=3, n=120)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_as_mapping_parses_or_explains(text: str) -> None:
    try:
        assert isinstance(parse_mapping(text), Mapping)
    except MappingError as exc:
        assert exc.problems


@SETTINGS
@given(
    st.binary(max_size=2000),
    st.sampled_from(["a.csv", "a.dta", "a.xlsx", "a.parquet", "a.sav", "a.tab", "a.tsv"]),
)
def test_any_bytes_as_data_load_or_explain(data: bytes, name: str) -> None:
    try:
        build_dataset(data, name, GOOD_MAPPING, "m.toml")
    except MappingError as exc:
        assert exc.problems


@SETTINGS
@given(st.data())
def test_corrupted_cells_never_crash_the_estimates(data: st.DataObject) -> None:
    frame = BASE.astype(object).copy()
    columns = data.draw(st.lists(st.sampled_from(list(frame.columns)), min_size=1, max_size=4))
    junk = st.one_of(
        st.none(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**20), 10**20),
        st.text(max_size=5),
    )
    for col in columns:
        rows = data.draw(st.lists(st.integers(0, len(frame) - 1), max_size=30))
        for row in rows:
            frame.iloc[row, frame.columns.get_loc(col)] = data.draw(junk)
    mapping = parse_mapping(GOOD_MAPPING)
    try:
        grid = grid_estimates(prepare(pd.DataFrame(frame), mapping))
    except MappingError as exc:
        assert exc.problems
    else:
        rates = grid[grid["kind"] == "rate"]["estimate"].dropna()
        assert np.all((rates >= 0) & (rates <= 1))
