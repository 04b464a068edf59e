"""Plotly figures from tidy estimate frames. No Streamlit here, so tests can inspect figures."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.i18n import t
from dashboard.render.formatting import fmt_pct, fmt_pp
from dashboard.render.formatting import signed as signed  # re-exported: older imports use it
from dashboard.render.safe import plotly_escape

# Okabe-Ito (colour-blind safe), each colour darkened at its own hue only as far as needed for
# 3:1 against the white background (WCAG 1.4.11): orange E69F00, sky blue 56B4E9, yellow F0E442
# and reddish purple CC79A7 were 1.3-3.1:1. Blue, bluish green, vermillion and black pass as
# they are. Neighbouring bars are kept apart by a white outline (BAR_OUTLINE), so each touches
# white, and text on a bar is black or white, whichever contrasts more (text_colour_on).
OKABE_ITO = ["#BD8300", "#1D96DB", "#009E73", "#9C920C", "#0072B2", "#D55E00", "#CA73A3", "#000000"]
# The control grey is dark enough for 4.5:1 (white text inside its bar stays readable).
CONTROL_GREY = "#767676"
PROMPT_COLOURS = {"none": CONTROL_GREY, "company": "#0072B2", "government": "#D55E00"}
BAR_OUTLINE = {"color": "#ffffff", "width": 1}
ERROR_BAR_COLOUR = "#333333"
REFERENCE_LINE_COLOUR = "#555555"
# Tick labels, axis titles and legend text (12.6:1 on white). Set on each axis and the legend
# of every figure: Streamlit's chart theme paints them #808495 (3.7:1; WCAG 1.4.3 asks 4.5:1)
# over the template and ``layout.font``, and only an axis's own colours take precedence.
CHART_TEXT_COLOUR = "#333333"
_AXIS_KEY = re.compile(r"[xy]axis\d*")
# figures_stats imports the formatters under these names.
_pct, _pp = fmt_pct, fmt_pp
FONT_FAMILY = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, Arial, sans-serif"
SUPPRESS_BELOW = 30
FLAG_BELOW = 100


# Series (prompts, cells) are told apart by more than hue (WCAG 1.4.1, a colour-blind reader):
# the series at position i (the control is 0) has the i-th line dash, marker symbol and bar
# pattern on every page and in every export. Small cells have marks of their own, kept out of
# these lists so the two are never confused: a hollow marker (SMALL_SYMBOL_SUFFIX, the series'
# own shape left open) and "/" hatching on a bar (SMALL_PATTERN).
SERIES_DASHES = (
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
    "12px,4px,2px,4px,2px,4px",
    "2px,6px",
)
SERIES_SYMBOLS = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "triangle-down",
    "star",
    "hexagon",
    "pentagon",
    "cross",
    "x",
    "triangle-left",
    "triangle-right",
    "hourglass",
    "star-square",
    "hexagram",
    "bowtie",
)
# Bars: "/" is the small-cell hatching, and "\\" would be read as it, so neither is a series'.
SERIES_PATTERNS = ("", ".", "-", "|", "+", "x", "\\")
SMALL_PATTERN = "/"
SMALL_SYMBOL_SUFFIX = "-open"


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: its colour and, for readers who cannot tell colours apart, its
    line dash, marker symbol and bar pattern."""

    colour: str
    dash: str
    symbol: str
    pattern: str

    def marker_symbol(self, small: bool) -> str:
        """The series' symbol, hollow when its cell is small."""
        return self.symbol + SMALL_SYMBOL_SUFFIX if small else self.symbol

    def bar_pattern(self, small: bool) -> str:
        """The series' pattern, or the small-cell hatching (which replaces it)."""
        return SMALL_PATTERN if small else self.pattern


