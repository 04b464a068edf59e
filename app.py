"""Router: page config, the shared sidebar and badge, navigation over the pages."""

import streamlit as st

from analysis.i18n import t
from dashboard.server import prewarm, startup
from dashboard.ui.accessibility import accessible_page
from dashboard.ui.presentation import presentation_toggle, room_frame
from dashboard.ui.smallcells import small_cell_settings
from dashboard.ui.state import ROUTED, current_dataset, data_badge, language_selector
from dashboard.ui.urlstate import key_label, pop_notices, write_back

startup.leave_folder_mode()  # before anything is drawn: see dashboard/server/startup.py
startup.start_prewarm()
st.set_page_config(
    page_title="Surveillance & opting out", page_icon=":material/visibility:", layout="wide"
)
lang = language_selector()
accessible_page(lang)
presenting = presentation_toggle(lang)


def _overview_alias() -> None:
    """``/overview`` (a natural guess when sharing) opens the Overview, which lives at ``/``."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


pages = [
    # The default page is served at "/" but reserves its own path; "/overview" is the alias below.
    st.Page(
        "pages/overview.py",
        title=t("page_overview", lang),
        icon=":material/home:",
        url_path="home",
        default=True,
    ),
    st.Page(
        "pages/explore.py",
        title=t("page_explore", lang),
        icon=":material/query_stats:",
        url_path="explore",
    ),
    st.Page(
        "pages/subgroups.py",
        title=t("page_subgroups", lang),
        icon=":material/groups:",
        url_path="subgroups",
    ),
    st.Page(
        "pages/opinions.py",
        title=t("page_opinions", lang),
        icon=":material/forum:",
        url_path="opinions",
    ),
    st.Page(
        "pages/exits.py", title=t("page_exits", lang), icon=":material/logout:", url_path="exits"
    ),
    st.Page(
        "pages/balance.py",
        title=t("page_balance", lang),
        icon=":material/balance:",
        url_path="balance",
    ),
    st.Page(
        "pages/plan.py", title=t("page_plan", lang), icon=":material/calculate:", url_path="plan"
    ),
    st.Page(
        "pages/data.py", title=t("page_data", lang), icon=":material/database:", url_path="data"
    ),
    st.Page(
        "pages/methods.py",
        title=t("page_methods", lang),
        icon=":material/menu_book:",
        url_path="methods",
    ),
    st.Page(
        _overview_alias, title=t("page_overview", lang), url_path="overview", visibility="hidden"
    ),
]
page = st.navigation(pages)
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
