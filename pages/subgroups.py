"""Subgroups: each prompt's effect within each level, and how it differs from the reference
level (interaction, HC2) with a joint test; exploratory."""

import streamlit as st

from analysis.i18n import t
from analysis.stats.select import outcome_option
from dashboard.render.subgroups import subgroup_issues, subgroup_outcomes, subgroup_slides
from dashboard.ui import kit
from dashboard.ui.state import current_dataset, lang, require_router
from dashboard.ui.stats_views import full_estimates

require_router()
L = lang()
data = current_dataset()
m = data.mapping
if not kit.presenting():
    st.title(t("sg_title", L))
    st.info(t("sg_exploratory", L), icon=":material/science:")
if not m.subgroups:
    kit.show([], lang=L, dataset=data, page="subgroups", view="", empty_message=t("sg_none", L))
    st.stop()
full = full_estimates(data, L)

outcomes = subgroup_outcomes(data)
outcome = str(
    kit.choose(
        [
            kit.Choice(
                "sg_outcome",
                t("outcome", L),
                outcomes,
                outcomes[0],
                labels={o: t(f"outcome_{o}", L) for o in outcomes},
            )
        ],
        lang=L,
    )["sg_outcome"]
)
# Leaving and 'no opinion' live in their own response option; support is read in either.
options = m.option_keys if outcome == "support" else [outcome_option(outcome, None, m)]
issues = subgroup_issues(data, outcome)
values = kit.choose(
    [
        kit.Choice(
            "sg_option",
            t("option", L),
            options,
            options[0],
            labels={o: m.option_label(o, L) for o in m.option_keys},
        ),
        kit.Choice(
            "sg_issue",
            t("issue", L),
            issues,
            issues[0],
            labels={
                **({} if outcome == "support" else {"all": t(f"issue_all_{outcome}", L)}),
                **{i.key: i.label.get(L) for i in m.issues},
            },
        ),
        kit.Choice(
            "sg_subgroup",
            t("subgroup", L),
            [s.key for s in m.subgroups],
            m.subgroups[0].key,
            labels={s.key: s.label.get(L) for s in m.subgroups},
        ),
    ],
    lang=L,
)
slides = subgroup_slides(
    data,
    full,
    lang=L,
    cells=kit.cells(),
    font_size=kit.font_size(),
    outcome=outcome,
    option=str(values["sg_option"]),
    issue=str(values["sg_issue"]),
    subgroup=str(values["sg_subgroup"]),
)
kit.show(
    slides,
    lang=L,
    dataset=data,
    page="subgroups",
    view=f"{t('sg_title', L)} — {m.subgroup(str(values['sg_subgroup'])).label.get(L)}",
    empty_message=t("explore_no_rows", L),
)
