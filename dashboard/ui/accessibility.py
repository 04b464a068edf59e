"""What the whole app needs for WCAG 2.2 AA (JIS X 8341-3:2016 AA) beyond Streamlit's defaults.

    accessible_page(lang)          # app.py, on every run: the document's language
    page_arrival(path, paths)      # app.py, on every run: a new page opens at its top
    accessibility_statement(lang)  # the Methods page: the statement (also in the README)

Colours are set where they live: text in ``.streamlit/config.toml`` (``[theme] textColor``),
charts in ``dashboard/render/figures.py``, Plotly's interface language in
``dashboard/render/plotly_locale.py``. ``tests/browser/test_accessibility.py`` checks them all.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

import streamlit as st

from analysis.i18n import LANG_NAMES, LANGS, t

# The elements holding the two scripts below are hidden (A11Y_CSS): empty, each still took one
# gap of the sidebar.
LANGUAGE_SCRIPT_ID = "dashboard-language"
ARRIVAL_SCRIPT_ID = "dashboard-page-arrival"


def _language_script(lang: str) -> str:
    """A constant script (one per language of the catalog; no user content) that declares the
    page's language on ``<html>`` and marks the parts in another language.

    Why a script: Streamlit writes ``<html lang="en">`` into its page whatever the app's
    language, and screen readers then read Japanese with an English voice (WCAG 3.1.1). The
    script runs in the page itself (``st.html`` is not in an iframe), again whenever the
    language changes (its text changes), and Streamlit never writes the attribute again on
    reruns or page switches. A MutationObserver keeps the parts' own language (3.1.2) as
    Streamlit draws them: the language menu's entries ("English", "日本語") and table cells
    written wholly in the other script.
    """
    names = json.dumps({name: code for code, name in LANG_NAMES.items()}, ensure_ascii=False)
    return f"""<script id="{LANGUAGE_SCRIPT_ID}">
(() => {{
  const w = window, root = document.documentElement;
  w.dashboardLang = {json.dumps(lang)};
  root.lang = w.dashboardLang;
  if (w.dashboardLangObserver) {{ w.dashboardMarkLanguages(); return; }}
  const names = {names};
  const japanese = /[\\u3040-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]/;
  const english = /[A-Za-z]{{2,}}/;
  const mark = () => {{
    if (root.lang !== w.dashboardLang) root.lang = w.dashboardLang;
    for (const el of document.querySelectorAll('[role="option"], [role="listbox"] li')) {{
      const code = names[el.textContent.trim()];
      if (code) el.lang = code;
    }}
    for (const el of document.querySelectorAll('td, th, [role="gridcell"], [role="cell"]')) {{
      const text = el.textContent;
      const other = w.dashboardLang === "ja"
        ? (english.test(text) && !japanese.test(text) ? "en" : "")
        : (japanese.test(text) ? "ja" : "");
      if (other) el.lang = other;
      else if (el.hasAttribute("lang")) el.removeAttribute("lang");
    }}
  }};
  w.dashboardMarkLanguages = mark;
  let queued = false;
  w.dashboardLangObserver = new MutationObserver(() => {{
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {{ queued = false; mark(); }});
  }});
  w.dashboardLangObserver.observe(document.body, {{ childList: true, subtree: true }});
  mark();
}})();
</script>"""


# Our own constant stylesheet (no user content), on every page. Selectors are Streamlit 1.67's
# test ids and Plotly's class names; tests/browser/test_accessibility.py walks the page with the
# keyboard and checks both rules on every stop.
A11Y_CSS = """
<style>
/* Focus always visible (WCAG 2.4.7, 2.4.13): Streamlit shows some focus only as a faint
   background or border change. A 2 px ring in a blue of 6.6:1 on white. */
:focus-visible { outline: 2px solid #0b57d0 !important; outline-offset: 2px !important; }
/* A text field inside a menu: the ring goes around the whole control, not the caret's box. */
[data-baseweb="select"] input:focus-visible, [data-baseweb="input"] input:focus-visible,
[data-baseweb="textarea"] textarea:focus-visible { outline: none !important; }
[data-baseweb="select"]:focus-within, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within { outline: 2px solid #0b57d0 !important;
                                          outline-offset: 2px !important; }
/* Targets of at least 24 x 24 px (WCAG 2.5.8): help icons, heading anchors, chart toolbars. */
[data-testid="stTooltipHoverTarget"], [data-testid="stTooltipHoverTarget"] button,
[data-testid="stHeaderActionElements"] a,
[data-testid="stElementToolbar"] button, .modebar-btn {
  min-width: 24px !important; min-height: 24px !important; box-sizing: border-box;
  display: inline-flex !important; align-items: center; justify-content: center; }
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label { min-height: 24px; }
/* The elements of our two scripts (below) hold nothing to see. */
.stElementContainer:has(#dashboard-language, #dashboard-page-arrival) { display: none; }
</style>
"""

# Built once from the catalog's languages: the scripts never contain anything a user typed.
LANGUAGE_SCRIPTS: dict[str, str] = {lang: _language_script(lang) for lang in LANGS}


def accessible_page(lang: str) -> None:
    """On every run (``app.py``): the stylesheet above (style only: Streamlit sends it outside
    the page's flow) and the page's language. The script goes in the sidebar, so the script's
    empty element takes no room on the page; presentation mode hides the sidebar, and the
    script still runs there."""
    st.html(A11Y_CSS)
    with st.sidebar:
        st.html(LANGUAGE_SCRIPTS[lang], unsafe_allow_javascript=True)


@functools.cache  # a handful of pages: built once each, not on every run
def _arrival_script(path: str, paths: tuple[str, ...]) -> str:
    """A constant script (one per page: its URL path, and the paths of all pages) that opens a
    page reached from another page at its top, with its own address.

    Why a script: Streamlit 1.67 does not treat going to the default page (the Overview) as
    leaving the page before: the view stays scrolled where the reader was on that page (at the
    foot of the Data page, the Overview opened at its foot, its title and headline out of
    sight), and the address bar keeps the page before's path (a link copied then opened the
    wrong page). Seen as well in a two-page ``st.navigation`` app with nothing of ours. The
    script's text names its page, so Streamlit runs it again only when the page changes; a
    rerun of the same page (a selection) keeps the reader's place. Should Streamlit change the
    address itself, the path is already the base and the script leaves it alone.
    """
    return f"""<script id="{ARRIVAL_SCRIPT_ID}">
(() => {{
  const w = window, path = {json.dumps(path)}, paths = {json.dumps(list(paths))};
  const before = w.dashboardPage;
  w.dashboardPage = path;
  if (before === undefined || before === path) return;
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) main.scrollTop = 0;
  if (path !== "") return;
  const parts = w.location.pathname.split("/");
  const last = parts.pop() || parts.pop();
  if (!paths.includes(last)) return;
  const base = parts.join("/") + "/";
  w.history.pushState(w.history.state, "", base + w.location.search + w.location.hash);
}})();
</script>"""


def page_arrival(path: str, paths: Sequence[str]) -> None:
    """On every run (``app.py``), after ``st.navigation``: ``path`` is the page shown (``""``
    for the default page), ``paths`` those of every page. See :func:`_arrival_script`."""
    with st.sidebar:
        st.html(_arrival_script(path, tuple(paths)), unsafe_allow_javascript=True)


def accessibility_statement(lang: str) -> None:
    """The accessibility statement (the Methods page): the standard, how it is tested, what
    is known not to conform, how to report a barrier."""
    st.header(t("a11y_statement_h", lang))
    st.markdown(t("a11y_statement", lang))
