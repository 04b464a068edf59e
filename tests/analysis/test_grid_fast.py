"""The vectorised grid equals one statsmodels fit per cell (bench/naive.py) on random data,
including subgroups with empty cells, single respondents and constant outcomes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.stats import estimates
from analysis.stats.estimates import COLUMNS, grid_estimates
from analysis.study.columns import key_codes
from analysis.study.dataset import load_embedded
from analysis.study.prepare import prepare
from analysis.study.simulate import simulate
from bench.naive import naive_grid

NUMERIC = ["estimate", "std_error", "ci_low", "ci_high", "p_value"]
MAPPING = load_embedded().mapping
# Two issues and three subgroups keep ~150 model fits per example; region (8 levels) and age
# bins at a few dozen respondents give empty and one-person cells.
SMALL = dataclasses.replace(
    MAPPING,
    issues=MAPPING.issues[:2],
    subgroups=tuple(s for s in MAPPING.subgroups if s.key in ("gender", "age", "region")),
)


def _random_prepared(seed: int, n: int):
    raw = simulate(seed, n=n)
    rng = np.random.default_rng(seed)
    raw.loc[rng.random(n) < 0.1, "region"] = np.nan  # missing subgroup values are left out
    # With two issues, exits at later positions are out of range: count them as leaving at 2.
    raw.loc[raw["exit_q"] > 2, "exit_q"] = 2
    return prepare(raw, SMALL)


@settings(max_examples=12, deadline=None)
@given(st.integers(min_value=0, max_value=2**31 - 1), st.integers(min_value=24, max_value=240))
@example(seed=0, n=31)  # an arm with one respondent in a subgroup level (see bench/naive.py)
def test_grid_equals_one_statsmodels_fit_per_cell(seed: int, n: int) -> None:
    prep = _random_prepared(seed, n)
    fast = grid_estimates(prep)
    slow = naive_grid(prep)
    labels = [c for c in COLUMNS if c not in NUMERIC]
    pd.testing.assert_frame_equal(fast[labels], slow[labels], check_dtype=False)
    for col in NUMERIC:
        ours, ref = fast[col].to_numpy(), slow[col].to_numpy()
        assert np.array_equal(np.isnan(ours), np.isnan(ref)), col
        ok = ~np.isnan(ref)
        assert np.abs(ours[ok] - ref[ok]).max(initial=0) < 1e-10, col


def test_random_data_has_empty_and_single_cells() -> None:
    grid = grid_estimates(_random_prepared(7, 40))
    rates = grid[grid["kind"] == "rate"]
    assert (rates["n"] == 0).any() and (rates["n"] == 1).any()


def test_grid_on_object_columns_equals_grid_on_string_columns() -> None:
    prep = _random_prepared(3, 200)
    as_object = dataclasses.replace(
        prep,
        frame=prep.frame.astype(
            {c: object for c in prep.frame.columns if prep.frame[c].dtype != float}
        ),
    )
    pd.testing.assert_frame_equal(grid_estimates(as_object), grid_estimates(prep))


def test_key_codes_marks_missing_and_unlisted_values() -> None:
    codes = key_codes(pd.Series(["b", None, "a", "z", "b"]), ["a", "b"])
    assert codes.tolist() == [1, -1, 0, -1, 1]


def test_codes_kept_by_prepare_equal_codes_of_the_text_columns() -> None:
    prep = _random_prepared(5, 300)
    fresh = dataclasses.replace(prep, frame=prep.frame.copy())  # an empty cache
    assert not fresh._codes
    columns = [
        ("prompt", MAPPING.prompt_keys),
        ("option", MAPPING.option_keys),
        *((f"sg_{key}", [k for k, _ in lv]) for key, lv in prep.subgroup_levels),
    ]
    for column, keys in columns:
        kept = prep.codes(column, keys)
        assert kept.dtype == np.int64
        assert np.array_equal(kept, key_codes(prep.frame[column], keys)), column
        assert np.array_equal(kept, fresh.codes(column, keys)), column
    assert (prep.codes("sg_region", [k for k, _ in prep.levels("region")]) == -1).any()


def test_codes_of_a_replaced_frame_follow_the_new_frame() -> None:
    prep = _random_prepared(5, 300)
    keys = list(MAPPING.prompt_keys)
    prep.codes("prompt", keys)
    flipped = dataclasses.replace(prep, frame=prep.frame.iloc[::-1].reset_index(drop=True))
    assert np.array_equal(flipped.codes("prompt", keys), prep.codes("prompt", keys)[::-1])


@pytest.mark.parametrize("pack", [True, False])
def test_count_and_ones_equals_two_bincounts(pack: bool, monkeypatch) -> None:
    rng = np.random.default_rng(7)
    stratum = rng.integers(0, 50, 5000)
    eligible = rng.random(5000) < 0.6
    y = (rng.random(5000) < 0.3).astype(float)
    if not pack:  # the two-pass path taken when there are too many rows to pack
        monkeypatch.setattr(estimates, "PACK", 100.0)
    n, k = estimates.count_and_ones(stratum, eligible, y, 60)
    assert np.array_equal(n, np.bincount(stratum[eligible], minlength=60))
    assert np.array_equal(k, np.bincount(stratum[eligible & (y == 1)], minlength=60))


@pytest.mark.parametrize("seed", [1, 2])
def test_outcome_counts_equal_one_count_per_outcome(seed: int) -> None:
    # One pass for outcomes of different options must give each outcome's own counts, in order.
    prep = _random_prepared(seed, 3000)
    prompt = prep.codes("prompt", list(prep.mapping.prompt_keys))
    subgroups = list(estimates.subgroup_codes(prep))
    stratum, first = estimates._strata(prompt, subgroups[1:])
    shared = list(estimates.outcome_counts(prep, stratum, len(first)))
    specs = list(estimates.outcome_specs(prep))
    assert [labels for labels, _, _ in shared] == [(s.outcome, s.issue, s.option) for s in specs]
    for (_, n, k), spec in zip(shared, specs, strict=True):
        alone = estimates.count_and_ones(stratum, spec.eligible, spec.y, len(first))
        assert np.array_equal(n, alone[0]) and np.array_equal(k, alone[1])
