"""The full export: the documented columns, every estimator present, p_adjusted filled."""

from __future__ import annotations

import pytest

from analysis.estimates import COLUMNS
from analysis.report import all_estimates


@pytest.fixture(scope="module")
def full(embedded):
    return all_estimates(embedded.prepared, embedded.grid, ri_draws=100)


def test_columns_are_exactly_the_documented_ones(full) -> None:
    assert list(full.columns) == COLUMNS


@pytest.mark.parametrize("method", ["wilson", "ols_hc2", "lin_hc2", "wls_hc2", "weighted",
                                    "ri_permutation", "wald_f_hc2", "pearson_chi2", "std_diff",
                                    "count", "power_cohen_h"])
def test_every_method_is_exported(full, method) -> None:
    assert (full["method"] == method).any()


def test_interaction_rows_name_the_treated_prompt(full) -> None:
    rows = full[full["kind"] == "interaction"]
    assert set(rows["prompt"]) == {"company", "government"}


def test_foundation_rows_are_unchanged(full, embedded) -> None:
    head = full.iloc[: len(embedded.grid)].drop(columns="p_adjusted")
    assert head.equals(embedded.grid.drop(columns="p_adjusted"))
