"""Slides a presenter can open: a PowerPoint deck of charts (python-pptx), no Streamlit here.

    data = deck_bytes(slides, lang="ja", provenance=dataset.provenance, title="...")

The deck is 16:9. A title slide (saying SIMULATED DATA when the data is simulated), then one
slide per chart: the takeaway as the slide's title, the chart as a slide-size PNG (drawn by
:func:`dashboard.render.exports.export_figure`, like every exported image; its alt text is the
takeaway), the stamp (data provenance, citation, dashboard version) in the footer, and the
numbers behind the chart (from the slide's table: estimate, 95% CI, n, p and Holm p where the
table has them) in the speaker notes. Every run of text names an East Asian font, so Japanese is
set in a CJK font whatever the viewer's default.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from analysis.i18n import t
from analysis.study.dataset import Provenance
from dashboard.render.exports import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    chart_image,
    short_stamp,
    slide_description,
    stamp_lines,
    text_width,
)
from dashboard.render.slides import Slide

DECK_WIDTH = Inches(13.333)  # 16:9, PowerPoint's default widescreen size
DECK_HEIGHT = Inches(7.5)
MARGIN = Inches(0.45)
GAP = Inches(0.12)
LATIN_FONT = "Noto Sans"
EAST_ASIAN_FONT = "Noto Sans CJK JP"  # what Debian's fonts-noto-cjk installs
LANGUAGE_TAGS = {"en": "en-GB", "ja": "ja-JP"}
TITLE_SIZES = (30, 28, 24, 22, 20, 18)  # points: the largest that fits the takeaway
TITLE_MAX_HEIGHT = 1.9  # inches
FOOTER_SIZE = 10
NOTES_SIZE = 12
BLACK = RGBColor(0, 0, 0)
STAMP_GREY = RGBColor(0x33, 0x33, 0x33)  # 12.6:1 on white

ImageMaker = Callable[[Slide], bytes]


def style_run(run, *, lang: str, size: float, bold: bool = False, colour=BLACK) -> None:
    """Size, colour and fonts of one run of text: a Latin font, the CJK East Asian font (what
    PowerPoint uses for Japanese characters) and the run's language (spelling, voice)."""
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = colour
    font.name = LATIN_FONT
    props = run._r.get_or_add_rPr()
    props.set("lang", LANGUAGE_TAGS.get(lang, lang))
    east_asian = props.find(qn("a:ea"))
    if east_asian is None:
        east_asian = props.makeelement(qn("a:ea"), {})
        # The schema's order: latin, ea, cs, sym, hlinkClick, ...
        props.insert_element_before(
            east_asian, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"
        )
    east_asian.set("typeface", EAST_ASIAN_FONT)


def write_lines(
    frame: TextFrame,
    lines: Sequence[str],
    *,
    lang: str,
    size: float,
    bold: bool = False,
    colour=BLACK,
    append: bool = False,
) -> None:
    """Write ``lines`` into ``frame``, one left-aligned paragraph each, every run styled; the
    frame's text is replaced unless ``append``."""
    if not append:
        frame.clear()  # leaves one empty paragraph
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 and not append else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = line
        style_run(run, lang=lang, size=size, bold=bold, colour=colour)


def _lines_needed(text: str, size: float, width_pt: float) -> int:
    # text_width counts in units of the size (CJK one em, others 0.6 em): a roomy estimate.
    return max(1, math.ceil(text_width(text, size) / width_pt))


def title_size(text: str, width: int) -> tuple[int, int]:
    """The largest of :data:`TITLE_SIZES` at which ``text`` fits ``TITLE_MAX_HEIGHT`` in a box
    ``width`` EMU wide, and the box's height in EMU at that size."""
    width_pt = Emu(width).pt
    for size in TITLE_SIZES:
        lines = _lines_needed(text, size, width_pt)
        if lines * 1.25 * size <= TITLE_MAX_HEIGHT * 72:
            break
    return size, int(Pt(lines * 1.25 * size + 10))


def notes_lines(slide: Slide, lang: str) -> list[str]:
    """The speaker notes: the takeaway, the notes under it, then every row of the table behind
    the chart as ``column: value`` pairs (the estimate, its 95% CI, n, p, Holm p...)."""
    lines = [slide.takeaway, *slide.details, "", t("deck_notes_numbers", lang)]
    for row in slide.table.itertuples(index=False):
        cells = [
            f"{column}: {_cell(value)}"
            for column, value in zip(slide.table.columns, row, strict=True)
            if _cell(value)
        ]
        lines.append("• " + " · ".join(cells))
    return lines


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() else f"{value:g}"
    return str(value).strip()


