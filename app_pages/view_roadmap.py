"""Read-only roadmap for sponsors: the Gantt, the headline dates and the planner's warnings."""

from datetime import date

import streamlit as st

from planner.charts import build_gantt_figure
from planner.schedule import build_roadmap
from ui.state import workshop
from ui.words import md

w = workshop()
roadmap = build_roadmap(w, today=date.today())
summary = roadmap.summary

st.title("Roadmap")
st.caption(md(w.name) + (f" · {md(w.organisation)}" if w.organisation else "") + f" · starts {w.start_date:%d %b %Y}")
cols = st.columns(3)
cols[0].metric(
    "First use case live",
    "–" if summary.first_production is None else f"{summary.first_production:%b %Y}",
    None if summary.months_to_first_production is None else f"{summary.months_to_first_production:.1f} months",
    delta_color="off",
    delta_arrow="off",
)
cols[1].metric(
    "All in production",
    "–" if summary.all_in_production is None else f"{summary.all_in_production:%b %Y}",
    None if summary.total_months is None else f"{summary.total_months:.1f} months",
    delta_color="off",
    delta_arrow="off",
)
cols[2].metric("Use cases on the roadmap", summary.scheduled_use_cases)
st.plotly_chart(build_gantt_figure(roadmap, today=date.today()), key="vw_gantt", theme=None)
for warning in roadmap.warnings:
    st.warning(md(warning), icon=":material/warning:")
