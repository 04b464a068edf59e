"""Rates with Wilson CIs and effects against control, for the whole grid, from group sums.

The grid is outcome x issue x response option x subgroup level x prompt. Every cell's rate and
every prompt's effect against the control comes from counts per group, so the whole grid costs a
few ``np.bincount`` calls instead of one model fit per cell.

Why a closed form and not one ``smf.ols`` per cell: for OLS of a 0/1 outcome on prompt dummies
(a saturated model), the HC2 variance of a prompt coefficient is the Neyman variance
``s2_t / n_t + s2_c / n_c`` (unbiased group variances), and R ``estimatr::lm_robust`` uses a t
distribution with N - K degrees of freedom. ``tests/analysis/test_estimates.py`` checks this
against ``statsmodels`` (``cov_type="HC2", use_t=True``) and against values made in R.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.stats.tails import t_ppf, t_sf, wilson_interval
from analysis.study.prepare import NO_OPINION, OPPOSE, SUPPORT, Prepared

COLUMNS = [
    "kind",
    "outcome",
    "issue",
    "prompt",
    "option",
    "subgroup",
    "level",
    "n",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "method",
]
# The export adds the weighted n (the sum of the weights) beside n on weighted rows, NaN elsewhere;
# and the size of each row's multiple-testing family, so a reader knows how many tests
# ``p_adjusted`` adjusts for (missing without a p-value).
EXPORT_COLUMNS = [*COLUMNS, "n_weighted", "family_size"]
OUTCOMES = ("opt_out", "no_opinion", "support")
ALPHA = 0.05


@dataclass(frozen=True)
class OutcomeSpec:
    """One 0/1 outcome over its eligible population."""

    outcome: str
    issue: str
    option: str
    eligible: np.ndarray  # bool per respondent
    y: np.ndarray  # 0/1 per respondent (only read where eligible)


def outcome_specs(prep: Prepared) -> Iterator[OutcomeSpec]:
    """Every outcome the dashboard reports, with who counts in its denominator.

    * ``opt_out``, issue ``all``: among those offered the exit, the share who left at any point;
      per issue: among those offered the exit who reached the issue, the share who left there
      (needs the exit position).
    * ``no_opinion``: among those offered "no opinion" who answered the issue, the share who chose
      it; issue ``all``: the share who chose it at least once.
    * ``support``: among substantive answers (support or oppose), the share supporting, in each
      response-option cell (in exit cells only those who stayed answer: not a causal comparison).

    Every outcome's eligible respondents are in its own response-option cell.
    """
    return (make() for _, make in outcome_spec_makers(prep))


SpecMaker = tuple[tuple[str, str, str], Callable[[], OutcomeSpec]]


def outcome_spec_makers(prep: Prepared) -> list[SpecMaker]:
    """The outcomes of :func:`outcome_specs`, in its order, each as ``((outcome, issue, option),
    make)``: ``make()`` builds its spec when called, so that a caller can make them in another
    order (:func:`outcome_counts`) and keep only one or two of their million-row arrays alive."""
    f = prep.frame
    m = prep.mapping
    options = list(m.option_keys)
    option_code = prep.codes("option", options)

    @functools.cache
    def in_cell(option: str) -> np.ndarray:
        return option_code == options.index(option)

    def answers(issue: str) -> np.ndarray:
        return f[f"ans_{issue}"].to_numpy(dtype=float)

    makers: list[SpecMaker] = []

    def add(outcome: str, issue: str, option: str, make: Callable[[], OutcomeSpec]) -> None:
        makers.append(((outcome, issue, option), make))

    if "exit" in m.option_keys:

        def opt_out_all() -> OutcomeSpec:
            exited = np.nan_to_num(f["exited"].to_numpy(dtype=float))
            return OutcomeSpec("opt_out", "all", "exit", in_cell("exit"), exited)

        add("opt_out", "all", "exit", opt_out_all)
        if m.exit_position:

            def opt_out_at(j: int, key: str) -> OutcomeSpec:
                pos = f["exit_pos"].to_numpy(dtype=float)
                reached = in_cell("exit") & (np.isnan(pos) | (pos >= j))
                return OutcomeSpec("opt_out", key, "exit", reached, (pos == j).astype(float))

            for j, issue in enumerate(m.issues, start=1):
                add("opt_out", issue.key, "exit", functools.partial(opt_out_at, j, issue.key))
    if "no_opinion" in m.option_keys:

        def no_opinion_at(key: str) -> OutcomeSpec:
            ans = answers(key)
            eligible = in_cell("no_opinion") & ~np.isnan(ans)
            return OutcomeSpec(
                "no_opinion", key, "no_opinion", eligible, (ans == NO_OPINION).astype(float)
            )

        def no_opinion_any() -> OutcomeSpec:
            answered_any = np.zeros(len(f), dtype=bool)
            any_no = np.zeros(len(f), dtype=bool)
            for issue in m.issues:
                ans = answers(issue.key)
                answered_any |= ~np.isnan(ans)
                any_no |= ans == NO_OPINION
            eligible = in_cell("no_opinion") & answered_any
            return OutcomeSpec("no_opinion", "all", "no_opinion", eligible, any_no.astype(float))

        for issue in m.issues:
            add("no_opinion", issue.key, "no_opinion", functools.partial(no_opinion_at, issue.key))
        add("no_opinion", "all", "no_opinion", no_opinion_any)

    # Each issue's substantive answers and support once, shared by every option's spec (the
    # arrays are only read): a million-row comparison per option and issue cost ~0.1 s a call.
    # Kept as booleans: a float copy is made per spec, so that a caller that reads the specs one
    # at a time reuses the memory of the last one (each new 8 MB array kept alive costs ~10 ms
    # of page faults at a million rows, more than the arithmetic on it).
    @functools.cache
    def substantive_and_support(key: str) -> tuple[np.ndarray, np.ndarray]:
        ans = answers(key)
        support = ans == SUPPORT
        return support | (ans == OPPOSE), support

    def support_in(opt: str, key: str) -> OutcomeSpec:
        substantive, support = substantive_and_support(key)
        return OutcomeSpec("support", key, opt, in_cell(opt) & substantive, support.astype(float))

    for opt in m.option_keys:
        for issue in m.issues:
            add("support", issue.key, opt, functools.partial(support_in, opt, issue.key))
    return makers


def subgroup_codes(prep: Prepared) -> Iterator[tuple[str, list[str], np.ndarray]]:
    """``("all", ["all"], zeros)`` then, per subgroup, its level keys and a level index per row
    (-1 where the level is missing)."""
    n = len(prep.frame)
    yield "all", ["all"], np.zeros(n, dtype=np.int64)
    for key, levels in prep.subgroup_levels:
        level_keys = [k for k, _ in levels]
        yield key, level_keys, prep.codes(f"sg_{key}", level_keys)


def wilson(k: np.ndarray, n: np.ndarray, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval without continuity correction (R ``prop.test(correct=FALSE)``),
    clipped to [0, 1]; NaN where n is 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    safe_n = np.where(n > 0, n, 1.0)
    low, high = wilson_interval(k, safe_n, alpha)
    # At k = 0 (k = n) the exact Wilson bound is 0 (1); floating point leaves ~1e-18 off.
    low = np.where(k == 0, 0.0, low)
    high = np.where(k == n, 1.0, high)
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high


def neyman_effects(
    n_t: np.ndarray,
    k_t: np.ndarray,
    n_c: np.ndarray,
    k_c: np.ndarray,
    df: np.ndarray,
    alpha: float = ALPHA,
) -> dict[str, np.ndarray]:
    """Difference in proportions with the HC2 (= Neyman) standard error and a t test on df.

    Matches ``smf.ols("y ~ C(prompt)").fit(cov_type="HC2", use_t=True)`` for a 0/1 outcome,
    where df = N - K of the whole model. NaN where a group has fewer than 2 respondents.
    """
    n_t, k_t, n_c, k_c, df = (np.asarray(a, dtype=float) for a in (n_t, k_t, n_c, k_c, df))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_t = k_t / n_t
        p_c = k_c / n_c
        var_t = p_t * (1 - p_t) / (n_t - 1)  # = s2_t / n_t with s2 = n p (1 - p) / (n - 1)
        var_c = p_c * (1 - p_c) / (n_c - 1)
        ok = (n_t >= 2) & (n_c >= 2) & (df >= 1)
        est = np.where((n_t > 0) & (n_c > 0), p_t - p_c, np.nan)
        se = np.where(ok, np.sqrt(var_t + var_c), np.nan)
        crit = np.where(ok, t_ppf(1 - alpha / 2, np.where(ok, df, 1)), np.nan)
        tval = np.where(se > 0, est / se, np.nan)
        p = np.where(se > 0, 2 * t_sf(np.abs(tval), np.where(ok, df, 1)), np.nan)
    return {
        "estimate": est,
        "std_error": se,
        "ci_low": est - crit * se,
        "ci_high": est + crit * se,
        "p_value": p,
    }


def _strata(
    prompt_code: np.ndarray,
    subgroups: list[tuple[str, list[str], np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """One code per row for its prompt and all its subgroup levels together (the strata present,
    numbered 0..S-1), and a representative row of each stratum.

    Why: each outcome then costs two ``np.bincount`` passes over the rows, whatever the number
    of subgroups; every subgroup's cells are sums over the few strata.
    """
    code = prompt_code.astype(np.int64)
    size = int(code.max(initial=0)) + 1
    for _key, level_keys, level_code in subgroups:
        width = len(level_keys) + 1  # + 1: missing level
        if size * width >= 2**62:  # keep the joint code inside int64
            _, code = np.unique(code, return_inverse=True)
            size = int(code.max(initial=0)) + 1
        code = code * width + (level_code + 1)
        size *= width
    if size <= 4 * len(code) + 1024:  # number the strata present by counting, not sorting
        present = np.bincount(code, minlength=size) > 0
        stratum = (np.cumsum(present) - 1)[code]
    else:  # hashing, then sorting the few distinct codes: the same numbers as np.unique
        stratum, _ = pd.factorize(code, sort=True)
    first = np.empty(int(stratum.max(initial=-1)) + 1, dtype=np.int64)
    first[stratum[::-1]] = np.arange(len(stratum) - 1, -1, -1)
    return stratum, first


# count_and_ones packs a stratum's respondents and 1s into one sum: n + PACK * k, exact while
# every number stays below 2**53 (fewer than PACK respondents in all).
PACK = 2.0**26


def count_and_ones(
    stratum: np.ndarray, eligible: np.ndarray, y: np.ndarray, n_strata: int
) -> tuple[np.ndarray, np.ndarray]:
    """Eligible respondents and their 1s (``y`` is 0/1) per stratum, as floats.

    Why one pass: ``np.bincount`` of ``eligible * (1 + PACK * y)`` sums ``n + PACK * k`` per
    stratum; both are whole numbers and ``n < PACK``, so ``k`` and ``n`` come back exactly (a
    power of two divides without rounding). Every estimator counts each outcome per stratum,
    and one pass instead of two saves ~3 ms per outcome at a million rows.
    """
    if len(stratum) >= PACK:  # too many rows to pack: two passes
        weights = eligible.astype(float)
        return (
            np.bincount(stratum, weights=weights, minlength=n_strata),
            np.bincount(stratum, weights=weights * y, minlength=n_strata),
        )
    return _unpack(_packed_counts(stratum, eligible, y, n_strata))


def _packed_counts(
    stratum: np.ndarray, eligible: np.ndarray, y: np.ndarray, n_strata: int
) -> np.ndarray:
    """``n + PACK * k`` per stratum (fewer than PACK rows)."""
    packed = y * PACK
    packed += 1.0
    packed *= eligible
    return np.bincount(stratum, weights=packed, minlength=n_strata)


def _unpack(total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ones = np.floor(total / PACK)
    return total - ones * PACK, ones


def grouped_count_and_ones(
    to_group: Any, stratum: np.ndarray, eligible: np.ndarray, y: np.ndarray, n_strata: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`count_and_ones` summed into groups of strata: ``to_group`` is a (groups x strata)
    matrix of 0s and 1s (``scipy.sparse``). Returns each group's respondents and 1s.

    Why: the packed sums ``n + PACK * k`` add up exactly (whole numbers below 2**53: fewer than
    PACK rows), so one product of one column gives both counts, half the work of multiplying
    the two columns (at a million rows ~2 ms per outcome).
    """
    if len(stratum) >= PACK:
        sums = to_group @ np.column_stack(count_and_ones(stratum, eligible, y, n_strata))
        return sums[:, 0], sums[:, 1]
    return _unpack(to_group @ _packed_counts(stratum, eligible, y, n_strata))


