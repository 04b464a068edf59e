"""Interaction estimates and joint Wald tests equal R lm_robust(y ~ prompt * level) and
statsmodels (HC2, t_test and wald_test with use_f)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.stats.hc2 import cell_moments, wald_f
from analysis.stats.subgroups import interaction_contrasts, interaction_effects
from tests.analysis.conftest import VALUES, assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", VALUES)
def test_interactions_match_r_lm_robust(r_estimates, r_reference, column) -> None:
    rows = r_estimates[r_estimates["kind"] == "interaction"]
    ref = r_reference[r_reference["kind"] == "interaction"]
    assert_matches_r(joined_with_r(rows, ref, "ols_hc2"), [column])


@pytest.mark.parametrize("column", ["n", "estimate", "p_value"])
def test_joint_tests_match_r(r_estimates, r_reference, column) -> None:
    assert_matches_r(
        joined_with_r(r_estimates, r_reference, "wald_f_hc2").query("kind == 'joint_test'"),
        [column],
    )


def _random_frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 600
    frame = pd.DataFrame({"p": rng.integers(0, 3, n), "lv": rng.integers(0, 3, n)})
    frame["y"] = (rng.random(n) < 0.2 + 0.1 * (frame["p"] == 2) * frame["lv"]).astype(float)
    return frame


def test_closed_form_joint_test_equals_statsmodels_wald_test() -> None:
    frame = _random_frame(7)
    fit = smf.ols("y ~ C(p) * C(lv)", data=frame).fit(cov_type="HC2", use_t=True)
    names = ["C(p)[T.2]:C(lv)[T.1]", "C(p)[T.2]:C(lv)[T.2]"]
    expected = fit.wald_test(", ".join(f"{n} = 0" for n in names), use_f=True, scalar=True)
    n, _, mean, var = cell_moments(frame["lv"] * 3 + frame["p"], frame["y"], 9)
    contrasts = interaction_contrasts(3, 3)
    stat, p, q = wald_f(np.array([contrasts[(2, 1)], contrasts[(2, 2)]]), mean, var, n.sum() - 9)
    assert q == 2
    np.testing.assert_allclose([stat, p], [expected.statistic, expected.pvalue], rtol=1e-10)


def test_closed_form_interaction_equals_statsmodels_t_test() -> None:
    frame = _random_frame(8)
    fit = smf.ols("y ~ C(p) * C(lv)", data=frame).fit(cov_type="HC2", use_t=True)
    n, _, mean, var = cell_moments(frame["lv"] * 3 + frame["p"], frame["y"], 9)
    c = interaction_contrasts(3, 3)[(1, 2)]
    term = "C(p)[T.1]:C(lv)[T.2]"
    np.testing.assert_allclose(
        [c @ mean, np.sqrt((c**2) @ var)], [fit.params[term], fit.bse[term]], rtol=1e-10
    )


def test_reference_level_has_no_interaction_row(embedded) -> None:
    rows = interaction_effects(embedded.prepared).query("kind == 'interaction'")
    reference_levels = {key: levels[0][0] for key, levels in embedded.prepared.subgroup_levels}
    assert not any(rows["level"] == rows["subgroup"].map(reference_levels))
