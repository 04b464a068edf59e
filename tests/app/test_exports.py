"""Exports carry source, provenance ("simulated") and citation; images are slide-sized with
Japanese text; the HTML report is self-contained."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import struct

import pandas as pd
import pytest

from dashboard.render.exports import (
    HALF_WIDTH,
    add_stamp,
    csv_bytes,
    figure_image,
    image_export_error,
    report_html,
    slide_figure,
    stamp_lines,
    wrap,
    wrap_chart_title,
)
from dashboard.render.headline import headline_slides


@pytest.fixture(scope="module")
def slides_ja(embedded, embedded_full):
    return headline_slides(embedded, embedded_full, lang="ja")


def test_stamp_says_simulated_and_cites_in_english(embedded) -> None:
    lines = stamp_lines(embedded.provenance, "en", view="Rates")
    text = " ".join(lines)
    assert "SIMULATED DATA" in text and "Eck" in text and "dashboard" in text
    assert lines[0] == "View: Rates"


def test_stamp_says_simulated_in_japanese(embedded) -> None:
    assert "シミュレーションデータ" in " ".join(stamp_lines(embedded.provenance, "ja"))


def test_stamp_carries_the_export_date(embedded) -> None:
    lines = stamp_lines(embedded.provenance, "en", today=dt.date(2026, 1, 2))
    assert "2026-01-02" in lines[-1]


def test_csv_starts_with_bom_and_comment_stamp(embedded, slides_ja) -> None:
    data = csv_bytes(slides_ja[1].table, stamp_lines(embedded.provenance, "ja"))
    assert data.startswith(b"\xef\xbb\xbf# ")
    assert "シミュレーションデータ" in data.decode("utf-8-sig").splitlines()[0]


def test_csv_reads_back_with_comment_lines_skipped(embedded, slides_ja) -> None:
    table = slides_ja[1].table
    data = csv_bytes(table, stamp_lines(embedded.provenance, "ja"))
    back = pd.read_csv(io.BytesIO(data), comment="#", encoding="utf-8-sig")
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)


def test_csv_stamp_cannot_break_out_of_its_comment() -> None:
    data = csv_bytes(pd.DataFrame({"a": [1]}), ["line one\nnot a comment"]).decode("utf-8-sig")
    assert data.splitlines()[0] == "# line one not a comment"


def test_wrap_counts_japanese_as_double_width() -> None:
    assert all(len(line) <= 10 for line in wrap("あ" * 30, 20))
    assert wrap("one two three", 7) == ["one two", "three"]


def test_stamp_goes_under_the_plot_in_the_axis_title(slides_ja) -> None:
    fig = add_stamp(slides_ja[1].figure, ["<b>x</b> & y"], font_size=12, width=800)
    title = fig.layout.xaxis.title.text
    assert title.startswith(slides_ja[1].figure.layout.xaxis.title.text)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in title  # stamp text is escaped, not markup


def test_slide_figure_is_slide_sized_with_large_text(embedded, slides_ja) -> None:
    fig = slide_figure(slides_ja[0].figure, stamp_lines(embedded.provenance, "ja"))
    assert (fig.layout.width, fig.layout.height) == (1600, 900)
    assert fig.layout.font.size >= 20


def test_report_is_self_contained(embedded, slides_ja) -> None:
    page = report_html(
        slides_ja, title="報告", lang="ja", lines=stamp_lines(embedded.provenance, "ja")
    )
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"""<link[^>]+href=["']https?:""", page)
    assert page.count("Plotly.newPlot") == len(slides_ja)
    assert "シミュレーションデータ" in page and 'lang="ja"' in page


def test_report_inlines_plotly_once(embedded, slides_ja) -> None:
    page = report_html(slides_ja, title="t", lang="ja", lines=["x"])
    assert page.count("* plotly.js v") == 1  # the banner of the one inlined bundle


def test_report_escapes_text(embedded, slides_ja) -> None:
    page = report_html(slides_ja[:1], title="<script>alert(1)</script>", lang="en", lines=["<i>"])
    assert "<script>alert(1)</script>" not in page and "&lt;i&gt;" in page


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_png_export_is_slide_resolution(embedded, slides_ja) -> None:
    if image_export_error():
        pytest.skip("kaleido cannot start here")
    data = figure_image(
        slide_figure(slides_ja[1].figure, stamp_lines(embedded.provenance, "ja")), "png"
    )
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert _png_size(data) == (3200, 1800)


@pytest.mark.slow
def test_svg_export_carries_japanese_text_and_stamp(embedded, slides_ja) -> None:
    if image_export_error():
        pytest.skip("kaleido cannot start here")
    svg = figure_image(
        slide_figure(slides_ja[1].figure, stamp_lines(embedded.provenance, "ja")), "svg"
    ).decode()
    assert "政府による監視" in svg and "シミュレーションデータ" in svg


