"""Caches keyed on small values: hits return the same result, any changed input misses."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import load_embedded_dataset
from analysis.select import effects_with_baseline, select_rows
from analysis.simulate import DATA_FILE, MAPPING_FILE
from dashboard.caching import (
    cached_figure,
    cached_rows,
    dataset_key,
    frame_key,
    load_dataset_cached,
)
from dashboard.figures import make_rate_figure


@pytest.fixture(scope="module")
def data():
    return load_embedded_dataset()


SELECTION = {"outcome": "opt_out", "issue": "all", "option": "exit", "subgroup": "all"}


def test_cached_rows_equal_a_direct_filter(data) -> None:
    ours = cached_rows(data, select_rows, kind="rate", prompts=["none", "government"],
                       **SELECTION)
    pd.testing.assert_frame_equal(ours, select_rows(data.grid, kind="rate",
                                                    prompts=["none", "government"], **SELECTION))


def test_cached_rows_follow_the_selection(data) -> None:
    gov = cached_rows(data, effects_with_baseline, control="none", **SELECTION)
    ldp = cached_rows(data, effects_with_baseline, control="none", **{**SELECTION, "issue": "ldp"})
    assert set(gov["issue"]) == {"all"} and set(ldp["issue"]) == {"ldp"}


def test_cached_rows_are_copies(data) -> None:
    first = cached_rows(data, select_rows, kind="rate", **SELECTION)
    first.loc[:, "estimate"] = -1.0
    again = cached_rows(data, select_rows, kind="rate", **SELECTION)
    assert (again["estimate"] >= 0).all()


def _rate_figure(data, lang: str):
    rates = select_rows(data.grid, kind="rate", **SELECTION)
    return cached_figure(make_rate_figure, rates, lang=lang,
                         prompt_labels={"none": "None", "government": "Gov"}, title="Title")


def test_same_figure_inputs_return_the_built_figure(data) -> None:
    assert _rate_figure(data, "en") is _rate_figure(data, "en")


def test_a_changed_argument_builds_a_new_figure(data) -> None:
    assert _rate_figure(data, "en") is not _rate_figure(data, "ja")


def test_frame_key_changes_with_a_value() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    changed = frame.assign(a=[1.0, 2.5])
    assert frame_key(frame) != frame_key(changed)


def test_dataset_loads_once_per_content() -> None:
    args = (DATA_FILE.read_bytes(), "simulated.csv", MAPPING_FILE.read_bytes(), "m.toml")
    first = load_dataset_cached(*args)
    assert load_dataset_cached(*args) is first
    assert dataset_key(first) == f"{first.provenance.sha256}:{first.provenance.mapping_sha256}"
