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
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from importlib import metadata
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import t
from analysis.study.dataset import Dataset, Provenance
from dashboard.render.figures import FONT_FAMILY, from_spec

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
    return f"{badge} · {t('source_short', lang)}"


def csv_bytes(table: pd.DataFrame, lines: Sequence[str]) -> bytes:
    """The table as CSV, UTF-8 with BOM, the stamp as leading ``# `` comment lines."""
    out = io.StringIO()
    for line in lines:
        out.write("# " + " ".join(line.splitlines()) + "\n")
    table.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8-sig")


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
    ``fixed_margins`` (charts on screen) a bar chart's room is reserved here instead: see
    :func:`reserve_bar_margins`.
    """
    spec = fig.to_dict()  # a deep copy: the figure may be shared (cached), never changed here
    units = max(40, int(width / (0.55 * font_size)))
    wrapped = [w for line in lines for w in wrap(line, units)]
    style = f"font-size:{font_size}px;color:{STAMP_COLOUR}"
    stamp = "<br>".join(f'<span style="{style}">{html.escape(w)}</span>' for w in wrapped)
    current = spec["layout"].get("xaxis", {}).get("title", {}).get("text")
    _merge(
        spec["layout"],
        {
            "xaxis": {
                "title": {"text": f"{current}<br>{stamp}" if current else stamp},
                "automargin": True,
            }
        },
    )
    if fixed_margins and not current:
        reserve_bar_margins(spec, stamp_lines=len(wrapped), stamp_size=font_size)
    # Plain dicts, not graph objects: see dashboard.render.figures.from_spec (tests validate them).
    return from_spec(spec["data"], spec["layout"])


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
    known. The effect chart keeps automargin: its category labels sit on the y axis and its
    centred axis title would need the plot's width, which only the browser knows. Exports keep
    automargin too.
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


def slide_figure(
    fig: go.Figure,
    lines: Sequence[str],
    *,
    font_size: int = EXPORT_FONT_SIZE,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
) -> go.Figure:
    """The figure as exported: slide size, text at least ``font_size``, white, stamped."""
    spec = fig.to_dict()
    size = max(font_size, spec["layout"].get("font", {}).get("size") or 0)
    _merge(
        spec["layout"],
        {
            "width": width,
            "height": height,
            "font": {"size": size, "color": "#000000"},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "margin": {"l": 40, "r": 40, "t": 5 * size, "b": 20},
            "title": {"x": 0.02, "y": 0.97, "yanchor": "top", "yref": "container"},
            "legend": {"y": 1.02},
        },
    )
    # The plot area is narrower than the page (axis labels): wrap for about 60% of the width.
    return add_stamp(
        from_spec(spec["data"], spec["layout"]),
        lines,
        font_size=max(16, size - 4),
        width=int(0.6 * width),
    )


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


REPORT_CSS = f"""
body {{ font-family: {FONT_FAMILY}; color: #111; background: #fff; max-width: 1150px;
       margin: 2em auto; padding: 0 1em; line-height: 1.55; }}
h1 {{ font-size: 1.8em; }} h2 {{ margin-top: 2em; border-bottom: 2px solid #111; }}
.stamp {{ border: 2px solid #b07d00; background: #fff8e1; padding: .6em 1em; }}
.stamp p {{ margin: .3em 0; }}
.takeaway {{ font-size: 1.2em; font-weight: 600; }}
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
            config={"displaylogo": False, "responsive": True},
            div_id=f"chart-{slide.key}",
        )
        parts += [
            f'<section id="{html.escape(slide.key)}">',
            f"<h2>{html.escape(slide.heading)}</h2>",
            f'<p class="takeaway">{html.escape(slide.takeaway)}</p>',
            figure_html,
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


def screen_figure(
    slide: Slide, *, lang: str, dataset: Dataset, stamp_width: int = 450
) -> go.Figure:
    """The slide's figure as shown on screen: with a one-line source stamp under the plot, so
    that a screenshot or the toolbar's PNG still says where it comes from."""
    size = int(slide.figure.layout.font.size or 14)
    # By default two short lines, narrow enough for a half-width chart on a laptop.
    return add_stamp(
        slide.figure,
        short_stamp(dataset.provenance, lang).split(" · "),
        font_size=max(11, size - 2),
        width=stamp_width,
        fixed_margins=True,
    )
