"""The page kit: every chart page declares its selections and its slides, and the kit draws the
rest, the same way on every page.

    values = kit.choose([kit.Choice("sg_outcome", t("outcome", L), outcomes, outcomes[0],
                                    labels=...)], lang=L)
    slides = subgroup_slides(data, full, lang=L, cells=kit.cells(), font_size=kit.font_size(),
                             **values)                       # pure, in dashboard/render
    kit.show(slides, lang=L, dataset=data, page="subgroups", view=title)

What :func:`show` gives every chart, on every page: the chart (with its source stamp and its
takeaway as the accessible text), the takeaway sentence, the details under it, the table behind
it (lazy), the download menu (CSV, PNG, SVG), and per page the downloads of the page (HTML
report of this view, all headline results); in presentation mode one chart per screen with
Previous/Next and no controls. The session's small-cell thresholds are applied by the slide
builders, which take ``cells()``: figure, table and sentence alike.

No page calls ``st.plotly_chart`` itself (``tests/app/test_page_kit.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import plotly.graph_objects as go
import streamlit as st

from analysis.i18n import t
from analysis.study.dataset import Dataset
from dashboard.render.exports import text_width
from dashboard.render.safe import md_escape, t_md
from dashboard.render.slides import RATES_SUFFIX, Slide
from dashboard.render.smallcells import SmallCells
from dashboard.render.takeaways import inline_label
from dashboard.ui.panels import deck_panel, report_panel, show_slide
from dashboard.ui.presentation import chart_font_size, present, presenting
from dashboard.ui.smallcells import small_cells
from dashboard.ui.urlstate import index_of, seed

Widget = Literal["select", "radio", "multi"]


@dataclass(frozen=True)
class Choice:
    """One selection a page offers, kept in the URL under ``key`` (page-prefixed, language-free)
    and checked against ``options`` (an invalid value in a link falls back to ``default``).

    ``labels`` maps each option to the text shown (the option itself when absent).
    """

    key: str
    label: str
    options: Sequence[str]
    default: str | Sequence[str]
    labels: Mapping[str, str] = field(default_factory=dict)
    widget: Widget = "select"
    help: str | None = None


# A row of controls shares the page's width by what each needs, in em: a menu's longest option
# (a radio or multiselect shows all of them side by side) plus its chrome, within bounds. Equal
# columns cut a menu of long labels beside menus of numbers: Plan's outcome menu in Japanese
# showed 12 of its 14 characters beside significance level and power.
CONTROL_CHROME_EM = 4  # a select box's padding and arrow; a chip's or radio button's room
CONTROL_MIN_EM, CONTROL_MAX_EM = 12, 36
MULTI_CHROME_EM = 6  # a multiselect's clear and open buttons and its typing box


def column_widths(choices: Sequence[Choice]) -> list[float]:
    """Relative widths (em) of a row of controls, in the order of ``choices``.

    >>> wide = Choice("a", "Outcome", ["x", "y"], "x", labels={"x": "調査から離脱（オプトアウト）"})
    >>> narrow = Choice("b", "Power", ["0.8", "0.9"], "0.8")
    >>> column_widths([wide, narrow])
    [18.0, 12.0]
    """
    widths: list[float] = []
    for choice in choices:
        shown = [text_width(choice.labels.get(o, o), 1) for o in choice.options]
        if len(choice.options) == 1 and choice.widget != "multi":  # a caption, see choose()
            need = text_width(choice.label, 1) + 2 + max(shown)
        elif choice.widget == "radio":
            need = sum(w + CONTROL_CHROME_EM / 2 for w in shown)
        elif choice.widget == "multi":
            # Each chip with its remove button, then the clear and open buttons and room to
            # type: squeezed to 20 px, the typing box failed WCAG 2.5.8 (targets >= 24 px).
            need = sum(w + CONTROL_CHROME_EM * 0.6 for w in shown) + MULTI_CHROME_EM
        else:
            need = max([*shown, text_width(choice.label, 1)]) + CONTROL_CHROME_EM
        widths.append(float(min(max(need, CONTROL_MIN_EM), CONTROL_MAX_EM)))
    return widths


_LABELS_SENT = "_kit_labels_sent"  # session state: per key, the option labels last drawn


def _draw(choice: Choice, where) -> object:  # noqa: ANN001 - a Streamlit container
    options = list(choice.options)

    def shown(option: str) -> str:
        return choice.labels.get(option, option)

    # The browser holds a selection as its label, and a widget keeps its identity (its key)
    # when the labels change: after a language switch it showed no option selected. Setting
    # the value again makes Streamlit send it with the new label.
    labels = tuple(shown(option) for option in options)
    sent: dict[str, tuple[str, ...]] = st.session_state.setdefault(_LABELS_SENT, {})
    if sent.get(choice.key, labels) != labels and choice.key in st.session_state:
        st.session_state[choice.key] = st.session_state[choice.key]
    sent[choice.key] = labels

    common = {"key": choice.key, "format_func": shown, "help": choice.help}
    # The current value is also the widget's default: see urlstate.index_of.
    if choice.widget == "multi":
        default = st.session_state.get(choice.key)
        return where.multiselect(choice.label, options, default=default, **common)
    index = index_of(choice.key, options)
    if choice.widget == "radio":
        return where.radio(choice.label, options, index=index, horizontal=True, **common)
    return where.selectbox(choice.label, options, index=index, **common)


def choose(
    choices: Sequence[Choice], *, lang: str, columns: int | None = None
) -> dict[str, object]:  # noqa: ARG001
    """Draw the page's controls in one row and return ``{key: value}``.

    In presentation mode nothing is drawn: the values come from the URL (or the defaults), so a
    projected slide shows what the link says and no controls.
    """
    values: dict[str, object] = {}
    for choice in choices:
        multi = choice.widget == "multi"
        seed(choice.key, list(choice.options), choice.default, multi=multi)
    if presenting():
        for choice in choices:
            values[choice.key] = st.session_state.get(choice.key, choice.default)
        return values
    n = columns or len(choices)
    if n > 1 and n == len(choices):
        places = st.columns(column_widths(choices))
    else:
        places = st.columns(n) if n > 1 else [st.container()]
    for i, choice in enumerate(choices):
        if len(choice.options) == 1 and choice.widget != "multi":
            # Nothing to choose: say what is shown instead of offering a one-item menu.
            only = choice.options[0]
            places[i % n].caption(
                f"{md_escape(choice.label)}: {md_escape(choice.labels.get(only, only))}"
            )
            values[choice.key] = only
            continue
        values[choice.key] = _draw(choice, places[i % n])
        if values[choice.key] is None and choice.widget != "multi":
            values[choice.key] = choice.default
    return values


def cells() -> SmallCells:
    """The session's small-cell thresholds (sidebar, URL ``flag``/``suppress``, secrets)."""
    return small_cells()