def series_style(position: int, key: str | None = None) -> SeriesStyle:
    """The style of the series at ``position`` (0 = the control): colour fixed for the study's
    prompt keys, Okabe-Ito by position otherwise; dash, symbol and pattern by position."""
    colour = PROMPT_COLOURS.get(key or "", OKABE_ITO[position % len(OKABE_ITO)])
    return SeriesStyle(
        colour,
        SERIES_DASHES[position % len(SERIES_DASHES)],
        SERIES_SYMBOLS[position % len(SERIES_SYMBOLS)],
        SERIES_PATTERNS[position % len(SERIES_PATTERNS)],
    )


def prompt_positions(
    prompts: Sequence[str], order: Sequence[str] | None = None, *, start: int = 0
) -> dict[str, int]:
    """Each prompt's series position: its place in ``order`` (all the study's prompts, control
    first) so a prompt keeps its style when others are left out; without ``order``, its place
    in ``prompts`` counted from ``start`` (1 when the control is not among them)."""
    if order is not None:
        ranks = {key: i for i, key in enumerate(order)}
        if all(p in ranks for p in prompts):
            return {p: ranks[p] for p in prompts}
    return {p: i for i, p in enumerate(prompts, start=start)}


def prompt_colour(key: str, order: int) -> str:
    """Colour of a prompt: fixed for the study's keys, Okabe-Ito by order otherwise."""
    return series_style(order, key).colour


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always at least 4.58:1)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, fill))


TEMPLATE_TRACES = ("bar", "scatter")  # the trace types the dict-built figures draw


@functools.cache
def _template() -> dict:
    """The plotly_white template as a plain dict, built once (it costs ~5 ms), with trace
    defaults for :data:`TEMPLATE_TRACES` only: the other 20-odd trace types doubled the size of
    every chart sent to the browser and the time to copy it, for nothing on screen. A builder
    that draws another trace type adds it there (tests/app/test_figure_specs.py checks)."""
    full = pio.templates["plotly_white"].to_plotly_json()
    return {
        "layout": full["layout"],
        "data": {kind: full["data"][kind] for kind in TEMPLATE_TRACES},
    }


