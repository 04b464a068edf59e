"""Power for two proportions (Cohen's h) equals R pwr; MDE and n are inverses."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.stats.power import mde_rows, minimum_detectable_effect, n_per_arm
from tests.analysis.conftest import R_DIR

POWER_REF = pd.read_csv(R_DIR / "statistics_power.csv")


@pytest.mark.parametrize("row", POWER_REF[POWER_REF["what"] == "n"].to_dict("records"))
def test_n_per_arm_matches_r_pwr(row) -> None:
    ours = n_per_arm(row["baseline"], row["effect"], row["alpha"], row["power"])
    assert ours == pytest.approx(row["value"], rel=1e-8)


@pytest.mark.parametrize("row", POWER_REF[POWER_REF["what"] == "mde"].to_dict("records"))
def test_mde_matches_r_pwr(row) -> None:
    ours = minimum_detectable_effect(
        row["baseline"], row["n"], row["alpha"], row["power"], row["ratio"]
    )
    assert ours == pytest.approx(row["value"], abs=1e-8)


def test_mde_and_n_are_inverse() -> None:
    n = n_per_arm(0.1, 0.05)
    assert minimum_detectable_effect(0.1, n) == pytest.approx(0.05, rel=1e-8)


def test_impossible_target_gives_nan() -> None:
    assert pd.isna(n_per_arm(0.95, 0.1))


def test_mde_rows_for_every_prompt_comparison(embedded) -> None:
    rows = mde_rows(embedded.grid, "none")
    assert set(rows["prompt"]) == {"company", "government"}
    assert rows["estimate"].between(0, 1).all()
