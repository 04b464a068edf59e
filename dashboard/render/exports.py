"""Exports, each stamped with its source, the data's provenance and the citation.

- CSV: UTF-8 with a byte-order mark (so Excel in Japan reads the Japanese), the stamp as
  leading ``# `` comment lines, then the table (``pd.read_csv(f, comment="#")`` reads it back).
- PNG / SVG: the chart at slide size (1600 × 900; PNG at scale 2), text at least 20 px, the
  stamp as an annotation under the plot. Rendered server-side by kaleido 1.x with the system's
  Chromium; the kaleido server is started once, lazily, on the first image.
- HTML: one self-contained file (plotly.js inlined once, no external request) with the
  title, stamp, each chart with its takeaway and its table.

No Streamlit here: the widgets that offer these files are in ``dashboard/ui/panels.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import math
import re
import struct
import threading
import unicodedata
import warnings
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import t
from analysis.study.dataset import Dataset, Provenance
from dashboard.render.figures import FONT_FAMILY, from_spec
from dashboard.render.plotly_locale import plotly_locale

if TYPE_CHECKING:
    from dashboard.render.slides import Slide

SLIDE_WIDTH = 1600
SLIDE_HEIGHT = 900
PNG_SCALE = 2
EXPORT_FONT_SIZE = 20
STAMP_COLOUR = "#333333"


@functools.cache
def dashboard_version() -> str:
    """The installed version of this dashboard (for its citation)."""
    try:
        return metadata.version("surveillance-dashboard")
    except metadata.PackageNotFoundError:
        return "dev"


def stamp_lines(
    provenance: Provenance, lang: str, view: str | None = None, today: dt.date | None = None
) -> list[str]:
    """The stamp of an export: what it shows, provenance (says "simulated" when so) with the
    study's citation, and the dashboard's citation with the export date."""
    today = today or dt.datetime.now(dt.UTC).date()
    lines = [t("export_view", lang, view=view)] if view else []
    lines.append(provenance.stamp(lang))
    lines.append(
        t(
            "export_exported",
            lang,
            date=today.isoformat(),
            dashboard=t("cite_dashboard", lang, version=dashboard_version()),
        )
    )
    return lines


def short_stamp(provenance: Provenance, lang: str) -> str:
    """One short line for charts on screen: simulated-or-loaded and the source."""
    badge = t("badge_simulated" if provenance.simulated else "badge_real", lang)
    source = provenance.short_source(lang)  # from the mapping: never another study's
    return f"{badge} · {t('source_short_from', lang, source=source)}" if source else badge


def csv_bytes(table: pd.DataFrame, lines: Sequence[str]) -> bytes:
    """The table as CSV, UTF-8 with BOM, the stamp as leading ``# `` comment lines."""
    out = io.StringIO()
    for line in lines:
        out.write("# " + " ".join(line.splitlines()) + "\n")
    table.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8-sig")


OPENING_BRACKETS = "（「『【〔〈《([{"


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap(text: str, units: int) -> list[str]:
    """Split ``text`` into lines of at most ``units`` (CJK characters count two), at spaces
    where there are spaces."""
    lines: list[str] = []
    line, used, last_space = "", 0, -1
    for ch in text:
        line += ch
        used += _width(ch)
        if ch == " ":
            last_space = len(line) - 1
        if used > units:
            if last_space > 0:
                lines.append(line[:last_space])
                line = line[last_space + 1 :]
            elif len(line) > 2 and line[-2] in OPENING_BRACKETS:
                # Japanese line breaking: an opening bracket never ends a line.
                lines.append(line[:-2])
                line = line[-2:]
            else:
                lines.append(line[:-1])
                line = ch
            used = sum(_width(c) for c in line)
            last_space = line.rfind(" ")
    if line.strip():
        lines.append(line)
    return lines


