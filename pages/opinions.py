"""Opinions: the answer distribution under each prompt for one issue, the chi-square test across
prompts, and the view that counts leaving the survey as an answer."""

import streamlit as st

from analysis.i18n import t
from analysis.stats.opinions import ASSIGNED, distribution_rows
from analysis.stats.select import select_rows
from dashboard.render.figures_stats import make_distribution_figure
from dashboard.render.safe import t_md
from dashboard.render.tables_stats import distribution_table
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import fmt_p, full_estimates, select_key

require_router()
L = lang()
data = current_dataset()
m = data.mapping
st.title(t("op_title", L))
full = full_estimates(data, L)

c1, c2, c3 = st.columns(3)
issue = select_key(
    "op_issue",
    t("issue", L),
    [i.key for i in m.issues],
    m.issues[0].key,
    container=c1,
    labels={i.key: i.label.get(L) for i in m.issues},
)
option = select_key(
    "op_option",
    t("option", L),
    m.option_keys,
    m.option_keys[-1],
    container=c2,
    labels={o: m.option_label(o, L) for o in m.option_keys},
)
views = ["answer", "assigned"] if option == "exit" else ["answer"]
view = select_key(
    "op_view",
    t("op_view", L),
    views,
    views[0],
    container=c3,
    labels={v: t(f"op_view_{v}", L) for v in views},
)

prompt_labels = {k: m.prompt_label(k, L) for k in m.prompt_keys}
category_labels = {c: t(f"answer_{c}", L) for c in ASSIGNED}
if option == "exit" and view == "answer":
    st.warning(t("op_selection_caveat", L), icon=":material/warning:")
elif view == "assigned":
    st.info(t("op_assigned_note", L), icon=":material/info:")

dist = distribution_rows(full, issue=issue, option=option, view=view)
issue_label = m.issue(issue).label.get(L)
st.plotly_chart(
    make_distribution_figure(
        dist,
        lang=L,
        prompt_labels=prompt_labels,
        category_labels=category_labels,
        title=t("op_chart_title", L, issue=issue_label, option=m.option_label(option, L)),
    ),
    key="op_distribution",
    width="stretch",
)
test = select_rows(
    full, kind="chi2_test", outcome=view, issue=issue, option=option, prompts=["all"]
)
if not test.empty:
    st.markdown(
        t(
            "op_chi2",
            L,
            chi2=f"{test['estimate'].iloc[0]:.2f}",
            p=fmt_p(test["p_value"].iloc[0]),
            p_adj=fmt_p(test["p_adjusted"].iloc[0]),
        )
    )
support = select_rows(
    full, kind="rate", outcome="support", issue=issue, option=option, method="wilson"
)
for r in support.itertuples():
    st.markdown(
        "- "
        + t_md(
            "op_support_line",
            L,
            prompt=prompt_labels[r.prompt],
            share=f"{100 * r.estimate:.1f}",
            low=f"{100 * r.ci_low:.1f}",
            high=f"{100 * r.ci_high:.1f}",
            n=f"{int(r.n):,}",
        )
    )
with st.expander(t("table_view", L)):
    st.dataframe(
        distribution_table(
            dist, lang=L, prompt_labels=prompt_labels, category_labels=category_labels
        ),
        hide_index=True,
    )
