"""Every estimate in one tidy frame: what the CLI exports and the statistics pages read.

The export is built in stages (:func:`stages`: a list of ``(name, function)``), cheapest and
most needed first, so that a server can run them in order in the background and publish a
partial export after each one (:func:`assemble`): the foundation grid (rates and HC2 effects),
exact randomisation-inference p-values, weighted rates and effects, covariate-adjusted effects,
subgroup interactions and joint tests, opinion distributions with the exit curve, flow and
minimum detectable effects, and balance. ``p_adjusted`` is filled within each family (and
``family_size``, the number of tests in it); no family spans two stages, so a partial export's
adjusted p-values are already final.
:func:`all_estimates` runs every stage in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.stats.adjusted import adjusted_effects
from analysis.stats.balance import balance_table, sample_flow
from analysis.stats.estimates import EXPORT_COLUMNS, grid_estimates
from analysis.stats.exits import exit_curve
from analysis.stats.kinds import STAGE_NAMES  # noqa: F401 - callers import it from here too
from analysis.stats.multiplicity import adjust_p
from analysis.stats.opinions import answer_distribution
from analysis.stats.permutation import ri_effects
from analysis.stats.power import mde_rows
from analysis.stats.subgroups import interaction_effects
from analysis.stats.weights import weighted_estimates
from analysis.study.prepare import Prepared

Stage = tuple[str, Callable[[], pd.DataFrame]]


def stages(prep: Prepared, grid: pd.DataFrame | None = None) -> list[Stage]:
    """The export's stages in the order to run them: ``(name, function)``, each function
    returning its rows (the CLI columns, plus ``n_weighted`` for weighted rows)."""
    if grid is None:
        grid = grid_estimates(prep)
    control = prep.mapping.control
    return [
        ("grid", lambda: grid),
        ("permutation", lambda: ri_effects(grid, control)),
        ("weighted", lambda: weighted_estimates(prep)),
        ("adjusted", lambda: adjusted_effects(prep)),
        ("interactions", lambda: interaction_effects(prep, grid=grid)),
        (
            "distributions",
            lambda: pd.concat(
                [answer_distribution(prep), exit_curve(prep), sample_flow(prep)],
                ignore_index=True,
            ),
        ),
        ("balance", lambda: pd.concat([balance_table(prep), mde_rows(grid, control)])),
    ]


# The rows of the finished export come in this order, whatever order the stages finished in.
_ORDER = ("grid", "adjusted", "interactions", "weighted", "permutation", "distributions", "balance")


def assemble(parts: dict[str, pd.DataFrame], p_adjust: str = "holm") -> pd.DataFrame:
    """The export from the stages done so far (``{name: rows}``), ``p_adjusted`` filled."""
    frames = [parts[name] for name in _ORDER if name in parts and not parts[name].empty]
    if not frames:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    out = pd.concat([f.reindex(columns=EXPORT_COLUMNS) for f in frames], ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return adjust_p(out, p_adjust)[EXPORT_COLUMNS]


def run_stages(
    todo: Iterable[Stage], done: Callable[[str, pd.DataFrame], None] | None = None
) -> dict[str, pd.DataFrame]:
    """Run stages in order; ``done(name, rows)`` after each. Returns every stage's rows."""
    out: dict[str, pd.DataFrame] = {}
    # Many small least-squares fits: a multi-threaded BLAS only adds thread hand-offs to them,
    # which on a busy server costs seconds; one thread is faster and gives the same numbers.
    with threadpool_limits(limits=1, user_api="blas"):
        for name, fn in todo:
            out[name] = fn()
            if done is not None:
                done(name, out[name])
    return out


def all_estimates(
    prep: Prepared, grid: pd.DataFrame | None = None, *, p_adjust: str = "holm"
) -> pd.DataFrame:
    """The full export (CLI columns and ``n_weighted``), ``p_adjusted`` by ``p_adjust``
    ("holm" or "fdr_bh").

    Examples
    --------
    >>> from analysis.study.dataset import load_embedded
    >>> out = all_estimates(load_embedded())
    >>> {"lin_hc2", "wls_hc2", "ri_exact"} <= set(out["method"])
    True
    """
    return assemble(run_stages(stages(prep, grid)), p_adjust)
