"""Figures of the statistics pages (subgroups, opinions, exits, balance, plan). No Streamlit."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Mapping as MappingType

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.i18n import t
from dashboard.render.figures import (
    FLAG_BELOW,
    OKABE_ITO,
    SUPPRESS_BELOW,
    _pct,
    _pp,
    apply_defaults,
    prompt_colour,
)
from dashboard.render.formatting import fmt_p
from dashboard.render.safe import plotly_escape

ANSWER_COLOURS = {
    "support": "#0072B2",
    "oppose": "#D55E00",
    "no_opinion": "#999999",
    "other": "#CC79A7",
    "left": "#000000",
    "missing": "#E69F00",
}


def _escaped_labels(make):
    """Escape every ``*_labels`` mapping and ``control_label`` (user text) for Plotly."""

    @functools.wraps(make)
    def wrapper(*args, **kwargs):
        for key, value in list(kwargs.items()):
            if key.endswith("_labels") and value is not None:
                kwargs[key] = {k: plotly_escape(v) for k, v in value.items()}
            elif key == "control_label":
                kwargs[key] = plotly_escape(value)
        return make(*args, **kwargs)

    return wrapper


def _error_x(part: pd.DataFrame) -> dict:
    return {
        "type": "data",
        "symmetric": False,
        "array": 100 * (part["ci_high"] - part["estimate"]),
        "arrayminus": 100 * (part["estimate"] - part["ci_low"]),
        "thickness": 2,
    }


@_escaped_labels
def make_subgroup_figure(
    effects: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    level_labels: MappingType[str, str],
    control_label: str,
    title: str,
    suppress_below: int = SUPPRESS_BELOW,
) -> go.Figure:
    """Forest plot: left, each prompt's effect within each level; right, the interaction (how
    much the effect differs from the reference level), both in points with 95% CIs. Cells with
    fewer than ``FLAG_BELOW`` respondents are diamonds; below ``suppress_below``, not drawn."""
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=(
            t("sg_panel_effects", lang, control=control_label),
            t("sg_panel_interaction", lang),
        ),
    )
    levels = list(level_labels)
    treated = [p for p in prompt_labels if (effects["prompt"] == p).any()]
    spread = 0.5 / max(len(treated), 1)
    for j, prompt in enumerate(treated):
        colour = prompt_colour(prompt, j + 1)
        offset = (j - (len(treated) - 1) / 2) * spread
        part = effects[effects["prompt"] == prompt]
        n_min = part[["n_treated", "n_control"]].min(axis=1).fillna(0)
        part = part[n_min >= suppress_below]
        n_min = n_min[n_min >= suppress_below]
        y = [levels.index(lv) + offset for lv in part["level"]]
        hover = [
            t(
                "hover_effect",
                lang,
                effect=_pp(r.estimate),
                low=_pp(r.ci_low),
                high=_pp(r.ci_high),
                control=control_label,
                baseline=_pct(r.baseline),
                n=int(r.n),
            )
            for r in part.itertuples()
        ]
        fig.add_trace(
            go.Scatter(
                x=100 * part["estimate"],
                y=y,
                mode="markers",
                name=prompt_labels[prompt],
                legendgroup=prompt,
                error_x={**_error_x(part), "color": colour},
                marker={
                    "color": colour,
                    "size": 11,
                    "symbol": ["diamond" if n < FLAG_BELOW else "circle" for n in n_min],
                },
                hovertext=hover,
                hoverinfo="text+name",
            ),
            row=1,
            col=1,
        )
        inter = interactions[(interactions["prompt"] == prompt)]
        inter = inter[inter["n"] >= suppress_below]
        fig.add_trace(
            go.Scatter(
                x=100 * inter["estimate"],
                y=[levels.index(lv) + offset for lv in inter["level"]],
                mode="markers",
                name=prompt_labels[prompt],
                legendgroup=prompt,
                showlegend=False,
                error_x={**_error_x(inter), "color": colour},
                marker={"color": colour, "size": 11, "symbol": "square"},
                hovertext=[
                    t(
                        "hover_interaction",
                        lang,
                        effect=_pp(r.estimate),
                        low=_pp(r.ci_low),
                        high=_pp(r.ci_high),
                        p=fmt_p(r.p_value),
                        p_adj=fmt_p(r.p_adjusted),
                    )
                    for r in inter.itertuples()
                ],
                hoverinfo="text+name",
            ),
            row=1,
            col=2,
        )
    if levels:
        fig.add_trace(
            go.Scatter(
                x=[0],
                y=[0],
                mode="text",
                text=[t("sg_reference", lang)],
                showlegend=False,
                hoverinfo="skip",
            ),
            row=1,
            col=2,
        )
    fig.update_yaxes(
        tickvals=list(range(len(levels))),
        ticktext=list(level_labels.values()),
        range=[len(levels) - 0.5, -0.5],
        zeroline=False,
    )
    for col in (1, 2):
        fig.add_vline(x=0, line_dash="dash", line_color="#555555", row=1, col=col)
    fig.update_xaxes(title_text=t("axis_points", lang))
    apply_defaults(fig, title=title)
    # Legend below the panels: above, it would cover the two panel titles.
    fig.update_layout(
        height=max(360, 90 * len(levels) + 200),
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        margin={"b": 60},
    )
    return fig


@_escaped_labels
def make_distribution_figure(
    dist: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    category_labels: MappingType[str, str],
    title: str,
) -> go.Figure:
    """100% stacked horizontal bars: the share of each answer under each prompt."""
    fig = go.Figure()
    prompts = [p for p in prompt_labels if (dist["prompt"] == p).any()]
    for i, (cat, label) in enumerate(category_labels.items()):
        part = dist[dist["category"] == cat].set_index("prompt").reindex(prompts)
        if part["estimate"].fillna(0).eq(0).all():
            continue
        fig.add_trace(
            go.Bar(
                y=[prompt_labels[p] for p in prompts],
                x=100 * part["estimate"],
                orientation="h",
                name=label,
                marker={"color": ANSWER_COLOURS.get(cat, OKABE_ITO[i % 8])},
                text=[_pct(v, 0) for v in part["estimate"]],
                textposition="inside",
                hovertext=[
                    t(
                        "hover_rate",
                        lang,
                        rate=_pct(r.estimate),
                        low=_pct(r.ci_low),
                        high=_pct(r.ci_high),
                        n=int(r.n),
                    )
                    for r in part.itertuples()
                ],
                hoverinfo="text+name",
            )
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": t("axis_share", lang), "range": [0, 100]},
        yaxis={"autorange": "reversed"},
        height=140 + 60 * len(prompts),
    )
    return apply_defaults(fig, title=title)


@_escaped_labels
def make_exit_curve_figure(
    curve: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
    title: str,
) -> go.Figure:
    """Cumulative share that has left by each question position, one line per prompt, with
    95% CI error bars."""
    fig = go.Figure()
    issues = list(issue_labels)
    ticks = [
        f"{i + 1}. "
        + "<br>".join(textwrap.wrap(issue_labels[k], 16 if issue_labels[k].isascii() else 7))
        for i, k in enumerate(issues)
    ]
    for order, (prompt, label) in enumerate(prompt_labels.items()):
        part = curve[curve["prompt"] == prompt].set_index("issue").reindex(issues)
        colour = prompt_colour(prompt, order)
        fig.add_trace(
            go.Scatter(
                x=list(range(1, len(issues) + 1)),
                y=100 * part["estimate"],
                name=label,
                mode="lines+markers",
                line={"color": colour, "width": 3},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * (part["ci_high"] - part["estimate"]),
                    "arrayminus": 100 * (part["estimate"] - part["ci_low"]),
                    "color": colour,
                },
                hovertext=[
                    t(
                        "hover_rate",
                        lang,
                        rate=_pct(r.estimate),
                        low=_pct(r.ci_low),
                        high=_pct(r.ci_high),
                        n=int(r.n),
                    )
                    for r in part.itertuples()
                ],
                hoverinfo="text+name",
            )
        )
    fig.update_layout(
        xaxis={
            "title": t("axis_position", lang),
            "tickangle": 0,
            "tickvals": list(range(1, len(issues) + 1)),
            "ticktext": ticks,
        },
        height=520,
        yaxis={"title": t("axis_left_by", lang), "rangemode": "tozero"},
    )
    return apply_defaults(fig, title=title)


@_escaped_labels
def make_flow_figure(
    flow: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    option_labels: MappingType[str, str],
    title: str,
) -> go.Figure:
    """Sankey: everyone -> the prompt x option cells -> left the survey / completed. (Where
    they left is a table beside it: per-question flows are too thin to read in a Sankey.)"""
    assigned = flow[flow["outcome"] == "assigned"]
    cells = list(zip(assigned["prompt"], assigned["option"], strict=True))
    total = int(assigned["n"].sum())
    left_total = int(flow.loc[flow["outcome"] == "left", "n"].sum())
    done = int(flow.loc[flow["outcome"] == "completed", "n"].sum())
    labels = [t("flow_everyone", lang, n=f"{total:,}")]
    colours = ["#555555"]
    for order, (p, o) in enumerate(cells):
        n = int(assigned.loc[(assigned["prompt"] == p) & (assigned["option"] == o), "n"].iloc[0])
        labels.append(f"{prompt_labels[p]} · {option_labels[o]} ({n:,})")
        colours.append(prompt_colour(p, order))
    labels += [
        t("flow_completed", lang, n=f"{done:,}"),
        t("flow_left_total", lang, n=f"{left_total:,}"),
    ]
    colours += ["#009E73", "#000000"]
    done_node, left_node = len(labels) - 2, len(labels) - 1
    source, target, value, link_colour = [], [], [], []
    for i, (p, o) in enumerate(cells, start=1):
        cell = flow[(flow["prompt"] == p) & (flow["option"] == o)]
        counts = cell.groupby("outcome")["n"].sum()
        for node, outcome, colour in (
            (i, "assigned", "rgba(120,120,120,0.25)"),
            (done_node, "completed", "rgba(0,158,115,0.25)"),
            (left_node, "left", "rgba(0,0,0,0.45)"),
        ):
            if int(counts.get(outcome, 0)) > 0:
                source.append(0 if outcome == "assigned" else i)
                target.append(node)
                value.append(int(counts[outcome]))
                link_colour.append(colour)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "color": colours, "pad": 14},
            link={"source": source, "target": target, "value": value, "color": link_colour},
        )
    )
    fig.update_layout(height=460)
    return apply_defaults(fig, title=title)


@_escaped_labels
def make_love_figure(
    diffs: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    option_labels: MappingType[str, str],
    variable_labels: MappingType[str, str],
    title: str,
) -> go.Figure:
    """Standardised differences from the control cell, one row per variable; |d| = 0.1 marked."""
    fig = go.Figure()
    variables = list(variable_labels)
    for order, ((p, o), part) in enumerate(diffs.groupby(["prompt", "option"], sort=False)):
        part = part.set_index("variable").reindex(variables)
        fig.add_trace(
            go.Scatter(
                x=part["estimate"],
                y=[variable_labels[v] for v in variables],
                mode="markers",
                name=f"{prompt_labels[p]} · {option_labels[o]}",
                marker={
                    "color": prompt_colour(p, order),
                    "size": 9,
                    "symbol": "circle" if o == "exit" else "triangle-up",
                },
            )
        )
    for x in (-0.1, 0.1):
        fig.add_vline(x=x, line_dash="dot", line_color="#999999")
    fig.add_vline(x=0, line_color="#555555")
    reach = max(0.15, float(np.nanmax(np.abs(diffs["estimate"]))) * 1.1 if len(diffs) else 0.15)
    apply_defaults(fig, title=title)
    fig.update_layout(
        xaxis={"title": t("axis_std_diff", lang), "range": [-reach, reach]},
        yaxis={"autorange": "reversed"},
        height=max(360, 26 * len(variables) + 220),
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0},
        margin={"b": 80},
    )
    return fig


@_escaped_labels
def make_power_figure(
    curve: pd.DataFrame,
    *,
    lang: str,
    title: str,
    mark_effect: float | None = None,
    mark_n: float | None = None,
) -> go.Figure:
    """Respondents needed per arm (log scale) against the effect to detect, in points."""
    fig = go.Figure(
        go.Scatter(
            x=100 * curve["effect"],
            y=curve["n_per_arm"],
            mode="lines",
            name=t("plan_n", lang),
            line={"color": "#0072B2", "width": 3},
            hovertemplate=t("hover_power", lang) + "<extra></extra>",
        )
    )
    if mark_effect is not None and mark_n is not None and np.isfinite(mark_n):
        fig.add_trace(
            go.Scatter(
                x=[100 * mark_effect],
                y=[mark_n],
                mode="markers",
                marker={"color": "#D55E00", "size": 13},
                showlegend=False,
                hovertemplate=t("hover_power", lang) + "<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis_title=t("axis_effect_pp", lang),
        yaxis={"title": t("axis_n_per_arm", lang), "type": "log"},
        showlegend=False,
    )
    return apply_defaults(fig, title=title)
