"""The sidebar: workshop name, steps done, key figures, and undo."""

from __future__ import annotations

import streamlit as st

from ui.analysis import current_analysis
from ui.persistence import undo, undo_label
from ui.words import md


def render_sidebar(*, read_only: bool = False) -> None:
    analysis = current_analysis()
    w, roadmap, readiness = analysis.workshop, analysis.roadmap, analysis.readiness
    with st.sidebar:
        st.subheader(md(w.name))
        if w.organisation:
            st.caption(md(w.organisation))
        for step in analysis.steps:
            icon = ":material/check_circle:" if step.done else ":material/radio_button_unchecked:"
            st.markdown(f"{icon} **{step.label}** · {md(step.detail)}")
        left, right = st.columns(2)
        left.metric("Readiness", "–" if readiness.index is None else f"{readiness.index:.0f}/100")
        first = roadmap.summary.months_to_first_production
        right.metric("First value", "–" if first is None else f"{first:.0f} mo")
        if read_only:
            st.caption(":material/visibility: View only: this link cannot change the plan.")
            return
        label = undo_label()
        st.button(
            f"Undo: {md(label)}" if label else "Nothing to undo",
            icon=":material/undo:",
            disabled=label is None,
            on_click=undo,
            key="sidebar_undo",
            width="stretch",
        )
