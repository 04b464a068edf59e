"""Sentences about the study come from its mapping and data: the embedded study reads as
before, a study of another shape is told its own story, a missing field is left out."""

from __future__ import annotations

import dataclasses
import re

import pytest

from analysis.io.mapping import StudyText
from analysis.study.dataset import Dataset, load_embedded_dataset
from dashboard.render import study_text
from dashboard.render.exports import short_stamp, stamp_lines
from tests import studies


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_embedded_dataset()


@pytest.fixture(scope="module")
def second() -> Dataset:
    return studies.dataset()


def without_description(dataset: Dataset) -> Dataset:
    """The same data with a mapping that gives no description, citation or link."""
    m = dataset.mapping
    bare = dataclasses.replace(m, study=StudyText(), citation="")
    prepared = dataclasses.replace(dataset.prepared, mapping=bare)
    provenance = dataclasses.replace(dataset.provenance, citation="", citation_ja="", link="")
    return dataclasses.replace(dataset, prepared=prepared, provenance=provenance)


def methods_text(dataset: Dataset, lang: str) -> str:
    parts = []
    for section in study_text.methods_sections(dataset, lang):
        parts.append(section.heading)
        for block in section.blocks:
            value = block.value
            parts.append(value.to_string() if hasattr(value, "to_string") else str(value))
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def test_has_exit_follows_the_options(embedded, second) -> None:
    assert study_text.has_exit(embedded.mapping)
    assert not study_text.has_exit(second.mapping)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_embedded_intro_reads_as_before(embedded, lang) -> None:
    intro = study_text.overview_intro(embedded, lang).replace("\\", "")
    assert "4,514" in intro
    assert ("Japan, June 2018" if lang == "en" else "日本、2018年6月") in intro


def test_embedded_methods_keep_the_facts(embedded) -> None:
    text = methods_text(embedded, "en")
    for fact in ("Japan, June 2018", "4,514", "¥130", "The eight issues", "Journal of Politics"):
        assert fact in text, fact


def test_second_study_counts_come_from_the_data(second) -> None:
    intro = study_text.overview_intro(second, "en")
    assert intro.startswith(f"{len(second.prepared.frame):,} respondents")
    assert "four prompts" in intro
    assert "The five issues" in methods_text(second, "en")


def test_no_exit_study_leads_with_no_opinion(second) -> None:
    assert "no opinion" in study_text.overview_heading(second, "en")
    intro = study_text.overview_intro(second, "en")
    assert "leaving the survey was not offered" in intro
    assert "offered the exit" not in study_text.overview_sample(second, "en")


def test_no_exit_study_has_no_exit_caveat(second) -> None:
    text = methods_text(second, "en")
    assert "Selection in the exit cells" not in text
    assert "Where 'no opinion' and 'exit' exist" not in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_only_the_embedded_data_quote_their_calibration(embedded, second, lang) -> None:
    assert "4,514" in study_text.simulated_note(embedded, lang)
    assert "4,514" not in study_text.simulated_note(second, lang)
    assert "4,514" not in methods_text(second, lang)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_missing_fields_are_left_out_not_filled(embedded, lang) -> None:
    bare = without_description(embedded)
    text = methods_text(bare, lang)
    for word in ("June 2018", "2018年6月", "¥130", "130円", "Journal of Politics"):
        assert word not in text
    assert "(" not in study_text.overview_intro(bare, "en").split(" were ")[0]


def test_stamp_names_no_source_without_a_citation(embedded) -> None:
    bare = without_description(embedded)
    assert "Source" not in bare.provenance.stamp("en")
    assert "出典" not in bare.provenance.stamp("ja")
    assert short_stamp(bare.provenance, "en").startswith("SIMULATED DATA")


def test_export_stamp_cites_the_loaded_study(second) -> None:
    lines = " ".join(stamp_lines(second.provenance, "en"))
    assert studies.CITATION in lines and studies.URL in lines
    assert "Eck" not in lines


def test_short_stamp_cuts_the_citation_after_its_year(embedded, second) -> None:
    assert short_stamp(second.provenance, "en").endswith("Example Survey Team (2024)")
    assert short_stamp(embedded.provenance, "en").endswith("Tago, A. (2021)")


def test_description_from_the_mapping_is_shown_literally(embedded) -> None:
    from analysis.io.mapping import Label

    hostile = Label("[click](javascript:x) **b**\n\n# not a heading", "<script>x</script>")
    study = dataclasses.replace(embedded.mapping.study, design=hostile, where_when=hostile)
    mapping = dataclasses.replace(embedded.mapping, study=study)
    dataset = dataclasses.replace(
        embedded, prepared=dataclasses.replace(embedded.prepared, mapping=mapping)
    )
    design = study_text.methods_sections(dataset, "en")[0].blocks[:2]
    assert [b.value for b in design] == [
        r"\[click\]\(javascript\:x\) \*\*b\*\*",
        r"\# not a heading",
    ]
    assert r"\[click\]" in study_text.overview_intro(dataset, "en")
