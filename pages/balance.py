"""Balance & sample: who was assigned where, where they left, and whether the cells look alike
on the covariates (means, standardised differences, HC2 F tests)."""

import streamlit as st

from analysis.i18n import t
from dashboard.render.balance import (
    balance_groups,
    balance_slides,
    balance_table,
    balance_table_note,
    group_labels,
    where_left_table,
)
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import full_estimates

require_router()
L = lang()
data = current_dataset()
cells = kit.cells()
if not kit.presenting():
    st.title(t("bal_title", L))
full = full_estimates(data, L)
groups = balance_groups(data)
group = None
if groups:
    group = kit.choose(
        [
            kit.Choice(
                "bal_group", t("bal_group", L), groups, groups[0], labels=group_labels(data, L)
            )
        ],
        lang=L,
    )["bal_group"]
slides = balance_slides(data, full, lang=L, cells=cells, font_size=kit.font_size(), bal_group=group)
kit.show(slides, lang=L, dataset=data, page="balance", view=t("bal_title", L))

where_left = where_left_table(data, full, lang=L, cells=cells)
if where_left is not None:
    st.caption(t("bal_flow_table", L))
    st.dataframe(where_left, hide_index=True)
st.subheader(t("bal_means_heading", L))
if group is None:
    st.info(t("bal_no_variables", L))
else:
    st.dataframe(balance_table(data, full, lang=L, group=group, cells=cells), hide_index=True)
    st.caption(balance_table_note(data, L))