@pytest.mark.parametrize(("lang", "turned"), [("en", True), ("ja", False)])
def test_on_screen_bar_charts_reserve_their_margins(embedded, embedded_full, lang, turned) -> None:
    # Plotly's automargin cost ~10 ms of every selection change per chart: the on-screen rate
    # chart reserves the room itself (tests/browser checks nothing overlaps); the effect chart
    # and every export keep Plotly's measuring.
    from dashboard.render.exports import screen_figure, text_width

    rates, effects = headline_slides(embedded, embedded_full, lang=lang)[:2]
    screen = screen_figure(rates, lang=lang, dataset=embedded)
    assert screen.layout.xaxis.automargin is False and screen.layout.yaxis.automargin is False
    assert (screen.layout.xaxis.tickangle == -30) is turned
    size = screen.layout.font.size
    longest = max(text_width(str(x), size) for trace in screen.data for x in trace.x)
    assert screen.layout.margin.b >= (0.5 * longest if turned else 0) + 2 * 12
    assert screen.layout.margin.l >= 2 * size
    lines = stamp_lines(embedded.provenance, lang)
    assert slide_figure(rates.figure, lines).layout.xaxis.automargin is True


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_on_screen_effect_chart_reserves_its_margins(embedded, embedded_full, lang) -> None:
    # Plotly's automargin measured and drew the effect chart twice on every selection change:
    # on screen its room is reserved (tests/browser checks nothing overlaps or spills); its
    # export keeps Plotly's measuring.
    from dashboard.render.exports import screen_figure, text_width

    effects = headline_slides(embedded, embedded_full, lang=lang)[1]
    screen = screen_figure(effects, lang=lang, dataset=embedded)
    assert screen.layout.xaxis.automargin is False and screen.layout.yaxis.automargin is False
    size = screen.layout.font.size
    longest = max(text_width(str(label), size) for label in screen.layout.yaxis.ticktext)
    assert screen.layout.margin.l >= longest
    # Under the plot: tick labels, the axis title and the two stamp lines at least.
    assert screen.layout.margin.b >= 4 * size
    lines = stamp_lines(embedded.provenance, lang)
    assert slide_figure(effects.figure, lines).layout.xaxis.automargin is True


def test_effect_chart_title_and_stamp_are_wrapped_to_the_plot(embedded, embedded_full) -> None:
    # Centred under a plot narrower than the chart, an unwrapped stamp ran past the chart's
    # right edge: each line fits the width left of the category labels.
    from dashboard.render.exports import screen_figure, text_width

    effects = headline_slides(embedded, embedded_full, lang="en")[1]
    screen = screen_figure(effects, lang="en", dataset=embedded, stamp_width=450)
    plot = 450 - screen.layout.margin.l
    title = screen.layout.xaxis.title.text
    for part in title.split("<br>"):
        size = re.search(r"font-size:(\d+)px", part)
        line = re.sub(r"<[^>]+>", "", part)
        assert text_width(line, int(size[1]) if size else screen.layout.font.size) <= plot, line


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_chart_titles_on_screen_fit_a_half_width_chart(embedded, embedded_full, lang) -> None:
    # Plotly never wraps a title: the Japanese rates title ran out of a half-width chart.
    from dashboard.render.exports import screen_figure, text_width

    for slide in headline_slides(embedded, embedded_full, lang=lang):
        if slide.figure is None or not slide.figure.layout.title.text:
            continue
        screen = screen_figure(slide, lang=lang, dataset=embedded, stamp_width=450)
        size = 1.2 * screen.layout.font.size
        lines = screen.layout.title.text.split("<br>")
        for line in lines:
            assert text_width(html.unescape(line), size) <= 450, line
        if len(lines) > slide.figure.layout.title.text.count("<br>") + 1:
            assert screen.layout.margin.t > slide.figure.layout.margin.t


def test_horizontal_bars_keep_plotlys_margins() -> None:
    # Categories on the y axis: the reserved room would not fit them, so nothing is changed.
    from dashboard.render.exports import reserve_bar_margins

    spec = {
        "data": [{"type": "bar", "orientation": "h", "y": ["a long category"], "x": [1]}],
        "layout": {"font": {"size": 14}},
    }
    reserve_bar_margins(spec, stamp_lines=2, stamp_size=12)
    assert spec["layout"] == {"font": {"size": 14}}


def test_a_chart_across_the_page_is_wrapped_to_the_page_not_to_a_column(app) -> None:
    """Subgroups draws its chart across the page: its title was wrapped to a half-width
    column's 450 px, two short lines over a wide chart with room to spare."""

    app.run()
    app.switch_page("pages/subgroups.py").run()
    title = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert "<br>" not in title
    layout = {"title": {"text": title}, "font": {"size": 14}}
    wrap_chart_title(layout, HALF_WIDTH)
    assert "<br>" in layout["title"]["text"]  # in a column it would wrap
