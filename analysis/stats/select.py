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
    randomisation-inference p beside each (``p_ri``). Weighted effects get weighted rates."""
    # The few rows of this cell first: the filters below then run on dozens of rows, not on
    # the whole export (each filter of the ~13,000-row export costs a few ms).
    full = full[
        (full["outcome"] == outcome)
        & (full["issue"] == issue)
        & (full["option"] == option)
        & (full["subgroup"] == subgroup)
    ]
    out = effects_with_baseline(
        full,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        prompts=prompts,
        control=control,
        method=method,
    )
    if out.empty:
        return out
    if method == Method.WLS_HC2:
        rates = select_rows(
            full,
            kind=Kind.RATE,
            outcome=outcome,
            issue=issue,
            option=option,
            subgroup=subgroup,
            method=Method.WEIGHTED,
        )
        base = rates.loc[rates["prompt"] == control].set_index("level")["estimate"]
        treated = rates.set_index(["level", "prompt"])["estimate"]
        out["baseline"] = out["level"].map(base)
        out["rate_treated"] = [
            treated.get((lv, p), np.nan) for lv, p in zip(out["level"], out["prompt"], strict=True)
        ]
    if method != Method.OLS_HC2:  # the permutation test is of the unadjusted, unweighted difference
        return out.assign(p_ri=np.nan)
    ri = select_rows(
        full,
        kind=Kind.EFFECT,
        outcome=outcome,
        issue=issue,
        option=option,
        subgroup=subgroup,
        prompts=prompts,
    )
    ri = ri[ri["method"].isin(RI_METHODS)]
    ri = ri[["level", "prompt", "p_value"]].rename(columns={"p_value": "p_ri"})
    return out.merge(ri, on=["level", "prompt"], how="left")