def default_layout(*, title: str, font_size: int = 14, showlegend: bool | None = None) -> dict:
    """The one place for chart defaults: font, margins, white background, stable uirevision.

    The title may hold user text (a prompt's label), so it is escaped here."""
    # The title sits at the top of the figure and the legend (when shown) between it and the
    # plot, so the top margin must hold both or they overlap.
    top = int(font_size * (7 if showlegend else 4.3))
    return {
        "title": {
            "text": plotly_escape(title),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        "font": {"family": FONT_FAMILY, "size": font_size},
        "template": _template(),
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "uirevision": "keep",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }


def apply_defaults(fig: go.Figure, *, title: str, font_size: int = 14) -> go.Figure:
    """:func:`default_layout` applied to a figure built with graph objects."""
    fig.update_layout(
        default_layout(title=title, font_size=font_size, showlegend=fig.layout.showlegend)
    )
    text = {"tickfont_color": CHART_TEXT_COLOUR, "title_font_color": CHART_TEXT_COLOUR}
    fig.update_xaxes(**text)
    fig.update_yaxes(**text)
    fig.update_layout(legend_font_color=CHART_TEXT_COLOUR)
    fig.update_annotations(font_color=CHART_TEXT_COLOUR)  # subplot titles
    fig.update_traces(textfont_color=CHART_TEXT_COLOUR, selector={"type": "sankey"})
    return fig


def readable_text(data: list[dict], layout: dict) -> dict:
    """``layout`` with :data:`CHART_TEXT_COLOUR` on every axis's tick labels and title and on
    the legend (in place; returned for convenience)."""
    axes = {key for key in layout if _AXIS_KEY.fullmatch(key)}
    if any(trace.get("type", "scatter") in ("bar", "scatter") for trace in data):
        axes |= {"xaxis", "yaxis"}
    for key in axes:
        axis = layout.setdefault(key, {})
        axis.setdefault("tickfont", {})["color"] = CHART_TEXT_COLOUR
        title = axis.get("title")
        axis["title"] = title = {"text": title} if isinstance(title, str) else (title or {})
        title.setdefault("font", {})["color"] = CHART_TEXT_COLOUR
    layout.setdefault("legend", {}).setdefault("font", {})["color"] = CHART_TEXT_COLOUR
    return layout


def from_spec(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without Plotly's per-property validation.

    Why: validating every property as it is set (``go.Bar(...)``, ``update_layout``) costs
    30-70 ms per figure here, more than all the rest of a rerun, and the charts must follow a
    selection change at the speed of Streamlit itself. Built this way a figure costs ~2 ms.
    The check is not lost, it moves to the tests: tests/app/test_figure_specs.py validates
    every figure these builders make (``go.Figure(fig.to_dict())`` must accept it unchanged).
    """
    return go.Figure({"data": data, "layout": readable_text(data, layout)}, _validate=False)


def bar_legend_entry(trace: dict, pattern: str) -> dict:
    """A legend-only twin of a bar ``trace`` with the series' own ``pattern``; the trace itself
    leaves the legend. Why: Plotly draws a bar's legend swatch with its first bar's pattern,
    so a series whose first bar is a small cell showed the small-cell hatching as its key.

    The twin draws nothing (no values) and shares the trace's ``offsetgroup``, so it takes no
    place among the grouped bars; clicking it hides the series with it (``legendgroup``)."""
    trace["showlegend"] = False
    marker = trace["marker"]
    return {
        "type": "bar",
        "x": [None],
        "y": [None],
        "orientation": trace.get("orientation", "v"),
        "name": trace["name"],
        "legendgroup": trace.get("legendgroup") or trace["name"],
        **({"offsetgroup": trace["offsetgroup"]} if trace.get("offsetgroup") else {}),
        "showlegend": True,
        "hoverinfo": "skip",
        "marker": {**marker, "pattern": {**marker.get("pattern", {}), "shape": pattern}},
    }


def make_rate_figure(
    rates: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str] | None = None,
    title: str,
    suppress_below: int = SUPPRESS_BELOW,
    font_size: int = 14,
    flag_below: int = FLAG_BELOW,
    prompt_order: Sequence[str] | None = None,
) -> go.Figure:
    """Bars of rates (percent) with asymmetric 95% CI error bars, one trace per prompt.

    With more than one subgroup level, levels go on the x axis and prompts are grouped bars,
    each prompt with its own pattern (:func:`series_style`) besides its colour. Cells with n
    below ``flag_below`` are hatched instead ("/"), those below ``suppress_below`` not drawn.
    ``prompt_order`` (all the study's prompts) keeps a prompt's style when others are hidden.
    """
    traces: list[dict] = []
    prompt_labels = {k: plotly_escape(v) for k, v in prompt_labels.items()}
    level_labels = {k: plotly_escape(v) for k, v in (level_labels or {}).items()}
    # Plain arrays: a per-prompt pandas filter cost more than the rest of the figure.
    prompt_of = rates["prompt"].to_numpy()
    level_of = rates["level"].to_numpy()
    n_of = rates["n"].to_numpy(dtype=float, na_value=np.nan)
    suppressed = n_of < suppress_below
    by_level = bool((level_of != "all").any())
    positions = prompt_positions(list(prompt_labels), prompt_order)
    patterns: list[str] = []  # each drawn prompt's own pattern, for its legend entry
    for prompt, label in prompt_labels.items():
        style = series_style(positions[prompt], prompt)
        rows = np.flatnonzero(prompt_of == prompt)
        if not rows.size:
            continue
        hidden, ns = suppressed[rows], n_of[rows]
        est = np.where(
            hidden, np.nan, rates["estimate"].to_numpy(dtype=float, na_value=np.nan)[rows]
        )
        low = np.where(hidden, np.nan, rates["ci_low"].to_numpy(dtype=float, na_value=np.nan)[rows])
        high = np.where(
            hidden, np.nan, rates["ci_high"].to_numpy(dtype=float, na_value=np.nan)[rows]
        )
        x = (
            [level_labels.get(lv, plotly_escape(lv)) for lv in level_of[rows]]
            if by_level
            else [label] * len(rows)
        )
        hover = [
            t("hover_rate", lang, rate=fmt_pct(e), low=fmt_pct(lo), high=fmt_pct(hi), n=int(n))
            for e, lo, hi, n in zip(est, low, high, ns, strict=True)
        ]
        patterns.append(style.pattern)
        trace = {
            "type": "bar",
            "x": x,
            "y": 100 * est,
            "name": label,
            "legendgroup": prompt,
            # Grouped by level, a prompt keeps its slot (its legend twin shares it); alone
            # at its own category, a bar takes the category's whole width (an offset group
            # would reserve a slot for every prompt at every category).
            **({"offsetgroup": prompt} if by_level else {}),
            "marker": {
                "color": style.colour,
                "line": BAR_OUTLINE,
                # Side by side, the prompts differ by pattern too; alone, by their axis label.
                "pattern": {
                    "shape": [
                        style.bar_pattern(n < flag_below)
                        if by_level
                        else (SMALL_PATTERN if n < flag_below else "")
                        for n in ns
                    ]
                },
            },
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": 100 * (high - est),
                "arrayminus": 100 * (est - low),
                "color": ERROR_BAR_COLOUR,
                "thickness": 1.5,
            },
            "textposition": "inside",
            "insidetextanchor": "start",
            "textfont": {"color": text_colour_on(style.colour)},
            "hovertext": hover,
            "hoverinfo": "text+name",
        }
        # Grouped bars by level are too narrow for labels: values are in hover and table.
        # Inside the bar, at its base: "outside" sat on the CI whisker and was hard to read.
        if not by_level:
            trace["text"] = [fmt_pct(e) for e in est]
        traces.append(trace)
    if by_level:
        traces = [*traces, *map(bar_legend_entry, traces, patterns)]
    layout = default_layout(title=title, font_size=font_size, showlegend=by_level)
    layout.update(
        barmode="group",
        showlegend=by_level,
        yaxis={"title": {"text": t("axis_rate", lang)}, "rangemode": "tozero"},
    )
    return from_spec(traces, layout)


def value_label_position(value: float, span: float, *, below: bool) -> str:
    """Plotly ``textposition`` of an effect's value label: above its dot (under it with
    ``below``), moved to the side away from zero when the dot is within 6% of the axis ``span``
    from zero, where the centred label would sit on the dashed zero line."""
    vertical = "bottom" if below else "top"
    if not np.isfinite(value) or abs(value) >= 0.06 * span:
        return f"{vertical} center"
    return f"{vertical} {'left' if value < 0 else 'right'}"


def make_effect_figure(
    effects: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    control_label: str,
    level_labels: MappingType[str, str] | None = None,
    title: str,
    suppress_below: int = SUPPRESS_BELOW,
    font_size: int = 14,
    flag_below: int = FLAG_BELOW,
    prompt_order: Sequence[str] | None = None,
) -> go.Figure:
    """Dot-and-whisker of effects vs control in percentage points, one row per prompt (and
    level), a dashed line at zero; hover shows the control baseline and n. Each prompt has its
    own marker symbol (:func:`series_style`), hollow where the treated cell is below
    ``flag_below``; estimates with a cell below ``suppress_below`` are not drawn."""
    traces: list[dict] = []
    prompt_labels = {k: plotly_escape(v) for k, v in prompt_labels.items()}
    level_labels = {k: plotly_escape(v) for k, v in (level_labels or {}).items()}
    control_label = plotly_escape(control_label)

    # Plain arrays: a per-prompt pandas filter cost more than the rest of the figure.
    def column(name: str) -> np.ndarray:
        return effects[name].to_numpy(dtype=float, na_value=np.nan)

    prompt_of = effects["prompt"].to_numpy()
    level_of = effects["level"].to_numpy()
    n_treated = np.nan_to_num(column("n_treated"))
    small = (n_treated < suppress_below) | (np.nan_to_num(column("n_control")) < suppress_below)
    estimate_of, low_of, high_of = column("estimate"), column("ci_low"), column("ci_high")
    baseline_of, n_of = column("baseline"), column("n")
    level_order = list(dict.fromkeys(level_of))
    level_rank = {lv: i for i, lv in enumerate(level_order)}
    multi_level = len(level_order) > 1
    present = set(prompt_of)
    treated = [p for p in prompt_labels if p in present]
    # Numeric rows so that several prompts on one level sit side by side instead of on top.
    spread = 0.5 / max(len(treated), 1)
    # The x axis spans the drawn intervals and zero (in points): a value label within ~6% of it
    # from zero would sit on the dashed zero line, so it goes to the side away from zero.
    drawn = ~small & np.isfinite(low_of) & np.isfinite(high_of)
    span = 100 * (
        max(float(high_of[drawn].max(initial=0)), 0.0)
        - min(float(low_of[drawn].min(initial=0)), 0.0)
    )
    positions = prompt_positions(list(prompt_labels), prompt_order, start=1)
    for prompt, label in prompt_labels.items():
        style = series_style(positions[prompt], prompt)
        rows = np.flatnonzero((prompt_of == prompt) & ~small)
        if not rows.size:
            continue
        j = treated.index(prompt)
        if multi_level:
            y = [level_rank[lv] + (j - (len(treated) - 1) / 2) * spread for lv in level_of[rows]]
        else:
            y = [j] * len(rows)
        estimate = estimate_of[rows]
        hover = [
            t(
                "hover_effect",
                lang,
                effect=fmt_pp(e),
                low=fmt_pp(lo),
                high=fmt_pp(hi),
                control=control_label,
                baseline=fmt_pct(b),
                n=int(n),
            )
            for e, lo, hi, b, n in zip(
                estimate, low_of[rows], high_of[rows], baseline_of[rows], n_of[rows], strict=True
            )
        ]
        colour = style.colour
        traces.append(
            {
                "type": "scatter",
                "x": 100 * estimate,
                "y": y,
                "mode": "markers+text",
                "name": label,
                "marker": {
                    "color": colour,
                    "size": 12,
                    "symbol": [style.marker_symbol(n < flag_below) for n in n_treated[rows]],
                    # A hollow marker keeps its outline at the width of a line.
                    "line": {"width": 2, "color": colour},
                },
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * (high_of[rows] - estimate),
                    "arrayminus": 100 * (estimate - low_of[rows]),
                    "color": colour,
                    "thickness": 2,
                },
                "text": [fmt_pp(e) for e in estimate],
                # Several prompts on one level: the lowest one's labels go under its dots, so
                # no label sits on the whisker of the prompt above it.
                "textposition": [
                    value_label_position(
                        100 * e, span, below=multi_level and j == len(treated) - 1 and j > 0
                    )
                    for e in estimate
                ],
                # Black: the prompt's colour is below 4.5:1 for text; the label sits on its dot.
                "textfont": {"color": "#000000"},
                "hovertext": hover,
                "hoverinfo": "text+name",
            }
        )
    if multi_level:
        ticks = list(range(len(level_order)))
        text = [level_labels.get(lv, plotly_escape(lv)) for lv in level_order]
    else:
        ticks = list(range(len(treated)))
        text = [prompt_labels[p] for p in treated]
    layout = default_layout(title=title, font_size=font_size, showlegend=multi_level)
    layout.update(
        showlegend=multi_level,
        xaxis={"title": {"text": t("axis_effect_generic", lang, control=control_label)}},
        yaxis={
            "tickvals": ticks,
            "ticktext": text,
            "zeroline": False,
            "range": [len(ticks) - 0.5, -0.5],
        },
        # The zero line, as fig.add_vline(x=0) draws it.
        shapes=[
            {
                "type": "line",
                "x0": 0,
                "x1": 0,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"dash": "dash", "color": REFERENCE_LINE_COLOUR},
            }
        ],
    )
    return from_spec(traces, layout)
