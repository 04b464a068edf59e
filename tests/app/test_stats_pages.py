"""The statistics pages render in both languages, react to their widgets and keep their
selections in the URL; Overview and Explore switch between effect methods."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import open_panels, plain

STATS_PAGES = [
    "pages/subgroups.py",
    "pages/opinions.py",
    "pages/exits.py",
    "pages/balance.py",
    "pages/plan.py",
]


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _open(app, page: str, **params: str):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


@pytest.mark.parametrize("page", STATS_PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_renders_with_a_chart(app, page, lang) -> None:
    _open(app, page, lang=lang)
    assert _figures(app)


@pytest.mark.parametrize("page", STATS_PAGES)
def test_page_shows_the_simulated_badge(app, page) -> None:
    _open(app, page)
    assert any("SIMULATED DATA" in w.value for w in app.warning)


def test_subgroups_change_of_subgroup_changes_the_levels(app) -> None:
    _open(app, "pages/subgroups.py")
    before = _figures(app)[0]["layout"]["yaxis"]["ticktext"]
    app.selectbox(key="sg_subgroup").set_value("age").run()
    after = _figures(app)[0]["layout"]["yaxis"]["ticktext"]
    assert before == ["Men", "Women"] and after != before


def test_subgroups_page_says_exploratory_and_gives_the_joint_test(app) -> None:
    _open(app, "pages/subgroups.py")
    assert any("Exploratory" in i.value for i in app.info)
    assert any("Joint test" in plain(c.value) for c in app.caption)  # the chart's details


def test_subgroups_selection_comes_from_the_url(app) -> None:
    _open(app, "pages/subgroups.py", sg_subgroup="region")
    assert app.selectbox(key="sg_subgroup").value == "region"


def test_opinions_exit_as_answer_view_adds_the_left_category(app) -> None:
    _open(app, "pages/opinions.py")
    names = {trace["name"] for trace in _figures(app)[0]["data"]}
    app.selectbox(key="op_view").set_value("assigned").run()
    after = {trace["name"] for trace in _figures(app)[0]["data"]}
    assert "Left the survey" not in names and "Left the survey" in after


def test_opinions_exit_cells_carry_the_selection_caveat(app) -> None:
    _open(app, "pages/opinions.py", op_option="exit")
    assert any("not causal" in plain(c.value) for c in app.caption)  # the chart's details


def test_exits_one_prompt_vs_control_shows_two_lines(app) -> None:
    _open(app, "pages/exits.py")
    assert len(_figures(app)[0]["data"]) == 3
    app.selectbox(key="ex_prompts").set_value("government").run()
    assert len(_figures(app)[0]["data"]) == 2


def test_balance_group_change_changes_the_rows(app) -> None:
    _open(app, "pages/balance.py")
    before = len(app.dataframe[-1].value)
    app.selectbox(key="bal_group").set_value("region").run()
    assert len(app.dataframe[-1].value) != before


def test_balance_flow_counts_everyone(app) -> None:
    _open(app, "pages/balance.py")
    sankey = _figures(app)[0]["data"][0]
    assert "All respondents (4,514)" in sankey["node"]["label"]


def test_plan_effect_change_changes_n(app) -> None:
    _open(app, "pages/plan.py")
    before = app.metric[0].value
    app.selectbox(key="plan_effect").set_value("10").run()
    assert app.metric[0].value != before


def test_plan_is_prefilled_with_the_control_rate(app) -> None:
    _open(app, "pages/plan.py")
    assert app.number_input(key="plan_baseline").value == pytest.approx(6.0, abs=0.05)


def test_overview_adjusted_switch_changes_the_effects(app) -> None:
    _open(app, "pages/overview.py")
    before = _figures(app)[1]["data"][0]["x"]
    app.radio(key="overview_method").set_value("lin_hc2").run()
    assert not app.exception
    assert _figures(app)[1]["data"][0]["x"] != before


def test_overview_shows_holm_and_permutation_p(app) -> None:
    _open(app, "pages/overview.py")
    captions = [c.value.replace("\\", "") for c in app.caption]  # Markdown-escaped text
    assert any("Holm-adjusted" in c and "permutation" in c for c in captions)


def test_explore_effect_table_has_adjusted_p_columns(app) -> None:
    open_panels(_open(app, "pages/explore.py"))
    columns = list(app.dataframe[-1].value.columns)
    assert "p (Holm)" in columns and "p (permutation)" in columns


def test_explore_weighted_switch_comes_from_the_url(app) -> None:
    _open(app, "pages/explore.py", explore_method="wls_hc2")
    assert app.radio(key="explore_method").value == "wls_hc2"


@pytest.mark.parametrize("page", [*STATS_PAGES, "pages/overview.py", "pages/explore.py"])
def test_pages_cope_without_weights_covariates_or_subgroups(app, page) -> None:
    from analysis.study.dataset import build_dataset
    from analysis.study.simulate import DATA_FILE
    from dashboard.ui.state import DATASET_KEY
    from tests.analysis.test_report import _minimal_mapping

    app.session_state[DATASET_KEY] = build_dataset(
        DATA_FILE.read_bytes(), DATA_FILE.name, _minimal_mapping(), "minimal.toml"
    )
    _open(app, page)
