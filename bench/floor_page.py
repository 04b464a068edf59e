"""The floor page: one selectbox and one Plotly bar chart with error bars, nothing else.

What a selection change costs in Streamlit itself; the Explore page is measured against it.
The rates come from the embedded data's grid, computed once per server like the dashboard's.
"""

import plotly.graph_objects as go
import streamlit as st

from analysis.data import load_embedded_dataset


@st.cache_resource(max_entries=1, ttl=3600)
def rates_by_issue() -> dict:
    """Opt-out rates per issue and prompt, with CI bounds, as plain lists."""
    grid = load_embedded_dataset().grid
    rates = grid[(grid["kind"] == "rate") & (grid["outcome"] == "opt_out")
                 & (grid["subgroup"] == "all")]
    return {issue: part[["prompt", "estimate", "ci_low", "ci_high"]].to_dict("list")
            for issue, part in rates.groupby("issue", sort=False)}


data = rates_by_issue()
issue = st.selectbox("Issue", list(data), key="issue")
row = data[issue]
est = [100 * v for v in row["estimate"]]
fig = go.Figure(go.Bar(
    x=row["prompt"], y=est,
    error_y={"type": "data", "symmetric": False,
             "array": [100 * h - e for h, e in zip(row["ci_high"], est, strict=True)],
             "arrayminus": [e - 100 * lo for lo, e in zip(row["ci_low"], est, strict=True)]}))
fig.update_layout(title=f"Left the survey: {issue}", uirevision="floor")
st.plotly_chart(fig, key="floor_chart", width="stretch")
