"""Pick the rows of an estimate grid that a view shows (filtering only; no statistics)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.io.mapping import Mapping
from analysis.stats.kinds import RI_METHODS, Kind, Method, Outcome


def outcome_option(outcome: str, option: str | None, mapping: Mapping) -> str:
    """The response-option cell an outcome lives in: exit for opt-out, no_opinion for
    'no opinion', the chosen (or first) option for support.

    The one place for this rule; pages ask here instead of repeating it.
    """
    if outcome == Outcome.OPT_OUT:
        return "exit"
    if outcome == Outcome.NO_OPINION:
        return "no_opinion"
    return option if option in mapping.option_keys else mapping.option_keys[0]


def select_rows(
    grid: pd.DataFrame,
    *,
    kind: str,
    outcome: str,
    issue: str,
    option: str,
    subgroup: str = "all",
    prompts: Sequence[str] | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Rows of one kind for one outcome/issue/option/subgroup, optionally some prompts only."""
    mask = (
        (grid["kind"] == kind)
        & (grid["outcome"] == outcome)
        & (grid["issue"] == issue)
        & (grid["option"] == option)
        & (grid["subgroup"] == subgroup)
    )
    if method is not None:
        mask &= grid["method"] == method
    if prompts is not None:
        mask &= grid["prompt"].isin(list(prompts))
    return grid.loc[mask].reset_index(drop=True)


def effects_with_baseline(
    grid: pd.DataFrame,
    *,
    outcome: str,
    issue: str,
    option: str,
    subgroup: str = "all",
    prompts: Sequence[str] | None = None,
    control: str,
    method: str = Method.OLS_HC2,
) -> pd.DataFrame:
    """Effect rows with the control group's rate and n beside each (``baseline``, ``n_control``)
    and the treated group's rate (``rate_treated``, ``n_treated``)."""
    effects = select_rows(
        grid,
        kind=Kind.EFFECT,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        prompts=prompts,
        method=method,
    )
    rates = select_rows(
        grid,
        kind=Kind.RATE,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        method=Method.WILSON,
    )
    base = rates.loc[rates["prompt"] == control, ["level", "estimate", "n"]].rename(
        columns={"estimate": "baseline", "n": "n_control"}
    )
    treated = rates[["level", "prompt", "estimate", "n"]].rename(
        columns={"estimate": "rate_treated", "n": "n_treated"}
    )
    out = effects.merge(base, on="level", how="left").merge(
        treated, on=["level", "prompt"], how="left"
    )
    return out


