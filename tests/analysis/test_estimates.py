"""The vectorised grid equals statsmodels (OLS HC2 with t, Wilson) cell by cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from analysis.stats.estimates import COLUMNS, neyman_effects, wilson


def _statsmodels_effect(y: np.ndarray, prompt: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame({"y": y, "prompt": prompt})
    fit = smf.ols("y ~ C(prompt, Treatment('none'))", data=frame).fit(cov_type="HC2", use_t=True)
    ci = fit.conf_int()
    rows = []
    for p in ("company", "government"):
        term = f"C(prompt, Treatment('none'))[T.{p}]"
        rows.append(
            {
                "prompt": p,
                "estimate": fit.params[term],
                "std_error": fit.bse[term],
                "ci_low": ci.loc[term, 0],
                "ci_high": ci.loc[term, 1],
                "p_value": fit.pvalues[term],
            }
        )
    return pd.DataFrame(rows).set_index("prompt")


def test_grid_has_the_cli_columns(embedded) -> None:
    assert list(embedded.grid.columns) == COLUMNS


def test_grid_kinds_and_methods(embedded) -> None:
    pairs = set(map(tuple, embedded.grid[["kind", "method"]].drop_duplicates().to_numpy()))
    assert pairs == {("rate", "wilson"), ("effect", "ols_hc2")}


def test_rates_are_proportions(embedded) -> None:
    rates = embedded.grid[embedded.grid["kind"] == "rate"].dropna(subset=["estimate"])
    assert rates["estimate"].between(0, 1).all()
    assert (rates["ci_low"] <= rates["estimate"]).all()
    assert (rates["estimate"] <= rates["ci_high"]).all()


@pytest.mark.parametrize(
    ("outcome", "issue", "subgroup"),
    [
        ("opt_out", "all", "all"),
        ("opt_out", "ldp", "all"),
        ("no_opinion", "economy", "all"),
        ("no_opinion", "all", "gender"),
        ("support", "death_penalty", "education"),
    ],
)
def test_grid_effects_equal_statsmodels(embedded, outcome, issue, subgroup) -> None:
    from analysis.stats.estimates import outcome_specs

    prep = embedded.prepared
    spec = next(s for s in outcome_specs(prep) if s.outcome == outcome and s.issue == issue)
    grid = embedded.grid.query(
        "kind == 'effect' and outcome == @outcome and issue == @issue "
        "and option == @spec.option and subgroup == @subgroup"
    )
    levels = ["all"] if subgroup == "all" else [k for k, _ in prep.levels(subgroup)]
    for level in levels:
        mask = spec.eligible.copy()
        if subgroup != "all":
            mask &= (prep.frame[f"sg_{subgroup}"] == level).to_numpy()
        ref = _statsmodels_effect(spec.y[mask], prep.frame["prompt"].to_numpy()[mask])
        ours = grid[grid["level"] == level].set_index("prompt")
        for col in ["estimate", "std_error", "ci_low", "ci_high", "p_value"]:
            np.testing.assert_allclose(ours.loc[ref.index, col], ref[col], rtol=0, atol=1e-10)


def test_wilson_equals_statsmodels() -> None:
    k = np.array([0, 1, 17, 99, 100])
    n = np.array([100, 100, 100, 100, 100])
    low, high = wilson(k, n)
    ref_low, ref_high = proportion_confint(k, n, method="wilson")
    np.testing.assert_allclose(low, np.clip(ref_low, 0, 1), atol=1e-14)
    np.testing.assert_allclose(high, np.clip(ref_high, 0, 1), atol=1e-14)


def test_wilson_empty_cell_is_nan() -> None:
    low, high = wilson(np.array([0]), np.array([0]))
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_effect_with_zero_events_in_both_arms_has_no_p_value() -> None:
    res = neyman_effects(
        np.array([50]), np.array([0]), np.array([50]), np.array([0]), np.array([97])
    )
    assert res["estimate"][0] == 0
    assert np.isnan(res["p_value"][0])


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**31 - 1), st.integers(min_value=8, max_value=400))
def test_neyman_closed_form_equals_statsmodels_on_random_data(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    prompt = rng.choice(["none", "company", "government"], size=n)
    prompt[:3] = ["none", "company", "government"]
    y = (rng.random(n) < rng.uniform(0.05, 0.95)).astype(float)
    counts = pd.Series(prompt).value_counts()
    if (counts < 2).any():
        return
    ref = _statsmodels_effect(y, prompt)
    n_c, k_c = counts["none"], y[prompt == "none"].sum()
    for p in ("company", "government"):
        res = neyman_effects(
            np.array([counts[p]]),
            np.array([y[prompt == p].sum()]),
            np.array([n_c]),
            np.array([k_c]),
            np.array([n - 3]),
        )
        if ref.loc[p, "std_error"] < 1e-12:  # exact 0; statsmodels leaves rounding noise
            continue
        for col in ["estimate", "std_error", "ci_low", "ci_high", "p_value"]:
            assert abs(res[col][0] - ref.loc[p, col]) < 1e-10
