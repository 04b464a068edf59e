"""Presentation mode: for a room. One chart per screen with its one-sentence takeaway, chart text
of at least 20 px, high contrast, no sidebar or Streamlit chrome.

Switched on by the sidebar toggle or the URL (``?present=1``; the chart shown is ``slide=N``).
A page that supports it builds its ``Slide`` list and calls ``present(slides, ...)``, which
draws the current slide and stops the page; ``chart_font_size()`` gives the figure size to use.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from analysis.i18n import t
from analysis.study.dataset import Dataset
from dashboard.render.exports import legend_rows, screen_figure, short_stamp
from dashboard.render.plotly_locale import plotly_locale
from dashboard.render.safe import md_escape
from dashboard.render.slides import Slide
from dashboard.ui.panels import deck_panel
from dashboard.ui.urlstate import seed, seed_flag, stop

PRESENT_KEY = "present"
SLIDE_KEY = "slide"
SCREEN_FONT_SIZE = 14
ROOM_FONT_SIZE = 22
ROOM_CHART_HEIGHT = 480
ROOM_SANKEY_HEIGHT = 600  # six cells' two-line labels at 22 px, one above the other
ROOM_STAMP_WIDTH = 1800  # one line under a full-width chart
# A legend's row on a 1366-px projector: it starts at the plot's left edge, after the y axis's
# labels (up to ~300 px of them), and Plotly wraps it before the figure's right edge.
ROOM_LEGEND_WIDTH = 900

# Our own constant stylesheet (no user content): hides the sidebar and Streamlit's chrome and
# makes text large and black on white. Selectors are Streamlit 1.67's test ids.
ROOM_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
footer { display: none !important; }
.stApp, [data-testid="stMain"] { background: #ffffff !important; color: #000000 !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem !important; max-width: 100% !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.9rem !important; line-height: 1.35;
                                        color: #000000 !important; font-weight: 600; }
h1 { font-size: 2rem !important; padding: 0 !important; }
[data-testid="stCaptionContainer"] p { font-size: 1.2rem !important; color: #000000 !important; }
[data-testid="stAlertContainer"] p { font-size: 1.3rem !important; color: #000000 !important; }
button p { font-size: 1.3rem !important; }
</style>
"""


def presentation_toggle(lang: str) -> bool:
    """The sidebar switch (kept in the URL as ``present``); returns whether it is on."""
    seed_flag(PRESENT_KEY)
    return st.sidebar.toggle(
        t("present_toggle", lang),
        # The current value as default: see urlstate.index_of.
        value=bool(st.session_state[PRESENT_KEY]),
        key=PRESENT_KEY,
        help=t("present_help", lang),
    )


