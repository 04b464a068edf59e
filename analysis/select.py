"""Pick the rows of an estimate grid that a view shows (filtering only; no statistics)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.mapping import Mapping


def outcome_option(outcome: str, option: str | None, mapping: Mapping) -> str:
    """The response-option cell an outcome lives in: exit for opt-out, no_opinion for
    'no opinion', the chosen (or first) option for support."""
    if outcome == "opt_out":
        return "exit"
    if outcome == "no_opinion":
        return "no_opinion"
    return option if option in mapping.option_keys else mapping.option_keys[0]


def select_rows(
    grid: pd.DataFrame, *, kind: str, outcome: str, issue: str, option: str,
    subgroup: str = "all", prompts: Sequence[str] | None = None, method: str | None = None,
) -> pd.DataFrame:
    """Rows of one kind for one outcome/issue/option/subgroup, optionally some prompts only."""
    mask = ((grid["kind"] == kind) & (grid["outcome"] == outcome) & (grid["issue"] == issue)
            & (grid["option"] == option) & (grid["subgroup"] == subgroup))
    if method is not None:
        mask &= grid["method"] == method
    if prompts is not None:
        mask &= grid["prompt"].isin(list(prompts))
    return grid.loc[mask].reset_index(drop=True)


def effects_with_baseline(
    grid: pd.DataFrame, *, outcome: str, issue: str, option: str, subgroup: str = "all",
    prompts: Sequence[str] | None = None, control: str, method: str = "ols_hc2",
) -> pd.DataFrame:
    """Effect rows with the control group's rate and n beside each (``baseline``, ``n_control``)
    and the treated group's rate (``rate_treated``, ``n_treated``)."""
    effects = select_rows(grid, kind="effect", outcome=outcome, issue=issue, option=option,
                          subgroup=subgroup, prompts=prompts, method=method)
    rates = select_rows(grid, kind="rate", outcome=outcome, issue=issue, option=option,
                        subgroup=subgroup, method="wilson")
    base = rates.loc[rates["prompt"] == control, ["level", "estimate", "n"]].rename(
        columns={"estimate": "baseline", "n": "n_control"})
    treated = rates[["level", "prompt", "estimate", "n"]].rename(
        columns={"estimate": "rate_treated", "n": "n_treated"})
    out = effects.merge(base, on="level", how="left").merge(treated, on=["level", "prompt"],
                                                             how="left")
    return out
