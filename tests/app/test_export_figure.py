"""Exported charts are slides too: in every PNG, SVG and deck image each text is at least 2% of
the image height and readable (dark on white, or >= 4.5:1 on the bar it sits in), the title as
large as in presentation mode; and each file carries its text alternative."""

from __future__ import annotations

import html
import io
import math
import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from dashboard.render import exports
from dashboard.render.exports import (
    ExportSizes,
    chart_image,
    contrast_ratio,
    export_figure,
    figure_image,
    image_export_error,
    png_with_text,
    report_html,
    slide_description,
    stamp_lines,
    svg_with_text,
)
from dashboard.render.figures import apply_defaults
from dashboard.render.figures_stats import make_power_figure
from dashboard.render.slides import Slide, outcome_headline_slides
from dashboard.ui import presentation

SVG = "{http://www.w3.org/2000/svg}"
SIZES = [(1600, 900), (1000, 1000), (1920, 1080)]


def sankey_figure() -> go.Figure:
    fig = go.Figure(
        go.Sankey(
            node={"label": ["Everyone (100)", "Left (10)", "Completed (90)"]},
            link={"source": [0, 0], "target": [1, 2], "value": [10, 90]},
        )
    )
    return apply_defaults(fig, title="Who left")


def power_figure() -> go.Figure:
    curve = pd.DataFrame({"effect": [0.02, 0.05, 0.1], "n_per_arm": [5000.0, 800.0, 200.0]})
    return make_power_figure(curve, lang="en", title="Respondents needed")


@pytest.fixture(scope="module")
def figures(embedded) -> list[go.Figure]:
    found = [
        s.figure for lang in ("en", "ja") for s in outcome_headline_slides(embedded, lang=lang)
    ]
    return [*found, sankey_figure(), power_figure()]


def fonts(obj: object, path: str = "") -> list[tuple[str, dict]]:
    """Every font dict set in a figure's JSON (not the template's: explicit values win)."""
    found: list[tuple[str, dict]] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("template", "hoverlabel"):  # hover text is not in a static image
                continue
            where = f"{path}.{key}"
            if key.endswith("font") and isinstance(value, dict):
                found.append((where, value))
            found += fonts(value, where)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            found += fonts(value, f"{path}[{i}]")
    return found


def inline_sizes(obj: object) -> list[float]:
    """Font sizes written into text itself (``<span style="font-size:...px">``)."""
    text = str(obj)
    return [float(v) for v in re.findall(r"font-size:\s*([\d.]+)px", text)]


# --- the figure, without rendering -----------------------------------------------------------


def test_export_sizes_scale_presentation_mode_to_the_height() -> None:
    sizes = ExportSizes.for_height(960)  # twice presentation mode's 480 px chart
    assert (sizes.text, sizes.title) == (44, 52)
    assert sizes.stamp >= 0.02 * 960


def test_export_sizes_follow_presentation_mode() -> None:
    # The exports copy presentation mode's numbers (render/ cannot import ui/): kept in step.
    assert exports.PRESENTATION_FONT_SIZE == presentation.ROOM_FONT_SIZE
    assert exports.PRESENTATION_CHART_HEIGHT == presentation.ROOM_CHART_HEIGHT
    room = presentation.room_figure(go.Figure(layout={"title": {"text": "t"}}))
    assert exports.PRESENTATION_TITLE_SIZE == room.layout.title.font.size


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_font_is_at_least_2_percent_of_the_height(figures, width, height) -> None:
    for fig in figures:
        spec = export_figure(fig, ["stamp line"], width=width, height=height).to_plotly_json()
        sizes = [f["size"] for _, f in fonts(spec) if f.get("size") is not None]
        sizes += inline_sizes(spec)
        assert sizes and min(sizes) >= 0.02 * height, fig.layout.title.text


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_title_is_as_large_as_in_presentation_mode(figures, width, height) -> None:
    expected = math.ceil(26 / 480 * height)
    for fig in figures:
        spec = export_figure(fig, [], width=width, height=height).to_plotly_json()
        assert spec["layout"]["title"]["font"]["size"] == expected


def test_base_text_is_presentation_mode_scaled(figures) -> None:
    spec = export_figure(figures[0], [], width=1600, height=900).to_plotly_json()
    assert spec["layout"]["font"]["size"] == math.ceil(22 / 480 * 900)
    assert spec["layout"]["xaxis"]["tickfont"]["size"] == math.ceil(22 / 480 * 900)