def _footer(slide: PptxSlide, lines: Sequence[str], *, lang: str) -> int:
    """The stamp at the bottom of ``slide``; returns the footer's top (EMU)."""
    width = DECK_WIDTH - 2 * MARGIN
    count = sum(_lines_needed(line, FOOTER_SIZE, Emu(width).pt) for line in lines)
    height = int(Pt(count * 1.2 * FOOTER_SIZE + 8))
    top = DECK_HEIGHT - MARGIN // 2 - height
    box = slide.shapes.add_textbox(MARGIN, top, width, height)
    box.name = "Footer"
    frame = box.text_frame
    frame.margin_top = frame.margin_bottom = 0
    write_lines(frame, lines, lang=lang, size=FOOTER_SIZE, colour=STAMP_GREY)
    return top


def _title_slide(
    prs: Presentation, *, title: str, lang: str, provenance: Provenance, lines
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # Title Slide
    heading, subtitle = slide.shapes.title, slide.placeholders[1]
    width = DECK_WIDTH - 2 * MARGIN
    heading.left, heading.top, heading.width, heading.height = (
        MARGIN,
        Inches(1.2),
        width,
        Inches(1.6),
    )
    write_lines(heading.text_frame, [title], lang=lang, size=36, bold=True)
    heading.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN,
        Inches(3.0),
        width,
        Inches(4.0),
    )
    frame = subtitle.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    if provenance.simulated:  # the warning first, large and bold
        write_lines(frame, [t("deck_simulated", lang)], lang=lang, size=24, bold=True)
    write_lines(frame, lines, lang=lang, size=16, colour=STAMP_GREY, append=provenance.simulated)


def _chart_slide(
    prs: Presentation, slide: Slide, image: bytes, *, lang: str, footer: Sequence[str]
) -> None:
    out = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    width = DECK_WIDTH - 2 * MARGIN
    size, height = title_size(slide.takeaway, width)
    heading = out.shapes.title
    heading.left, heading.top, heading.width, heading.height = MARGIN, MARGIN // 2, width, height
    write_lines(heading.text_frame, [slide.takeaway], lang=lang, size=size, bold=True)
    heading.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    footer_top = _footer(out, footer, lang=lang)
    # The chart keeps its 16:9 shape, as large as fits between the title and the footer.
    top = heading.top + height + GAP
    room_height = footer_top - GAP - top
    chart_width = min(width, room_height * SLIDE_WIDTH // SLIDE_HEIGHT)
    chart_height = chart_width * SLIDE_HEIGHT // SLIDE_WIDTH
    picture = out.shapes.add_picture(
        io.BytesIO(image),
        (DECK_WIDTH - chart_width) // 2,
        top,
        chart_width,
        chart_height,
    )
    picture.name = "Chart"
    picture._element.nvPicPr.cNvPr.set("descr", slide_description(slide))  # its alt text
    write_lines(
        out.notes_slide.notes_text_frame, notes_lines(slide, lang), lang=lang, size=NOTES_SIZE
    )


def deck_bytes(
    slides: Sequence[Slide],
    *,
    lang: str,
    provenance: Provenance,
    title: str,
    image: ImageMaker | None = None,
    today: dt.date | None = None,
) -> bytes:
    """A .pptx of ``slides``: a title slide, then one slide per chart (see the module's text).

    ``image`` makes a slide's PNG; by default kaleido draws :func:`export_figure` at slide size
    (1600 x 900, scale 2) with the short source stamp, so a chart copied out of the deck still
    says where it is from (the full stamp is in the footer).
    """
    footer = stamp_lines(provenance, lang, today=today)
    if image is None:
        marks = [short_stamp(provenance, lang)]

        def image(slide: Slide) -> bytes:
            return chart_image(slide, marks, "png")

    prs = Presentation()
    prs.slide_width, prs.slide_height = DECK_WIDTH, DECK_HEIGHT
    props = prs.core_properties
    # Core properties hold at most 255 characters each.
    props.title = title[:255]
    props.language = LANGUAGE_TAGS.get(lang, lang)
    props.subject = short_stamp(provenance, lang)[:255]  # "SIMULATED DATA · Source: ..."
    _title_slide(prs, title=title, lang=lang, provenance=provenance, lines=footer)
    for slide in slides:
        _chart_slide(prs, slide, image(slide), lang=lang, footer=footer)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
