"""Roadmap Planner: navigation by role, page config and the session's workshop. No planning logic here.

The pages live in app_pages/, not pages/: Streamlit 1.67 still auto-discovers a folder named pages/ and,
after the address bar's query changes on any page but the first, shows those raw files as the navigation.
"""

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from planner.storage import AccessDenied, Role
from ui.sidebar import render_sidebar
from ui.state import LINK_ERROR_KEY, bootstrap, link_error, role, show_flash

DATABASE_DOWN = (
    "The workshop database cannot be reached just now, so nothing can be loaded or saved. "
    "Try again in a minute; if it persists, check DATABASE_URL or the data folder's disk space."
)

st.set_page_config(page_title="Roadmap Planner", page_icon=":material/route:", layout="wide")
try:
    bootstrap()
except SQLAlchemyError:
    st.error(DATABASE_DOWN, icon=":material/cloud_off:")
    st.stop()

FACILITATOR_PAGES = [
    st.Page("app_pages/workshop.py", title="Workshop", icon=":material/groups:", default=True),
    st.Page("app_pages/readiness.py", title="Readiness", icon=":material/radar:"),
    st.Page("app_pages/use_cases.py", title="Use cases", icon=":material/lightbulb:"),
    st.Page("app_pages/prioritise.py", title="Prioritise", icon=":material/scatter_plot:"),
    st.Page("app_pages/roadmap.py", title="Roadmap", icon=":material/view_timeline:"),
    st.Page("app_pages/gates.py", title="Gates & risks", icon=":material/fact_check:"),
    st.Page("app_pages/share.py", title="Share & export", icon=":material/ios_share:"),
]
VIEWER_PAGES = [
    st.Page("app_pages/view_roadmap.py", title="Roadmap", icon=":material/view_timeline:", default=True),
    st.Page("app_pages/view_prioritise.py", title="Priorities", icon=":material/scatter_plot:"),
    st.Page("app_pages/view_readiness.py", title="Readiness", icon=":material/radar:"),
]

if link_error():
    page = st.navigation([st.Page("app_pages/link_error.py", title="Link not valid", icon=":material/link_off:")])
elif role() == Role.PARTICIPANT:
    page = st.navigation([st.Page("app_pages/join.py", title="Join", icon=":material/how_to_vote:")], position="hidden")
elif role() == Role.VIEWER:
    page = st.navigation(VIEWER_PAGES)
    render_sidebar(read_only=True)
else:
    page = st.navigation(FACILITATOR_PAGES)
    render_sidebar()
# Messages queued before a rerun show at the start of the next run, so st.rerun() cannot swallow them.
show_flash()
try:
    page.run()
except AccessDenied as exc:
    # The link was rotated (or the workshop deleted) while this tab was open.
    st.session_state[LINK_ERROR_KEY] = str(exc)
    st.rerun()
except SQLAlchemyError:
    st.error(DATABASE_DOWN, icon=":material/cloud_off:")
