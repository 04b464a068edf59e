"""The names in the export's ``kind``, ``method`` and ``outcome`` columns, as enums.

Each is a :class:`enum.StrEnum`: a member *is* its string, so the CSV export, the cached
DataFrames and any comparison with a plain string keep working, while code that filters the
export writes ``Kind.EFFECT`` and a typo fails at import instead of selecting nothing.
``docs/statistics.md`` says what each kind and method computes; ``tests/analysis/test_kinds.py``
checks that the export uses no name missing here.

>>> Kind.EFFECT == "effect"
True
>>> f"{Method.OLS_HC2}"
'ols_hc2'
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a row of the export is."""

    RATE = "rate"
    EFFECT = "effect"
    INTERACTION = "interaction"
    JOINT_TEST = "joint_test"
    DISTRIBUTION = "distribution"
    CHI2_TEST = "chi2_test"
    BALANCE = "balance"
    STD_DIFF = "std_diff"
    BALANCE_TEST = "balance_test"
    BALANCE_OMNIBUS = "balance_omnibus"
    FLOW = "flow"
    MDE = "mde"


class Method(StrEnum):
    """How a row's number was computed."""

    WILSON = "wilson"  # share with Wilson 95% CI
    WEIGHTED = "weighted"  # weighted share (intercept-only WLS, HC2)
    OLS_HC2 = "ols_hc2"  # unadjusted effect, OLS with HC2
    LIN_HC2 = "lin_hc2"  # covariate-adjusted effect (Lin 2013), HC2
    WLS_HC2 = "wls_hc2"  # weighted effect, WLS with HC2
    RI_EXACT = "ri_exact"  # exact randomisation-inference p of an ols_hc2 effect
    RI_PERMUTATION = "ri_permutation"  # Monte Carlo randomisation inference (not exported today)
    WALD_F_HC2 = "wald_f_hc2"  # joint and balance F tests
    PEARSON_CHI2 = "pearson_chi2"
    MEAN = "mean"
    STD_DIFF = "std_diff"
    COUNT = "count"
    POWER_COHEN_H = "power_cohen_h"


# The effect estimators a page can switch between, in the order the switch lists them.
EFFECT_METHODS: tuple[Method, ...] = (Method.OLS_HC2, Method.LIN_HC2, Method.WLS_HC2)
# Randomisation-inference p-values: exact for 0/1 outcomes, else Monte Carlo.
RI_METHODS: tuple[Method, ...] = (Method.RI_EXACT, Method.RI_PERMUTATION)


class Outcome(StrEnum):
    """The outcomes that rates and effects are estimated for.

    Other rows name other things in ``outcome``: distributions ``answer_<code>`` and
    ``assigned_<code>``, chi-square tests the view (``answer``, ``assigned``), flow rows
    ``assigned``/``left``/``completed``, balance rows the covariate.
    """

    OPT_OUT = "opt_out"  # left the survey when offered the exit
    NO_OPINION = "no_opinion"  # answered "no opinion"
    SUPPORT = "support"  # supported, among those who answered
    LEFT_BY = "left_by"  # cumulative share of the exit cell that has left by each question


# The export's stages (``analysis.stats.report.stages``), in the order they run. Here, not in
# ``report``: a server reads them to show progress without importing every statistic.
STAGE_NAMES = (
    "grid",
    "permutation",
    "weighted",
    "adjusted",
    "interactions",
    "distributions",
    "balance",
)