def font_size() -> int:
    """The base chart font size for the slide builders: larger in presentation mode."""
    return chart_font_size()


def show(
    slides: Sequence[Slide],
    *,
    lang: str,
    dataset: Dataset,
    page: str,
    view: str,
    side_by_side: bool = False,
    screens: Sequence[go.Figure] | None = None,
    empty_message: str | None = None,
) -> None:
    """Every chart of a page with its takeaway, details, table and downloads, then the page's
    downloads; in presentation mode the current slide only (and the page stops).

    ``side_by_side`` puts the first two charts in two columns (rates beside effects).
    ``screens`` are the slides' screen figures when the caller has them cached.
    """
    if presenting():
        present(slides, lang=lang, dataset=dataset, page=page, view=view)  # stops the page
    if not slides:
        st.warning(empty_message or t("present_nothing", lang))
        return
    later: list[Callable[[], None]] = []  # charts drawn last: see show_slide
    places = st.columns(2) if side_by_side and len(slides) >= 2 else []
    for i, slide in enumerate(slides):
        where = places[i] if i < len(places) else st.container()
        with where:
            if slide.heading:
                st.subheader(md_escape(slide.heading))  # may hold user labels
            show_slide(
                slide,
                lang=lang,
                dataset=dataset,
                screen=screens[i] if screens is not None and i < len(screens) else None,
                later=later,
                full_width=i >= len(places),
            )
            for line in slide.details:
                st.caption(md_escape(line))
    report_panel(slides, lang=lang, dataset=dataset, key=page, view=view)
    deck_panel(slides, lang=lang, dataset=dataset, key=page, view=view)
    # How to read rate bars and the effects chart: only under a page that shows them (the
    # other pages' charts are read from their own captions).
    if any(slide.key.endswith(RATES_SUFFIX) for slide in slides):
        control = dataset.mapping.prompt_label(dataset.mapping.control, lang)
        st.caption(t_md("reading_ci_control", lang, control=inline_label(control, lang)))
    for draw in later:
        draw()
