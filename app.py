"""Router: page config, the shared sidebar and badge, navigation over the pages."""

import streamlit as st

from dashboard.server import startup
from dashboard.ui.preload import preload_charts

# First, before the imports below (pandas and the analysis modules: ~0.4-0.6 s in a server's
# first run): the browser starts loading the chart code while they run. See
# dashboard/ui/preload.py. An element, not a widget: drawn before leaving folder mode is fine.
preload_charts()
startup.leave_folder_mode()  # before any widget is drawn: see dashboard/server/startup.py
startup.start_prewarm()

from analysis.i18n import t  # noqa: E402
from dashboard.server import prewarm  # noqa: E402
from dashboard.ui.accessibility import accessible_page, page_arrival  # noqa: E402
from dashboard.ui.presentation import presentation_toggle, room_frame  # noqa: E402
from dashboard.ui.smallcells import small_cell_settings  # noqa: E402
from dashboard.ui.state import ROUTED, current_dataset, data_badge, language_selector  # noqa: E402
from dashboard.ui.urlstate import key_label, pop_notices, write_back  # noqa: E402

st.set_page_config(
    page_title="Surveillance & opting out", page_icon=":material/visibility:", layout="wide"
)
lang = language_selector()
accessible_page(lang)
presenting = presentation_toggle(lang)


def _overview_alias() -> None:
    """``/overview`` (a natural guess when sharing) opens the Overview, which lives at ``/``."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


# (script in pages/, Material icon, URL path), in the sidebar's order; titles are "page_<script>".
PAGES = [
    ("overview", "home", "home"),
    ("explore", "query_stats", "explore"),
    ("subgroups", "groups", "subgroups"),
    ("opinions", "forum", "opinions"),
    ("exits", "logout", "exits"),
    ("balance", "balance", "balance"),
    ("plan", "calculate", "plan"),
    ("data", "database", "data"),
    ("methods", "menu_book", "methods"),
]
pages = [
    st.Page(
        f"pages/{script}.py",
        title=t(f"page_{script}", lang),
        icon=f":material/{icon}:",
        url_path=path,
        # The default page is served at "/" but reserves its own path ("home");
        # "/overview" is the alias below.
        default=script == "overview",
    )
    for script, icon, path in PAGES
]
pages.append(
    st.Page(
        _overview_alias, title=t("page_overview", lang), url_path="overview", visibility="hidden"
    )
)
page = st.navigation(pages)
page_arrival(page.url_path, [path for _script, _icon, path in PAGES])
st.sidebar.caption(t("app_title", lang))
small_cell_settings(lang)
if presenting:
    room_frame(current_dataset(), lang)
else:
    data_badge(current_dataset(), lang)
st.session_state[ROUTED] = True
try:
    page.run()
finally:
    st.session_state[ROUTED] = False
    prewarm.first_view_done()
    # Runs after st.stop() too, so the URL always matches what is on screen.
    write_back()
    for key in pop_notices():
        st.toast(t("url_invalid", lang, key=key_label(key, lang)), icon=":material/link_off:")
