"""The floor page: one selectbox and one Plotly bar chart with error bars, nothing else.

What a selection change costs in Streamlit itself; the Explore page is measured against it.
Minimal on purpose: it imports Streamlit and Plotly only. The rates (the embedded data's, per
issue) are read from the JSON file named by ``FLOOR_RATES``, written by ``bench.browser``.
An earlier floor loaded them with ``analysis.study.dataset`` (pandas, SciPy, statsmodels): with
Streamlit's
default full garbage collection after every run, those imports alone added ~30 ms to each of
its changes, which flattered every page compared with it.
"""

import json
import os

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(max_entries=1)
def rates_by_issue() -> dict:
    """Opt-out rates per issue and prompt, with CI bounds, as plain lists."""
    with open(os.environ["FLOOR_RATES"], encoding="utf-8") as handle:
        return json.load(handle)


data = rates_by_issue()
issue = st.selectbox("Issue", list(data), key="issue")
row = data[issue]
est = [100 * v for v in row["estimate"]]
fig = go.Figure(
    go.Bar(
        x=row["prompt"],
        y=est,
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [100 * h - e for h, e in zip(row["ci_high"], est, strict=True)],
            "arrayminus": [e - 100 * lo for lo, e in zip(row["ci_low"], est, strict=True)],
        },
    )
)
fig.update_layout(title=f"Left the survey: {issue}", uirevision="floor")
st.plotly_chart(fig, key="floor_chart", width="stretch")