def outcome_counts(
    prep: Prepared, stratum: np.ndarray, n_strata: int, to_group: Any = None
) -> Iterator[tuple[tuple[str, str, str], np.ndarray, np.ndarray]]:
    """Every outcome of :func:`outcome_specs`, in its order, as ``((outcome, issue, option), n,
    k)``: its eligible respondents and 1s per stratum (:func:`count_and_ones`), or per group of
    strata when ``to_group`` is given (:func:`grouped_count_and_ones`). The same numbers.

    Why: an outcome's eligible respondents all sit in its own response-option cell, so outcomes
    of different options are counted in one pass: their packed sums (zero outside each one's
    cell) added, then one ``bincount`` over each row's (stratum, option). With two options that
    halves the million-row passes (~3 ms each, 34 outcomes, in the grid, the weighted and the
    adjusted estimates). The sums are whole numbers below 2**53: exact in any order. Outcomes
    counted ahead of their turn wait as their per-stratum (or per-group) sums, not as rows.
    """
    makers = outcome_spec_makers(prep)
    options = list(prep.mapping.option_keys)
    n_o = len(options)
    if len(stratum) >= PACK or n_o < 2:  # nothing to share (or too many rows to pack)
        for labels, make in makers:
            spec = make()
            if to_group is None:
                yield labels, *count_and_ones(stratum, spec.eligible, spec.y, n_strata)
            else:
                yield (
                    labels,
                    *grouped_count_and_ones(to_group, stratum, spec.eligible, spec.y, n_strata),
                )
        return
    # Rows outside every option are never eligible: any option code will do for them.
    joint = stratum * n_o + np.maximum(prep.codes("option", options), 0)
    option_of = [options.index(labels[2]) for labels, _ in makers]
    # Each outcome joins the first pass that has no outcome of its option yet.
    passes: list[list[int]] = []
    pass_of = []
    for i, o in enumerate(option_of):
        at = next((j for j, p in enumerate(passes) if o not in {option_of[q] for q in p}), None)
        if at is None:
            at = len(passes)
            passes.append([])
        passes[at].append(i)
        pass_of.append(at)
    ready: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i, (labels, _) in enumerate(makers):
        if i not in ready:
            weights = None
            for q in passes[pass_of[i]]:
                spec = makers[q][1]()
                packed = spec.y * PACK
                packed += 1.0
                packed *= spec.eligible
                del spec
                if weights is None:
                    weights = packed
                else:
                    weights += packed  # disjoint cells: each row gets one outcome's sum or 0
            totals = np.bincount(joint, weights=weights, minlength=n_strata * n_o)
            del weights
            totals = totals.reshape(n_strata, n_o)
            for q in passes[pass_of[i]]:
                column = np.ascontiguousarray(totals[:, option_of[q]])
                ready[q] = _unpack(column if to_group is None else to_group @ column)
        n, k = ready.pop(i)
        yield labels, n, k


