"""Lin (2013) covariate-adjusted effects equal R estimatr::lm_lin and statsmodels formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.stats.adjusted import adjusted_effects, lin_fit
from tests.analysis.conftest import VALUES, assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", VALUES)
def test_lin_effects_match_r_lm_lin(r_estimates, r_reference, column) -> None:
    assert_matches_r(joined_with_r(r_estimates, r_reference, "lin_hc2"), [column])


def test_lin_fit_equals_statsmodels_formula_with_centred_covariates() -> None:
    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame(
        {
            "p": rng.integers(0, 3, n),
            "x1": rng.normal(size=n),
            "x2": rng.integers(0, 2, n).astype(float),
        }
    )
    frame["y"] = (rng.random(n) < 0.3 + 0.1 * frame["x2"]).astype(float)
    for c in ("x1", "x2"):
        frame[f"{c}c"] = frame[c] - frame[c].mean()
    fit = smf.ols("y ~ C(p) * (x1c + x2c)", data=frame).fit(cov_type="HC2", use_t=True)
    ours = lin_fit(frame["y"].to_numpy(), frame["p"].to_numpy(), frame[["x1", "x2"]].to_numpy(), 3)
    np.testing.assert_allclose(ours["estimate"], fit.params[["C(p)[T.1]", "C(p)[T.2]"]], rtol=1e-10)
    np.testing.assert_allclose(ours["std_error"], fit.bse[["C(p)[T.1]", "C(p)[T.2]"]], rtol=1e-10)


def test_constant_covariate_is_dropped_not_fatal() -> None:
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 200).astype(float)
    p = rng.integers(0, 2, 200)
    covs = np.column_stack([rng.normal(size=200), np.ones(200)])
    assert np.isfinite(lin_fit(y, p, covs, 2)["std_error"]).all()


def test_adjusted_effects_cover_every_outcome_for_everyone(embedded) -> None:
    rows = adjusted_effects(embedded.prepared)
    assert set(rows["subgroup"]) == {"all"}
    grid_effects = embedded.grid.query("kind == 'effect' and subgroup == 'all'")
    assert len(rows) == len(grid_effects)
