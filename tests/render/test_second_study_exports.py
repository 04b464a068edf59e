"""The files a reader takes away (the offline HTML report and the PowerPoint deck of all headline
results) of a study shaped unlike the embedded one (``tests/studies.py``) tell that study's story
only: none of the embedded study's prompts, issues, sample, size or year."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from pptx import Presentation

from analysis.i18n import t
from analysis.stats.report import all_estimates
from analysis.study.dataset import Dataset
from dashboard.render.deck import deck_bytes
from dashboard.render.exports import report_html, stamp_lines
from dashboard.render.headline import headline_slides
from dashboard.render.slides import Slide
from tests import studies

# The inlined plotly.js (megabytes of library code, its own numbers and words) is not the study's.
PLOTLY_JS = re.compile(r"<script[^>]*>(?:(?!</script>).){100000,}?</script>", re.DOTALL)
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def second() -> Dataset:
    return studies.dataset()


@pytest.fixture(scope="module")
def slides(second: Dataset) -> dict[str, list[Slide]]:
    full = all_estimates(second.prepared, second.grid)
    return {lang: headline_slides(second, full, lang=lang) for lang in ("en", "ja")}


def _leftovers(text: str) -> list[str]:
    return [s for s in studies.embedded_strings() if s in text]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_headline_report_tells_only_the_loaded_studys_story(
    second: Dataset, slides: dict[str, list[Slide]], lang: str
) -> None:
    page = report_html(
        slides[lang],
        title=t("report_headline_title", lang),
        lang=lang,
        lines=stamp_lines(second.provenance, lang),
    )
    assert len(slides[lang]) >= 3
    text = PLOTLY_JS.sub("", page)
    assert len(text) < len(page) / 2  # plotly.js was there and is gone
    # The figures' JSON in the page escapes non-ASCII text: read it from the figures too.
    figures = " ".join(
        json.dumps(json.loads(slide.figure.to_json()), ensure_ascii=False) for slide in slides[lang]
    )
    assert "Ruritania 2024" in text  # the stamp cites the loaded study
    assert _leftovers(text) == []
    assert _leftovers(figures) == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_headline_deck_tells_only_the_loaded_studys_story(
    second: Dataset, slides: dict[str, list[Slide]], lang: str
) -> None:
    deck = deck_bytes(
        slides[lang],
        lang=lang,
        provenance=second.provenance,
        title=t("report_headline_title", lang),
        image=lambda slide: TINY_PNG,  # the words are the point here, not kaleido's drawing
    )
    texts: list[str] = []
    for page in Presentation(io.BytesIO(deck)).slides:
        for shape in page.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if page.has_notes_slide:
            texts.append(page.notes_slide.notes_text_frame.text)
    text = "\n".join(texts)
    assert len(texts) > 3 * len(slides[lang])
    assert any(studies.PROMPTS["police"][1 if lang == "en" else 2] in x for x in texts)
    assert _leftovers(text) == []


def test_the_check_finds_the_embedded_studys_words() -> None:
    # The list the tests above look for is not empty, and holds what a sentence would quote.
    found = studies.embedded_strings()
    assert "4,514" in found and "2018" in found
    assert pd.Series(found).str.contains("[ぁ-んァ-ン一-龥]").any()  # Japanese labels too
