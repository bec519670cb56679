"""Share & export: the downloads that exist today. Each file is built from the current workshop."""

from datetime import date

import streamlit as st

from planner.charts import build_gantt_figure, figure_to_html
from planner.files import dump_workshop
from planner.schedule import build_roadmap
from ui.state import workshop

w = workshop()

st.title("Share & export")
st.write("Send the plan to sponsors, or keep a copy to carry on later.")


def _gantt_html() -> str:
    roadmap = build_roadmap(w)
    return figure_to_html(build_gantt_figure(roadmap, today=date.today()), title=f"{w.name}: roadmap")


json_col, html_col = st.columns(2)
with json_col, st.container(border=True):
    st.markdown("**Workshop file (JSON)**")
    st.caption("Everything in this workshop. Open it again on the Workshop page to carry on.")
    st.download_button(
        "Download JSON",
        data=dump_workshop(w),
        file_name=f"{w.id}.json",
        mime="application/json",
        icon=":material/data_object:",
        key="sx_json",
        on_click="ignore",
    )
with html_col, st.container(border=True):
    st.markdown("**Interactive Gantt (HTML)**")
    st.caption("A single file that opens in any browser, offline: zoom, hover and print.")
    st.download_button(
        "Download Gantt",
        data=_gantt_html,
        file_name=f"{w.id}-gantt.html",
        mime="text/html",
        icon=":material/view_timeline:",
        key="sx_html",
        on_click="ignore",
    )