def _left_join(left: Sequence, right: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Positions of a left join of two key sequences, as ``DataFrame.merge(how="left")``
    orders them: each left key in its order, once per right match in the right's order, or
    once with -1 when nothing matches. Returns (left positions, right positions)."""
    matches: dict = {}
    for j, key in enumerate(right):
        matches.setdefault(key, []).append(j)
    pairs = [(i, j) for i, key in enumerate(left) for j in matches.get(key, (-1,))]
    if not pairs:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    lefts, rights = zip(*pairs, strict=True)
    return np.fromiter(lefts, np.intp, len(lefts)), np.fromiter(rights, np.intp, len(rights))


def _at(rows: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``rows`` at ``positions`` of a join, -1 where it found nothing."""
    return np.where(positions >= 0, rows[np.maximum(positions, 0)] if len(rows) else -1, -1)


def _joined(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values`` at ``positions``, NaN where a join found nothing (-1); an integer column
    with a gap becomes float, as a pandas merge makes it."""
    if len(positions) and (positions < 0).any():
        out = values.astype(np.float64)[positions]
        out[positions < 0] = np.nan
        return out
    return values[positions]


def _no_effects(full: pd.DataFrame) -> pd.DataFrame:
    """No effect row: the export's columns and the rates' beside them (no ``p_ri``)."""
    estimate, n = full["estimate"].dtype, full["n"].dtype
    return (
        full.iloc[:0]
        .reset_index(drop=True)
        .assign(
            baseline=pd.Series(dtype=estimate),
            n_control=pd.Series(dtype=n),
            rate_treated=pd.Series(dtype=estimate),
            n_treated=pd.Series(dtype=n),
        )
    )


def effects_for_view(
    full: pd.DataFrame,
    *,
    outcome: str,
    issue: str,
    option: str,
    subgroup: str = "all",
    prompts: Sequence[str] | None = None,
    control: str,
    method: str = Method.OLS_HC2,
) -> pd.DataFrame:
    """Effect rows of one method with baseline and treated rates, the Holm-adjusted p and the
    randomisation-inference p beside each (``p_ri``). Weighted effects get weighted rates.

    The columns are those of :func:`effects_with_baseline` and ``p_ri`` (left out when there
    is no effect row). Why plain arrays: a view not yet cached is built while its reader
    waits, and a pandas filter or merge costs ~0.3-1 ms even on the few dozen rows of a cell
    (12 ms a view in all); the rows are found and joined here with numpy and dicts instead."""
    column = {c: full[c].to_numpy() for c in ("outcome", "issue", "option", "subgroup")}
    rows = np.flatnonzero(
        (column["outcome"] == outcome)
        & (column["issue"] == issue)
        & (column["option"] == option)
        & (column["subgroup"] == subgroup)
    )
    kind, how, prompt, level = (
        full[c].to_numpy()[rows] for c in ("kind", "method", "prompt", "level")
    )
    estimate, n, p_value = (full[c].to_numpy()[rows] for c in ("estimate", "n", "p_value"))
    is_effect = kind == Kind.EFFECT.value
    chosen = None if prompts is None else set(prompts)
    shown = (
        np.ones(len(rows), dtype=bool)
        if chosen is None
        else np.fromiter((p in chosen for p in prompt), bool, len(rows))
    )
    effect = np.flatnonzero(is_effect & (how == str(method)) & shown)
    if len(effect) == 0:
        return _no_effects(full)
    rate = np.flatnonzero((kind == Kind.RATE.value) & (how == Method.WILSON.value))
    base = rate[prompt[rate] == control]
    keys = list(zip(level[effect], prompt[effect], strict=True))
    # As effects_with_baseline merges them: the control's rate by level, then each prompt's.
    left, right = _left_join(level[effect], level[base])
    rows_out, base_at = effect[left], _at(base, right)
    left, right = _left_join(
        [keys[i] for i in left], list(zip(level[rate], prompt[rate], strict=True))
    )
    rows_out, base_at, treated_at = rows_out[left], base_at[left], _at(rate, right)
    rates_of = {"baseline": base_at, "rate_treated": treated_at}
    if method == Method.WLS_HC2:
        weighted = np.flatnonzero((kind == Kind.RATE.value) & (how == Method.WEIGHTED.value))
        control_rows = {
            lv: i for lv, i in zip(level[weighted], weighted, strict=True) if prompt[i] == control
        }
        cells = {
            (lv, p): i for lv, p, i in zip(level[weighted], prompt[weighted], weighted, strict=True)
        }
        rates_of = {
            "baseline": np.array([control_rows.get(lv, -1) for lv in level[rows_out]], np.intp),
            "rate_treated": np.array(
                [
                    cells.get((lv, p), -1)
                    for lv, p in zip(level[rows_out], prompt[rows_out], strict=True)
                ],
                np.intp,
            ),
        }
    ri_at = None
    if method == Method.OLS_HC2:
        ri = np.flatnonzero(is_effect & np.isin(how, [m.value for m in RI_METHODS]) & shown)
        left, right = _left_join(
            list(zip(level[rows_out], prompt[rows_out], strict=True)),
            list(zip(level[ri], prompt[ri], strict=True)),
        )
        rows_out, base_at, treated_at = rows_out[left], base_at[left], treated_at[left]
        rates_of = {k: v[left] for k, v in rates_of.items()}
        ri_at = _at(ri, right)
    out = full.take(rows[rows_out]).reset_index(drop=True)
    out["baseline"] = _joined(estimate, rates_of["baseline"])
    out["n_control"] = _joined(n, base_at)
    out["rate_treated"] = _joined(estimate, rates_of["rate_treated"])
    out["n_treated"] = _joined(n, treated_at)
    out["p_ri"] = np.full(len(out), np.nan) if ri_at is None else _joined(p_value, ri_at)
    return out
