"""Figures of the statistics pages (subgroups, opinions, exits, balance, plan). No Streamlit."""

from __future__ import annotations

import functools
from collections.abc import Mapping as MappingType
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.i18n import t
from dashboard.render.exports import wrap
from dashboard.render.figures import (
    BAR_OUTLINE,
    CHART_TEXT_COLOUR,
    CONTROL_GREY,
    FLAG_BELOW,
    OKABE_ITO,
    REFERENCE_LINE_COLOUR,
    SERIES_PATTERNS,
    SMALL_PATTERN,
    SUPPRESS_BELOW,
    _pct,
    _pp,
    apply_defaults,
    bar_legend_entry,
    contrast_ratio,
    prompt_positions,
    series_style,
    text_colour_on,
)
from dashboard.render.formatting import fmt_p
from dashboard.render.safe import plotly_escape

# From the palette in figures.py (each at least 3:1 on white).
ANSWER_COLOURS = {
    "support": "#0072B2",
    "oppose": "#D55E00",
    "no_opinion": CONTROL_GREY,
    "other": OKABE_ITO[6],
    "left": "#000000",
    "missing": OKABE_ITO[0],
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


def _small_note(n: float, flag_below: int, suppress_below: int, lang: str) -> str:
    """What a legend or tick label adds for a small cell: words, so colour is not the only cue."""
    if n < suppress_below:
        return t("flag_suppressed", lang, n=suppress_below)
    if n < flag_below:
        return t("flag_small", lang, n=flag_below)
    return ""


def _noted(label: str, note: str) -> str:
    """A (escaped) label with its small-cell note, escaped for Plotly ("n < 30" is no tag)."""
    return f"{label} · {plotly_escape(note)}" if note else label


PANEL_TITLE_UNITS = 36  # a panel title's line, in Latin characters (a CJK one counts two)
REFERENCE_LABEL_GAP = 6  # px between the zero line and the word "reference"


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
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
    font_size: int = 14,
    prompt_order: Sequence[str] | None = None,
) -> go.Figure:
    """Forest plot: left, each prompt's effect within each level; right, the interaction (how
    much the effect differs from the reference level), both in points with 95% CIs. Each
    prompt has its own colour and marker symbol (:func:`series_style`).

    Small cells go by ``n_min`` (the smallest group behind an estimate; see
    :func:`dashboard.render.smallcells.subgroup_cell_sizes`): below ``flag_below`` the marker is
    hollow, below ``suppress_below`` the estimate is not drawn."""
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.06,
    )
    levels = list(level_labels)
    treated = [p for p in prompt_labels if (effects["prompt"] == p).any()]
    spread = 0.5 / max(len(treated), 1)
    positions = prompt_positions(treated, prompt_order, start=1)
    for j, prompt in enumerate(treated):
        style = series_style(positions[prompt], prompt)
        colour = style.colour
        offset = (j - (len(treated) - 1) / 2) * spread
        part = effects[(effects["prompt"] == prompt) & (effects["n_min"] >= suppress_below)]
        part = part[part["level"].isin(levels)]
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
                y=[levels.index(lv) + offset for lv in part["level"]],
                mode="markers",
                name=prompt_labels[prompt],
                legendgroup=prompt,
                error_x={**_error_x(part), "color": colour},
                marker={
                    "color": colour,
                    "size": 11,
                    "symbol": [style.marker_symbol(n < flag_below) for n in part["n_min"]],
                    "line": {"width": 2, "color": colour},
                },
                hovertext=hover,
                hoverinfo="text+name",
            ),
            row=1,
            col=1,
        )
        inter = interactions[
            (interactions["prompt"] == prompt) & (interactions["n_min"] >= suppress_below)
        ]
        inter = inter[inter["level"].isin(levels) & inter["estimate"].notna()]
        fig.add_trace(
            go.Scatter(
                x=100 * inter["estimate"],
                y=[levels.index(lv) + offset for lv in inter["level"]],
                mode="markers",
                name=prompt_labels[prompt],
                legendgroup=prompt,
                showlegend=False,
                error_x={**_error_x(inter), "color": colour},
                marker={
                    "color": colour,
                    "size": 11,
                    "symbol": [style.marker_symbol(n < flag_below) for n in inter["n_min"]],
                    "line": {"width": 2, "color": colour},
                },
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
        # The reference level has no marker, only this word: an annotation starting a few
        # pixels right of the dashed zero line (a text trace at x = 0 began on the line).
        fig.add_annotation(
            x=0,
            y=0,
            text=t("sg_reference", lang),
            xanchor="left",
            xshift=REFERENCE_LABEL_GAP,
            showarrow=False,
            font={"color": CHART_TEXT_COLOUR},
            row=1,
            col=2,
        )
    # A level with a hidden or flagged estimate says so on its tick, in words (the smallest
    # group of the level decides; each marker's own state is its symbol or its absence).
    sizes = effects.groupby("level")["n_min"].min()
    ticks = [
        _noted(label, _small_note(sizes.get(lv, 0), flag_below, suppress_below, lang))
        for lv, label in level_labels.items()
    ]
    fig.update_yaxes(
        tickvals=list(range(len(levels))),
        ticktext=ticks,
        range=[len(levels) - 0.5, -0.5],
        zeroline=False,
    )
    for col in (1, 2):
        fig.add_vline(x=0, line_dash="dash", line_color=REFERENCE_LINE_COLOUR, row=1, col=col)
    # Each panel is named under its axis, not above it: the legend is above the plot.
    # Wrapped by display width: a Japanese title has no spaces and each character is wide.
    for col, name in (
        (1, t("sg_panel_effects", lang, control=control_label)),
        (2, t("sg_panel_interaction", lang)),
    ):
        wrapped = "<br>".join(wrap(name, PANEL_TITLE_UNITS)) or name
        fig.update_xaxes(title_text=f"{wrapped}<br>({t('axis_points', lang)})", row=1, col=col)
    fig.update_layout(showlegend=True)
    apply_defaults(fig, title=title, font_size=font_size)
    # The legend above the plot (the default), not right of it: there it took the width of the
    # longest prompt label from the two panels, and with four long labels (or Japanese ones)
    # on a slide the panels' axis titles ran into each other.
    fig.update_layout(height=max(360, 90 * len(levels) + 200))
    return fig


@_escaped_labels
def make_distribution_figure(
    dist: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    category_labels: MappingType[str, str],
    title: str,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
    font_size: int = 14,
) -> go.Figure:
    """100% stacked horizontal bars: the share of each answer under each prompt.

    A prompt whose ``n`` (those counted) is below ``suppress_below`` keeps its row, empty, with
    "suppressed" on its label; below ``flag_below`` its bars are hatched and its label says
    "small cell"."""
    fig = go.Figure()
    prompts = [p for p in prompt_labels if (dist["prompt"] == p).any()]
    sizes = dist.groupby("prompt")["n"].min()
    rows = [
        _noted(prompt_labels[p], _small_note(sizes[p], flag_below, suppress_below, lang))
        for p in prompts
    ]
    hidden = dist["n"] < suppress_below
    drawn_patterns: list[str] = []  # each drawn answer's own pattern, for its legend entry
    shown = dist.assign(
        estimate=dist["estimate"].mask(hidden),
        ci_low=dist["ci_low"].mask(hidden),
        ci_high=dist["ci_high"].mask(hidden),
    )
    for i, (cat, label) in enumerate(category_labels.items()):
        part = shown[shown["category"] == cat].set_index("prompt").reindex(prompts)
        if part["estimate"].fillna(0).eq(0).all():
            continue
        drawn_patterns.append(SERIES_PATTERNS[i % len(SERIES_PATTERNS)])
        fig.add_trace(
            go.Bar(
                y=rows,
                x=100 * part["estimate"],
                orientation="h",
                name=label,
                marker={
                    "color": ANSWER_COLOURS.get(cat, OKABE_ITO[i % 8]),
                    "line": BAR_OUTLINE,
                    # Each answer has its pattern too (the same list as the prompts' bars),
                    # light enough for the numbers on it; small cells are hatched instead.
                    "pattern": {
                        "shape": [
                            SMALL_PATTERN
                            if sizes[p] < flag_below
                            else SERIES_PATTERNS[i % len(SERIES_PATTERNS)]
                            for p in prompts
                        ],
                        "fgcolor": "#ffffff",
                        "solidity": 0.2,
                    },
                },
                text=["" if pd.isna(v) else _pct(v, 0) for v in part["estimate"]],
                textposition="inside",
                insidetextfont={"color": text_colour_on(ANSWER_COLOURS.get(cat, OKABE_ITO[i % 8]))},
                hovertext=[
                    t(
                        "hover_rate",
                        lang,
                        rate=_pct(r.estimate),
                        low=_pct(r.ci_low),
                        high=_pct(r.ci_high),
                        n=0 if pd.isna(r.n) else int(r.n),
                    )
                    for r in part.itertuples()
                ],
                hoverinfo="text+name",
            )
        )
    if prompts and sizes[prompts[0]] < flag_below:
        # The legend would show the first row's hatching as every answer's key.
        for trace, pattern in zip(list(fig.data), drawn_patterns, strict=True):
            entry = bar_legend_entry(trace.to_plotly_json(), pattern)
            trace.update(showlegend=False, legendgroup=entry["legendgroup"])
            fig.add_trace(go.Bar(entry))
    fig.update_layout(
        barmode="stack",
        xaxis={"title": t("axis_share", lang), "range": [0, 100]},
        yaxis={"autorange": "reversed", "type": "category", "categoryarray": rows},
        height=140 + 60 * len(prompts),
        showlegend=True,  # so the top margin holds title and legend (see default_layout)
        legend={"traceorder": "normal"},  # answers in the order of the bars, not reversed
    )
    return apply_defaults(fig, title=title, font_size=font_size)


@_escaped_labels
def make_exit_curve_figure(
    curve: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    issue_labels: MappingType[str, str],
    title: str,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
    font_size: int = 14,
    prompt_order: Sequence[str] | None = None,
) -> go.Figure:
    """Cumulative share that has left by each question position (numbered on the axis, named
    in the hover text), one line per prompt, with 95% CI error bars; each prompt has its own
    colour, dash and marker symbol (:func:`series_style`). A prompt whose cell has fewer than
    ``suppress_below`` respondents keeps its legend entry ("suppressed") but no line; below
    ``flag_below`` its markers are hollow and its legend entry says "small cell"."""
    fig = go.Figure()
    issues = list(issue_labels)
    # Numbers on the axis, the questions in the hover text and under the chart: written out
    # on the axis, eight questions did not fit at the sizes of presentation mode and exports.
    ticks = [str(i) for i in range(1, len(issues) + 1)]
    names = [f"{i}. {issue_labels[k]}" for i, k in enumerate(issues, start=1)]
    positions = prompt_positions(list(prompt_labels), prompt_order)
    for prompt, label in prompt_labels.items():
        style = series_style(positions[prompt], prompt)
        part = curve[curve["prompt"] == prompt].set_index("issue").reindex(issues)
        n = part["n"].min()
        n = 0 if pd.isna(n) else n
        if n < suppress_below:
            part = part.assign(estimate=np.nan, ci_low=np.nan, ci_high=np.nan)
        small = n < flag_below
        colour = style.colour
        fig.add_trace(
            go.Scatter(
                x=list(range(1, len(issues) + 1)),
                y=100 * part["estimate"],
                name=_noted(label, _small_note(n, flag_below, suppress_below, lang)),
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": style.dash},
                # Hollow markers mark a small cell; the dash stays the prompt's.
                marker={
                    "symbol": style.marker_symbol(small),
                    "size": 10,
                    "line": {"width": 2, "color": colour},
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * (part["ci_high"] - part["estimate"]),
                    "arrayminus": 100 * (part["estimate"] - part["ci_low"]),
                    "color": colour,
                },
                hovertext=[
                    name
                    + "<br>"
                    + t(
                        "hover_rate",
                        lang,
                        rate=_pct(r.estimate),
                        low=_pct(r.ci_low),
                        high=_pct(r.ci_high),
                        n=0 if pd.isna(r.n) else int(r.n),
                    )
                    for name, r in zip(names, part.itertuples(), strict=True)
                ],
                hoverinfo="text+name",
                # A suppressed prompt stays in the legend so the reader sees it is hidden.
                showlegend=True,
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
        showlegend=True,  # so the top margin holds title and legend (see default_layout)
    )
    return apply_defaults(fig, title=title, font_size=font_size)


def translucent(colour: str, *, against: str = "#ffffff", ratio: float = 3.0) -> str:
    """``colour`` as the most transparent ``rgba`` that still contrasts ``ratio``:1 with
    ``against`` once blended over it: as pale as WCAG 1.4.11 allows, so the labels drawn
    over a Sankey's links stay readable. Raises when even the opaque colour falls short."""
    if contrast_ratio(colour, against) < ratio:
        raise ValueError(f"{colour} is below {ratio}:1 on {against} even when opaque")
    front = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    back = [int(against.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    for step in range(5, 101, 5):
        alpha = step / 100
        mixed = "#" + "".join(
            f"{round(alpha * f + (1 - alpha) * b):02x}" for f, b in zip(front, back, strict=True)
        )
        # A margin over the threshold: browsers round the blend to whole channel values.
        if contrast_ratio(mixed, against) >= ratio + 0.05:
            return f"rgba({front[0]},{front[1]},{front[2]},{alpha:.2f})"
    return colour


# A Sankey's links: at least 3:1 on white (WCAG 1.4.11), which the former 25% tints were not
# (1.2-1.9:1). The flows differ by where they go, which the labels of their ends say too.
FLOW_LINK_COLOURS = {
    "assigned": translucent("#555555"),
    "completed": translucent("#007A59"),
    "left": translucent("#000000"),
}


# Where a Sankey's columns stand: the cells' labels (written right of their nodes) get the
# space between the cells and the outcomes, whose labels are written left of their nodes; with
# the columns evenly spaced, at the sizes of presentation mode and the exports the two sets of
# labels ran into each other.
FLOW_COLUMNS = (0.001, 0.34, 0.999)
FLOW_GAP = 0.04  # between two nodes of a column, as a share of the height


def _flow_node_positions(
    cells: Sequence[int], *, done: int, left: int, total: int
) -> tuple[list[float], list[float]]:
    """x and y (centres, 0 = top) of the Sankey's nodes: everyone, each cell, completed, left;
    each column stacked from the top with the height of each node in proportion to its n."""
    scale = (1 - FLOW_GAP * max(len(cells) - 1, 1)) / max(total, 1)

    def stack(sizes: Sequence[int]) -> list[float]:
        centres, top = [], 0.0
        for n in sizes:
            centres.append(min(max(top + scale * n / 2, 0.001), 0.999))
            top += scale * n + FLOW_GAP
        return centres

    x = [FLOW_COLUMNS[0]] + [FLOW_COLUMNS[1]] * len(cells) + [FLOW_COLUMNS[2]] * 2
    y = [0.5, *stack(cells), *stack([done, left])]
    return x, y


@_escaped_labels
def make_flow_figure(
    flow: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    option_labels: MappingType[str, str],
    title: str,
    font_size: int = 14,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
) -> go.Figure:
    """Sankey: everyone -> the prompt x option cells -> left the survey / completed. (Where
    they left is a table beside it: per-question flows are too thin to read in a Sankey.)

    A cell with fewer than ``flag_below`` respondents is marked in its label; one with fewer
    than ``suppress_below`` is not followed further (its exits and completions are not drawn
    nor counted in the totals)."""
    assigned = flow[flow["outcome"] == "assigned"]
    cells = list(zip(assigned["prompt"], assigned["option"], strict=True))
    sizes = {
        (p, o): int(n)
        for p, o, n in zip(assigned["prompt"], assigned["option"], assigned["n"], strict=True)
    }
    shown = [c for c in cells if sizes[c] >= suppress_below]
    total = int(assigned["n"].sum())
    kept = flow[[(p, o) in shown for p, o in zip(flow["prompt"], flow["option"], strict=True)]]
    left_total = int(kept.loc[kept["outcome"] == "left", "n"].sum())
    done = int(kept.loc[kept["outcome"] == "completed", "n"].sum())
    labels = [t("flow_everyone", lang, n=f"{total:,}")]
    colours = ["#555555"]
    positions = prompt_positions(list(prompt_labels))
    for p, o in cells:
        n = sizes[(p, o)]
        # On two lines: on one, the labels reached the outcomes' labels; on three (the flag
        # apart), they ran into each other in presentation mode.
        label = f"{prompt_labels[p]} ·<br>{option_labels[o]} ({n:,})"
        if n < suppress_below:
            label += " — " + t("flag_suppressed", lang, n=suppress_below)
        elif n < flag_below:
            label += " — " + t("flag_small", lang, n=flag_below)
        labels.append(label)
        colours.append(series_style(positions.get(p, 0), p).colour)
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
            (i, "assigned", FLOW_LINK_COLOURS["assigned"]),
            (done_node, "completed", FLOW_LINK_COLOURS["completed"]),
            (left_node, "left", FLOW_LINK_COLOURS["left"]),
        ):
            if outcome != "assigned" and (p, o) not in shown:
                continue
            if int(counts.get(outcome, 0)) > 0:
                source.append(0 if outcome == "assigned" else i)
                target.append(node)
                value.append(int(counts[outcome]))
                link_colour.append(colour)
    x, y = _flow_node_positions([sizes[c] for c in cells], done=done, left=left_total, total=total)
    fig = go.Figure(
        [
            go.Sankey(
                # A strip at the bottom is left free for the axis title, which holds the
                # screen's stamp (the axis makes room for it under the plot area; the strip
                # keeps the lowest node's label off it). The exports' stamp is at the top, and
                # export_figure gives the Sankey the full height.
                domain={"x": [0, 1], "y": [0.06, 1]},
                arrangement="snap",
                node={"label": labels, "color": colours, "pad": 14, "x": x, "y": y},
                link={"source": source, "target": target, "value": value, "color": link_colour},
                textfont={"size": font_size},
            ),
            # An empty scatter gives the figure an x axis, whose title is where the exports
            # write their source stamp ("simulated data"): a Sankey alone has no axis.
            go.Scatter(x=[], y=[], showlegend=False, hoverinfo="skip"),
        ]
    )
    hidden = {"showgrid": False, "zeroline": False, "showline": False, "showticklabels": False}
    fig.update_layout(height=460, showlegend=False, xaxis=hidden, yaxis=hidden)
    return apply_defaults(fig, title=title, font_size=font_size)


@_escaped_labels
def make_love_figure(
    diffs: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: MappingType[str, str],
    option_labels: MappingType[str, str],
    variable_labels: MappingType[str, str],
    title: str,
    font_size: int = 14,
    flag_below: int = FLAG_BELOW,
    suppress_below: int = SUPPRESS_BELOW,
    control_label: str | None = None,
) -> go.Figure:
    """Standardised differences from the control cell, one row per variable; |d| = 0.1 marked.
    The x axis names the control prompt when ``control_label`` is given.

    Each cell (prompt x response option) is a series with the prompt's colour and a symbol of
    its own: the prompt's symbol (:func:`series_style`, as on every page) for the first option,
    symbols after the last prompt's for the next ones.

    ``n_min`` (the smaller of the two cells compared; ``n`` when absent) decides the small-cell
    rules: below ``suppress_below`` the point is not drawn, below ``flag_below`` it is hollow."""
    fig = go.Figure()
    variables = list(variable_labels)
    sizes = diffs["n_min"] if "n_min" in diffs else diffs["n"]
    diffs = diffs.assign(
        shown=diffs["estimate"].where(sizes >= suppress_below), small=sizes < flag_below
    )
    positions = prompt_positions(list(prompt_labels))
    options = list(option_labels)
    for p, o in diffs.groupby(["prompt", "option"], sort=False).groups:
        part = diffs[(diffs["prompt"] == p) & (diffs["option"] == o)]
        part = part.set_index("variable").reindex(variables)
        colour = series_style(positions[p], p).colour
        rank = options.index(o) if o in options else len(options)
        style = series_style(positions[p] + len(positions) * rank, p)
        fig.add_trace(
            go.Scatter(
                x=part["shown"],
                y=[variable_labels[v] for v in variables],
                mode="markers",
                name=f"{prompt_labels[p]} · {option_labels[o]}",
                marker={
                    "color": colour,
                    "size": 10,
                    "symbol": [style.marker_symbol(s) for s in part["small"].eq(True)],
                    "line": {"width": 2, "color": colour},
                },
            )
        )
    for x in (-0.1, 0.1):
        fig.add_vline(x=x, line_dash="dot", line_color=CONTROL_GREY)
    fig.add_vline(x=0, line_color=REFERENCE_LINE_COLOUR)
    values = diffs["shown"].abs()
    reach = max(0.15, float(values.max()) * 1.1 if values.notna().any() else 0.15)
    apply_defaults(fig, title=title, font_size=font_size)
    fig.update_layout(
        xaxis={
            "title": t("axis_std_diff_control", lang, control=control_label)
            if control_label
            else t("axis_std_diff", lang),
            "range": [-reach, reach],
        },
        yaxis={"autorange": "reversed"},
        height=max(360, 26 * len(variables) + 220),
        # Beside the plot, from its top: the cells' long names would take two rows above it
        # and run into the title (the exports and the room keep a legend at the top).
        showlegend=True,
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
    )
    fig.update_xaxes(title_font_color=CHART_TEXT_COLOUR)  # the title set above replaced it
    return fig


@_escaped_labels
def make_power_figure(
    curve: pd.DataFrame,
    *,
    lang: str,
    title: str,
    mark_effect: float | None = None,
    mark_n: float | None = None,
    font_size: int = 14,
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
        # Ticks at powers of ten only, with the thousands written out: Plotly's default labels
        # the 2s and 5s between them as bare "2" and "5", which read as 2 or 5 respondents.
        yaxis={"title": t("axis_n_per_arm", lang), "type": "log", "dtick": 1, "tickformat": ","},
        showlegend=False,
    )
    return apply_defaults(fig, title=title, font_size=font_size)
