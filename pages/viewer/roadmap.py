"""Read-only roadmap for sponsors: the Gantt, the headline dates, the investment view and the planner's warnings."""

from itertools import groupby

import streamlit as st

from planner.domain.gantt_view import GANTT_MAX_ROWS
from planner.domain.schedule import phases_in_order
from planner.domain.vocabulary import PHASE_LABELS, PhaseName
from planner.rendering.gantt import plan_gantt_figure
from ui.analysis import current_analysis
from ui.investment import INVESTMENT_TAB, TIMELINE_TAB, render_investment
from ui.plan_warnings import render_plan_warnings
from ui.session import workshop
from ui.summary import render_roadmap_metrics
from ui.words import md

w = workshop()
analysis = current_analysis()
roadmap = analysis.roadmap
summary = roadmap.summary

st.title("Roadmap")
st.caption(md(w.name) + (f" · {md(w.organisation)}" if w.organisation else "") + f" · starts {w.start_date:%d %b %Y}")
render_roadmap_metrics(summary)
# Only the open tab is drawn (the investment view holds a row per use case and per gate).
timeline_tab, list_tab, investment_tab = st.tabs(
    [TIMELINE_TAB, ":material/list: By use case (phone)", INVESTMENT_TAB], key="vw_view", on_change="rerun"
)
with timeline_tab:
    if timeline_tab.open:
        st.plotly_chart(
            plan_gantt_figure(w, roadmap, today=analysis.today, baseline=w.baseline()), key="vw_gantt", theme=None
        )
with list_tab:
    # A Gantt cannot be read 390 px wide: the same dates as a list, one card per use case in roadmap order (the
    # first GANTT_MAX_ROWS of them: a phone does not scroll through thousands of cards).
    cards = (
        [list(phases) for _, phases in groupby(phases_in_order(roadmap), key=lambda p: p.use_case_id)]
        if list_tab.open
        else []
    )
    if list_tab.open and len(cards) > GANTT_MAX_ROWS + 1:
        st.caption(f"The first {GANTT_MAX_ROWS} use cases in roadmap order, of {len(roadmap.order):,}.")
    for rows in cards[: GANTT_MAX_ROWS + 1]:
        with st.container(border=True):
            st.markdown(f"**{md(rows[0].use_case)}**")
            st.markdown(
                "\n".join(
                    f"- {PHASE_LABELS[p.phase]}: {p.start:%d %b %Y} – {p.end:%d %b %Y}"
                    + (" (ongoing)" if p.phase == PhaseName.OPTIMIZATION else "")
                    for p in rows
                )
            )
with investment_tab:
    if investment_tab.open:
        render_investment(analysis, editable=False)
render_plan_warnings(roadmap.warnings)
