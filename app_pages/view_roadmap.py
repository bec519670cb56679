"""Read-only roadmap for sponsors: the Gantt, the headline dates and the planner's warnings."""

from datetime import date

import streamlit as st

from planner.charts import build_gantt_figure
from planner.schedule import build_roadmap
from ui.state import workshop
from ui.summary import render_roadmap_metrics
from ui.words import md

w = workshop()
roadmap = build_roadmap(w, today=date.today())
summary = roadmap.summary

st.title("Roadmap")
st.caption(md(w.name) + (f" · {md(w.organisation)}" if w.organisation else "") + f" · starts {w.start_date:%d %b %Y}")
render_roadmap_metrics(summary)
st.plotly_chart(build_gantt_figure(roadmap, today=date.today()), key="vw_gantt", theme=None)
for warning in roadmap.warnings:
    st.warning(md(warning), icon=":material/warning:")
