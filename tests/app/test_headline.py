"""The "all headline results" report: the Overview's two charts, then one main chart per chart
page in menu order, each page left out when the study lacks what it needs."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset, build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE
from dashboard.render.exports import report_html
from dashboard.render.headline import HEADLINE_SECTIONS, headline_slides


def _no_exit_study() -> Dataset:
    """The embedded study's 'no opinion' half only: no exit option, no subgroups, no
    covariates (a mapping a few lines shorter, the data's exit cells left out)."""
    text = MAPPING_FILE.read_text(encoding="utf-8")
    text = re.sub(r'"[456]" = \[.*\]\n', "", text)  # the exit cells' arm codes
    text = re.sub(r"\nexit = \{.*\}\n", "\n", text)  # the exit option
    text = text.replace('[exit]\nposition = "exit_q"\n', "")
    text = re.sub(r"\[adjustment\]\ncovariates = .*\n", "", text)
    text = text[: text.index("[[subgroups]]")]
    frame = pd.read_csv(DATA_FILE)
    frame = frame[frame["arm"].isin([1, 2, 3])]
    data = frame.to_csv(index=False).encode()
    return build_dataset(data, "no_exit.csv", text.encode(), "no_exit.toml")


@pytest.fixture(scope="module")
def no_exit() -> tuple[Dataset, pd.DataFrame]:
    study = _no_exit_study()
    return study, all_estimates(study.prepared, study.grid)


@pytest.fixture(scope="module")
def slides_en(embedded, embedded_full):
    return headline_slides(embedded, embedded_full, lang="en")


def test_sections_are_in_menu_order() -> None:
    order = ["overview", "subgroups", "opinions", "exits", "balance", "plan"]
    pages = [page for page, _section in HEADLINE_SECTIONS]
    assert pages == [p for p in order if p in pages]
    assert {"overview", "balance", "plan"} <= set(pages)


def test_overview_comes_first_with_its_two_charts(slides_en) -> None:
    assert [s.key for s in slides_en[:2]] == ["headline_opt_out_rates", "headline_opt_out_effects"]


def test_every_other_page_gives_one_main_chart(embedded, embedded_full) -> None:
    for page, section in HEADLINE_SECTIONS[1:]:
        assert len(section(embedded, embedded_full, lang="en")) == 1, page


def test_report_is_the_sections_in_order(embedded, embedded_full, slides_en) -> None:
    expected = [
        s.key
        for _page, section in HEADLINE_SECTIONS
        for s in section(embedded, embedded_full, lang="en")
    ]
    assert [s.key for s in slides_en] == expected
    assert slides_en[-2].key == "bal_love_covariates" and slides_en[-1].key == "plan_curve"


def test_effects_carry_holm_and_permutation_p(slides_en) -> None:
    assert {"p (Holm)", "p (permutation)"} <= set(slides_en[1].table.columns)


@pytest.mark.parametrize("page", ["subgroups", "exits", "balance"])
def test_a_study_without_exit_subgroups_or_covariates_skips_the_page(no_exit, page) -> None:
    sections = dict(HEADLINE_SECTIONS)
    if page not in sections:
        pytest.skip(f"the {page} page has no slide builder in this tree")
    study, full = no_exit
    assert sections[page](study, full, lang="en") == []


def test_a_study_without_exit_leads_with_no_opinion(no_exit) -> None:
    study, full = no_exit
    keys = [s.key for s in headline_slides(study, full, lang="ja")]
    assert keys[:2] == ["headline_no_opinion_rates", "headline_no_opinion_effects"]
    assert keys[-1] == "plan_curve"
    assert not any(k.startswith("bal_love") for k in keys)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_html_holds_every_headline_takeaway(embedded, embedded_full, lang) -> None:
    slides = headline_slides(embedded, embedded_full, lang=lang)
    page = report_html(slides, title="t", lang=lang, lines=["stamp"])
    for slide in slides:
        assert html.escape(slide.takeaway) in page, slide.key
