"""Read-only readiness: the radar, the index and the blockers with what to do about each."""

import streamlit as st

from planner.charts import build_radar_figure
from planner.readiness import assess
from ui.state import workshop

result = assess(workshop().readiness)

st.title("Readiness")
st.metric("Readiness index", "–" if result.index is None else f"{result.index:.0f} / 100")
if result.answered:
    st.plotly_chart(build_radar_figure(result), key="vw_radar", theme=None, config={"displayModeBar": False})
for blocker in result.blockers:
    with st.container(border=True):
        st.markdown(f"**{blocker.label}** · {blocker.score:.1f} of 5")
        st.write(blocker.action)
