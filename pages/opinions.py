"""Opinions: the answer distribution under each prompt for one issue, the chi-square test across
prompts, and the view that counts leaving the survey as an answer."""

import streamlit as st

from analysis.i18n import t
from dashboard.render.opinions import opinion_slides, opinion_views
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import full_estimates

require_router()
L = lang()
data = current_dataset()
m = data.mapping
if not kit.presenting():
    st.title(t("op_title", L))
full = full_estimates(data, L)

first = kit.choose(
    [
        kit.Choice(
            "op_issue",
            t("issue", L),
            [i.key for i in m.issues],
            m.issues[0].key,
            labels={i.key: i.label.get(L) for i in m.issues},
        ),
        kit.Choice(
            "op_option",
            t("option", L),
            m.option_keys,
            m.option_keys[-1],
            labels={o: m.option_label(o, L) for o in m.option_keys},
        ),
    ],
    lang=L,
)
issue, option = str(first["op_issue"]), str(first["op_option"])
views = opinion_views(option)
view = str(
    kit.choose(
        [
            kit.Choice(
                "op_view",
                t("op_view", L),
                views,
                views[0],
                labels={v: t(f"op_view_{v}", L) for v in views},
            )
        ],
        lang=L,
    )["op_view"]
)
slides = opinion_slides(
    data,
    full,
    lang=L,
    cells=kit.cells(),
    font_size=kit.font_size(),
    issue=issue,
    option=option,
    view=view,
)
kit.show(
    slides,
    lang=L,
    dataset=data,
    page="opinions",
    view=f"{m.issue(issue).label.get(L)} — {m.option_label(option, L)}",
    empty_message=t("explore_no_rows", L),
)
