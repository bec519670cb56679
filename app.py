"""Roadmap Planner: navigation, page config and the session's workshop. No planning logic here."""

import streamlit as st

from ui.sidebar import render_sidebar
from ui.state import bootstrap, show_flash

st.set_page_config(page_title="Roadmap Planner", page_icon=":material/route:", layout="wide")
bootstrap()

PAGES = [
    st.Page("pages/workshop.py", title="Workshop", icon=":material/groups:", default=True),
    st.Page("pages/readiness.py", title="Readiness", icon=":material/radar:"),
    st.Page("pages/use_cases.py", title="Use cases", icon=":material/lightbulb:"),
    st.Page("pages/prioritise.py", title="Prioritise", icon=":material/scatter_plot:"),
    st.Page("pages/roadmap.py", title="Roadmap", icon=":material/view_timeline:"),
    st.Page("pages/gates.py", title="Gates & risks", icon=":material/fact_check:"),
    st.Page("pages/share.py", title="Share & export", icon=":material/ios_share:"),
]

page = st.navigation(PAGES)
# Messages queued before a rerun show at the start of the next run, so st.rerun() cannot swallow them.
show_flash()
render_sidebar()
page.run()