def grid_estimates(prep: Prepared, alpha: float = ALPHA) -> pd.DataFrame:
    """Rates and effects vs control for every outcome, issue, option, subgroup level and prompt.

    Returns a tidy frame with the CLI columns (:data:`COLUMNS`): ``kind`` is ``rate`` (method
    ``wilson``) or ``effect`` (method ``ols_hc2``); proportions, not percent.

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> grid = grid_estimates(load_embedded())
    >>> row = grid.query("kind == 'effect' and outcome == 'opt_out' and issue == 'all' "
    ...                  "and prompt == 'government' and subgroup == 'all'")
    >>> round(float(row["estimate"].iloc[0]), 3)
    0.08
    """
    prompts = list(prep.mapping.prompt_keys)
    n_p = len(prompts)
    prompt_code = prep.codes("prompt", prompts)
    subgroups = list(subgroup_codes(prep))
    stratum, first = _strata(prompt_code, subgroups[1:])
    n_strata = len(first)

    # Respondents and "yes" per outcome and stratum: two passes over the rows per outcome. The
    # specs are read one at a time (their million-row arrays are not all kept alive at once).
    specs: list[tuple[str, str, str]] = []
    n_rows, k_rows = [], []
    for spec_labels, n_i, k_i in outcome_counts(prep, stratum, n_strata):
        n_rows.append(n_i)
        k_rows.append(k_i)
        specs.append(spec_labels)
    n_s = np.array(n_rows).reshape(len(specs), n_strata)
    k_s = np.array(k_rows).reshape(len(specs), n_strata)

    # Strata -> (subgroup level, prompt) cells, every subgroup side by side. Sums of whole
    # numbers below 2**53: exact, the same counts as one bincount per cell.
    stratum_prompt = prompt_code[first]
    col_parts, sub_names, level_names = [], [], []
    offset = 0
    for sub_key, level_keys, level_code in subgroups:
        lev = level_code[first]
        ok = lev >= 0
        col_parts.append((np.flatnonzero(ok), offset + lev[ok] * n_p + stratum_prompt[ok]))
        offset += len(level_keys) * n_p
        sub_names += [sub_key] * len(level_keys)
        level_names += level_keys
    rows = np.concatenate([r for r, _ in col_parts])
    cols = np.concatenate([c for _, c in col_parts])
    # A bincount per outcome, not a scipy.sparse product: importing scipy.sparse (numpy.f2py,
    # numpy.testing with it) cost a fresh server's first page ~0.08 s for a sum this small; nor
    # np.add.at, whose unbuffered adds took ~25 ms a call at a million rows.
    n_cells = np.array([np.bincount(cols, weights=n_i[rows], minlength=offset) for n_i in n_s])
    k_cells = np.array([np.bincount(cols, weights=k_i[rows], minlength=offset) for k_i in k_s])
    n = n_cells.reshape(len(specs), -1, n_p)
    k = k_cells.reshape(len(specs), -1, n_p)
    n_levels = n.shape[1]

    low, high = wilson(k, n, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n > 0, k / n, np.nan)
        se = np.where(n > 0, np.sqrt(rate * (1 - rate) / n), np.nan)
    n_groups = (n > 0).sum(axis=2)
    df = n.sum(axis=2) - n_groups
    treated_n = n[:, :, 1:]
    control_n = np.repeat(n[:, :, :1], n_p - 1, axis=2)
    res = neyman_effects(
        treated_n,
        k[:, :, 1:],
        control_n,
        np.repeat(k[:, :, :1], n_p - 1, axis=2),
        np.repeat(df[:, :, None], n_p - 1, axis=2),
        alpha,
    )

    spec_cols = {
        name: np.array([s[i] for s in specs], dtype=object)
        for i, name in enumerate(("outcome", "issue", "option"))
    }
    sub_array = np.array(sub_names, dtype=object)
    level_array = np.array(level_names, dtype=object)
    prompt_names = np.array(prompts, dtype=object)

    def labels(n_prompts: int, prompt_list: np.ndarray) -> dict[str, np.ndarray]:
        per_spec = n_levels * n_prompts
        out = {name: np.repeat(v, per_spec) for name, v in spec_cols.items()}
        out["subgroup"] = np.tile(np.repeat(sub_array, n_prompts), len(specs))
        out["level"] = np.tile(np.repeat(level_array, n_prompts), len(specs))
        out["prompt"] = np.tile(prompt_list, len(specs) * n_levels)
        return out

    rate_lab = labels(n_p, prompt_names)
    eff_lab = labels(n_p - 1, prompt_names[1:])
    n_rates, n_effects = n.size, treated_n.size
    out = pd.DataFrame(
        {
            "kind": np.repeat(np.array(["rate", "effect"], dtype=object), [n_rates, n_effects]),
            **{
                name: np.concatenate([rate_lab[name], eff_lab[name]])
                for name in ("outcome", "issue", "prompt", "option", "subgroup", "level")
            },
            "n": np.concatenate([n.ravel(), (treated_n + control_n).ravel()]).astype(np.int64),
            "estimate": np.concatenate([rate.ravel(), res["estimate"].ravel()]),
            "std_error": np.concatenate([se.ravel(), res["std_error"].ravel()]),
            "ci_low": np.concatenate([low.ravel(), res["ci_low"].ravel()]),
            "ci_high": np.concatenate([high.ravel(), res["ci_high"].ravel()]),
            "p_value": np.concatenate([np.full(n_rates, np.nan), res["p_value"].ravel()]),
            "p_adjusted": np.nan,
            "method": np.repeat(
                np.array(["wilson", "ols_hc2"], dtype=object), [n_rates, n_effects]
            ),
        }
    )
    return out[COLUMNS]
