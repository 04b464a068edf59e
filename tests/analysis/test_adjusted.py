"""Lin (2013) covariate-adjusted effects equal R estimatr::lm_lin and statsmodels formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis.stats.adjusted import (
    adjusted_effects,
    lin_dense_cells,
    lin_fit,
    lin_grouped,
    lin_grouped_cells,
)
from analysis.study.columns import pattern_codes as _pattern_codes
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


def test_adjusted_effects_cover_every_outcome_and_subgroup_level(embedded) -> None:
    rows = adjusted_effects(embedded.prepared)
    keys = ["outcome", "issue", "option", "subgroup", "level", "prompt"]
    grid_effects = embedded.grid.query("kind == 'effect'")
    assert set(map(tuple, rows[keys].to_numpy())) <= set(map(tuple, grid_effects[keys].to_numpy()))
    assert set(rows["subgroup"]) == set(grid_effects["subgroup"])
    assert len(rows.query("subgroup == 'all'")) == len(grid_effects.query("subgroup == 'all'"))


def test_grouped_and_per_respondent_sums_give_the_same_rows(embedded) -> None:
    grouped = adjusted_effects(embedded.prepared, grouped=True)
    rows = adjusted_effects(embedded.prepared, grouped=False)
    assert grouped[["outcome", "issue", "subgroup", "level", "prompt", "n"]].equals(
        rows[["outcome", "issue", "subgroup", "level", "prompt", "n"]]
    )
    for column in ("estimate", "std_error", "p_value"):
        np.testing.assert_allclose(grouped[column], rows[column], rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("grouped", [True, False])
def test_subgroup_level_equals_statsmodels_on_the_level_rows(embedded, grouped) -> None:
    prep = embedded.prepared
    f = prep.frame
    rows = adjusted_effects(prep, grouped=grouped).query(
        "outcome == 'no_opinion' and issue == 'ldp' and subgroup == 'region' and level == '3'"
    )
    covs = [f"cov_{c}" for c in prep.mapping.covariates]
    sample = f[(f["option"] == "no_opinion") & f["ans_ldp"].notna() & (f["sg_region"] == "3")]
    sample = sample.dropna(subset=covs)
    frame = pd.DataFrame({"y": (sample["ans_ldp"] == 3).astype(float), "p": sample["prompt"]})
    terms = []
    for c in covs:
        frame[c] = sample[c] - sample[c].mean()
        terms.append(c)
    formula = "y ~ C(p, Treatment('none')) * (" + " + ".join(terms) + ")"
    fit = smf.ols(formula, data=frame).fit(cov_type="HC2", use_t=True)
    for prompt in ("company", "government"):
        name = f"C(p, Treatment('none'))[T.{prompt}]"
        row = rows[rows["prompt"] == prompt].iloc[0]
        assert row["estimate"] == pytest.approx(fit.params[name], rel=1e-10, abs=1e-12)
        assert row["std_error"] == pytest.approx(fit.bse[name], rel=1e-10)
        assert row["p_value"] == pytest.approx(fit.pvalues[name], rel=1e-8)


@pytest.mark.parametrize("seed", range(6))
def test_grouped_lin_equals_statsmodels_on_random_unbalanced_data(seed) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(150, 600))
    arms = rng.choice(3, size=n, p=rng.dirichlet([2, 2, 2]) * 0.7 + 0.1)
    x1 = rng.integers(0, 4, n).astype(float)  # few values: groups of many respondents
    x2 = rng.integers(18, 30, n).astype(float)
    y = (rng.random(n) < 0.2 + 0.05 * x1 + 0.1 * (arms == 2)).astype(float)
    frame = pd.DataFrame({"y": y, "p": arms, "x1": x1 - x1.mean(), "x2": x2 - x2.mean()})
    fit = smf.ols("y ~ C(p) * (x1 + x2)", data=frame).fit(cov_type="HC2", use_t=True)
    keys, inverse = np.unique(np.column_stack([arms, x1, x2]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    count = np.bincount(inverse).astype(float)
    sum_y = np.bincount(inverse, weights=y)
    est, se, df = lin_grouped(count, sum_y, sum_y, keys[:, 1:], keys[:, 0].astype(int), 3)
    names = ["C(p)[T.1]", "C(p)[T.2]"]
    np.testing.assert_allclose(est, fit.params[names], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(se, fit.bse[names], rtol=1e-10)
    assert df == fit.df_resid


def _random_cells(seed: int, n_cells: int = 12):
    """Groups of many cells: some with a covariate constant in the cell, an arm with one group
    or none, collinear covariates, or no groups at all.

    Every other arm has more groups than Z has columns: with exactly as many, every leverage is
    1 and HC2 is 0/0, where both paths give rounding noise (NaN, inf or a number)."""
    rng = np.random.default_rng(seed)
    cells, counts, sums, covs, arms = [], [], [], [], []
    for c in range(n_cells):
        kind = c % 6
        if kind == 5:
            continue  # a cell without groups
        per_arm = rng.integers(6, 15, size=3)
        if kind == 3:
            per_arm[1] = 1  # one group in an arm: its Z'Z is singular, no estimate
        if kind == 4:
            per_arm[2] = 0  # an arm absent from the cell: no estimate
        arm = np.repeat(np.arange(3), per_arm)
        g = len(arm)
        x = rng.normal(size=(g, 3)) * 10.0 ** rng.integers(-3, 6, size=3)  # scales far apart
        if kind == 1:
            x[:, 0] = 2.0  # constant in this cell only: dropped here, kept elsewhere
        if kind == 2:
            x[:, 2] = 3 * x[:, 1] - 1  # collinear with another covariate: no estimate
        count = rng.integers(1, 6, g).astype(float)
        cells.append(np.full(g, c))
        counts.append(count)
        sums.append(rng.binomial(count.astype(int), 0.4).astype(float))
        covs.append(x)
        arms.append(arm)
    order = rng.permutation(sum(len(a) for a in cells))  # the cells' groups interleaved
    return tuple(np.concatenate(a)[order] for a in (cells, counts, sums, covs, arms))


@pytest.mark.parametrize("seed", range(8))
def test_lin_for_many_cells_at_once_equals_one_call_per_cell(seed) -> None:
    n_cells = 12
    cell, count, sum_y, covs, arm = _random_cells(seed, n_cells)
    est, se, df = lin_grouped_cells(cell, count, sum_y, sum_y, covs, arm, 3, n_cells)
    fitted = 0
    for c in range(n_cells):
        sel = cell == c
        if not sel.any():
            assert np.isnan(est[c]).all() and np.isnan(se[c]).all() and np.isnan(df[c])
            continue
        one_est, one_se, one_df = lin_grouped(
            count[sel], sum_y[sel], sum_y[sel], covs[sel], arm[sel], 3
        )
        np.testing.assert_allclose(est[c], one_est, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(se[c], one_se, rtol=1e-10, atol=1e-13)
        np.testing.assert_equal(df[c], one_df)
        fitted += int(np.isfinite(one_est).all())
    assert 0 < fitted < n_cells  # some cells give estimates and some cannot


def _random_dense(seed: int, n_cells: int = 12):
    """Counts per (cell, arm, covariate values) over 40 shared values: cells where the first
    covariate is constant, where the values present are collinear, with an arm of one group or
    none, and without respondents.

    Continuous covariates, and every other arm has more groups than Z has columns: a group
    alone at its value (leverage 1) makes HC2 0/0, where either path gives rounding noise."""
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(40, 3)) * 10.0 ** rng.integers(-3, 6, size=3)  # scales far apart
    values[:8, 2] = 3 * values[:8, 1] - 1  # values 0-7: collinear covariates
    values[24:, 0] = 2.0  # values 24-39: the first covariate constant
    pools = {1: np.arange(24, 40), 2: np.arange(8)}
    count = np.zeros((n_cells, 3, 40))
    for c in range(n_cells):
        kind = c % 6
        pool = pools.get(kind, np.arange(8, 24))
        for a in range(3):
            size = min(int(rng.integers(6, 15)), len(pool))
            if (kind, a) == (3, 1):
                size = 1  # one group in an arm: no estimate
            if kind == 5 or (kind, a) == (4, 2):
                size = 0  # an arm without respondents, or a whole empty cell
            picked = rng.choice(pool, size=size, replace=False)
            count[c, a, picked] = rng.integers(1, 6, size)
    sum_y = rng.binomial(count.astype(int), 0.4).astype(float)
    return count, sum_y, values


@pytest.mark.parametrize("seed", range(8))
def test_dense_lin_equals_lin_on_the_groups_present(seed) -> None:
    count, sum_y, values = _random_dense(seed)
    est, se, df = lin_dense_cells(count, sum_y, sum_y, values)
    cell, arm, value = np.nonzero(count)
    sparse = lin_grouped_cells(
        cell,
        count[cell, arm, value],
        sum_y[cell, arm, value],
        sum_y[cell, arm, value],
        values[value],
        arm,
        3,
        len(count),
    )
    for ours, theirs in zip((est, se, df), sparse, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-13)
    fitted = np.isfinite(est).all(axis=1)
    assert fitted.tolist() == [c % 6 in (0, 1) for c in range(len(count))]


@pytest.mark.parametrize("columns", [2, 8])  # 8 continuous columns: more combinations than int64
def test_pattern_codes_number_patterns_as_groupby_does(columns) -> None:
    rng = np.random.default_rng(columns)
    n = 3000
    covs = rng.normal(size=(n, columns)).round(1 if columns == 2 else 6)
    covs[:, 0] = rng.choice([0.0, -0.0, 1.5], n)  # -0.0 and 0.0 are one value
    covs[rng.random(n) < 0.05, 1] = np.nan
    frame = pd.DataFrame(covs[np.isfinite(covs).all(axis=1)])
    expected = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    codes, values = _pattern_codes(covs)
    assert np.array_equal(codes[codes >= 0], expected)
    assert (codes[np.isnan(covs[:, 1])] == -1).all()
    np.testing.assert_array_equal(values[codes[codes >= 0]], frame.to_numpy())
