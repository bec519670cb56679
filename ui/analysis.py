"""The open workshop's analysis, computed once per revision and shared by the sidebar and every page.

It is kept in this session's state beside the workshop it was made from, and used again while that same
Workshop object is the one open and the day has not changed. Each save, undo, merge or reload puts a new Workshop
object in the session, so that is the revision key: nothing is hashed, and no user data leaves the session.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from planner.domain.analysis import Analysis, analyse
from ui.session import workshop

ANALYSIS_KEY = "analysis_of_open_workshop"


def current_analysis() -> Analysis:
    """Readiness, ranking, roadmap, risks and progress of the open workshop, as of today."""
    open_workshop = workshop()
    today = date.today()
    kept = st.session_state.get(ANALYSIS_KEY)
    if isinstance(kept, Analysis) and kept.workshop is open_workshop and kept.today == today:
        return kept
    fresh = analyse(open_workshop, today=today)
    st.session_state[ANALYSIS_KEY] = fresh
    return fresh
