"""Holm and BH within families equal R p.adjust and statsmodels multipletests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from analysis.stats.multiplicity import adjust_p, family_ids, grouped_adjust
from analysis.stats.report import all_estimates
from tests.analysis.conftest import KEYS


@pytest.mark.parametrize(
    ("method", "r_method"), [("holm", "p_adjust_holm"), ("fdr_bh", "p_adjust_bh")]
)
def test_adjusted_p_match_r_p_adjust(r_dataset, r_reference, method, r_method) -> None:
    ours = all_estimates(r_dataset.prepared, r_dataset.grid, p_adjust=method)
    ref = r_reference[r_reference["method"] == r_method].assign(method="ols_hc2")
    joined = ref.merge(ours, on=KEYS, suffixes=("_r", ""))
    assert len(joined) == len(ref) == 6
    np.testing.assert_allclose(joined["p_adjusted"], joined["p_adjusted_r"], atol=1e-8)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12), st.sampled_from(["holm", "fdr_bh"]))
def test_grouped_adjust_equals_multipletests(pvalues, method) -> None:
    p = pd.Series(pvalues + pvalues[:3])
    family = pd.Series(["a"] * len(pvalues) + ["b"] * len(pvalues[:3]))
    ours = grouped_adjust(p, family, method)
    for name in ("a", "b"):
        mask = family == name
        expected = multipletests(p[mask].to_numpy(), method=method)[1]
        np.testing.assert_allclose(ours[mask], expected, atol=1e-12)


def test_every_row_with_a_p_value_has_one_family(embedded) -> None:
    grid = all_estimates(embedded.prepared, embedded.grid)
    fam = family_ids(grid)
    assert fam[grid["p_value"].notna()].notna().all()
    assert grid.loc[grid["p_value"].notna(), "p_adjusted"].notna().all()


def test_issue_family_spans_the_issues(embedded) -> None:
    grid = adjust_p(embedded.grid)
    fam = family_ids(grid)
    rows = grid[
        (grid["kind"] == "effect")
        & (grid["outcome"] == "support")
        & (grid["option"] == "exit")
        & (grid["prompt"] == "government")
        & (grid["subgroup"] == "all")
    ]
    assert len(set(fam[rows.index])) == 1 and len(rows) == 8


def test_adjusted_is_never_below_raw(embedded) -> None:
    grid = adjust_p(embedded.grid)
    has = grid["p_value"].notna()
    assert (grid.loc[has, "p_adjusted"] >= grid.loc[has, "p_value"] - 1e-15).all()


def test_unknown_method_is_rejected(embedded) -> None:
    with pytest.raises(ValueError, match="method"):
        adjust_p(embedded.grid, "hs")


def test_family_size_counts_the_issues_of_an_issue_family(embedded) -> None:
    grid = adjust_p(embedded.grid)
    rows = grid[
        (grid["kind"] == "effect")
        & (grid["outcome"] == "support")
        & (grid["option"] == "exit")
        & (grid["prompt"] == "government")
        & (grid["subgroup"] == "all")
    ]
    assert (rows["family_size"] == len(embedded.mapping.issues)).all()


def test_family_size_of_a_summary_row_is_one(embedded) -> None:
    grid = adjust_p(embedded.grid)
    summary = grid[
        (grid["kind"] == "effect") & (grid["subgroup"] == "all") & (grid["issue"] == "all")
    ]
    assert len(summary) and (summary["family_size"] == 1).all()


def test_family_size_is_missing_without_a_p_value(embedded) -> None:
    grid = adjust_p(embedded.grid)
    assert grid.loc[grid["p_value"].isna(), "family_size"].isna().all()
