"""Charts of a study shaped unlike the embedded one (``tests/studies.py``: four long prompt labels,
no exit option): what they say and how their labels are laid out."""

from __future__ import annotations

import json
import unicodedata

import pandas as pd
import pytest

from analysis.i18n import t
from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset
from dashboard.render.balance import COVARIATES, flow_slide, love_slide
from dashboard.render.subgroups import subgroup_slides
from dashboard.render.takeaways import inline_label
from tests import studies


def _units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture(scope="module")
def second() -> Dataset:
    return studies.dataset()


@pytest.fixture(scope="module")
def second_full(second: Dataset) -> pd.DataFrame:
    return all_estimates(second.prepared, second.grid)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("study", "title"), [("second", "bal_flow_title_no_exit"), ("embedded", "bal_flow_title")]
)
def test_flow_chart_is_titled_with_leaving_only_where_one_could_leave(
    request: pytest.FixtureRequest, study: str, title: str, lang: str
) -> None:
    data = request.getfixturevalue(study)
    slide = flow_slide(data, request.getfixturevalue(f"{study}_full"), lang=lang)
    assert slide is not None
    assert slide.figure.layout.title.text == t(title, lang)


def test_subgroup_panel_titles_wrap_in_japanese_too(
    second: Dataset, second_full: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Japanese panel title has no spaces to wrap at: it is wrapped by its width all the same
    (a long control label made one line wider than its panel, into the next panel's title)."""
    mapping = type(second.mapping)
    label = mapping.prompt_label
    long_control = "プラットフォームがデータを売る可能性を知らされなかった群"

    def prompt_label(self, key: str, lang: str) -> str:
        return long_control if key == self.control and lang == "ja" else label(self, key, lang)

    monkeypatch.setattr(mapping, "prompt_label", prompt_label)
    figure = subgroup_slides(second, second_full, lang="ja", font_size=22)[0].figure
    titles = [figure.layout.xaxis.title.text, figure.layout.xaxis2.title.text]
    assert long_control[:6] in titles[0]
    lines = [line for title in titles for line in title.split("<br>")]
    # At most 36 units a line, a Japanese character counting two (as the exports count).
    assert max(_units(line) for line in lines) <= 36, lines


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_love_plot_names_this_studys_control_not_the_embedded_ones(
    second: Dataset, second_full: pd.DataFrame, embedded: Dataset, lang: str
) -> None:
    slide = love_slide(second, second_full, lang=lang, group=COVARIATES)
    assert slide is not None
    layout = slide.figure.layout
    control = inline_label(second.mapping.prompt_label(second.mapping.control, lang), lang)
    embedded_control = embedded.mapping.prompt_label(embedded.mapping.control, lang)
    for text in (layout.title.text, layout.xaxis.title.text):
        assert control in text
        assert embedded_control not in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_love_plot_names_a_covariate_by_its_mapping_label(
    second: Dataset, second_full: pd.DataFrame, lang: str
) -> None:
    # "age" is a covariate of this study and the column of no subgroup: its name comes from
    # [adjustment.labels] (the plot showed the bare column name).
    slide = love_slide(second, second_full, lang=lang, group=COVARIATES)
    assert slide is not None
    shown = slide.figure.to_json()
    shown = json.dumps(json.loads(shown), ensure_ascii=False)
    assert second.mapping.covariate_label("age", lang) + " (age)" in shown
    assert {"en": "Age (years)", "ja": "年齢（歳）"}[lang] in shown
