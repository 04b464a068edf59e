"""Figures built from plain dicts (``dashboard.render.figures.from_spec``, no validation while the page
runs) are valid Plotly figures: validating them changes nothing.

This is where the check skipped at run time happens. It fails on a misspelt property, a value of
the wrong type, or anything validation would coerce into something else.
"""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analysis.i18n import t
from analysis.stats.select import effects_with_baseline, outcome_option, select_rows
from dashboard.render.exports import add_stamp, slide_figure, stamp_lines
from dashboard.render.figures import TEMPLATE_TRACES, from_spec, signed
from dashboard.render.headline import headline_slides
from dashboard.render.slides import view_slides
from dashboard.render.smallcells import SmallCells


def as_json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def assert_valid_unchanged(fig: go.Figure) -> None:
    validated = go.Figure(fig.to_dict())  # raises on an invalid property or value
    assert as_json(validated) == as_json(fig)


def selections(dataset):
    m = dataset.mapping
    for lang in ("en", "ja"):
        for outcome in ("opt_out", "no_opinion", "support"):
            issue = "all" if outcome != "support" else m.issues[0].key
            for subgroup in ["all"] + [s.key for s in m.subgroups]:
                yield lang, outcome, issue, subgroup


@pytest.fixture(scope="module")
def slides(embedded, embedded_full):
    m = embedded.mapping
    out = []
    for lang, outcome, issue, subgroup in selections(embedded):
        option = outcome_option(outcome, None, m)
        rates = select_rows(
            embedded.grid,
            kind="rate",
            outcome=outcome,
            issue=issue,
            option=option,
            subgroup=subgroup,
        )
        effects = effects_with_baseline(
            embedded.grid,
            outcome=outcome,
            issue=issue,
            option=option,
            subgroup=subgroup,
            control=m.control,
        )
        levels = (
            {"all": t("level_all", lang)}
            if subgroup == "all"
            else {k: lab.get(lang) for k, lab in embedded.prepared.levels(subgroup)}
        )
        for cells in (SmallCells(), SmallCells(suppress_below=150, flag_below=400)):
            out += view_slides(
                rates,
                effects,
                lang=lang,
                control=m.control,
                level_labels=levels,
                prompt_labels={k: m.prompt_label(k, lang) for k in m.prompt_keys},
                outcome_label="<b>outcome</b>",
                issue_label="issue & more",
                cells=cells,
            )
    return (
        out
        + headline_slides(embedded, embedded_full, lang="en")
        + headline_slides(embedded, embedded_full, lang="ja")
    )


def test_there_are_many_kinds_of_figure(slides) -> None:
    kinds = {(s.key, len(s.figure.data)) for s in slides}
    assert len(slides) > 100 and len(kinds) > 4


def test_view_figures_are_valid_plotly(slides) -> None:
    for slide in slides:
        assert_valid_unchanged(slide.figure)


def test_stamped_and_slide_figures_are_valid_plotly(embedded, slides) -> None:
    lines = stamp_lines(embedded.provenance, "ja", today=dt.date(2026, 1, 2))
    for slide in slides[::7]:
        assert_valid_unchanged(add_stamp(slide.figure, lines, font_size=12, width=450))
        assert_valid_unchanged(slide_figure(slide.figure, lines))


def test_every_trace_type_has_its_template_defaults(slides) -> None:
    for slide in slides:
        template = slide.figure.layout.template
        for trace in slide.figure.data:
            assert trace.type in TEMPLATE_TRACES
            assert template.data[trace.type], trace.type


def test_the_check_catches_an_invalid_property() -> None:
    with pytest.raises(ValueError):
        assert_valid_unchanged(from_spec([{"type": "bar", "colour": "red"}], {}))


def test_the_check_catches_a_value_validation_would_change() -> None:
    with pytest.raises(AssertionError):  # a number where Plotly expects a string
        assert_valid_unchanged(from_spec([{"type": "bar", "name": 3}], {}))


def test_stamping_leaves_the_shared_figure_alone(slides) -> None:
    fig = slides[0].figure
    before = as_json(fig)
    add_stamp(fig, ["stamp"], font_size=12, width=450)
    slide_figure(fig, ["stamp"])
    assert as_json(fig) == before


def test_a_difference_that_rounds_to_zero_is_never_minus_zero(slides) -> None:
    assert signed(-0.04) == "+0.0" and signed(0.04) == "+0.0"
    assert signed(-0.06) == "-0.1" and signed(-1.26) == "-1.3" and signed(2.0) == "+2.0"
    shown = [text for slide in slides for trace in slide.figure.data for text in trace.text or []]
    assert any(text.startswith("-") for text in shown)
    assert "-0.0" not in shown
