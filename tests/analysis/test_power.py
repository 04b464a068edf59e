"""Power for two proportions (Cohen's h) equals R pwr; MDE and n are inverses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import NormalIndPower

from analysis.stats.power import _power, mde_rows, minimum_detectable_effect, n_per_arm
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


def test_written_out_power_equals_statsmodels() -> None:
    rng = np.random.default_rng(11)
    for _ in range(300):
        h, n = rng.uniform(1e-6, 3), rng.uniform(2, 1e6)
        alpha, ratio = rng.choice([0.01, 0.05, 0.1]), rng.choice([0.0, 0.3, 1.0, 2.5])
        expected = NormalIndPower().power(
            effect_size=h, nobs1=n, alpha=alpha, ratio=ratio, alternative="two-sided"
        )
        assert _power(h, n, alpha, ratio) == pytest.approx(float(expected), rel=1e-12, abs=1e-15)