def _merge(base: dict, update: dict) -> dict:
    """Merge ``update`` into ``base`` in place, nested dicts key by key (as Plotly's
    ``update_layout`` does); anything else, lists included, is replaced."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def add_stamp(
    fig: go.Figure, lines: Sequence[str], *, font_size: int, width: int, fixed_margins: bool = False
) -> go.Figure:
    """A copy of ``fig`` with ``lines`` written under the plot (wrapped to ``width`` px).

    Why in the x-axis title: Plotly makes room for an axis title automatically (automargin), so
    the stamp never overlaps tick labels, however they are rotated or wrapped. With
    ``fixed_margins`` (charts on screen) the room of a bar chart and of a dot-and-whisker chart
    is reserved here instead: see :func:`reserve_bar_margins` and :func:`reserve_dot_margins`.
    """
    spec = fig.to_dict()  # a deep copy: the figure may be shared (cached), never changed here
    layout = spec["layout"]
    wrap_chart_title(layout, width)
    current = layout.get("xaxis", {}).get("title", {}).get("text")
    dots = fixed_margins and bool(current) and is_dot_chart(spec)
    if dots:
        # Title and stamp are centred under the plot, which is narrower than the chart by the
        # category labels at its left: wrapped to the plot's width, neither runs out of the
        # chart (with Plotly's automargin the stamp ran past the right edge).
        width = max(200, width - dot_chart_left(spec))
        size = float(layout.get("font", {}).get("size") or 14)
        title_units = max(20, int(width / (0.6 * size)))  # as text_width counts
        current = "<br>".join(
            html.escape(w, quote=False)
            for part in current.split("<br>")
            for w in wrap(html.unescape(part), title_units)
        )
    units = (
        max(20, int(width / (0.6 * font_size)))
        if dots
        else max(40, int(width / (0.55 * font_size)))
    )
    wrapped = [w for line in lines for w in wrap(line, units)]
    style = f"font-size:{font_size}px;color:{STAMP_COLOUR}"
    stamp = "<br>".join(f'<span style="{style}">{html.escape(w)}</span>' for w in wrapped)
    _merge(
        layout,
        {
            "xaxis": {
                "title": {"text": f"{current}<br>{stamp}" if current else stamp},
                "automargin": True,
            }
        },
    )
    if fixed_margins and not current:
        reserve_bar_margins(spec, stamp_lines=len(wrapped), stamp_size=font_size)
    elif dots:
        reserve_dot_margins(
            spec,
            title_lines=current.count("<br>") + 1,
            stamp_lines=len(wrapped),
            stamp_size=font_size,
        )
    # Plain dicts, not graph objects: see dashboard.render.figures.from_spec (tests validate them).
    return from_spec(spec["data"], layout)


def wrap_chart_title(layout: dict, width: int) -> None:
    """Wrap the chart's title to ``width`` px and grow the top margin by the added lines, in
    place. Why: Plotly never wraps a title, and a Japanese title on a half-width chart ran out
    of the chart's right edge, cut off mid-phrase."""
    title = layout.get("title") or {}
    text = title.get("text")
    if not text:
        return
    base = float(layout.get("font", {}).get("size") or 14)
    size = float((title.get("font") or {}).get("size") or 1.2 * base)  # Plotly's default
    # As text_width counts: 0.6 em a narrow character (one unit of wrap()), 1 em a wide one
    # (two units): a Japanese title is measured at ~0.5 em a unit, its few digits allowed for.
    unit = 0.52 if any(_width(c) == 2 for c in text) else 0.6
    units = max(16, int(width / (unit * size)))
    lines = [
        html.escape(w, quote=False)
        for part in text.split("<br>")
        for w in (wrap(html.unescape(part), units) or [""])
    ]
    before = text.count("<br>") + 1
    added = len(lines) - before
    if added > 0:
        title["text"] = "<br>".join(lines)
        # Plotly drops a top-anchored title's 0.7 em baseline shift once it has several lines
        # (its first line then sat half above the chart): added back, as in export_figure.
        shift = 0.7 * size if before == 1 else 0.0
        pad = title.setdefault("pad", {})
        pad["t"] = int(pad.get("t", 0) + shift)
        margin = layout.setdefault("margin", {})
        margin["t"] = int(margin.get("t", 0) + added * 1.3 * size + shift)


