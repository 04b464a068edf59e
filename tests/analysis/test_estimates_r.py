"""The foundation's estimates equal values computed in R (tests/r/foundation_reference.R)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REFERENCE = Path(__file__).resolve().parent.parent / "r" / "foundation_reference.csv"
KEYS = ["kind", "outcome", "issue", "prompt", "option", "subgroup", "level"]


@pytest.fixture(scope="module")
def joined(embedded) -> pd.DataFrame:
    ref = pd.read_csv(REFERENCE, dtype={"level": str})
    ours = embedded.grid
    out = ref.merge(ours, on=KEYS, suffixes=("_r", ""), how="left", validate="one_to_one")
    assert len(out) == len(ref) > 50
    return out


def test_every_reference_row_is_in_the_grid(joined) -> None:
    assert joined["estimate"].notna().all()


@pytest.mark.parametrize("column", ["n", "estimate", "ci_low", "ci_high"])
def test_rates_match_r_prop_test(joined, column) -> None:
    rows = joined[joined["kind"] == "rate"]
    np.testing.assert_allclose(rows[column], rows[f"{column}_r"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("column", ["n", "estimate", "std_error", "ci_low", "ci_high", "p_value"])
def test_effects_match_r_lm_robust_hc2(joined, column) -> None:
    rows = joined[joined["kind"] == "effect"]
    np.testing.assert_allclose(rows[column], rows[f"{column}_r"], rtol=1e-10, atol=1e-12)
