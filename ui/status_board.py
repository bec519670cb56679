"""The status board: what slips against the baseline, the gates coming up, the KPIs off track and what changed.
The Progress page and the read-only viewer show the same board."""

from datetime import date

import pandas as pd
import streamlit as st

from planner.domain.tracking import STATUS_LABELS, PhaseStatus, StatusReport
from planner.domain.vocabulary import GATE_LABELS, PHASE_LABELS
from ui.words import md


def render_status_board(report: StatusReport, *, as_of: date, baseline_hint: str) -> None:
    """`baseline_hint` says where a baseline is taken, for a board that has none yet."""
    late, at_risk, gates, kpis = st.columns(4)
    late.metric("Late", sum(1 for r in report.slipping if r.status == PhaseStatus.LATE), border=True)
    at_risk.metric("At risk", sum(1 for r in report.slipping if r.status == PhaseStatus.AT_RISK), border=True)
    gates.metric("Gates in 30 days", len(report.gates_due), border=True)
    kpis.metric("KPIs off track", len(report.kpis_off_track), border=True)
    st.subheader("Late and at risk")
    if report.baseline is None:
        st.info(baseline_hint, icon=":material/flag:")
    elif not report.slipping:
        st.success("Every phase is on or ahead of its baseline.", icon=":material/check_circle:")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Status": [STATUS_LABELS[r.status] for r in report.slipping],
                    "Use case": [r.use_case for r in report.slipping],
                    "Phase": [PHASE_LABELS[r.phase] for r in report.slipping],
                    "Ends (or goes live)": [r.start if r.ongoing else r.end for r in report.slipping],
                    "Baseline": [r.baseline_start if r.ongoing else r.baseline_end for r in report.slipping],
                    "Slip (weeks)": [r.slip_weeks for r in report.slipping],
                    "% done": [r.percent_complete for r in report.slipping],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Ends (or goes live)": st.column_config.DateColumn(format="D MMM YYYY"),
                "Baseline": st.column_config.DateColumn(format="D MMM YYYY"),
                "Slip (weeks)": st.column_config.NumberColumn(format="%.1f"),
            },
        )
    st.subheader("Gates due in the next 30 days")
    if not report.gates_due:
        st.caption("None.")
    for gate in report.gates_due:
        overdue = " (overdue)" if gate.planned < as_of else ""
        st.markdown(md(f"{gate.planned:%d %b %Y}: {gate.use_case}, {GATE_LABELS[gate.gate].lower()}{overdue}"))
    st.subheader("KPIs off track")
    if not report.kpis_off_track:
        st.caption("None, by the latest measurement of each.")
    for kpi in report.kpis_off_track:
        unit = f" {kpi.unit}" if kpi.unit else ""
        latest = "not measured" if kpi.latest is None else f"{kpi.latest:g}{unit}"
        target = "" if kpi.target is None else f", target {kpi.target:g}{unit}"
        st.markdown(md(f"{kpi.use_case}: {kpi.metric} at {latest}{target}"))
    if report.baseline:
        st.subheader("Changed since the baseline")
        if not report.changes:
            st.caption("Nothing.")
        for line in report.changes:
            st.markdown(md(line))