def text_width(text: str, size: float) -> float:
    """Rough width in px of one line of text: wide (CJK) characters 1 em, the rest 0.6 em (a
    little more than Noto Sans's average, so a reserved margin errs on the roomy side)."""
    return sum(size if _width(c) == 2 else 0.6 * size for c in text)


def reserve_bar_margins(spec: dict, *, stamp_lines: int, stamp_size: int) -> None:
    """For a bar chart (numbers on the y axis, categories on the x axis, the stamp as the only
    x title): turn Plotly's automatic margins off and reserve the room they would take, in
    place. Anything else is left as it is.

    Why: with automargin on, Plotly measures the tick labels and titles on every update and
    draws the chart again; for the rates chart that was ~10 ms of each selection change
    (70 -> 60 ms alone on a page, against 57 ms for the benchmark's floor chart). Long category
    labels are turned by a fixed 30 degrees rather than by Plotly's guess, so their height is
    known. Exports keep automargin.
    """
    data, layout = spec["data"], spec["layout"]
    if not data or any(
        trace.get("type") != "bar" or trace.get("orientation") == "h" for trace in data
    ):
        return
    size = float(layout.get("font", {}).get("size") or 14)
    line = 1.3 * size
    xaxis, yaxis = layout.setdefault("xaxis", {}), layout.setdefault("yaxis", {})
    labels = [html.unescape(str(v)) for trace in data for v in (trace.get("x") or [])]
    longest = max([text_width(v, size) for v in labels] or [0])
    if longest > 7 * size:  # would crowd a half-width chart: turned, predictably
        xaxis["tickangle"] = -30
        ticks = 0.5 * longest + line  # sin(30 degrees) of the length, plus the text height
    else:
        ticks = line
    xaxis["automargin"] = yaxis["automargin"] = False
    y_title = 1.6 * size if (yaxis.get("title") or {}).get("text") else 0
    margin = layout.setdefault("margin", {})
    margin["l"] = int(max(margin.get("l", 0), text_width("100", size) + y_title + 14))
    margin["b"] = int(max(margin.get("b", 0), ticks + 1.35 * stamp_size * stamp_lines + 16))


def is_dot_chart(spec: dict) -> bool:
    """A dot-and-whisker chart as ``make_effect_figure`` draws it: scatter traces on one pair
    of axes, numbers on the x axis, the categories as y tick labels (``ticktext``)."""
    data, layout = spec["data"], spec["layout"]
    return (
        bool(data)
        and all(trace.get("type") == "scatter" for trace in data)
        and not any(key in layout for key in ("xaxis2", "yaxis2", "annotations"))
        and bool((layout.get("yaxis") or {}).get("ticktext"))
    )


def dot_chart_left(spec: dict) -> int:
    """The left margin a dot chart's longest y tick label needs, in px."""
    layout = spec["layout"]
    size = float(layout.get("font", {}).get("size") or 14)
    labels = [html.unescape(str(v)) for v in layout["yaxis"]["ticktext"]]
    longest = max(text_width(line, size) for v in labels for line in v.split("<br>"))
    return int(max(layout.get("margin", {}).get("l", 0), longest + 14))


def reserve_dot_margins(spec: dict, *, title_lines: int, stamp_lines: int, stamp_size: int) -> None:
    """For a dot chart (:func:`is_dot_chart`): automatic margins off and their room reserved,
    in place: the y tick labels at the left; under the plot the x tick labels, the axis title
    (``title_lines`` lines) and the stamp. Why: as for the bar chart
    (:func:`reserve_bar_margins`), Plotly's automargin measured and drew the effect chart twice
    on every selection change (~10 ms of it in Chromium)."""
    layout = spec["layout"]
    size = float(layout.get("font", {}).get("size") or 14)
    xaxis, yaxis = layout.setdefault("xaxis", {}), layout.setdefault("yaxis", {})
    xaxis["automargin"] = yaxis["automargin"] = False
    margin = layout.setdefault("margin", {})
    margin["l"] = dot_chart_left(spec)
    under = 1.3 * size + 1.3 * size * title_lines + 1.35 * stamp_size * stamp_lines + 20
    margin["b"] = int(max(margin.get("b", 0), under))