def presenting() -> bool:
    """Whether this session is in presentation mode."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def chart_font_size() -> int:
    """Base font size for ``make_*_figure``: larger in presentation mode."""
    return ROOM_FONT_SIZE if presenting() else SCREEN_FONT_SIZE


def _room_top(fig: go.Figure, font_size: int) -> int:
    """The top margin of a slide's chart: the title, and the legend's rows when it is above."""
    if not fig.layout.showlegend:
        return int(font_size * 3.2)
    rows = 1
    if fig.layout.legend.orientation != "v":
        data = [trace.to_plotly_json() for trace in fig.data]
        rows = legend_rows(data, size=font_size, width=ROOM_LEGEND_WIDTH)
    # A row of a legend is about 1.9 em high (measured at 22 px in Chromium).
    return int(font_size * (4.6 + 2.0 * (rows - 1)))


def room_figure(
    fig: go.Figure, *, font_size: int = ROOM_FONT_SIZE, height: int = ROOM_CHART_HEIGHT
) -> go.Figure:
    """A copy of ``fig`` for a projector: every text at least ``font_size`` px, black on white,
    thicker error bars."""
    out = go.Figure(fig)
    out.update_layout(
        font={"size": max(font_size, out.layout.font.size or 0), "color": "#000000"},
        title={"font": {"size": font_size + 4}, "y": 0.98, "yanchor": "top", "yref": "container"},
        # Left and bottom as small as Plotly may take them: the screen figure reserved room for
        # a half-width chart's turned labels (the bars of a slide were squeezed into a third of
        # its height); the axes' automargin below grows them to what the slide's labels need.
        # The top margin holds the title and every row of a legend above the plot (four long
        # prompt labels, or Japanese ones, take two rows; one row's room put the second on the
        # title).
        margin={"t": _room_top(out, font_size), "b": 10, "l": 10},
        legend={"y": 1.02},
        height=height,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hoverlabel={"font": {"size": font_size}},
    )
    # Larger text than the screen figure reserved room for: Plotly measures it again.
    out.update_xaxes(
        gridcolor="#bbbbbb", linecolor="#000000", tickfont={"size": font_size}, automargin=True
    )
    out.update_yaxes(
        gridcolor="#bbbbbb", linecolor="#000000", tickfont={"size": font_size}, automargin=True
    )
    # The screen figure turns long category labels by a fixed angle (it reserves its own
    # margins for a half-width chart); a slide is full width, so Plotly decides from the real
    # width and keeps them level when they fit, leaving the height to the bars.
    for axis in (out.layout.xaxis, out.layout.yaxis):
        axis.tickangle = None
    for trace in out.data:
        if trace.type == "sankey":
            # The cells' two-line labels (22 px) need every pixel not to run into each other:
            # the Sankey takes the plot's height but a thin strip (the stamp is written under
            # the plot area, in the margin the axis makes for it), and the slide is taller.
            trace.domain.y = (0.04, 1)
            out.layout.height = max(height, ROOM_SANKEY_HEIGHT)
    for trace in out.data:
        if getattr(trace, "error_y", None) is not None and trace.error_y.array is not None:
            trace.error_y.thickness = 3
        if getattr(trace, "error_x", None) is not None and trace.error_x.array is not None:
            trace.error_x.thickness = 3
        if getattr(trace, "textfont", None) is not None:
            trace.textfont.size = max(font_size, trace.textfont.size or 0)
    for note in out.layout.annotations:
        note.font.size = max(font_size, note.font.size or 0)
    return out


def _step(delta: int, count: int) -> None:
    current = int(st.session_state.get(SLIDE_KEY, "0"))
    st.session_state[SLIDE_KEY] = str(min(max(current + delta, 0), count - 1))


def _leave() -> None:
    st.session_state[PRESENT_KEY] = False
    st.session_state[SLIDE_KEY] = "0"


def room_frame(dataset: Dataset, lang: str) -> None:
    """In presentation mode, on every page (called by ``app.py`` instead of the full badge):
    the room stylesheet, a one-line data badge and the way out (the sidebar is hidden)."""
    st.html(ROOM_CSS)
    badge_col, exit_col = st.columns([5, 2], vertical_alignment="center")
    badge = short_stamp(dataset.provenance, lang)
    if dataset.provenance.simulated:
        badge_col.warning(badge, icon=":material/science:")
    else:
        badge_col.caption(md_escape(badge))
    exit_col.button(
        t("present_exit", lang),
        on_click=_leave,
        icon=":material/close:",
        key="present_exit",
        width="stretch",
    )


def present(
    slides: Sequence[Slide],
    *,
    lang: str,
    dataset: Dataset,
    page: str = "page",
    view: str | None = None,
) -> None:
    """Draw the current slide full-screen with previous/next and a small menu of the decks
    (these charts, all headline results), and stop the page."""
    count = len(slides)
    seed(SLIDE_KEY, [str(i) for i in range(max(count, 1))], "0")
    index = int(st.session_state[SLIDE_KEY])
    if not count:
        # No chart: no "Chart 1 of 0" counter and no Previous/Next that lead nowhere.
        st.info(t("present_nothing", lang))
        stop()
    # Navigation first: it stays on screen whatever the projector's height.
    prev_col, count_col, next_col, deck_col = st.columns([3, 3, 3, 2], vertical_alignment="center")
    prev_col.button(
        t("present_prev", lang),
        on_click=_step,
        args=(-1, max(count, 1)),
        disabled=index == 0,
        icon=":material/arrow_back:",
        key="present_prev",
        width="stretch",
    )
    count_col.caption(t("present_counter", lang, i=index + 1, n=count))
    next_col.button(
        t("present_next", lang),
        on_click=_step,
        args=(1, max(count, 1)),
        disabled=index >= count - 1,
        icon=":material/arrow_forward:",
        key="present_next",
        width="stretch",
    )
    # The decks in a popover: one small button in the bar, filled only while open.
    menu = deck_col.popover(
        t("deck_menu", lang),
        icon=":material/slideshow:",
        key="present_decks",
        on_change="rerun",
        width="stretch",
    )
    if menu.open:
        with menu:
            deck_panel(
                slides,
                lang=lang,
                dataset=dataset,
                key=f"present_{page}",
                view=view or t("report_title", lang),
                compact=True,
            )
    slide = slides[index]
    st.markdown(md_escape(slide.takeaway))
    shown = Slide(slide.key, slide.heading, room_figure(slide.figure), slide.takeaway, slide.table)
    st.plotly_chart(
        room_figure(screen_figure(shown, lang=lang, dataset=dataset, stamp_width=ROOM_STAMP_WIDTH)),
        key=f"present_{slide.key}",
        width="stretch",
        theme=None,
        config={"displaylogo": False, "displayModeBar": False, **plotly_locale(lang)},
        alt=slide.takeaway,
    )
    # What the presenter may be asked about (p-values, the method, where a baseline
    # comes from), small under the chart.
    for line in slide.details:
        st.caption(md_escape(line))
    stop()
