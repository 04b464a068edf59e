"""Plotly figures from tidy estimate frames. No Streamlit here, so tests can inspect figures."""

from __future__ import annotations

import functools
from collections.abc import Mapping as MappingType

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.i18n import t
from dashboard.render.formatting import fmt_pct, fmt_pp
from dashboard.render.formatting import signed as signed  # re-exported: older imports use it
from dashboard.render.safe import plotly_escape

# figures_stats imports the formatters under these names.
_pct, _pp = fmt_pct, fmt_pp

# Okabe-Ito, colour-blind safe; grey for the control.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
PROMPT_COLOURS = {"none": "#999999", "company": "#0072B2", "government": "#D55E00"}
FONT_FAMILY = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, Arial, sans-serif"
SUPPRESS_BELOW = 30
FLAG_BELOW = 100


def prompt_colour(key: str, order: int) -> str:
    """Colour of a prompt: fixed for the study's keys, Okabe-Ito by order otherwise."""
    return PROMPT_COLOURS.get(key, OKABE_ITO[order % len(OKABE_ITO)])


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
    return fig


def from_spec(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without Plotly's per-property validation.

    Why: validating every property as it is set (``go.Bar(...)``, ``update_layout``) costs
    30-70 ms per figure here, more than all the rest of a rerun, and the charts must follow a
    selection change at the speed of Streamlit itself. Built this way a figure costs ~2 ms.
    The check is not lost, it moves to the tests: tests/app/test_figure_specs.py validates
    every figure these builders make (``go.Figure(fig.to_dict())`` must accept it unchanged).
    """
    return go.Figure({"data": data, "layout": layout}, _validate=False)


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
) -> go.Figure:
    """Bars of rates (percent) with asymmetric 95% CI error bars, one trace per prompt.

    With more than one subgroup level, levels go on the x axis and prompts are grouped bars.
    Cells with n below ``suppress_below`` are not drawn.
    """
    traces: list[dict] = []
    prompt_labels = {k: plotly_escape(v) for k, v in prompt_labels.items()}
    level_labels = {k: plotly_escape(v) for k, v in (level_labels or {}).items()}
    shown = rates.assign(suppressed=rates["n"] < suppress_below)
    by_level = bool((shown["level"] != "all").any())
    for order, (prompt, label) in enumerate(prompt_labels.items()):
        part = shown[shown["prompt"] == prompt]
        if part.empty:
            continue
        est = np.where(part["suppressed"], np.nan, part["estimate"])
        low = np.where(part["suppressed"], np.nan, part["ci_low"])
        high = np.where(part["suppressed"], np.nan, part["ci_high"])
        x = (
            [level_labels.get(lv, plotly_escape(lv)) for lv in part["level"]]
            if by_level
            else [label] * len(part)
        )
        hover = [
            t("hover_rate", lang, rate=fmt_pct(e), low=fmt_pct(lo), high=fmt_pct(hi), n=int(n))
            for e, lo, hi, n in zip(est, low, high, part["n"], strict=True)
        ]
        trace = {
            "type": "bar",
            "x": x,
            "y": 100 * est,
            "name": label,
            "marker": {
                "color": prompt_colour(prompt, order),
                "pattern": {"shape": ["/" if n < flag_below else "" for n in part["n"]]},
            },
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": 100 * (high - est),
                "arrayminus": 100 * (est - low),
                "color": "#333333",
                "thickness": 1.5,
            },
            "textposition": "inside",
            "insidetextanchor": "start",
            "textfont": {"color": "#ffffff"},
            "hovertext": hover,
            "hoverinfo": "text+name",
        }
        # Grouped bars by level are too narrow for labels: values are in hover and table.
        # Inside the bar, at its base: "outside" sat on the CI whisker and was hard to read.
        if not by_level:
            trace["text"] = [fmt_pct(e) for e in est]
        traces.append(trace)
    layout = default_layout(title=title, font_size=font_size, showlegend=by_level)
    layout.update(
        barmode="group",
        showlegend=by_level,
        yaxis={"title": {"text": t("axis_rate", lang)}, "rangemode": "tozero"},
    )
    return from_spec(traces, layout)


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
) -> go.Figure:
    """Dot-and-whisker of effects vs control in percentage points, one row per prompt (and
    level), a dashed line at zero; hover shows the control baseline and n."""
    traces: list[dict] = []
    prompt_labels = {k: plotly_escape(v) for k, v in prompt_labels.items()}
    level_labels = {k: plotly_escape(v) for k, v in (level_labels or {}).items()}
    control_label = plotly_escape(control_label)
    shown = effects
    small = (shown["n_treated"].fillna(0) < suppress_below) | (
        shown["n_control"].fillna(0) < suppress_below
    )
    level_order = list(dict.fromkeys(shown["level"]))
    multi_level = len(level_order) > 1
    treated = [p for p in prompt_labels if (shown["prompt"] == p).any()]
    # Numeric rows so that several prompts on one level sit side by side instead of on top.
    spread = 0.5 / max(len(treated), 1)
    for order, (prompt, label) in enumerate(prompt_labels.items(), start=1):
        part = shown[(shown["prompt"] == prompt) & ~small]
        if part.empty:
            continue
        j = treated.index(prompt)
        if multi_level:
            y = [
                level_order.index(lv) + (j - (len(treated) - 1) / 2) * spread
                for lv in part["level"]
            ]
        else:
            y = [j] * len(part)
        hover = [
            t(
                "hover_effect",
                lang,
                effect=fmt_pp(r.estimate),
                low=fmt_pp(r.ci_low),
                high=fmt_pp(r.ci_high),
                control=control_label,
                baseline=fmt_pct(r.baseline),
                n=int(r.n),
            )
            for r in part.itertuples()
        ]
        colour = prompt_colour(prompt, order)
        estimate = part["estimate"].to_numpy(dtype=float)
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
                    "symbol": [
                        "diamond" if n < flag_below else "circle"
                        for n in part["n_treated"].fillna(0)
                    ],
                },
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * (part["ci_high"].to_numpy(dtype=float) - estimate),
                    "arrayminus": 100 * (estimate - part["ci_low"].to_numpy(dtype=float)),
                    "color": colour,
                    "thickness": 2,
                },
                "text": [fmt_pp(e) for e in estimate],
                "textposition": "top center",
                "textfont": {"color": colour},
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
                "line": {"dash": "dash", "color": "#555555"},
            }
        ],
    )
    return from_spec(traces, layout)