def test_every_font_colour_is_dark_or_contrasts_with_its_bar(figures) -> None:
    for fig in figures:
        spec = export_figure(fig, ["stamp"]).to_plotly_json()
        for where, font in fonts(spec):
            colours = font.get("color")
            if colours is None:
                continue
            colours = colours if isinstance(colours, list) else [colours]
            trace = re.match(r"\.data\[(\d+)\]\.textfont$", where)
            if trace and spec["data"][int(trace.group(1))].get("type") == "bar":
                bars = spec["data"][int(trace.group(1))]["marker"]["color"]
                bars = bars if isinstance(bars, list) else [bars] * len(colours)
                for text, bar in zip(colours, bars, strict=False):
                    assert contrast_ratio(text, bar) >= 4.5, (where, text, bar)
            else:
                for colour in colours:
                    assert contrast_ratio(colour, "#ffffff") >= 4.5, (where, colour)


def test_bar_labels_pick_black_or_white_for_their_bar() -> None:
    fig = go.Figure(
        go.Bar(x=["a", "b"], y=[1, 2], text=["1", "2"], marker={"color": ["#0072B2", "#E69F00"]})
    )
    font = export_figure(fig, []).data[0].textfont
    assert list(font.color) == ["#ffffff", "#000000"]


def test_export_is_sized_and_white(figures) -> None:
    fig = export_figure(figures[0], ["x"], width=1200, height=700)
    assert (fig.layout.width, fig.layout.height) == (1200, 700)
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == "#ffffff"


def test_stamp_is_under_the_title_and_escaped(figures) -> None:
    fig = export_figure(figures[0], ["<b>SIMULATED</b> & co"])
    assert fig.layout.title.subtitle.text == "&lt;b&gt;SIMULATED&lt;/b&gt; &amp; co"


def test_long_titles_are_wrapped_to_the_width() -> None:
    fig = apply_defaults(go.Figure(go.Bar(x=["a"], y=[1])), title="word " * 60)
    lines = export_figure(fig, []).layout.title.text.split("<br>")
    assert len(lines) > 1


def test_crowded_value_labels_are_dropped_and_sparse_ones_kept(embedded) -> None:
    slides = {s.key: s for s in outcome_headline_slides(embedded, lang="en")}
    crowded = export_figure(slides["headline_no_opinion_by_issue"].figure, [])
    sparse = export_figure(slides["headline_opt_out_effects"].figure, [])
    assert all("text" not in trace.mode for trace in crowded.data)
    assert all("text" in trace.mode for trace in sparse.data)


def test_export_leaves_the_shared_figure_alone(figures) -> None:
    before = figures[0].to_plotly_json()
    export_figure(figures[0], ["stamp"])
    assert figures[0].to_plotly_json() == before


def test_export_figure_is_valid_plotly(figures) -> None:
    for fig in figures:
        out = export_figure(fig, ["stamp"])
        assert go.Figure(out.to_dict()).to_plotly_json() == out.to_plotly_json()


# --- text alternatives, without rendering ----------------------------------------------------


def minimal_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_png_description_reads_back_in_english_and_japanese() -> None:
    data = png_with_text(minimal_png(), {"Description": "6.0% (95% CI 4.5–7.9)", "Title": "率"})
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.text["Description"] == "6.0% (95% CI 4.5–7.9)"
    assert image.text["Title"] == "率"


def test_png_uses_text_chunks_for_latin1_and_itxt_for_japanese() -> None:
    data = png_with_text(minimal_png(), {"Description": "plain", "Title": "日本語"})
    assert b"tEXtDescription\x00plain" in data
    assert b"iTXtTitle\x00" in data


def test_svg_title_and_desc_are_the_roots_first_children() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    out = svg_with_text(svg, title="Rates <b>", description="6.0% & more", key="k 1")
    root = ET.fromstring(out)
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    assert root[0].text == "Rates <b>" and root[1].text == "6.0% & more"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby").split() == [root[0].get("id"), root[1].get("id")]


def test_report_figures_are_captioned_by_their_takeaway(embedded) -> None:
    slides = outcome_headline_slides(embedded, lang="ja")
    page = report_html(slides, title="t", lang="ja", lines=["x"])
    captions = re.findall(
        r'<figure aria-labelledby="([^"]+)">\s*<figcaption class="takeaway" id="([^"]+)">(.*?)'
        r"</figcaption>",
        page,
        flags=re.S,
    )
    assert len(captions) == len(slides)
    for (labelled, ident, caption), slide in zip(captions, slides, strict=True):
        assert labelled == ident
        assert html.unescape(caption) == slide_description(slide)


def test_description_adds_the_notes_to_the_takeaway() -> None:
    slide = Slide("k", "h", go.Figure(), "Takeaway 6.0%.", pd.DataFrame(), ("Holm p 0.01.",))
    assert slide_description(slide) == "Takeaway 6.0%. Holm p 0.01."


