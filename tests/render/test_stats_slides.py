"""The slide builders of the Subgroups, Opinions and Exits pages: one slide each, a valid figure,
a sentence that never overstates, and the small-cell thresholds applied to figure, table and
sentence alike."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.i18n import t
from analysis.stats.exits import OUTCOME
from analysis.stats.opinions import distribution_rows
from analysis.stats.report import all_estimates
from analysis.stats.select import effects_for_view
from dashboard.render.exits import exit_slides, exit_unavailable
from dashboard.render.figures import signed
from dashboard.render.formatting import fmt_p
from dashboard.render.opinions import opinion_slides
from dashboard.render.smallcells import SmallCells
from dashboard.render.subgroups import subgroup_slides
from tests.render.studies import exit_flag_study, no_exit_study


@pytest.fixture(scope="module")
def full(embedded) -> pd.DataFrame:
    return all_estimates(embedded.prepared, embedded.grid)


def _valid(fig: go.Figure) -> None:
    go.Figure(fig.to_dict())  # raises on any invalid property


def _points(x: float) -> str:
    return signed(100 * x)


def _inter(full: pd.DataFrame, subgroup: str) -> pd.DataFrame:
    return full[
        (full["kind"] == "interaction")
        & (full["outcome"] == "opt_out")
        & (full["issue"] == "all")
        & (full["option"] == "exit")
        & (full["subgroup"] == subgroup)
    ]


def _panel(fig: go.Figure, axis: str) -> list[float]:
    """Every x value drawn as a marker in one panel (``x`` effects, ``x2`` interactions)."""
    return [
        float(v)
        for tr in fig.data
        if (tr.xaxis or "x") == axis and tr.mode == "markers"
        for v in (() if tr.x is None else tr.x)
    ]


def _effects(full: pd.DataFrame, embedded, subgroup: str) -> pd.DataFrame:
    out = effects_for_view(
        full,
        outcome="opt_out",
        issue="all",
        option="exit",
        subgroup=subgroup,
        control=embedded.mapping.control,
    )
    return out.assign(n_min=out[["n_treated", "n_control"]].min(axis=1))


# --- Subgroups ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_subgroup_slides_default_is_one_valid_slide(embedded, full, lang) -> None:
    slides = subgroup_slides(embedded, full, lang=lang)
    assert [s.key for s in slides] == ["subgroups_forest"]
    _valid(slides[0].figure)


def test_subgroup_default_is_the_first_subgroup(embedded, full) -> None:
    first = embedded.mapping.subgroups[0].key
    levels = [lab.get("en") for _, lab in embedded.prepared.levels(first)]
    ticks = subgroup_slides(embedded, full, lang="en")[0].figure.layout.yaxis.ticktext
    assert list(ticks) == levels


@pytest.mark.parametrize(("lang", "word"), [("en", "Exploratory"), ("ja", "探索的")])
def test_subgroup_takeaway_says_exploratory(embedded, full, lang, word) -> None:
    assert subgroup_slides(embedded, full, lang=lang)[0].takeaway.startswith(word)


def test_subgroup_takeaway_quotes_the_interaction_with_its_holm_p(embedded, full) -> None:
    sentence = subgroup_slides(embedded, full, lang="en", subgroup="gender")[0].takeaway
    for r in _inter(full, "gender").itertuples():
        assert f"{_points(r.estimate)} points" in sentence
        assert f"Holm-adjusted p = {r.p_adjusted:.3f}" in sentence


def test_subgroup_suppressed_effects_are_not_drawn(embedded, full) -> None:
    cells = SmallCells(200, 150)
    effects = _effects(full, embedded, "region")
    hidden = effects[effects["n_min"] < 150]
    shown = effects[effects["n_min"] >= 150]
    assert len(hidden) and len(shown)
    drawn = _panel(
        subgroup_slides(embedded, full, lang="en", subgroup="region", cells=cells)[0].figure, "x"
    )
    assert sorted(drawn) == pytest.approx(sorted(100 * shown["estimate"]))


def test_subgroup_suppressed_effects_leave_the_table(embedded, full) -> None:
    table = subgroup_slides(
        embedded, full, lang="en", subgroup="region", cells=SmallCells(200, 150)
    )[0].table
    effects = _effects(full, embedded, "region")
    assert table["Effect (points)"].notna().sum() == (effects["n_min"] >= 150).sum()


def test_subgroup_interactions_go_with_the_reference_level(embedded, full) -> None:
    """Every region interaction rests on the reference level (Hokkaido, small): suppressing it
    hides every difference, in the figure, the table and the sentence."""
    slide = subgroup_slides(
        embedded, full, lang="en", subgroup="region", cells=SmallCells(200, 150)
    )[0]
    assert _panel(slide.figure, "x2") == []
    assert (slide.table["Difference 95% CI"] == "").all()
    assert "points" not in slide.takeaway and "not shown (n < 150)" in slide.takeaway


def test_subgroup_default_thresholds_show_region_differences(embedded, full) -> None:
    slide = subgroup_slides(embedded, full, lang="en", subgroup="region")[0]
    assert _panel(slide.figure, "x2")
    assert "points" in slide.takeaway


def test_subgroup_flagged_estimates_are_hollow(embedded, full) -> None:
    fig = subgroup_slides(embedded, full, lang="en", subgroup="region")[0].figure
    effects = _effects(full, embedded, "region")
    drawn = effects[effects["n_min"] >= 30]
    symbols = [s for tr in fig.data if (tr.xaxis or "x") == "x" for s in tr.marker.symbol]
    hollow = [s for s in symbols if s.endswith("-open")]
    assert len(hollow) == (drawn["n_min"] < 100).sum() > 0


def test_subgroup_joint_test_is_in_the_details(embedded, full) -> None:
    details = subgroup_slides(embedded, full, lang="en", subgroup="gender")[0].details
    assert sum("Joint test F =" in line for line in details) == 2


def test_subgroup_joint_test_is_withheld_when_a_level_is_suppressed(embedded, full) -> None:
    details = subgroup_slides(
        embedded, full, lang="en", subgroup="region", cells=SmallCells(200, 150)
    )[0].details
    assert not any("Joint test F =" in line for line in details)
    assert sum("joint test not shown" in line for line in details) == 2


def test_subgroup_slides_without_subgroups_are_empty(full) -> None:
    from analysis.study.dataset import build_dataset
    from analysis.study.simulate import DATA_FILE
    from tests.analysis.test_report import _minimal_mapping

    minimal = build_dataset(DATA_FILE.read_bytes(), "d.csv", _minimal_mapping(), "m.toml")
    assert subgroup_slides(minimal, pd.DataFrame(), lang="en") == []


# --- Opinions ----------------------------------------------------------------------------


def _dist(full: pd.DataFrame, issue: str, option: str, view: str = "answer") -> pd.DataFrame:
    return distribution_rows(full, issue=issue, option=option, view=view)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_opinion_slides_default_is_one_valid_slide(embedded, full, lang) -> None:
    slides = opinion_slides(embedded, full, lang=lang)
    assert [s.key for s in slides] == ["opinions_distribution"]
    _valid(slides[0].figure)


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "not effects of the prompt"), ("ja", "告知の効果ではありません")]
)
def test_opinion_takeaway_among_stayers_is_not_causal(embedded, full, lang, words) -> None:
    sentence = opinion_slides(embedded, full, lang=lang, option="exit", view="answer")[0].takeaway
    assert words in sentence
    assert "chi-square" not in sentence and "カイ二乗" not in sentence


def test_opinion_exit_cells_carry_the_selection_caveat(embedded, full) -> None:
    details = opinion_slides(embedded, full, lang="en", option="exit", view="answer")[0].details
    assert any("not causal" in line for line in details)


@pytest.mark.parametrize("issue", ["economy", "same_sex_marriage"])
def test_opinion_randomised_verdict_follows_the_holm_p(embedded, full, issue) -> None:
    test = full[
        (full["kind"] == "chi2_test")
        & (full["issue"] == issue)
        & (full["option"] == "no_opinion")
        & (full["outcome"] == "answer")
    ]
    p_adj = float(test["p_adjusted"].iloc[0])
    sentence = opinion_slides(embedded, full, lang="en", issue=issue, option="no_opinion")[
        0
    ].takeaway
    expected = "differ between prompts" if p_adj < 0.05 else "cannot be told apart"
    assert expected in sentence
    assert f"Holm-adjusted p = {p_adj:.3f}" in sentence


def test_opinion_assigned_view_counts_leaving(embedded, full) -> None:
    slide = opinion_slides(embedded, full, lang="en", option="exit", view="assigned")[0]
    dist = _dist(full, "economy", "exit", "assigned")
    left = dist[dist["category"] == "left"]
    for share in left["estimate"]:
        assert f"{100 * share:.1f}% left" in slide.takeaway
    assert "Left the survey" in {tr.name for tr in slide.figure.data}


def test_opinion_view_not_offered_falls_back_to_answers(embedded, full) -> None:
    slide = opinion_slides(embedded, full, lang="en", option="no_opinion", view="assigned")[0]
    assert "Left the survey" not in {tr.name for tr in slide.figure.data}


def _smallest(full: pd.DataFrame) -> tuple[str, int]:
    sizes = _dist(full, "economy", "exit").groupby("prompt")["n"].min()
    assert sizes.min() < sorted(sizes)[1]  # one prompt has fewer answers than the others
    return str(sizes.idxmin()), int(sizes.min())


def test_opinion_suppressed_prompt_leaves_figure_table_and_sentence(embedded, full) -> None:
    prompt, n = _smallest(full)
    label = embedded.mapping.prompt_label(prompt, "en")
    support = _dist(full, "economy", "exit").query("category == 'support'")
    share = float(support.loc[support["prompt"] == prompt, "estimate"].iloc[0])
    before = opinion_slides(embedded, full, lang="en", option="exit")[0]
    after = opinion_slides(embedded, full, lang="en", option="exit", cells=SmallCells(1000, n + 1))[
        0
    ]
    assert f"{label} {100 * share:.1f}%" in before.takeaway
    assert f"{label} {100 * share:.1f}%" not in after.takeaway
    assert f"{label} not shown" in after.takeaway
    rows = after.table[after.table["Prompt"] == label]
    assert rows["Share (%)"].isna().all()
    assert after.table[after.table["Prompt"] != label]["Share (%)"].notna().any()
    row = [i for i, y in enumerate(after.figure.data[0].y) if y.startswith(label)][0]
    drawn = [tr for tr in after.figure.data if tr.hoverinfo != "skip"]  # not the legend keys
    assert drawn and all(pd.isna(tr.x[row]) for tr in drawn)


def test_opinion_chi_square_is_withheld_when_a_prompt_is_suppressed(embedded, full) -> None:
    _prompt, n = _smallest(full)
    details = opinion_slides(
        embedded, full, lang="en", option="exit", cells=SmallCells(1000, n + 1)
    )[0].details
    assert not any("Chi-square =" in line for line in details)
    assert any("Chi-square test not shown" in line for line in details)


def test_opinion_flagged_prompts_are_hatched_and_labelled(embedded, full) -> None:
    prompt, n = _smallest(full)
    fig = opinion_slides(embedded, full, lang="en", option="exit", cells=SmallCells(n + 1, 0))[
        0
    ].figure
    prompts = list(embedded.mapping.prompt_keys)
    shapes = fig.data[0].marker.pattern.shape
    assert [s == "/" for s in shapes] == [p == prompt for p in prompts]
    assert sum("small cell" in y for y in fig.data[0].y) == 1


# --- Exits -------------------------------------------------------------------------------


def _last(full: pd.DataFrame, embedded) -> pd.DataFrame:
    last = embedded.mapping.issues[-1].key
    curve = full[(full["outcome"] == OUTCOME) & (full["issue"] == last)]
    return curve


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_exit_slides_default_is_one_valid_slide(embedded, full, lang) -> None:
    slides = exit_slides(embedded, full, lang=lang)
    assert [s.key for s in slides] == ["exits_curve"]
    _valid(slides[0].figure)
    assert len(slides[0].figure.data) == len(embedded.mapping.prompt_keys)


def test_exit_one_prompt_against_control_draws_two_lines(embedded, full) -> None:
    assert len(exit_slides(embedded, full, lang="en", prompts="government")[0].figure.data) == 2


def test_exit_takeaway_gives_each_last_share_and_difference(embedded, full) -> None:
    sentence = exit_slides(embedded, full, lang="en")[0].takeaway
    curve = _last(full, embedded)
    for r in curve[curve["kind"] == "rate"].itertuples():
        assert f"{100 * r.estimate:.1f}%" in sentence
    for r in curve[curve["kind"] == "effect"].itertuples():
        assert f"{_points(r.estimate)} points (95% CI {_points(r.ci_low)}" in sentence


def test_exit_takeaway_says_when_a_difference_cannot_be_told(embedded, full) -> None:
    curve = _last(full, embedded)
    effects = curve[curve["kind"] == "effect"]
    unclear = ((effects["ci_low"] <= 0) & (effects["ci_high"] >= 0)).sum()
    sentence = exit_slides(embedded, full, lang="en")[0].takeaway
    assert sentence.count("cannot be told from no difference") == unclear


def test_exit_suppressed_cells_leave_figure_table_and_sentence(embedded, full) -> None:
    n = int(_last(full, embedded).query("kind == 'rate'")["n"].max())
    slide = exit_slides(embedded, full, lang="en", cells=SmallCells(1000, n + 1))[0]
    rates = _last(full, embedded).query("kind == 'rate'")
    for share in rates["estimate"]:
        assert f"{100 * share:.1f}%" not in slide.takeaway
    assert "points" not in slide.takeaway and "not shown" in slide.takeaway
    assert slide.table["Left by then (%)"].isna().all()
    assert all(pd.isna(y) for tr in slide.figure.data for y in tr.y)


def test_exit_flagged_cells_have_hollow_markers(embedded, full) -> None:
    fig = exit_slides(embedded, full, lang="en", cells=SmallCells(1000, 0))[0].figure
    assert all(tr.marker.symbol.endswith("-open") for tr in fig.data)


def test_exit_default_thresholds_draw_filled_markers(embedded, full) -> None:
    fig = exit_slides(embedded, full, lang="en")[0].figure
    assert not any(tr.marker.symbol.endswith("-open") for tr in fig.data)


def test_exit_flagged_lines_keep_their_prompts_dash(embedded, full) -> None:
    small = exit_slides(embedded, full, lang="en", cells=SmallCells(1000, 0))[0].figure
    default = exit_slides(embedded, full, lang="en")[0].figure
    assert [tr.line.dash for tr in small.data] == [tr.line.dash for tr in default.data]
    assert len({tr.line.dash for tr in default.data}) == len(default.data)


def test_exit_curve_is_available_for_the_embedded_study(embedded) -> None:
    assert exit_unavailable(embedded.mapping) is None


def test_no_exit_study_is_told_it_offered_no_exit() -> None:
    assert exit_unavailable(no_exit_study().mapping) == "ex_no_exit_offered"


def test_exit_flag_study_is_told_the_position_is_unknown() -> None:
    assert exit_unavailable(exit_flag_study().mapping) == "ex_no_position"


def test_exit_slides_of_a_study_without_exit_are_empty(full) -> None:
    assert exit_slides(no_exit_study(), full, lang="en") == []


# --- Exported as slides ------------------------------------------------------------------


@pytest.fixture(scope="module")
def stats_figures(embedded, full) -> list[go.Figure]:
    return [
        s.figure
        for lang in ("en", "ja")
        for s in [
            *subgroup_slides(embedded, full, lang=lang, subgroup="region"),
            *opinion_slides(embedded, full, lang=lang, option="exit", view="assigned"),
            *opinion_slides(embedded, full, lang=lang, cells=SmallCells(1000, 0)),
            *exit_slides(embedded, full, lang=lang),
        ]
    ]


def test_exported_text_is_at_least_2_percent_of_the_height(stats_figures) -> None:
    from dashboard.render.exports import export_figure
    from tests.app.test_export_figure import fonts, inline_sizes

    for fig in stats_figures:
        spec = export_figure(fig, ["stamp line"], width=1600, height=900).to_plotly_json()
        sizes = [f["size"] for _, f in fonts(spec) if f.get("size") is not None]
        sizes += inline_sizes(spec)
        assert sizes and min(sizes) >= 0.02 * 900, fig.layout.title.text


def test_exported_text_is_dark_or_contrasts_with_its_bar(stats_figures) -> None:
    from dashboard.render.exports import contrast_ratio, export_figure
    from tests.app.test_export_figure import fonts

    for fig in stats_figures:
        spec = export_figure(fig, ["stamp"]).to_plotly_json()
        for where, font in fonts(spec):
            colours = font.get("color")
            if colours is None or where.endswith("textfont"):
                continue  # bar labels: the export picks black or white per bar (tested there)
            for colour in colours if isinstance(colours, list) else [colours]:
                assert contrast_ratio(colour, "#ffffff") >= 4.5, (where, colour)


# The words that say a difference is not clear after the adjustment, in each language.
UNCLEAR = {"en": "be told from no difference", "ja": "差がないことと区別できない"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_subgroup_takeaway_does_not_call_a_holm_p_above_005_a_difference(
    embedded, full, lang
) -> None:
    inter = _inter(full, "gender")
    # The embedded data invent no subgroup finding: no difference is clear after Holm, and
    # that is said once, at the end, not after every prompt.
    assert len(inter) > 1 and (inter["p_adjusted"] >= 0.05).all()
    (slide,) = subgroup_slides(
        embedded, full, lang=lang, outcome="opt_out", option="exit", issue="all", subgroup="gender"
    )
    assert slide.takeaway.count(UNCLEAR[lang]) == 1
    assert slide.takeaway.endswith(t("tk_sg_none_clear", lang))
    for p in inter["p_adjusted"]:
        assert fmt_p(p) in slide.takeaway  # every prompt still quoted with its Holm p


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_subgroup_reference_label_starts_right_of_the_zero_line(embedded, full, lang) -> None:
    """The reference level's row in the difference panel has no marker, only its label: drawn
    centred on x = 0 the dashed zero line ran through the word."""
    fig = subgroup_slides(embedded, full, lang=lang, subgroup="gender")[0].figure
    labels = [a for a in fig.layout.annotations if a.text == t("sg_reference", lang)]
    assert len(labels) == 1
    label = labels[0]
    assert (label.x, label.y, label.xref) == (0, 0, "x2")  # the difference panel's zero
    assert label.xanchor == "left" and label.xshift >= 4


def test_subgroup_chart_has_its_legend_above_the_panels(embedded, full) -> None:
    """Its legend is above the plot, in the room the default top margin keeps for one (no blank
    band under the title): at the right it took the width of the longest prompt label from the
    two panels, and four long or Japanese labels squeezed them until their axis titles met."""
    from dashboard.render.figures import default_layout

    fig = subgroup_slides(embedded, full, lang="en", subgroup="gender")[0].figure
    size = fig.layout.font.size
    legend_above = default_layout(title="", font_size=size, showlegend=True)
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y >= 1
    assert fig.layout.legend.x is not None and fig.layout.legend.x <= 0
    assert fig.layout.margin.t == legend_above["margin"]["t"]