# Presentation mode's chart text (dashboard/ui/presentation.py, room_figure): 22 px, the title
# 26 px, on a chart 480 px high. Exports scale these to their own height (a test keeps the two
# in step); render/ cannot import ui/ (Streamlit).
PRESENTATION_FONT_SIZE = 22
PRESENTATION_TITLE_SIZE = 26
PRESENTATION_CHART_HEIGHT = 480
MIN_TEXT_SHARE = 0.02  # every text in an export: at least 2% of the image height
DARK_TEXT = "#000000"
PRESENTATION_ERROR_THICKNESS = 3


@dataclass(frozen=True)
class ExportSizes:
    """Text sizes in px of a chart exported at ``height`` px: the base (ticks, axis titles,
    legend, values), the title and the stamp."""

    text: int
    title: int
    stamp: int
    scale: float  # for markers and lines: the export's height over presentation mode's

    @classmethod
    def for_height(cls, height: int) -> ExportSizes:
        scale = height / PRESENTATION_CHART_HEIGHT
        floor = math.ceil(MIN_TEXT_SHARE * height)
        return cls(
            text=max(floor, math.ceil(PRESENTATION_FONT_SIZE * scale)),
            title=max(floor, math.ceil(PRESENTATION_TITLE_SIZE * scale)),
            # Small print (provenance and citation), yet above the floor.
            stamp=max(floor, math.ceil(1.1 * MIN_TEXT_SHARE * height)),
            scale=scale,
        )


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` / ``#rgb`` / ``rgb(r, g, b)`` / ``rgba(...)``."""
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        channels = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]

    def linear(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``: one of the two always reaches
    4.58:1 (the square root of 21), above WCAG AA's 4.5:1."""
    return (
        DARK_TEXT
        if contrast_ratio(DARK_TEXT, background) >= contrast_ratio("#ffffff", background)
        else "#ffffff"
    )


CARTESIAN = {"bar", "scatter", "scattergl", "histogram", "box", "violin", "heatmap", "contour"}


def _wrap_label(text: str, units: int) -> str:
    """A Plotly label (escaped HTML, lines split by ``<br>``) wrapped to ``units``."""
    pieces = re.split(r"<br\s*/?>", text)
    lines = [
        html.escape(w, quote=False) for p in pieces for w in (wrap(html.unescape(p), units) or [""])
    ]
    return "<br>".join(lines)


def _bigger(font: dict | None, size: int, colour: str | None = DARK_TEXT) -> dict:
    font = dict(font or {})
    font["size"] = max(size, font.get("size") or 0)
    if colour is not None:
        font["color"] = colour
    return font


def _trace_for_export(trace: dict, sizes: ExportSizes) -> None:
    """One trace, in place: its text at least the base size and readable where it is drawn,
    markers, error bars and lines scaled like the text."""
    kind = trace.get("type", "scatter")
    if kind == "bar":
        inside = trace.get("textposition", "auto") in ("inside", "auto")
        if inside:  # on the bar itself: black or white, whichever contrasts with the bar
            colour = (trace.get("marker") or {}).get("color", "#636efa")
            colours = colour if isinstance(colour, list | tuple) else [colour]
            picked = [text_colour_on(c) for c in colours]
            trace["textfont"] = _bigger(
                trace.get("textfont"), sizes.text, picked if len(picked) > 1 else picked[0]
            )
        else:
            trace["textfont"] = _bigger(trace.get("textfont"), sizes.text)
    elif kind == "sankey":
        trace["textfont"] = _bigger(trace.get("textfont"), sizes.text)
        # The whole height: the screen keeps the bottom free for its stamp under the plot; the
        # export writes the stamp under the title.
        trace["domain"] = {**(trace.get("domain") or {}), "y": [0, 1]}
    else:
        trace["textfont"] = _bigger(trace.get("textfont"), sizes.text)
    marker = trace.get("marker")
    if isinstance(marker, dict) and isinstance(marker.get("size"), int | float):
        marker["size"] = marker["size"] * sizes.scale
    line = trace.get("line")
    if isinstance(line, dict) and isinstance(line.get("width"), int | float):
        line["width"] = line["width"] * sizes.scale
    for key in ("error_x", "error_y"):
        bars = trace.get(key)
        if isinstance(bars, dict) and bars.get("array") is not None:
            thickness = max(PRESENTATION_ERROR_THICKNESS, bars.get("thickness") or 0)
            bars["thickness"] = thickness * sizes.scale
            bars["width"] = (bars.get("width") or 4) * sizes.scale


def _drop_crowded_labels(data: list[dict], *, plot_height: float, size: int) -> None:
    """Value labels over markers (an effect chart's "+8.0"), in place: dropped when the points
    are too close for text of ``size`` to sit between them (eight issues x two prompts, say);
    the numbers stay in the takeaway, the table and the file's description."""
    labelled = [
        tr
        for tr in data
        if tr.get("type", "scatter") == "scatter" and "text" in str(tr.get("mode", ""))
    ]
    points = sum(len(tr.get("y") if tr.get("y") is not None else []) for tr in labelled)
    if points and plot_height / points < 1.5 * size:
        for tr in labelled:
            tr["mode"] = "+".join(m for m in str(tr["mode"]).split("+") if m != "text") or "markers"


def legend_rows(data: list[dict], *, size: float, width: float) -> int:
    """How many rows a horizontal legend of ``data``'s named traces takes at ``size`` px in
    ``width`` px (each entry: its symbol, about 2.5 em, and its text), at least one. Why: the
    top margin must hold them all, or long names (the love plot's cells, a flagged prompt's
    note) wrap upwards into the title and the stamp."""
    entries = [
        2.5 * size + text_width(html.unescape(re.sub(r"<[^>]+>", "", str(tr["name"]))), size)
        for tr in data
        if tr.get("name") and tr.get("showlegend") is not False
    ]
    rows, used = 1, 0.0
    for entry in entries:
        if used and used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def export_figure(
    fig: go.Figure,
    lines: Sequence[str],
    *,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
) -> go.Figure:
    """The figure as every export draws it (PNG, SVG, the slides of a deck): ``width`` x
    ``height``, white, all text dark and at least 2% of the height, the title as large as in
    presentation mode (scaled from its 480 px chart), ``lines`` (the stamp) under the plot.

    Pure: a new figure, ``fig`` is not changed. Sizes: :class:`ExportSizes`.
    """
    sizes = ExportSizes.for_height(height)
    spec = fig.to_dict()  # a deep copy
    layout = spec["layout"]
    data = spec["data"]
    cartesian = any(tr.get("type", "scatter") in CARTESIAN for tr in data)
    title = (layout.get("title") or {}).get("text") or ""
    # Wrapped to the figure's width, ~0.55 em per character (CJK counts two).
    title = _wrap_label(title, max(20, int(0.94 * width / (0.55 * sizes.title))))
    title_lines = title.count("<br>") + 1 if title else 0
    # The stamp goes under the title, as its subtitle: full width, left-aligned, and the first
    # thing read after the title (says "SIMULATED DATA" when so). Under the plot, in the x
    # axis title, it was centred on the plot area (which the axis labels narrow by an unknown
    # amount) and spaced by the axis title's larger font.
    units = max(40, int(0.94 * width / (0.55 * sizes.stamp)))
    wrapped = [w for line in lines for w in wrap(line, units)]
    subtitle = "<br>".join(html.escape(w, quote=False) for w in wrapped)
    legend = bool(layout.get("showlegend", len(data) > 1)) and len(data) > 1
    rows = legend_rows(data, size=sizes.text, width=0.95 * width) if legend else 0
    top = int(
        sizes.title * (1.3 * title_lines + (0.7 if title_lines > 1 else 0))
        + sizes.stamp * 1.35 * len(wrapped)
        + ((2.2 + 1.4 * (rows - 1)) * sizes.text if legend else 0)
        + 0.4 * sizes.text
    )
    _merge(
        layout,
        {
            "width": width,
            "height": height,
            "font": {"size": sizes.text, "color": DARK_TEXT},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "margin": {"l": int(0.6 * sizes.text), "r": int(1.2 * sizes.text), "t": top, "b": 10},
            "title": {
                "text": title,
                "font": {"size": sizes.title, "color": DARK_TEXT},
                "x": 0.02,
                "xanchor": "left",
                "y": 1,
                "yanchor": "top",
                "yref": "container",
                # Plotly drops a top-anchored title's 0.7 em baseline shift once the title has
                # several lines (its first line then sat half above the image): added back.
                "pad": {"t": int(0.4 * sizes.text + (0.7 * sizes.title if title_lines > 1 else 0))},
                "subtitle": {
                    "text": subtitle,
                    "font": {"size": sizes.stamp, "color": STAMP_COLOUR},
                },
            },
            # Above the plot, under the title, wherever the screen had it.
            "legend": {
                "font": {"size": sizes.text, "color": DARK_TEXT},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
            },
        },
    )
    axes = [k for k in layout if re.fullmatch(r"[xy]axis\d*", k)]
    if cartesian:
        axes = sorted(set(axes) | {"xaxis", "yaxis"})
    for key in axes:
        axis = layout.setdefault(key, {})
        axis["tickfont"] = _bigger(axis.get("tickfont"), sizes.text)
        axis_title = axis.get("title")
        if isinstance(axis_title, str):
            axis_title = {"text": axis_title}
        axis["title"] = {
            **(axis_title or {}),
            "font": _bigger((axis_title or {}).get("font"), sizes.text),
        }
        # A standoff of our own: Plotly's 15 px left the y title touching the larger ticks.
        axis["title"]["standoff"] = int(0.5 * sizes.text)
        axis.update(automargin=True, linecolor=DARK_TEXT, gridcolor="#bbbbbb")
    for note in layout.get("annotations") or []:
        note["font"] = _bigger(note.get("font"), sizes.text)
    for trace in data:
        _trace_for_export(trace, sizes)
    _drop_crowded_labels(data, plot_height=height - top - 4 * sizes.text, size=sizes.text)
    return from_spec(data, layout)


def slide_figure(
    fig: go.Figure,
    lines: Sequence[str],
    *,
    font_size: int | None = None,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
) -> go.Figure:
    """Former name of :func:`export_figure` (kept for callers not yet renamed)."""
    return export_figure(fig, lines, width=width, height=height)


_KALEIDO_LOCK = threading.Lock()
_KALEIDO: dict[str, object] = {"started": False, "error": None, "checked": False}


def image_export_error() -> str | None:
    """Why images cannot be made on this server, or None.

    Cheap: it looks for kaleido and a Chromium-based browser but does not start one. Why: the
    export menus are drawn with every chart, and starting kaleido's browser at the first page
    view cost a freshly started server ~1.3 s before its first chart was on screen. The browser
    starts with the first image asked for (see :func:`figure_image`).
    """
    with _KALEIDO_LOCK:
        if not _KALEIDO["checked"] and _KALEIDO["error"] is None:
            _KALEIDO["checked"] = True
            try:
                import kaleido  # noqa: F401 - only whether it is installed
                from choreographer.browsers.chromium import Chromium

                if Chromium.find_browser(skip_local=False) is None:
                    _KALEIDO["error"] = "FileNotFoundError"
            except Exception as exc:  # noqa: BLE001 - any failure means "no server-side images"
                _KALEIDO["error"] = type(exc).__name__
        return _KALEIDO["error"]  # type: ignore[return-value]


def figure_image(fig: go.Figure, fmt: str) -> bytes:
    """``fig`` (already passed through ``slide_figure``) as PNG or SVG bytes; the first image
    starts kaleido's browser. A failure is remembered, so the menus stop offering images."""
    error = image_export_error()
    if error:
        raise RuntimeError(error)
    scale = PNG_SCALE if fmt == "png" else 1
    with _KALEIDO_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "kopts ignored with a server": expected
        try:
            if not _KALEIDO["started"]:
                import kaleido

                kaleido.start_sync_server(silence_warnings=True)
                _KALEIDO["started"] = True
            return fig.to_image(
                format=fmt,
                width=fig.layout.width or SLIDE_WIDTH,
                height=fig.layout.height or SLIDE_HEIGHT,
                scale=scale,
            )
        except Exception as exc:
            _KALEIDO["error"] = type(exc).__name__
            raise


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_text(png: bytes, texts: Mapping[str, str]) -> bytes:
    """``png`` with ``texts`` (keyword -> text; PNG's registered keywords are Title,
    Description, Source...) as text chunks right after the header: ``tEXt`` when the text is
    Latin-1, else ``iTXt`` (UTF-8, which Japanese needs; ``tEXt`` cannot hold it).

    A few lines of our own rather than Pillow: the image is not decoded and encoded again (that
    took longer than the chunks and could change its bytes), only chunks are spliced in.
    """
    if not png.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    header_end = len(_PNG_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4  # IHDR
    chunks = b""
    for keyword, text in texts.items():
        text = " ".join(text.split())
        key = keyword.encode("latin-1")[:79]
        try:
            chunks += _png_chunk(b"tEXt", key + b"\0" + text.encode("latin-1"))
        except UnicodeEncodeError:
            # keyword, no compression (flag, method), no language tag, no translated keyword
            chunks += _png_chunk(b"iTXt", key + b"\0\0\0\0\0" + text.encode("utf-8"))
    return png[:header_end] + chunks + png[header_end:]


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")


def svg_with_text(svg: bytes, *, title: str, description: str, key: str = "chart") -> bytes:
    """``svg`` whose root says what it shows: ``role="img"``, ``aria-labelledby`` naming a
    ``<title>`` and a ``<desc>`` that are the root's first children (screen readers and
    browsers read them; a tooltip shows the title)."""
    match = _SVG_ROOT.search(svg)
    if match is None:
        raise ValueError("not an SVG")
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    tag = match.group(0)
    for attribute in (rb"role", rb"aria-labelledby"):  # ours replace any already there
        tag = re.sub(rb"\s" + attribute + rb'="[^"]*"', b"", tag)
    end = -2 if tag.endswith(b"/>") else -1
    opened = tag[:end] + f' role="img" aria-labelledby="{title_id} {desc_id}"'.encode() + tag[end:]
    texts = (
        f'<title id="{title_id}">{html.escape(title, quote=False)}</title>'
        f'<desc id="{desc_id}">{html.escape(description, quote=False)}</desc>'
    ).encode()
    return svg[: match.start()] + opened + texts + svg[match.end() :]


def slide_description(slide: Slide) -> str:
    """The text alternative of a slide's chart: its takeaway (which states the numbers and
    CIs) and the notes under it."""
    return " ".join([slide.takeaway, *slide.details]).strip()


def slide_title(slide: Slide) -> str:
    """The chart's own title as plain text (Plotly's title is escaped HTML)."""
    text = slide.figure.layout.title.text or slide.heading
    return html.unescape(re.sub(r"<br\s*/?>", " ", text))


def chart_image(
    slide: Slide,
    lines: Sequence[str],
    fmt: str,
    *,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
) -> bytes:
    """A slide's chart as an exported PNG or SVG: :func:`export_figure` drawn by kaleido, with
    its text alternative inside the file (PNG text chunks, SVG ``<title>``/``<desc>``)."""
    data = figure_image(export_figure(slide.figure, lines, width=width, height=height), fmt)
    title, description = slide_title(slide), slide_description(slide)
    if fmt == "svg":
        return svg_with_text(data, title=title, description=description, key=slide.key)
    if fmt == "png":
        return png_with_text(
            data, {"Title": title, "Description": description, "Source": " ".join(lines)}
        )
    return data


REPORT_CSS = f"""
body {{ font-family: {FONT_FAMILY}; color: #111; background: #fff; max-width: 1150px;
       margin: 2em auto; padding: 0 1em; line-height: 1.55; }}
h1 {{ font-size: 1.8em; }} h2 {{ margin-top: 2em; border-bottom: 2px solid #111; }}
.stamp {{ border: 2px solid #b07d00; background: #fff8e1; padding: .6em 1em; }}
.stamp p {{ margin: .3em 0; }}
.takeaway {{ font-size: 1.2em; font-weight: 600; }}
figure {{ margin: 0; }}
table {{ border-collapse: collapse; margin: .5em 0; }}
th, td {{ border: 1px solid #888; padding: .25em .6em; text-align: left; }}
th {{ background: #eee; }}
"""


def report_html(slides: Sequence, *, title: str, lang: str, lines: Sequence[str]) -> str:
    """A self-contained HTML report of ``slides`` (``Slide`` objects) with the stamp at the top
    and the bottom; plotly.js is inlined once, so the file opens with no network."""
    stamp = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{REPORT_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<section class="stamp" aria-label="{html.escape(t("report_about", lang))}">'
        f"{stamp}</section>",
    ]
    for number, slide in enumerate(slides):
        figure_html = slide.figure.to_html(
            full_html=False,
            include_plotlyjs=number == 0,
            default_width="100%",
            config={"displaylogo": False, "responsive": True, **plotly_locale(lang)},
            div_id=f"chart-{slide.key}",
        )
        caption_id = html.escape(f"{slide.key}-takeaway")
        parts += [
            f'<section id="{html.escape(slide.key)}">',
            f"<h2>{html.escape(slide.heading)}</h2>",
            # The chart is a figure named by its caption, the takeaway with its numbers.
            f'<figure aria-labelledby="{caption_id}">',
            f'<figcaption class="takeaway" id="{caption_id}">'
            f"{html.escape(slide_description(slide))}</figcaption>",
            figure_html,
            "</figure>",
            f"<details open><summary>{html.escape(t('report_table', lang))}</summary>",
            slide.table.to_html(index=False, escape=True, na_rep="", border=0),
            "</details>",
            "</section>",
        ]
    parts += [f'<footer class="stamp">{stamp}</footer>', "</body>", "</html>"]
    return "\n".join(parts)


def file_stem(key: str, lang: str, simulated: bool) -> str:
    """A file name stem that says what the file is and, when so, that its data is simulated."""
    return f"{key}_{lang}" + ("_SIMULATED" if simulated else "")


def toolbar_config(filename: str) -> dict:
    """Plotly toolbar: the camera saves a slide-size PNG named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": SLIDE_WIDTH,
            "height": SLIDE_HEIGHT,
            "scale": 2,
        },
    }


# The widths (px) a chart's title and stamp are wrapped to on screen: a chart in one of two
# columns on a laptop, and a chart across the page (narrower than the page at 1366 px, so a
# smaller window does not cut the title off at the right).
HALF_WIDTH = 450
FULL_WIDTH = 720


def screen_figure(
    slide: Slide, *, lang: str, dataset: Dataset, stamp_width: int = HALF_WIDTH
) -> go.Figure:
    """The slide's figure as shown on screen: with a one-line source stamp under the plot, so
    that a screenshot or the toolbar's PNG still says where it comes from. ``stamp_width``:
    what title and stamp are wrapped to (:data:`HALF_WIDTH` or :data:`FULL_WIDTH`)."""
    size = int(slide.figure.layout.font.size or 14)
    # By default two short lines, narrow enough for a half-width chart on a laptop.
    return add_stamp(
        slide.figure,
        short_stamp(dataset.provenance, lang).split(" · "),
        font_size=max(11, size - 2),
        width=stamp_width,
        fixed_margins=True,
    )
