"""Covariate-adjusted effects (Lin 2013): centred covariates fully interacted with the prompt.

For each outcome (and each level of each subgroup) the model is ``y ~ prompt + Xc + prompt:Xc``
with ``Xc`` the mapping's ``[adjustment] covariates`` centred on their mean in the estimation
sample (complete cases in that level), fitted by OLS with HC2 standard errors and t on N - K df:
R ``estimatr::lm_lin(y ~ prompt, covariates = ~ x1 + x2, se_type = "HC2")`` on the rows of the
level. The prompt coefficients are the adjusted effects against the control. Rows: ``kind =
effect``, ``method = lin_hc2``, every subgroup level; ``n`` counts the complete cases in the
control and the treated group.

Why no model is fitted on the whole design matrix: fully interacted with the prompt, the model
separates by arm. Its design is block-diagonal (one block ``[1, x - xbar]`` per arm), so each
arm's coefficients are a least-squares fit on a few columns, ``(Z_p'Z_p)^-1`` gives every
leverage ``h_i = z_i' (Z_p'Z_p)^-1 z_i``, the HC2 meat is block-diagonal too, and the effect of
arm p is ``a_p - a_0`` (the arms' intercepts at the centre) with variance ``V_p + V_0``,
``V_p = sum_i ((Z_p'Z_p)^-1 z_i)_0^2 e_i^2 / (1 - h_i)``. Respondents with the same covariate
values, arm and level share ``z_i``, ``h_i`` and the fitted value, so for a 0/1 outcome the sums
need only their count and their number of 1s: a million rows collapse to a few thousand groups
(``tests/analysis/test_adjusted.py`` checks this against statsmodels to 1e-10 and R). Every level
of a subgroup is fitted in one batch (:func:`lin_grouped_cells`), and when most (level, arm,
covariate values) groups are present, as at a million rows, in a dense layout whose sums are
matrix products (:func:`lin_dense_cells`); both are tested against one :func:`lin_grouped` call
per cell on random data.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.stats.estimates import (
    ALPHA,
    COLUMNS,
    OutcomeSpec,
    _strata,
    outcome_counts,
    outcome_specs,
    subgroup_codes,
)
from analysis.stats.hc2 import t_inference
from analysis.study.prepare import Prepared

METHOD = "lin_hc2"
MAX_CONDITION = 1e12  # an arm's Z'Z worse than this: its covariates are collinear (no estimate)
# Grouped sums are fitted in the dense layout (lin_dense_cells) when at least this share of the
# (level, arm, covariate values) groups has respondents (at 1M rows: ~60%), else group by group.
DENSE_SHARE = 0.25


def lin_design(prompt_code: np.ndarray, covariates: np.ndarray, n_prompts: int) -> np.ndarray:
    """The Lin design matrix: intercept, prompt dummies (1..P-1), centred covariates and every
    dummy x centred covariate product (the column order of ``estimatr::lm_lin``)."""
    covariates = np.asarray(covariates, dtype=float).reshape(len(prompt_code), -1)
    centred = covariates - covariates.mean(axis=0)
    dummies = np.column_stack([(prompt_code == p).astype(float) for p in range(1, n_prompts)])
    inter = [dummies[:, [j]] * centred for j in range(dummies.shape[1])]
    return np.column_stack([np.ones(len(prompt_code)), dummies, centred, *inter])


def lin_grouped(
    count: np.ndarray,
    sum_y: np.ndarray,
    sum_yy: np.ndarray,
    covariates: np.ndarray,
    arm: np.ndarray,
    n_prompts: int,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lin's adjusted effects of arms 1..P-1 vs arm 0 and their HC2 SEs, from groups of
    respondents who share covariate values and arm (a group may be one respondent).

    ``count``, ``sum_y`` and ``sum_yy`` are each group's size and sums of y and y^2;
    ``covariates`` one row per group. Returns ``(estimate, std_error, df)``; NaN when an arm's
    covariates are collinear. Covariates constant in the sample are dropped (R gives NA).
    """
    count = np.asarray(count, dtype=float)
    x = np.asarray(covariates, dtype=float).reshape(len(count), -1)
    nan = np.full(n_prompts - 1, np.nan)
    # Rescaling a covariate leaves the effect unchanged and keeps huge values finite.
    scale = np.abs(x).max(axis=0) if len(x) else np.ones(x.shape[1])
    x = x / np.where(scale > 0, scale, 1.0)
    if not np.isfinite(x).all():
        return nan, nan, np.nan
    x = x[:, np.ptp(x, axis=0) > 0] if len(x) else x
    total = count.sum()
    z = np.column_stack([np.ones(len(count)), x - (count @ x) / total])
    intercept = np.empty(n_prompts)
    variance = np.empty(n_prompts)
    for p in range(n_prompts):
        sel = arm == p
        zp, cp = z[sel], count[sel]
        ztz = zp.T @ (zp * cp[:, None])
        if not len(cp) or np.linalg.cond(ztz) > MAX_CONDITION:
            return nan, nan, np.nan
        inv = np.linalg.inv(ztz)
        coef = inv @ (zp.T @ sum_y[sel])
        fitted = zp @ coef
        za = zp @ inv
        leverage = np.einsum("ij,ij->i", za, zp)
        sse = sum_yy[sel] - 2 * fitted * sum_y[sel] + cp * fitted**2
        with np.errstate(divide="ignore", invalid="ignore"):
            variance[p] = np.sum(za[:, 0] ** 2 * sse / (1 - leverage))
        intercept[p] = coef[0]
    df = total - n_prompts * z.shape[1]
    return intercept[1:] - intercept[0], np.sqrt(variance[1:] + variance[0]), df


