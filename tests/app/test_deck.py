"""The PowerPoint deck, read back with python-pptx: a title slide that says SIMULATED DATA, one
slide per chart with the takeaway as its title, the chart as a 16:9 picture with its alt text,
the stamp in the footer, the numbers in the speaker notes, Japanese in a CJK font."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard.render.deck import EAST_ASIAN_FONT, deck_bytes, title_size
from dashboard.render.exports import image_export_error, slide_description, stamp_lines
from dashboard.render.slides import outcome_headline_slides

TODAY = dt.date(2026, 1, 2)


def fake_png(slide) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(out, format="PNG")
    return out.getvalue()


def read(data: bytes) -> Presentation:
    return Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def slides_by_lang(embedded) -> dict:
    return {lang: outcome_headline_slides(embedded, lang=lang) for lang in ("en", "ja")}


@pytest.fixture(scope="module")
def decks(embedded, slides_by_lang) -> dict:
    return {
        lang: read(
            deck_bytes(
                slides,
                lang=lang,
                provenance=embedded.provenance,
                title=f"Deck {lang}",
                image=fake_png,
                today=TODAY,
            )
        )
        for lang, slides in slides_by_lang.items()
    }


def shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_one_slide_per_chart_after_a_title_slide(decks, slides_by_lang, lang) -> None:
    assert len(decks[lang].slides) == len(slides_by_lang[lang]) + 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_slide_titles_are_the_takeaways(decks, slides_by_lang, lang) -> None:
    titles = [s.shapes.title.text for s in list(decks[lang].slides)[1:]]
    assert titles == [s.takeaway for s in slides_by_lang[lang]]


def test_title_slide_says_simulated(decks) -> None:
    first = decks["en"].slides[0]
    assert first.shapes.title.text == "Deck en"
    assert "SIMULATED DATA" in first.placeholders[1].text_frame.text
    assert "シミュレーションデータ" in decks["ja"].slides[0].placeholders[1].text_frame.text


def test_real_data_title_slide_does_not_say_simulated(embedded, slides_by_lang) -> None:
    real = replace(embedded.provenance, simulated=False)
    deck = read(
        deck_bytes(slides_by_lang["en"][:1], lang="en", provenance=real, title="t", image=fake_png)
    )
    text = " ".join(
        s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame
    )
    assert "SIMULATED" not in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_footer_carries_the_stamp(embedded, decks, lang) -> None:
    stamp = stamp_lines(embedded.provenance, lang, today=TODAY)
    for slide in list(decks[lang].slides)[1:]:
        footer = shape(slide, "Footer").text_frame.text
        assert footer.split("\n") == stamp
    footer = shape(decks[lang].slides[1], "Footer").text_frame.text
    assert "Eck" in footer and "0." in footer and "2026-01-02" in footer  # citation, version, date


def test_notes_hold_the_numbers_behind_each_chart(decks, slides_by_lang) -> None:
    for slide, source in zip(list(decks["en"].slides)[1:], slides_by_lang["en"], strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert source.takeaway in notes
        ci = source.table["95% CI"]
        for value in ci[ci != ""]:
            assert value in notes, (source.key, value)
        for n in source.table["n"]:
            assert f"n: {n}" in notes
    effects = slides_by_lang["en"][1]
    notes = decks["en"].slides[2].notes_slide.notes_text_frame.text
    for p in effects.table["p-value"]:
        assert f"p-value: {p}" in notes
    for estimate in effects.table["Effect (points)"]:
        assert f"Effect (points): {estimate:.1f}" in notes


def test_notes_carry_holm_p_when_the_table_has_it(decks, slides_by_lang, embedded) -> None:
    source = slides_by_lang["en"][1]
    table = source.table.assign(**{"Holm p": ["0.0123", "0.0456"]})
    deck = read(
        deck_bytes(
            [replace(source, table=table)],
            lang="en",
            provenance=embedded.provenance,
            title="t",
            image=fake_png,
        )
    )
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert "Holm p: 0.0123" in notes and "Holm p: 0.0456" in notes


def test_chart_is_a_16_9_picture_with_its_takeaway_as_alt_text(decks, slides_by_lang) -> None:
    for slide, source in zip(list(decks["en"].slides)[1:], slides_by_lang["en"], strict=True):
        picture = shape(slide, "Chart")
        assert abs(picture.width / picture.height - 16 / 9) < 0.01
        assert picture._element.nvPicPr.cNvPr.get("descr") == slide_description(source)


def test_shapes_stay_on_the_slide_and_do_not_overlap(decks) -> None:
    deck = decks["ja"]
    for slide in list(deck.slides)[1:]:
        title, chart, footer = slide.shapes.title, shape(slide, "Chart"), shape(slide, "Footer")
        assert title.top + title.height <= chart.top
        assert chart.top + chart.height <= footer.top
        assert footer.top + footer.height <= deck.slide_height
        assert chart.left >= 0 and chart.left + chart.width <= deck.slide_width


def test_deck_is_16_9(decks) -> None:
    assert abs(decks["en"].slide_width / decks["en"].slide_height - 16 / 9) < 0.01


def runs(deck):
    for slide in deck.slides:
        frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
        frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for paragraph in frame.paragraphs:
                yield from paragraph.runs


def test_japanese_deck_sets_the_cjk_font_on_every_run(decks) -> None:
    found = list(runs(decks["ja"]))
    assert len(found) > 20
    for run in found:
        east_asian = run._r.find(qn("a:rPr")).find(qn("a:ea"))
        assert east_asian is not None and east_asian.get("typeface") == EAST_ASIAN_FONT
        assert run._r.find(qn("a:rPr")).get("lang") == "ja-JP"


def test_japanese_text_is_in_the_deck(decks) -> None:
    assert "政府による監視" in decks["ja"].slides[2].notes_slide.notes_text_frame.text


def test_long_takeaways_get_a_smaller_title() -> None:
    from pptx.util import Inches

    short, _ = title_size("Short.", Inches(12))
    long, height = title_size("word " * 120, Inches(12))
    assert long < short and height > 0


@pytest.mark.slow
def test_deck_charts_are_drawn_by_kaleido_at_slide_resolution(embedded, slides_by_lang) -> None:
    if image_export_error():
        pytest.skip("kaleido cannot start here")
    deck = read(
        deck_bytes(slides_by_lang["ja"][:1], lang="ja", provenance=embedded.provenance, title="t")
    )
    picture = shape(deck.slides[1], "Chart")
    image = Image.open(io.BytesIO(picture.image.blob))
    assert image.size == (3200, 1800)
