"""Explore: pick prompts, outcome, option, issue and subgroup; rates, effects and the n behind."""

import streamlit as st

from analysis.select import outcome_option
from dashboard.caching import cached_call
from dashboard.i18n import t
from dashboard.panels import report_panel, show_slide
from dashboard.presentation import chart_font_size, present, presenting
from dashboard.safe import md_escape, t_md
from dashboard.smallcells import small_cells
from dashboard.state import current_dataset, lang, require_router
from dashboard.stats_views import effect_method_switch, full_estimates, method_note
from dashboard.urlstate import seed, stop, write_back
from dashboard.views import explore_view, export_cells

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("explore_title", L))


# A fragment: changing a selection reruns only this part of the page (not the router, the
# sidebar and the badge), and the URL is updated here because the router's write-back runs
# only on full reruns.
@st.fragment
def selection_and_results() -> None:
    """The controls, the charts with their takeaways, tables and downloads."""
    outcomes = [o for o in ("opt_out", "no_opinion", "support")
                if o == "support" or outcome_option(o, None, m) in m.option_keys]
    box = st.expander(t("present_selection", L)) if presenting() else st.container()
    c1, c2, c3, c4 = box.columns(4)
    seed("outcome", outcomes, outcomes[0])
    outcome = c1.selectbox(t("outcome", L), outcomes, key="outcome",
                           format_func=lambda o: t(f"outcome_{o}", L))
    if outcome == "support":
        seed("option", m.option_keys, m.option_keys[0])
        option = c2.selectbox(t("option", L), m.option_keys, key="option",
                              format_func=lambda o: m.option_label(o, L))
    else:
        option = outcome_option(outcome, None, m)
        c2.caption(t_md("explore_option_fixed", L, outcome=t(f"outcome_{outcome}", L),
                     option=m.option_label(option, L)))
    issues = ([] if outcome == "support" else ["all"]) + [i.key for i in m.issues]
    seed("issue", issues, issues[0])
    issue = c3.selectbox(t("issue", L), issues, key="issue",
                         format_func=lambda k: (t(f"issue_all_{outcome}", L) if k == "all"
                                                else m.issue(k).label.get(L)))
    subgroups = ["all"] + [s.key for s in m.subgroups]
    seed("subgroup", subgroups, "all")
    subgroup = c4.selectbox(t("subgroup", L), subgroups, key="subgroup",
                            format_func=lambda k: (t("subgroup_all", L) if k == "all"
                                                   else m.subgroup(k).label.get(L)))
    seed("prompts", m.prompt_keys, list(m.prompt_keys), multi=True)
    prompts = box.multiselect(t("prompts", L), list(m.prompt_keys), key="prompts",
                              format_func=lambda k: m.prompt_label(k, L))

    method = effect_method_switch(m, L, "explore_method", container=box)
    cells = small_cells()
    export = cached_call(data, export_cells, full_estimates(data, L))
    view = cached_call(data, explore_view, export, lang=L, outcome=outcome,
                       option=option, issue=issue, subgroup=subgroup, prompts=prompts,
                       method=method, cells=cells, font_size=chart_font_size())

    if outcome == "support" and option == "exit":
        st.info(t("explore_support_caveat", L), icon=":material/warning:")
    if view.rates.empty:
        st.warning(t("explore_no_rows", L))
        stop()

    slides = view.slides
    if presenting():
        present(slides, lang=L, dataset=data)
    for sentence in view.sentences:
        st.markdown("- " + md_escape(sentence))
    charts: list = []  # drawn last: see show_slide
    left, right = st.columns(2)
    with left:
        st.subheader(t("rates_heading", L))
        show_slide(slides[0], lang=L, dataset=data, screen=view.screens[0], later=charts)
    with right:
        st.subheader(t("effects_heading", L))
        if method_note(method, subgroup, L):
            st.caption(method_note(method, subgroup, L))
        if len(slides) < 2:
            st.caption(t("explore_no_rows", L))
        else:
            show_slide(slides[1], lang=L, dataset=data, screen=view.screens[1],
                       later=charts)
    issue_label = t(f"issue_all_{outcome}", L) if issue == "all" else m.issue(issue).label.get(L)
    report_panel(slides, lang=L, dataset=data, key="explore",
                 view=f"{t(f'outcome_{outcome}', L)} — {issue_label}")
    st.caption(t("reading_ci", L))
    for draw in charts:
        draw()
    write_back()


selection_and_results()
