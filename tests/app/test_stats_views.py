"""The rows a statistics view shows are exactly the export's rows for that selection."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.stats.report import all_estimates
from analysis.stats.select import effects_for_view, effects_with_baseline, select_rows


@pytest.fixture(scope="module")
def full(embedded):
    return all_estimates(embedded.prepared, embedded.grid)


@pytest.mark.parametrize(
    ("issue", "subgroup", "prompts"),
    [
        ("all", "all", None),
        ("ldp", "age", None),
        ("nuclear_restart", "all", ["none", "government"]),
    ],
)
def test_unadjusted_view_is_the_exports_rows_with_the_permutation_p(
    full, issue, subgroup, prompts
) -> None:
    sel = {
        "outcome": "opt_out",
        "issue": issue,
        "option": "exit",
        "subgroup": subgroup,
        "prompts": prompts,
    }
    view = effects_for_view(full, **sel, control="none")
    expected = effects_with_baseline(full, **sel, control="none")
    pd.testing.assert_frame_equal(view.drop(columns="p_ri"), expected)
    ri = select_rows(full, kind="effect", **sel, method="ri_exact")
    assert len(view) == len(ri) > 0
    assert list(view["p_ri"]) == list(ri["p_value"])


def test_weighted_view_has_weighted_rates_and_no_permutation_p(full) -> None:
    sel = {"outcome": "opt_out", "issue": "all", "option": "exit", "subgroup": "all"}
    view = effects_for_view(full, **sel, control="none", method="wls_hc2")
    rates = select_rows(full, kind="rate", **sel, method="weighted").set_index("prompt")
    assert len(view) == 2 and view["p_ri"].isna().all()
    assert list(view["baseline"]) == [rates.loc["none", "estimate"]] * 2
    assert list(view["rate_treated"]) == list(rates.loc[view["prompt"], "estimate"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_adjusted_method_note_names_each_covariate_of_the_study(embedded, lang) -> None:
    # A referee reads which covariates the Lin effects adjust for, by the names the pages use
    # (the note said only "the covariates").
    from dashboard.ui.stats_views import method_note
    from tests import studies

    for mapping, names in [
        (embedded.mapping, {"en": ["Gender", "Age", "Education"], "ja": ["性別", "年齢", "学歴"]}),
        (studies.dataset().mapping, {"en": ["Age (years)"], "ja": ["年齢（歳）"]}),
    ]:
        note = method_note("lin_hc2", "all", lang, mapping=mapping)
        assert note is not None
        assert all(name in note for name in names[lang]), note
        assert not any(column in note for column in mapping.covariates)  # no bare column
        assert method_note("ols_hc2", "all", lang, mapping=mapping) is None
