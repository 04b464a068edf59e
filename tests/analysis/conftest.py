"""Fixtures for the estimators checked against R: the dataset simulated in R and R's values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset, load_dataset_files

R_DIR = Path(__file__).resolve().parent.parent / "r"
KEYS = ["kind", "outcome", "issue", "prompt", "option", "subgroup", "level", "method"]
VALUES = ["n", "estimate", "std_error", "ci_low", "ci_high", "p_value"]


@pytest.fixture(scope="session")
def r_dataset() -> Dataset:
    """``tests/r/statistics_data.csv`` (simulated in R) through its mapping."""
    return load_dataset_files(R_DIR / "statistics_data.csv", R_DIR / "statistics_mapping.toml")


@pytest.fixture(scope="session")
def r_estimates(r_dataset) -> pd.DataFrame:
    """Every estimate of the R dataset (few permutation draws: not compared with R)."""
    return all_estimates(r_dataset.prepared, r_dataset.grid)


@pytest.fixture(scope="session")
def r_reference() -> pd.DataFrame:
    """The values ``tests/r/statistics_reference.R`` wrote."""
    return pd.read_csv(R_DIR / "statistics_reference.csv", dtype={"level": str})


def joined_with_r(ours: pd.DataFrame, reference: pd.DataFrame, method: str) -> pd.DataFrame:
    """Reference rows of one method beside ours (every reference row must be found)."""
    ref = reference[reference["method"] == method]
    out = ref.merge(ours, on=KEYS, how="left", suffixes=("_r", ""), validate="one_to_one")
    assert len(out) == len(ref) > 0
    assert out["n"].notna().all(), "a reference row has no match"
    return out


def assert_matches_r(joined: pd.DataFrame, columns: list[str], tol: float = 1e-8) -> None:
    """Each column equals R's within ``tol`` (NaN where R has NA)."""
    for column in columns:
        ours = joined[column].to_numpy(dtype=float)
        theirs = joined[f"{column}_r"].to_numpy(dtype=float)
        assert ((abs(ours - theirs) <= tol) | (pd.isna(ours) & pd.isna(theirs))).all(), column
