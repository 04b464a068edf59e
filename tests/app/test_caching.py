"""Caches keyed on small values: hits return the same result, any changed input misses, and a
cached view equals the view computed directly."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import plotly.io as pio
import pytest

from analysis.stats.report import all_estimates
from analysis.stats.select import effects_for_view
from analysis.study.dataset import load_embedded_dataset
from dashboard.render.smallcells import SmallCells
from dashboard.render.views import explore_view, export_cells
from dashboard.server.caching import args_repr, cached_call, dataset_key

SELECTION = {
    "lang": "en",
    "outcome": "opt_out",
    "option": "exit",
    "issue": "all",
    "subgroup": "all",
    "prompts": ["none", "company", "government"],
    "method": "ols_hc2",
    "cells": SmallCells(),
    "font_size": 14,
}


@pytest.fixture(scope="module")
def data():
    return load_embedded_dataset()


@pytest.fixture(scope="module")
def full(data):
    return all_estimates(data.prepared, data.grid)


@pytest.fixture(scope="module")
def export(data, full):
    return export_cells(data, full)


def counted(data, ran: list, **kwargs) -> tuple:
    """Records each time it runs."""
    ran.append(kwargs)
    return (dataset_key(data), kwargs)


def test_a_hit_returns_the_same_object_without_running_again(data) -> None:
    ran: list = []
    first = cached_call(data, counted, ran, issue="ldp", n=1)
    assert cached_call(data, counted, ran, issue="ldp", n=1) is first
    assert len(ran) == 1


def test_any_changed_argument_runs_again(data) -> None:
    ran: list = []
    cached_call(data, counted, ran, issue="ldp", cells=SmallCells())
    cached_call(data, counted, ran, issue="ldp", cells=SmallCells(suppress_below=50))
    cached_call(data, counted, ran, issue="nuclear", cells=SmallCells())
    assert len(ran) == 3


def test_another_dataset_runs_again(data) -> None:
    ran: list = []
    other = replace(data, provenance=replace(data.provenance, mapping_sha256="0" * 64))
    cached_call(data, counted, ran, issue="x2")
    cached_call(other, counted, ran, issue="x2")
    assert len(ran) == 2


def test_key_keeps_label_order_and_tells_values_apart() -> None:
    assert args_repr({"a": {"x": 1, "y": 2}}) != args_repr({"a": {"y": 2, "x": 1}})
    assert args_repr({"a": [1, 2]}) != args_repr({"a": [2, 1]})
    assert args_repr({"a": 1, "b": 2}) == args_repr({"b": 2, "a": 1})


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"lang": "ja"},
        {"issue": "ldp", "subgroup": "age"},
        {"issue": "no_such_issue"},
        {"outcome": "no_opinion", "option": "no_opinion"},
        {"method": "lin_hc2"},
        {"prompts": ["none", "government"]},
    ],
)
def test_cached_view_equals_the_direct_view(data, full, export, change) -> None:
    selection = {**SELECTION, **change}
    cached = cached_call(data, explore_view, export, **selection)
    direct = explore_view(data, export, **selection)
    pd.testing.assert_frame_equal(cached.rates, direct.rates)
    pd.testing.assert_frame_equal(cached.effects, direct.effects)
    assert cached.sentences == direct.sentences
    assert [s.takeaway for s in cached.slides] == [s.takeaway for s in direct.slides]
    assert [json.loads(pio.to_json(f, validate=False)) for f in cached.screens] == [
        json.loads(pio.to_json(f, validate=False)) for f in direct.screens
    ]
    assert len(cached.screens) == len(cached.slides)
    assert bool(cached.slides) != cached.rates.empty
    # Starting from the export's split gives the rows of the whole export.
    whole = effects_for_view(
        full,
        control="none",
        **{
            k: selection[k] for k in ("outcome", "issue", "option", "subgroup", "prompts", "method")
        },
    )
    pd.testing.assert_frame_equal(cached.effects, whole)


def test_export_by_cell_keeps_every_row_once(full, export) -> None:
    keys = full[["outcome", "issue", "option", "subgroup"]].drop_duplicates()
    parts = [export.get(tuple(key)) for key in keys.itertuples(index=False)]
    assert sum(len(part) for part in parts) == len(full)
    key = ("opt_out", "all", "exit", "all")
    expected = full[
        (full["outcome"] == "opt_out")
        & (full["issue"] == "all")
        & (full["option"] == "exit")
        & (full["subgroup"] == "all")
    ]
    pd.testing.assert_frame_equal(export.get(key), expected.reset_index(drop=True))
    assert export.get(key) is export.get(key)  # taken once, then kept


def test_a_cell_without_estimates_is_the_empty_export(full, export) -> None:
    empty = export.get(("opt_out", "no_such_issue", "exit", "all"))
    assert empty.empty and list(empty.columns) == list(full.columns)
