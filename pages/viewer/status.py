"""Read-only status board for sponsors: what slips against the baseline, gates coming up, KPIs off track."""

import streamlit as st

from planner.domain.tracking import awaiting_record_note
from ui.analysis import current_analysis
from ui.session import workshop
from ui.status_board import render_status_board
from ui.words import md

w = workshop()
analysis = current_analysis()
as_of = analysis.as_of or analysis.today
baseline = w.baseline()

st.title("Status")
against = f"against the baseline {baseline.name}, taken {baseline.taken:%d %b %Y}" if baseline else "no baseline yet"
st.caption(md(w.name) + md(f" · as of {as_of:%d %b %Y} · {against}"))
note = awaiting_record_note(analysis.tracked, as_of) if analysis.as_of else None
if note:
    st.warning(md(note), icon=":material/pending_actions:")
render_status_board(
    analysis.status,
    as_of=as_of,
    baseline_hint="The programme team has not taken a baseline yet, so there is nothing to measure slippage against.",
)
