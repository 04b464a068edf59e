"""Explore: pick prompts, outcome, option, issue and subgroup; rates, effects and the n behind."""

from dataclasses import replace

import streamlit as st

from analysis.i18n import t
from analysis.stats.select import outcome_option
from dashboard.render.safe import md_escape
from dashboard.render.views import explore_view
from dashboard.server.caching import cached_call
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import available_methods, explore_export, method_note
from dashboard.ui.urlstate import write_back

require_router()
L = lang()
data = current_dataset()
m = data.mapping
if not kit.presenting():
    st.title(t("explore_title", L))


# A fragment: changing a selection reruns only this part of the page (not the router, the
# sidebar and the badge), and the URL is updated here because the router's write-back runs
# only on full reruns.
@st.fragment
def selection_and_results() -> None:
    """The controls, the charts with their takeaways, tables and downloads."""
    outcomes = [
        o
        for o in ("opt_out", "no_opinion", "support")
        if o == "support" or outcome_option(o, None, m) in m.option_keys
    ]
    first = kit.choose(
        [
            kit.Choice(
                "outcome",
                t("outcome", L),
                outcomes,
                outcomes[0],
                labels={o: t(f"outcome_{o}", L) for o in outcomes},
            )
        ],
        lang=L,
    )
    outcome = str(first["outcome"])
    options = m.option_keys if outcome == "support" else [outcome_option(outcome, None, m)]
    issues = ([] if outcome == "support" else ["all"]) + [i.key for i in m.issues]
    subgroups = ["all"] + [s.key for s in m.subgroups]
    methods = available_methods(m)
    values = kit.choose(
        [
            kit.Choice(
                "option",
                t("option", L),
                options,
                options[0],
                labels={o: m.option_label(o, L) for o in m.option_keys},
            ),
            kit.Choice(
                "issue",
                t("issue", L),
                issues,
                issues[0],
                labels={
                    **({} if outcome == "support" else {"all": t(f"issue_all_{outcome}", L)}),
                    **{i.key: i.label.get(L) for i in m.issues},
                },
            ),
            kit.Choice(
                "subgroup",
                t("subgroup", L),
                subgroups,
                "all",
                labels={
                    "all": t("subgroup_all", L),
                    **{s.key: s.label.get(L) for s in m.subgroups},
                },
            ),
        ],
        lang=L,
    )
    more = kit.choose(
        [
            kit.Choice(
                "prompts",
                t("prompts", L),
                m.prompt_keys,
                list(m.prompt_keys),
                labels={k: m.prompt_label(k, L) for k in m.prompt_keys},
                widget="multi",
            ),
            kit.Choice(
                "explore_method",
                t("effects_switch", L),
                methods,
                "ols_hc2",
                labels={k: t(f"method_{k}", L) for k in methods},
                widget="radio",
                help=t("effects_switch_help", L),
            ),
        ],
        lang=L,
        # One above the other: the prompts get the whole width, so every chosen prompt shows
        # (four long labels were cut off in the share of the row sized for them).
        columns=1,
    )
    option, issue, subgroup = values["option"], values["issue"], values["subgroup"]
    prompts, method = list(more["prompts"]), more["explore_method"]
    export = explore_export(data, L, method)
    view = cached_call(
        data,
        explore_view,
        export,
        lang=L,
        outcome=outcome,
        option=option,
        issue=issue,
        subgroup=subgroup,
        prompts=prompts,
        method=method,
        cells=kit.cells(),
        font_size=kit.font_size(),
    )
    if outcome == "support" and option == "exit" and not kit.presenting():
        st.info(t("explore_support_caveat", L), icon=":material/warning:")
    slides = list(view.slides)
    note = method_note(method, subgroup, L, mapping=m, weighted_rates=True)
    if note and len(slides) > 1:
        slides[1] = replace(slides[1], details=(note,))
    if not kit.presenting():
        for sentence in view.sentences:
            st.markdown("- " + md_escape(sentence))
    issue_label = t(f"issue_all_{outcome}", L) if issue == "all" else m.issue(issue).label.get(L)
    kit.show(
        slides,
        lang=L,
        dataset=data,
        page="explore",
        view=f"{t(f'outcome_{outcome}', L)} — {issue_label}",
        side_by_side=True,
        screens=view.screens,
        empty_message=t("explore_no_rows", L),
    )
    write_back()


selection_and_results()
