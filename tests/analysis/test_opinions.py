"""Answer distributions (Wilson) and chi-square tests across prompts equal R."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats.opinions import answer_distribution
from tests.analysis.conftest import assert_matches_r, joined_with_r


@pytest.mark.parametrize("column", ["n", "estimate", "p_value"])
def test_chi_square_matches_r_chisq_test(r_estimates, r_reference, column) -> None:
    assert_matches_r(joined_with_r(r_estimates, r_reference, "pearson_chi2"), [column])


@pytest.mark.parametrize("column", ["n", "estimate", "ci_low", "ci_high"])
def test_answer_shares_match_r_prop_test(r_estimates, r_reference, column) -> None:
    rows = r_estimates[r_estimates["kind"] == "distribution"]
    ref = r_reference[r_reference["kind"] == "distribution"]
    assert_matches_r(joined_with_r(rows, ref, "wilson"), [column])


def test_shares_of_one_cell_sum_to_one(embedded) -> None:
    rows = answer_distribution(embedded.prepared).query("kind == 'distribution'")
    rows = rows.assign(view=rows["outcome"].str.split("_").str[0])
    sums = rows.groupby(["view", "issue", "option", "prompt"])["estimate"].sum()
    np.testing.assert_allclose(sums, 1.0)


def test_assigned_view_counts_everyone_in_the_exit_cell(embedded) -> None:
    rows = answer_distribution(embedded.prepared).query(
        "outcome == 'assigned_left' and issue == 'collective_defense'"
    )
    assert (rows["n"] == 752).all()
    gov = rows.loc[rows["prompt"] == "government", "estimate"].iloc[0]
    assert gov > rows.loc[rows["prompt"] == "none", "estimate"].iloc[0]


def test_one_pass_counts_equal_each_views_categories(embedded) -> None:
    # answer_distribution counts both views in one pass; answer_categories is each view alone.
    from analysis.stats.opinions import answer_categories

    prep = embedded.prepared
    rows = answer_distribution(prep).query("kind == 'distribution'")
    prompts = list(prep.mapping.prompt_keys)
    prompt = prep.codes("prompt", prompts)
    option = prep.codes("option", list(prep.mapping.option_keys))
    for view, options in (("answer", prep.mapping.option_keys), ("assigned", ["exit"])):
        for issue in prep.mapping.issues:
            code, names = answer_categories(prep, issue.key, view)
            for opt in options:
                in_opt = option == list(prep.mapping.option_keys).index(opt)
                for p_idx, p in enumerate(prompts):
                    use = in_opt & (prompt == p_idx) & (code >= 0)
                    counts = np.bincount(code[use], minlength=len(names))
                    got = rows[
                        (rows["issue"] == issue.key)
                        & (rows["option"] == opt)
                        & (rows["prompt"] == p)
                    ].set_index("outcome")
                    got = got.loc[[f"{view}_{c}" for c in names]]
                    assert (got["n"] == counts.sum()).all()
                    assert np.array_equal(np.rint(got["estimate"] * got["n"]), counts)
