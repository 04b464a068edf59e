"""Plotly figures from tidy estimate frames. No Streamlit here, so tests can inspect figures."""

from __future__ import annotations

from collections.abc import Mapping as MappingType

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.safe import plotly_escape

# Okabe-Ito, colour-blind safe; grey for the control.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]
PROMPT_COLOURS = {"none": "#999999", "company": "#0072B2", "government": "#D55E00"}
FONT_FAMILY = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, Arial, sans-serif"
SUPPRESS_BELOW = 30
FLAG_BELOW = 100


def prompt_colour(key: str, order: int) -> str:
    """Colour of a prompt: fixed for the study's keys, Okabe-Ito by order otherwise."""
    return PROMPT_COLOURS.get(key, OKABE_ITO[order % len(OKABE_ITO)])


def apply_defaults(fig: go.Figure, *, title: str, font_size: int = 14) -> go.Figure:
    """The one place for chart defaults: font, margins, white background, stable uirevision.

    The title may hold user text (a prompt's label), so it is escaped here."""
    # The title sits at the top of the figure and the legend (when shown) between it and the
    # plot, so the top margin must hold both or they overlap.
    top = int(font_size * (7 if fig.layout.showlegend else 4.3))
    fig.update_layout(
        title={"text": plotly_escape(title), "x": 0, "xanchor": "left", "yref": "container",
               "y": 1, "yanchor": "top", "pad": {"t": 10}},
        font={"family": FONT_FAMILY, "size": font_size},
        template="plotly_white",
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        uirevision="keep",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def _pct(x: float, digits: int = 1) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.{digits}f}%"


def _pp(x: float, digits: int = 1) -> str:
    return "–" if pd.isna(x) else f"{100 * x:+.{digits}f}"


def make_rate_figure(
    rates: pd.DataFrame, *, lang: str, prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str] | None = None, title: str,
    suppress_below: int = SUPPRESS_BELOW, font_size: int = 14, flag_below: int = FLAG_BELOW,
) -> go.Figure:
    """Bars of rates (percent) with asymmetric 95% CI error bars, one trace per prompt.

    With more than one subgroup level, levels go on the x axis and prompts are grouped bars.
    Cells with n below ``suppress_below`` are not drawn.
    """
    fig = go.Figure()
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
        x = ([level_labels.get(lv, plotly_escape(lv)) for lv in part["level"]] if by_level
             else [label] * len(part))
        hover = [t("hover_rate", lang, rate=_pct(e), low=_pct(lo), high=_pct(hi), n=int(n))
                 for e, lo, hi, n in zip(est, low, high, part["n"], strict=True)]
        fig.add_trace(go.Bar(
            x=x, y=100 * est, name=label,
            marker={"color": prompt_colour(prompt, order),
                    "pattern": {"shape": ["/" if n < flag_below else "" for n in part["n"]]}},
            error_y={"type": "data", "symmetric": False, "array": 100 * (high - est),
                     "arrayminus": 100 * (est - low), "color": "#333333", "thickness": 1.5},
            # Grouped bars by level are too narrow for labels: values are in hover and table.
            # Inside the bar, at its base: "outside" sat on the CI whisker and was hard to read.
            text=None if by_level else [_pct(e) for e in est], textposition="inside",
            insidetextanchor="start", textfont={"color": "#ffffff"},
            hovertext=hover, hoverinfo="text+name",
        ))
    fig.update_layout(barmode="group", yaxis_title=t("axis_rate", lang),
                      yaxis={"rangemode": "tozero"}, showlegend=by_level)
    return apply_defaults(fig, title=title, font_size=font_size)


def make_effect_figure(
    effects: pd.DataFrame, *, lang: str, prompt_labels: MappingType[str, str],
    control_label: str, level_labels: MappingType[str, str] | None = None, title: str,
    suppress_below: int = SUPPRESS_BELOW, font_size: int = 14, flag_below: int = FLAG_BELOW,
) -> go.Figure:
    """Dot-and-whisker of effects vs control in percentage points, one row per prompt (and
    level), a dashed line at zero; hover shows the control baseline and n."""
    fig = go.Figure()
    prompt_labels = {k: plotly_escape(v) for k, v in prompt_labels.items()}
    level_labels = {k: plotly_escape(v) for k, v in (level_labels or {}).items()}
    control_label = plotly_escape(control_label)
    shown = effects.copy()
    small = (shown["n_treated"].fillna(0) < suppress_below) | (
        shown["n_control"].fillna(0) < suppress_below)
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
            y = [level_order.index(lv) + (j - (len(treated) - 1) / 2) * spread
                 for lv in part["level"]]
        else:
            y = [j] * len(part)
        hover = [t("hover_effect", lang, effect=_pp(r.estimate), low=_pp(r.ci_low),
                   high=_pp(r.ci_high), control=control_label, baseline=_pct(r.baseline),
                   n=int(r.n)) for r in part.itertuples()]
        fig.add_trace(go.Scatter(
            x=100 * part["estimate"], y=y, mode="markers+text", name=label,
            marker={"color": prompt_colour(prompt, order), "size": 12,
                    "symbol": ["diamond" if n < flag_below else "circle"
                               for n in part["n_treated"].fillna(0)]},
            error_x={"type": "data", "symmetric": False,
                     "array": 100 * (part["ci_high"] - part["estimate"]),
                     "arrayminus": 100 * (part["estimate"] - part["ci_low"]),
                     "color": prompt_colour(prompt, order), "thickness": 2},
            text=[_pp(e) for e in part["estimate"]], textposition="top center",
            textfont={"color": prompt_colour(prompt, order)},
            hovertext=hover, hoverinfo="text+name",
        ))
    if multi_level:
        ticks = list(range(len(level_order)))
        text = [level_labels.get(lv, plotly_escape(lv)) for lv in level_order]
    else:
        ticks = list(range(len(treated)))
        text = [prompt_labels[p] for p in treated]
    fig.update_yaxes(tickvals=ticks, ticktext=text, zeroline=False,
                     range=[len(ticks) - 0.5, -0.5])
    fig.add_vline(x=0, line_dash="dash", line_color="#555555")
    fig.update_layout(xaxis_title=t("axis_effect_generic", lang, control=control_label),
                      showlegend=multi_level)
    return apply_defaults(fig, title=title, font_size=font_size)