# --- rendered by kaleido ---------------------------------------------------------------------


def text_style(element: ET.Element) -> dict[str, str]:
    style = element.get("style") or ""
    return {k.strip(): v.strip() for k, _, v in (p.partition(":") for p in style.split(";")) if k}


def check_svg_text(svg: bytes) -> int:
    """Assert every non-empty text of ``svg`` is >= 2% of its height and readable; returns how
    many texts were checked."""
    root = ET.fromstring(svg)
    height = float(root.get("height"))
    parents = {child: parent for parent in root.iter() for child in parent}
    checked = 0
    for element in root.iter():
        if element.tag not in (f"{SVG}text", f"{SVG}tspan"):
            continue
        if not "".join(element.itertext()).strip():
            continue
        style = text_style(element)
        if element.tag == f"{SVG}tspan" and "font-size" not in style and "fill" not in style:
            continue  # inherits its <text>'s, checked there
        size = style.get("font-size")
        if size is None:
            style = {**text_style(parents[element]), **style}
            size = style["font-size"]
        assert float(size.removesuffix("px")) >= 0.02 * height, "".join(element.itertext())
        fill = style.get("fill", "rgb(0, 0, 0)")
        if "bartext-inside" in (element.get("class") or ""):
            bar = parents[element].find(f"{SVG}path")
            background = text_style(bar)["fill"]
        else:
            background = "#ffffff"
        assert contrast_ratio(fill, background) >= 4.5, ("".join(element.itertext()), fill)
        checked += 1
    return checked


def needs_kaleido() -> None:
    if image_export_error():
        pytest.skip("kaleido cannot start here")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_rendered_svg_text_is_large_and_dark(embedded, lang) -> None:
    needs_kaleido()
    lines = stamp_lines(embedded.provenance, lang)
    for slide in outcome_headline_slides(embedded, lang=lang)[
        ::2
    ]:  # rates, rates, effects by issue
        svg = figure_image(export_figure(slide.figure, lines), "svg")
        assert check_svg_text(svg) > 10, slide.key


@pytest.mark.slow
def test_rendered_sankey_text_is_large_and_dark() -> None:
    needs_kaleido()
    svg = figure_image(export_figure(sankey_figure(), ["SIMULATED DATA"]), "svg")
    assert check_svg_text(svg) >= 4


@pytest.mark.slow
def test_the_svg_check_catches_small_grey_text() -> None:
    needs_kaleido()
    fig = apply_defaults(go.Figure(go.Bar(x=["a"], y=[1])), title="t", font_size=12)
    fig.update_layout(width=1600, height=900, font={"color": "#aaaaaa"})
    with pytest.raises(AssertionError):
        check_svg_text(figure_image(fig, "svg"))


@pytest.mark.slow
def test_svg_export_carries_title_and_takeaway(embedded) -> None:
    needs_kaleido()
    slide = outcome_headline_slides(embedded, lang="ja")[1]
    root = ET.fromstring(chart_image(slide, stamp_lines(embedded.provenance, "ja"), "svg"))
    assert root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"
    assert root[0].text == slide.figure.layout.title.text
    assert root[1].text == slide.takeaway and "+8.0" in root[1].text
    assert root.get("aria-labelledby") == f"{root[0].get('id')} {root[1].get('id')}"


@pytest.mark.slow
def test_png_export_carries_the_takeaway(embedded) -> None:
    needs_kaleido()
    slide = outcome_headline_slides(embedded, lang="en")[0]
    data = chart_image(slide, stamp_lines(embedded.provenance, "en"), "png")
    image = Image.open(io.BytesIO(data))
    image.load()  # checks every chunk's CRC
    assert image.size == (3200, 1800)
    assert image.text["Description"] == slide.takeaway
    assert "SIMULATED DATA" in image.text["Source"]


@pytest.mark.slow
def test_power_chart_labels_only_powers_of_ten() -> None:
    """The log axis of respondents needed: Plotly's default labels the 2s and 5s between the
    decades as bare "2" and "5", which a reader takes for 2 or 5 respondents."""
    needs_kaleido()
    root = ET.fromstring(figure_image(power_figure(), "svg"))
    labels = [
        "".join(text.itertext())
        for tick in root.iter(f"{SVG}g")
        if "ytick" in (tick.get("class") or "")
        for text in tick.iter(f"{SVG}text")
    ]
    assert labels and all(re.fullmatch(r"10*|1(,000)+|10+(,000)*", s) for s in labels), labels
