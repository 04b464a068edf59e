"""The full export: the documented columns, every estimator present, p_adjusted filled."""

from __future__ import annotations

import re

import pytest

from analysis.stats.estimates import EXPORT_COLUMNS as COLUMNS
from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset, build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE


@pytest.fixture(scope="module")
def full(embedded):
    return all_estimates(embedded.prepared, embedded.grid)


def test_columns_are_exactly_the_documented_ones(full) -> None:
    assert list(full.columns) == COLUMNS


@pytest.mark.parametrize(
    "method",
    [
        "wilson",
        "ols_hc2",
        "lin_hc2",
        "wls_hc2",
        "weighted",
        "ri_exact",
        "wald_f_hc2",
        "pearson_chi2",
        "std_diff",
        "count",
        "power_cohen_h",
    ],
)
def test_every_method_is_exported(full, method) -> None:
    assert (full["method"] == method).any()


def test_interaction_rows_name_the_treated_prompt(full) -> None:
    rows = full[full["kind"] == "interaction"]
    assert set(rows["prompt"]) == {"company", "government"}


def test_foundation_rows_are_unchanged(full, embedded) -> None:
    head = full.iloc[: len(embedded.grid)].drop(columns=["p_adjusted", "n_weighted", "family_size"])
    assert head.equals(embedded.grid.drop(columns="p_adjusted"))


def _minimal_mapping() -> bytes:
    """The embedded mapping without weights, covariates or subgroups."""
    text = MAPPING_FILE.read_text(encoding="utf-8")
    text = text.replace('[weights]\ncolumn = "wt"\n', "")
    text = re.sub(r"\[adjustment\]\ncovariates = .*\n", "", text)
    return text[: text.index("[[subgroups]]")].encode()


@pytest.fixture(scope="module")
def minimal() -> Dataset:
    return build_dataset(DATA_FILE.read_bytes(), DATA_FILE.name, _minimal_mapping(), "m.toml")


def test_export_without_weights_covariates_or_subgroups(minimal) -> None:
    out = all_estimates(minimal.prepared, minimal.grid)
    assert list(out.columns) == COLUMNS
    assert not out["method"].isin(["lin_hc2", "wls_hc2", "weighted"]).any()
    assert not out["kind"].isin(["interaction", "balance_test"]).any()
