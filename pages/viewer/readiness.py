"""Read-only readiness: the radar, the index and the blockers with what to do about each."""

import streamlit as st

from planner.rendering.radar import build_radar_figure
from ui.analysis import current_analysis
from ui.summary import render_blockers

result = current_analysis().readiness

st.title("Readiness")
st.metric("Readiness index", "–" if result.index is None else f"{result.index:.0f} / 100")
if result.answered:
    st.plotly_chart(build_radar_figure(result), key="vw_radar", theme=None, config={"displayModeBar": False})
render_blockers(result)
