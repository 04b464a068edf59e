"""Every estimate in one tidy frame: what the CLI exports and the statistics pages read.

``all_estimates`` adds to the foundation grid (rates and HC2 effects) the covariate-adjusted
effects, subgroup interactions and joint tests, weighted rates and effects, randomisation-
inference p-values, opinion distributions and chi-square tests, the exit curve, balance and
flow, and minimum detectable effects, then fills ``p_adjusted`` within each family.
"""

from __future__ import annotations

import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.stats.adjusted import adjusted_effects
from analysis.stats.balance import balance_table, sample_flow
from analysis.stats.estimates import COLUMNS, grid_estimates
from analysis.stats.exits import exit_curve
from analysis.stats.multiplicity import adjust_p
from analysis.stats.opinions import answer_distribution
from analysis.stats.permutation import DRAWS, SEED, ri_effects
from analysis.stats.power import mde_rows
from analysis.stats.subgroups import interaction_effects
from analysis.stats.weights import weighted_estimates
from analysis.study.prepare import Prepared


def all_estimates(
    prep: Prepared,
    grid: pd.DataFrame | None = None,
    *,
    p_adjust: str = "holm",
    ri_draws: int = DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """The full export (CLI columns), ``p_adjusted`` by ``p_adjust`` ("holm" or "fdr_bh").

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> out = all_estimates(load_embedded(), ri_draws=200)
    >>> {"lin_hc2", "wls_hc2", "ri_permutation"} <= set(out["method"])
    True
    """
    # Many small least-squares fits: a multi-threaded BLAS only adds thread hand-offs to them,
    # which on a busy server costs seconds; one thread is faster and gives the same numbers.
    with threadpool_limits(limits=1, user_api="blas"):
        if grid is None:
            grid = grid_estimates(prep)
        control = prep.mapping.control
        parts = [
            grid,
            adjusted_effects(prep),
            interaction_effects(prep),
            weighted_estimates(prep)[COLUMNS],
            ri_effects(grid, control, draws=ri_draws, seed=seed),
            answer_distribution(prep),
            exit_curve(prep),
            balance_table(prep),
            sample_flow(prep),
            mde_rows(grid, control),
        ]
    out = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return adjust_p(out, p_adjust)[COLUMNS]
