"""Streamlit panels any page can reuse: a chart with its takeaway, table and downloads.

show_slide(slide, lang=L, dataset=data)          # chart + takeaway + table + downloads
report_panel(slides, lang=L, dataset=data, ...)  # offline HTML reports
deck_panel(slides, lang=L, dataset=data, ...)    # PowerPoint decks

Every file is made only when its button is pressed (``st.download_button(data=callable)``):
kaleido takes a second or two per chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from analysis.i18n import t
from analysis.study.dataset import Dataset
from dashboard.render.exports import (
    FULL_WIDTH,
    HALF_WIDTH,
    chart_image,
    csv_bytes,
    file_stem,
    image_export_error,
    report_html,
    screen_figure,
    stamp_lines,
    toolbar_config,
)
from dashboard.render.plotly_locale import plotly_locale
from dashboard.render.safe import md_escape
from dashboard.render.slides import Slide
from dashboard.ui.smallcells import small_cells
from dashboard.ui.stats_views import finished_export

_CHARTS_SENT = "_charts_sent"  # session state: this session's browser has had a chart
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def show_slide(
    slide: Slide,
    *,
    lang: str,
    dataset: Dataset,
    takeaway: bool = True,
    table: bool = True,
    downloads: bool = True,
    screen=None,
    later: list[Callable[[], None]] | None = None,
    full_width: bool = False,
) -> None:
    """The chart, its takeaway under it, its table (the accessible alternative) and downloads.

    ``screen`` is the slide's :func:`screen_figure` when the caller has it already (cached).
    With ``later`` the chart's place is kept and the drawing is appended to ``later`` for the
    caller to run at the end of the page. Why: the browser starts drawing a chart as soon as it
    arrives, and on two cores that slows the rest of the run; charts sent last are drawn
    together once everything else is on its way, and the previous charts stay on screen until
    then. A session's first charts are drawn in place all the same: its browser has not loaded
    Plotly's JavaScript yet (4.7 MB, ~1 s to load and run), and the sooner a chart arrives the
    sooner that starts; sent last, the tables' JavaScript went first (cold start ~0.2 s later).
    """
    stem = file_stem(slide.key, lang, dataset.provenance.simulated)
    if screen is None:
        width = FULL_WIDTH if full_width else HALF_WIDTH  # title and stamp wrapped to it
        screen = screen_figure(slide, lang=lang, dataset=dataset, stamp_width=width)
    figure = screen
    slot = st.empty()

    def draw() -> None:
        slot.plotly_chart(
            figure,
            key=slide.key,
            width="stretch",
            config={**toolbar_config(stem), **plotly_locale(lang)},
            alt=slide.takeaway,
        )

    if later is None or not st.session_state.get(_CHARTS_SENT):
        draw()
        st.session_state[_CHARTS_SENT] = True
    else:
        later.append(draw)
    if takeaway:
        st.markdown(md_escape(slide.takeaway))
    if table:
        # Filled only while open (Streamlit's lazy expander): a closed table costs the page
        # nothing on a selection change; opening it reruns this part of the page.
        box = st.expander(t("table_view", lang), key=f"{slide.key}_table", on_change="rerun")
        if box.open:
            box.dataframe(slide.table, hide_index=True)
    if downloads:
        export_panel(slide, lang=lang, dataset=dataset)


def _image_maker(slide: Slide, lines: list[str], fmt: str) -> Callable[[], bytes]:
    """The image is made only when its button is pressed (kaleido takes a second or two)."""

    def make() -> bytes:
        return chart_image(slide, lines, fmt)

    return make


def export_panel(slide: Slide, *, lang: str, dataset: Dataset) -> None:
    """Download buttons for one slide: table as CSV, chart as PNG and SVG (server-side)."""
    prov = dataset.provenance
    lines = stamp_lines(prov, lang, view=slide.figure.layout.title.text or slide.heading)
    image_lines = stamp_lines(prov, lang)  # an image already shows its title
    stem = file_stem(slide.key, lang, prov.simulated)
    menu = st.popover(
        t("export_heading", lang),
        icon=":material/download:",
        key=f"{slide.key}_export",
        on_change="rerun",
    )
    if not menu.open:  # filled only while open, like the table above
        return
    with menu:
        st.caption(t("export_help", lang))
        st.download_button(
            t("export_csv", lang),
            csv_bytes(slide.table, lines),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"{slide.key}_csv",
            icon=":material/table:",
        )
        error = image_export_error()
        if error:
            st.caption(t("export_image_unavailable", lang, reason=error))
            return
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(
                t(f"export_{fmt}", lang),
                _image_maker(slide, image_lines, fmt),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"{slide.key}_{fmt}",
                icon=":material/image:",
            )


def headline_source(dataset: Dataset, lang: str) -> Callable[[], Sequence[Slide]]:
    """All headline results, built only when a download asks for them; the one place that
    calls ``headline_slides`` for the HTML report and the deck alike."""
    cells = small_cells()

    def build() -> Sequence[Slide]:
        # Made when a button is pressed, outside the page's run: no progress bar there.
        # Imported here: the headline imports every page's figures and their statistics.
        from dashboard.render.headline import headline_slides

        return headline_slides(dataset, finished_export(dataset), lang=lang, cells=cells)

    return build


def report_panel(
    slides: Sequence[Slide],
    *,
    lang: str,
    dataset: Dataset,
    key: str,
    view: str,
    headline: Callable[[], Sequence[Slide]] | None = None,
) -> None:
    """Two downloads: this view, and all headline results, as self-contained offline HTML.

    ``headline`` builds the headline slides (default: :func:`headline_source`)."""
    prov = dataset.provenance
    source = headline or headline_source(dataset, lang)
    stem = file_stem(f"{key}_report", lang, prov.simulated)

    def this_view() -> str:
        return report_html(
            list(slides),
            title=f"{t('report_title', lang)} — {view}",
            lang=lang,
            lines=stamp_lines(prov, lang, view=view),
        )

    def headline_report() -> str:
        return report_html(
            list(source()),
            title=t("report_headline_title", lang),
            lang=lang,
            lines=stamp_lines(prov, lang),
        )

    left, right = st.columns(2)
    left.download_button(
        t("export_html_view", lang),
        this_view,
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        key=f"{key}_report_view",
        icon=":material/description:",
    )
    right.download_button(
        t("export_html_all", lang),
        headline_report,
        file_name=file_stem("headline_report", lang, prov.simulated) + ".html",
        mime="text/html",
        on_click="ignore",
        key=f"{key}_report_all",
        icon=":material/summarize:",
    )


def deck_panel(
    slides: Sequence[Slide],
    *,
    lang: str,
    dataset: Dataset,
    key: str,
    view: str,
    headline: Callable[[], Sequence[Slide]] | None = None,
    compact: bool = False,
) -> None:
    """Two downloads as PowerPoint slides: this view's charts, and all headline results.

    ``compact`` stacks the buttons (for a popover) instead of setting them side by side. When
    the server cannot draw images (no kaleido or browser), says so instead, as the image
    buttons do: the deck's charts are those images."""
    error = image_export_error()
    if error:
        st.caption(t("deck_unavailable", lang, reason=error))
        return
    prov = dataset.provenance
    source = headline or headline_source(dataset, lang)

    def this_view() -> bytes:
        # python-pptx is imported when a deck is asked for, never for drawing a page.
        from dashboard.render.deck import deck_bytes

        return deck_bytes(
            list(slides),
            lang=lang,
            provenance=prov,
            title=f"{t('report_title', lang)} — {view}",
        )

    def headline_deck() -> bytes:
        from dashboard.render.deck import deck_bytes

        return deck_bytes(
            list(source()), lang=lang, provenance=prov, title=t("report_headline_title", lang)
        )

    places = [st.container(), st.container()] if compact else st.columns(2)
    places[0].download_button(
        t("deck_view", lang),
        this_view,
        file_name=file_stem(f"{key}_slides", lang, prov.simulated) + ".pptx",
        mime=PPTX_MIME,
        on_click="ignore",
        key=f"{key}_deck_view",
        icon=":material/slideshow:",
        help=t("deck_help", lang),
        disabled=not slides,
    )
    places[1].download_button(
        t("deck_all", lang),
        headline_deck,
        file_name=file_stem("headline_slides", lang, prov.simulated) + ".pptx",
        mime=PPTX_MIME,
        on_click="ignore",
        key=f"{key}_deck_all",
        icon=":material/co_present:",
        help=t("deck_help", lang),
    )