def lin_grouped_cells(
    cell: np.ndarray,
    count: np.ndarray,
    sum_y: np.ndarray,
    sum_yy: np.ndarray,
    covariates: np.ndarray,
    arm: np.ndarray,
    n_prompts: int,
    n_cells: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`lin_grouped` for many cells at once: group ``i`` belongs to cell ``cell[i]``
    (0..n_cells-1). Returns ``(estimate, std_error)``, each ``(n_cells, P - 1)``, and ``df``
    ``(n_cells,)``: every cell's numbers are those of ``lin_grouped`` on its groups alone (NaN for
    a cell without groups).

    Why: an export has about a thousand cells (outcome x subgroup level) of a few thousand
    groups each. One ``lin_grouped`` call per cell spent most of its time on Python and
    small-array overhead; here every cell's sums are one ``np.bincount`` per entry of Z'Z, and
    the per-arm (Z'Z)^-1 of all cells are inverted as one stack. Cells whose covariates are
    constant in different columns are fitted in separate batches, one per set of columns kept.
    """
    cell = np.asarray(cell, dtype=np.int64)
    # Each cell's groups side by side (grouped sums usually arrive so already: no copy then).
    order: slice | np.ndarray = slice(None)
    if not (cell[1:] >= cell[:-1]).all():
        order = np.argsort(cell, kind="stable")
    cell = cell[order]
    count = np.asarray(count, dtype=float)[order]
    sum_y = np.asarray(sum_y, dtype=float)[order]
    sum_yy = np.asarray(sum_yy, dtype=float)[order]
    arm = np.asarray(arm, dtype=np.int64)[order]
    x = np.asarray(covariates, dtype=float).reshape(len(cell), -1)[order]
    estimate = np.full((n_cells, n_prompts - 1), np.nan)
    std_error = np.full((n_cells, n_prompts - 1), np.nan)
    df = np.full(n_cells, np.nan)
    if not len(cell):
        return estimate, std_error, df
    new_cell = np.r_[True, cell[1:] != cell[:-1]]
    starts = np.flatnonzero(new_cell)
    present = cell[starts]  # the cells with groups, in order
    local = np.cumsum(new_cell) - 1  # each group's position in ``present``
    # As lin_grouped: each cell's covariates rescaled by their largest absolute value there,
    # and covariates constant in the cell dropped.
    scale = np.maximum.reduceat(np.abs(x), starts, axis=0)
    x = x / np.where(scale > 0, scale, 1.0)[local]
    finite = np.logical_and.reduceat(np.isfinite(x).all(axis=1), starts)
    varies = np.maximum.reduceat(x, starts, axis=0) > np.minimum.reduceat(x, starts, axis=0)
    for kept in np.unique(varies[finite], axis=0):
        batch = finite & (varies == kept).all(axis=1)
        rows = batch[local]
        position = np.cumsum(batch) - 1
        est, se, d = _lin_batch(
            position[local[rows]],
            count[rows],
            sum_y[rows],
            sum_yy[rows],
            x[rows][:, kept],
            arm[rows],
            n_prompts,
            int(batch.sum()),
        )
        estimate[present[batch]], std_error[present[batch]], df[present[batch]] = est, se, d
    return estimate, std_error, df


def _lin_batch(
    cell: np.ndarray,
    count: np.ndarray,
    sum_y: np.ndarray,
    sum_yy: np.ndarray,
    x: np.ndarray,
    arm: np.ndarray,
    n_prompts: int,
    n_cells: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arithmetic of :func:`lin_grouped` for cells that keep the same covariates (every cell
    has groups); each (cell, arm) is one block of the block-diagonal design."""
    total = np.bincount(cell, weights=count, minlength=n_cells)
    # Z column by column (a list of contiguous arrays): the first is the intercept, then each
    # covariate centred on its mean in the group's cell.
    z = [np.ones(len(count))]
    for column in np.asarray(x, dtype=float).T:
        centre = np.bincount(cell, weights=count * column, minlength=n_cells) / total
        z.append(column - centre[cell])
    width = len(z)
    pairs = [(a, b) for a in range(width) for b in range(a, width)]
    products = {(a, b): z[a] * z[b] for a, b in pairs}
    block = cell * n_prompts + arm
    n_blocks = n_cells * n_prompts
    ztz = np.empty((n_blocks, width, width))
    for a, b in pairs:
        ztz[:, a, b] = ztz[:, b, a] = np.bincount(
            block, weights=count * products[a, b], minlength=n_blocks
        )
    zty = np.column_stack(
        [np.bincount(block, weights=z[a] * sum_y, minlength=n_blocks) for a in range(width)]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        condition = np.linalg.cond(ztz)
    usable = (np.bincount(block, minlength=n_blocks) > 0) & ~(condition > MAX_CONDITION)
    inv = np.zeros_like(ztz)
    inv[usable] = np.linalg.inv(ztz[usable])
    coef = np.einsum("bij,bj->bi", inv, zty)
    # Per group: the fitted value z'b, the first entry of z'(Z'Z)^-1 and the leverage
    # z'(Z'Z)^-1 z, each a sum over the few columns of Z with the block's entries gathered.
    fitted = sum(z[a] * coef[block, a] for a in range(width))
    first = sum(z[a] * inv[block, a, 0] for a in range(width))
    leverage = sum(
        products[a, b] * (inv[:, a, b] + inv[:, b, a])[block]
        if a != b
        else products[a, a] * inv[block, a, a]
        for a, b in pairs
    )
    sse = sum_yy - 2 * fitted * sum_y + count * fitted**2
    with np.errstate(divide="ignore", invalid="ignore"):
        term = first**2 * sse / (1 - leverage)
    variance = np.bincount(block, weights=term, minlength=n_blocks).reshape(n_cells, n_prompts)
    intercept = coef[:, 0].reshape(n_cells, n_prompts)
    fit = usable.reshape(n_cells, n_prompts).all(axis=1)
    est = np.where(fit[:, None], intercept[:, 1:] - intercept[:, :1], np.nan)
    with np.errstate(invalid="ignore"):
        se = np.where(fit[:, None], np.sqrt(variance[:, 1:] + variance[:, :1]), np.nan)
    return est, se, np.where(fit, total - n_prompts * width, np.nan)


def lin_dense_cells(
    count: np.ndarray, sum_y: np.ndarray, sum_yy: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`lin_grouped_cells` for groups laid out densely: ``count[c, a, v]`` respondents of
    cell ``c`` and arm ``a`` with covariate values ``values[v]`` (0 where none), ``sum_y`` and
    ``sum_yy`` alike. Returns ``(estimate, std_error)``, each ``(cells, arms - 1)``, and ``df``.

    Why: at a million rows nearly every (cell, arm, covariate values) group is present, so the
    sums over groups are dense matrix products (Z'Z of every arm of every cell in one batched
    ``matmul``) instead of a ``bincount`` per entry and a gather per group.
    """
    count, sum_y, sum_yy = (np.asarray(a, dtype=float) for a in (count, sum_y, sum_yy))
    n_cells, n_prompts, _ = count.shape
    values = np.asarray(values, dtype=float).reshape(count.shape[2], -1)
    estimate = np.full((n_cells, n_prompts - 1), np.nan)
    std_error = np.full((n_cells, n_prompts - 1), np.nan)
    df = np.full(n_cells, np.nan)
    if not values.shape[0]:
        return estimate, std_error, df
    seen = count.sum(axis=1) > 0  # (cell, covariate values) with respondents
    # As lin_grouped: per cell, covariates rescaled by their largest absolute value there, and
    # those constant in the cell dropped. Each covariate's largest and smallest value seen in a
    # cell are picked from the values sorted once (the first and last seen in that order), not
    # reduced from a (cells, values, covariates) array; the largest |value| is the larger of
    # their absolute values. The same numbers, chosen rather than computed.
    k = values.shape[1]
    top, bottom = np.empty((n_cells, k)), np.empty((n_cells, k))
    for j in range(k):
        order = np.argsort(values[:, j], kind="stable")
        ordered = seen[:, order]
        low = np.argmax(ordered, axis=1)
        high = ordered.shape[1] - 1 - np.argmax(ordered[:, ::-1], axis=1)
        bottom[:, j], top[:, j] = values[order[low], j], values[order[high], j]
    magnitude = np.maximum(np.abs(top), np.abs(bottom))
    scale = np.where(magnitude > 0, magnitude, 1.0)
    with np.errstate(invalid="ignore"):
        varies = top / scale > bottom / scale
    # Every value seen is finite once rescaled exactly when the largest |value| is finite.
    finite = seen.any(axis=1) & np.isfinite(magnitude).all(axis=1)
    for kept in np.unique(varies[finite], axis=0):
        batch = np.flatnonzero(finite & (varies == kept).all(axis=1))
        x = values[None, :, kept] / scale[batch][:, None, kept]  # (cells, values, covariates)
        est, se, d = _lin_dense(count[batch], sum_y[batch], sum_yy[batch], x)
        estimate[batch], std_error[batch], df[batch] = est, se, d
    return estimate, std_error, df


def _lin_dense(
    count: np.ndarray, sum_y: np.ndarray, sum_yy: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arithmetic of :func:`lin_grouped` on dense groups (see :func:`lin_dense_cells`);
    ``x`` is (cells, values, covariates kept), already rescaled."""
    n_cells, n_prompts, _ = count.shape
    total = count.sum(axis=(1, 2))
    centre = np.einsum("cv,cvj->cj", count.sum(axis=1), x) / total[:, None]
    ones = np.ones(x.shape[:2] + (1,))
    z = np.concatenate([ones, x - centre[:, None, :]], axis=2)[:, None]  # (cell, 1, value, K)
    width = z.shape[-1]
    weighted = z * count[..., None]  # (cell, arm, value, K)
    ztz = np.swapaxes(weighted, -1, -2) @ z  # (cell, arm, K, K)
    zty = (sum_y[:, :, None, :] @ z)[:, :, 0]  # (cell, arm, K)
    with np.errstate(divide="ignore", invalid="ignore"):
        condition = np.linalg.cond(ztz)
    usable = (count > 0).any(axis=2) & ~(condition > MAX_CONDITION)
    inv = np.zeros_like(ztz)
    inv[usable] = np.linalg.inv(ztz[usable])
    coef = (inv @ zty[..., None])[..., 0]  # (cell, arm, K)
    fitted = (z @ coef[..., None])[..., 0]  # (cell, arm, value)
    za = z @ inv  # each group's row of Z (Z'Z)^-1
    leverage = np.einsum("cavk,cvk->cav", za, z[:, 0])
    sse = sum_yy - 2 * fitted * sum_y + count * fitted**2
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(count > 0, za[..., 0] ** 2 * sse / (1 - leverage), 0.0)
    variance = term.sum(axis=2)
    fit = usable.all(axis=1)
    est = np.where(fit[:, None], coef[:, 1:, 0] - coef[:, :1, 0], np.nan)
    with np.errstate(invalid="ignore"):
        se = np.where(fit[:, None], np.sqrt(variance[:, 1:] + variance[:, :1]), np.nan)
    return est, se, np.where(fit, total - n_prompts * width, np.nan)


def lin_fit(
    y: np.ndarray,
    prompt_code: np.ndarray,
    covariates: np.ndarray,
    n_prompts: int,
    alpha: float = ALPHA,
) -> pd.DataFrame:
    """Adjusted effect of each prompt 1..P-1 vs prompt 0 (one row each, index = prompt code),
    one respondent per row. Covariates without variation are dropped (R returns NA for them)."""
    y = np.asarray(y, dtype=float)
    est, se, df = lin_grouped(
        np.ones(len(y)), y, y * y, covariates, np.asarray(prompt_code), n_prompts
    )
    res = t_inference(est, se, np.full(n_prompts - 1, df), alpha)
    return pd.DataFrame(res, index=list(range(1, n_prompts)))


def adjusted_effects(
    prep: Prepared, alpha: float = ALPHA, *, grouped: bool | None = None
) -> pd.DataFrame:
    """Lin-adjusted effects vs control for every outcome and subgroup level (empty without
    covariates). ``grouped`` forces (True) or forbids (False) collapsing respondents with the
    same covariate values; by default it is used when they are few enough to pay.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> rows = adjusted_effects(load_embedded())
    >>> set(rows["method"]), "gender" in set(rows["subgroup"])
    ({'lin_hc2'}, True)
    """
    m = prep.mapping
    prompts = list(m.prompt_keys)
    n_p = len(prompts)
    if not m.covariates or n_p < 2:
        return pd.DataFrame(columns=COLUMNS)
    f = prep.frame
    k = len(m.covariates)
    pattern, values = prep.covariate_patterns()
    n_pat = len(values)
    # Grouping pays when respondents share covariate values (survey covariates usually do);
    # with continuous covariates every respondent is a group of one (the same sums, per row).
    if grouped is None:
        grouped = n_pat * n_p <= max(len(f) // 4, 1)
    # The covariates row by row are read only when the rows are not grouped.
    covs = np.empty((0, k)) if grouped else f[[f"cov_{c}" for c in m.covariates]].to_numpy(float)
    prompt_code = prep.codes("prompt", prompts)
    subgroups = list(subgroup_codes(prep))
    if grouped:
        # Respondents alike in prompt, every subgroup level and covariate values form one
        # stratum: each outcome then costs two passes over the rows, whatever the number of
        # subgroups, and every (level, arm, covariate values) group is a sum over strata: one
        # sparse product gives every subgroup's groups at once (a bincount per subgroup and
        # outcome cost ~0.3 s at a million rows).
        stratum, first = _strata(
            prompt_code, [*subgroups[1:], ("covariates", [""] * n_pat, pattern)]
        )
        n_strata = len(first)
        unit_rows, unit_cols, unit_start = [], [], [0]
        for _key, levels, level_code in subgroups:
            lv_s, pat_s = level_code[first], pattern[first]
            inside = np.flatnonzero((lv_s >= 0) & (pat_s >= 0))
            unit = (lv_s * n_p + prompt_code[first]) * n_pat + pat_s
            unit_rows.append(unit_start[-1] + unit[inside])
            unit_cols.append(inside)
            unit_start.append(unit_start[-1] + len(levels) * n_p * n_pat)
        rows_, cols_ = np.concatenate(unit_rows), np.concatenate(unit_cols)
        to_unit = sparse.csr_matrix(
            (np.ones(len(rows_)), (rows_, cols_)), shape=(unit_start[-1], n_strata)
        )
    labels: list[tuple[str, str, str, str, str]] = []  # (outcome, issue, option, subgroup, level)
    fits: list[tuple[np.ndarray, ...]] = []  # (n, estimate, std_error, df) of those cells
    # Grouped: each outcome's sums per unit (outcome_counts: outcomes of different options
    # counted in one pass); else each outcome's rows (its spec), one at a time.
    per_outcome: Iterator[tuple[tuple[str, str, str], np.ndarray, np.ndarray, OutcomeSpec | None]]
    if grouped:
        per_outcome = (
            (names, n_u, k_u, None)
            for names, n_u, k_u in outcome_counts(prep, stratum, n_strata, to_unit)
        )
    else:
        none = np.empty(0)
        per_outcome = (((s.outcome, s.issue, s.option), none, none, s) for s in outcome_specs(prep))
    for spec_labels, unit_n, unit_k, spec in per_outcome:
        # Per subgroup: its levels fitted, their counts and, for groups fitted one by one
        # (sparse), the results; the dense ones are fitted together below.
        done: list[tuple[int, np.ndarray, np.ndarray, tuple[np.ndarray, ...] | None]] = []
        dense_cnt, dense_sy = [], []
        for s_idx, (_sub_key, level_keys, level_code) in enumerate(subgroups):
            n_l = len(level_keys)
            cnt: np.ndarray  # counts per row (grouped) or ones (one row per respondent)
            dense = False  # (level, arm, covariate values) groups mostly filled
            if grouped:
                size = n_l * n_p * n_pat
                cnt = unit_n[unit_start[s_idx] : unit_start[s_idx + 1]]
                sy = unit_k[unit_start[s_idx] : unit_start[s_idx + 1]]
                dense = bool(np.count_nonzero(cnt) >= DENSE_SHARE * size)
                if dense:
                    cnt, sy = cnt.reshape(n_l, n_p, n_pat), sy.reshape(n_l, n_p, n_pat)
                else:
                    idx = np.flatnonzero(cnt)
                    cnt, sy = cnt[idx], sy[idx]
                    syy = sy  # 0/1 outcomes: y^2 = y
                    lv, arm, x = idx // (n_p * n_pat), (idx // n_pat) % n_p, values[idx % n_pat]
            else:
                assert spec is not None
                rows = np.flatnonzero(spec.eligible & (pattern >= 0) & (level_code >= 0))
                cnt = np.ones(len(rows))
                sy = spec.y[rows]
                syy = sy * sy
                lv, arm, x = level_code[rows], prompt_code[rows], covs[rows]
            # A level is fitted when every arm has 2 or more respondents and there are more
            # respondents than twice the coefficients.
            if dense:
                counts = cnt.sum(axis=2)
            else:
                counts = np.bincount(lv * n_p + arm, weights=cnt, minlength=n_l * n_p)
                counts = counts.reshape(n_l, n_p)
            fit = ~(counts < 2).any(axis=1) & (counts.sum(axis=1) > 2 * n_p * (1 + k))
            if not fit.any():
                continue
            if dense:
                dense_cnt.append(cnt[fit])
                dense_sy.append(sy[fit])
                done.append((s_idx, fit, counts, None))
            else:
                use = fit[lv]
                est, se, df = lin_grouped_cells(
                    lv[use], cnt[use], sy[use], syy[use], x[use], arm[use], n_p, n_l
                )
                done.append((s_idx, fit, counts, (est[fit], se[fit], df[fit])))
        if dense_cnt:
            # Every subgroup's dense levels of this outcome in one call: the cells are fitted
            # independently, and one call instead of one per subgroup saves its fixed costs.
            counted, summed = np.concatenate(dense_cnt), np.concatenate(dense_sy)
            dense_fit = iter(
                np.split(np.arange(len(counted)), np.cumsum([len(c) for c in dense_cnt])[:-1])
            )
            batch = lin_dense_cells(counted, summed, summed, values)
        for s_idx, fit, counts, result in done:
            if result is None:
                at = next(dense_fit)
                result = (batch[0][at], batch[1][at], batch[2][at])
            est, se, df = result
            n = counts[:, :1] + counts[:, 1:]
            fits.append((n[fit], est, se, np.repeat(df[:, None], n_p - 1, axis=1)))
            sub_key, level_keys = subgroups[s_idx][0], subgroups[s_idx][1]
            labels += [(*spec_labels, sub_key, level_keys[li]) for li in np.flatnonzero(fit)]
    if not labels:
        return pd.DataFrame(columns=COLUMNS)
    # One frame at the end, one row per (cell, treated prompt): t inference for all at once.
    n, est, se, df = (np.concatenate(a).ravel() for a in zip(*fits, strict=True))
    names = np.repeat(np.array(labels, dtype=object), n_p - 1, axis=0)
    out = pd.DataFrame(
        {
            "outcome": names[:, 0],
            "issue": names[:, 1],
            "option": names[:, 2],
            "subgroup": names[:, 3],
            "level": names[:, 4],
            "prompt": np.tile(np.array(prompts[1:], dtype=object), len(labels)),
            "n": n.astype(np.int64),
            **t_inference(est, se, df, alpha),
        }
    )
    out["kind"] = "effect"
    out["p_adjusted"] = np.nan
    out["method"] = METHOD
    return out[COLUMNS]
