"""Plotly's own interface (toolbar button titles, its notices, hover words) in the page's language.

plotly.js translates through locale dictionaries, but the builds we ship ship only English:
Streamlit's bundled plotly.js (3.8) registers ``en`` and ``en-US`` only, and so does the
``plotly.min.js`` that the plotly package inlines into the offline HTML report. Its config takes
a dictionary per chart (``config={"locale": "ja", "locales": {"ja": {...}}}``), which both
``st.plotly_chart`` and ``Figure.to_html`` pass through to ``Plotly.newPlot``. So the messages
are ours, in the gettext catalog like every other string (keys ``plotly_*``): reviewed there,
and not plotly.js's own ``ja`` file, which for instance calls the Pan tool 拡大 ("zoom in").
Month and weekday names come from Babel's CLDR data. No Streamlit here.

>>> plotly_locale("ja")["locales"]["ja"]["dictionary"]["Zoom in"]
'拡大'
>>> plotly_locale("en")
{}
"""

from __future__ import annotations

import functools

from babel import Locale

from analysis.i18n import REFERENCE, t

# plotly.js's English message (its dictionary key) -> our catalog key. The toolbar's titles
# and notices of plotly.js 3.8 for 2-D charts, the hover words of the charts drawn here (Sankey)
# and the hints Plotly shows on a double click.
PLOTLY_MESSAGES: dict[str, str] = {
    "Download plot as a PNG": "plotly_download_png",
    "Download plot": "plotly_download",
    "Preparing image - this may take a few seconds": "plotly_preparing_image",
    "Image download succeeded": "plotly_image_done",
    "Sorry, there was a problem downloading your image!": "plotly_image_failed",
    "Zoom": "plotly_zoom",
    "Pan": "plotly_pan",
    "Box Select": "plotly_box_select",
    "Lasso Select": "plotly_lasso_select",
    "Zoom in": "plotly_zoom_in",
    "Zoom out": "plotly_zoom_out",
    "Autoscale": "plotly_autoscale",
    "Reset axes": "plotly_reset_axes",
    "Reset": "plotly_reset",
    "Reset view": "plotly_reset_view",
    "Reset views": "plotly_reset_view",
    "Toggle Spike Lines": "plotly_spike_lines",
    "Show closest data on hover": "plotly_hover_closest",
    "Compare data on hover": "plotly_hover_compare",
    "Toggle show closest data on hover": "plotly_hover_toggle",
    "Double-click to zoom back out": "plotly_double_click_zoom",
    "Double-click on legend to isolate one trace": "plotly_double_click_legend",
    "trace": "plotly_trace",
    "source:": "plotly_source",
    "target:": "plotly_target",
    "incoming flow count:": "plotly_flow_in",
    "outgoing flow count:": "plotly_flow_out",
}


@functools.cache
def _locale(lang: str) -> dict:
    names = Locale.parse(lang)
    return {
        "dictionary": {english: t(key, lang) for english, key in PLOTLY_MESSAGES.items()},
        "format": {
            "days": [names.days["format"]["wide"][(i - 1) % 7] for i in range(7)],
            "shortDays": [names.days["format"]["abbreviated"][(i - 1) % 7] for i in range(7)],
            "months": [names.months["format"]["wide"][i] for i in range(1, 13)],
            "shortMonths": [names.months["format"]["abbreviated"][i] for i in range(1, 13)],
        },
    }


def plotly_locale(lang: str) -> dict:
    """The part of a Plotly ``config`` that puts its interface in ``lang`` (empty for English,
    plotly.js's own language). Merge it into the chart's config."""
    if lang == REFERENCE:
        return {}
    # A fresh copy: Streamlit and Plotly may keep the config they are given.
    locale = _locale(lang)
    return {
        "locale": lang,
        "locales": {
            lang: {
                "dictionary": dict(locale["dictionary"]),
                "format": {k: list(v) for k, v in locale["format"].items()},
            }
        },
    }
