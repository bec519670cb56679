"""Progress: the programme team's page. Record what really happened and KPI measurements, log lessons, take
baselines, and read the status board."""

import pandas as pd
import streamlit as st

from planner.domain.tracking import awaiting_record_note, status_report
from planner.domain.tracking_edits import add_baseline, record_actuals, remove_baseline
from planner.domain.vocabulary import PHASE_LABELS, PhaseName
from ui.analysis import current_analysis
from ui.cells import cell_date
from ui.kpi_tracking import render_kpi_tab
from ui.lessons import render_lessons_tab
from ui.persistence import try_commit
from ui.session import flash, workshop
from ui.status_board import render_status_board
from ui.words import md

ACTUALS_VERSION = "actuals_version_of_progress"  # not a widget: kept by forget_widgets


w = workshop()
analysis = current_analysis()
roadmap = analysis.roadmap
st.session_state.setdefault(ACTUALS_VERSION, 0)

st.title("Progress")
as_of = analysis.as_of or analysis.today
if analysis.as_of is None or analysis.as_of <= w.start_date:
    st.write(
        "Record what really happened, phase by phase, and take a baseline to measure slippage against. The "
        f"roadmap runs from the workshop's start date, {w.start_date:%d %b %Y}; once that has passed and the plan is "
        "tracked, it is re-planned from each day as it comes."
    )
else:
    st.write(
        f"The roadmap is re-planned from today, {as_of:%d %b %Y}: what ended keeps its dates, what is under way "
        "keeps its start, and nothing that has not begun is planned into the past."
    )

board_tab, actuals_tab, kpis_tab, lessons_tab, baselines_tab = st.tabs(
    [
        ":material/monitoring: Status board",
        ":material/edit_calendar: Actuals",
        ":material/query_stats: KPIs",
        ":material/lightbulb: Lessons",
        ":material/flag: Baselines",
    ]
)

if analysis.as_of:
    with board_tab:
        note = awaiting_record_note(analysis.tracked, as_of, where=" on the Actuals tab")
        if note:
            st.warning(md(note), icon=":material/pending_actions:")
    with actuals_tab:
        note = awaiting_record_note(analysis.tracked, as_of, where=" in this table")
        if note:
            st.info(md(note), icon=":material/pending_actions:")

with baselines_tab:
    with st.form("pg_baseline_form", border=True):
        st.markdown("**Take a baseline**: freeze the plan as it stands, to measure slippage against later.")
        name = st.text_input("Name", max_chars=200, placeholder="e.g. Board approval", key="pg_baseline_name")
        if st.form_submit_button("Take baseline", type="primary", icon=":material/flag:") and try_commit(
            lambda: add_baseline(w, roadmap, name=name, taken=analysis.today), label=f"baseline '{name.strip()}'"
        ):
            flash(f"Baseline '{name.strip()}' taken: slippage is now measured against it.")
            st.rerun()
    if not w.baselines:
        st.info("No baseline yet. Take one when the board approves the plan.", icon=":material/flag:")
    else:
        frame = pd.DataFrame(
            {"Name": [b.name for b in w.baselines], "Taken": [b.taken for b in w.baselines]},
        )
        st.dataframe(frame, hide_index=True, width="stretch")
        options = {b.id: f"{b.name} ({b.taken:%d %b %Y})" for b in w.baselines}
        doomed = st.selectbox("Baseline", list(options), format_func=options.__getitem__, key="pg_remove_pick")
        if st.button("Remove this baseline", icon=":material/delete:", key="pg_remove_baseline") and try_commit(
            lambda: remove_baseline(w, doomed), label="remove a baseline"
        ):
            flash(f"Removed the baseline {options[doomed]}. Undo in the sidebar brings it back.")
            st.rerun()

baseline_id = None
latest = w.baseline()
with board_tab:
    if w.baselines:
        choices = {b.id: f"{b.name} ({b.taken:%d %b %Y})" for b in sorted(w.baselines, key=lambda b: b.taken)}
        baseline_id = st.selectbox(
            "Compare against",
            list(choices),
            index=list(choices).index(latest.id) if latest else 0,
            format_func=choices.__getitem__,
            key="pg_compare",
        )
    if baseline_id == (latest.id if latest else None):
        report = analysis.status  # the analysis's board, against the latest baseline
    else:
        report = status_report(w, roadmap, as_of=as_of, baseline_id=baseline_id, tracked=analysis.tracked)
    render_status_board(
        report, as_of=as_of, baseline_hint="Take a baseline (Baselines tab) to see what slips against it."
    )

with kpis_tab:
    render_kpi_tab(analysis)

with lessons_tab:
    render_lessons_tab(analysis)

with actuals_tab:
    st.caption(
        "One row per pilot and scaling phase on the roadmap. Enter the actual start, the end once it is over, and "
        "the share done while it runs. Clear a row to forget what was recorded."
    )
    rows = []
    by_id = w.use_cases_by_id()
    for uc_id in roadmap.order:
        uc = by_id[uc_id]
        for phase in (PhaseName.PILOT, PhaseName.SCALING):
            actual = uc.actuals.get(phase)
            rows.append(
                {
                    "use_case_id": uc.id,
                    "phase": phase.value,
                    "Use case": uc.name,
                    "Phase": PHASE_LABELS[phase],
                    "start": actual.start if actual else None,
                    "end": actual.end if actual else None,
                    "percent_complete": actual.percent_complete if actual else None,
                    "note": actual.note if actual else "",
                }
            )
    if not rows:
        st.info("Put use cases on the roadmap first; their phases appear here.", icon=":material/view_timeline:")
    else:
        table = pd.DataFrame(rows)
        with st.form(f"pg_actuals_form_{st.session_state[ACTUALS_VERSION]}", border=False):
            edited = st.data_editor(
                table,
                column_order=["Use case", "Phase", "start", "end", "percent_complete", "note"],
                column_config={
                    "Use case": st.column_config.TextColumn(disabled=True),
                    "Phase": st.column_config.TextColumn(disabled=True),
                    "start": st.column_config.DateColumn("Actual start", format="YYYY-MM-DD"),
                    "end": st.column_config.DateColumn("Actual end", format="YYYY-MM-DD"),
                    "percent_complete": st.column_config.NumberColumn("% done", min_value=0, max_value=100, step=5),
                    "note": st.column_config.TextColumn("Note", max_chars=5000),
                },
                hide_index=True,
                num_rows="fixed",
                width="stretch",
                key=f"pg_actuals_{st.session_state[ACTUALS_VERSION]}",
            )
            if st.form_submit_button("Save actuals", type="primary", icon=":material/save:"):
                records = [
                    {
                        "use_case_id": row["use_case_id"],
                        "phase": row["phase"],
                        "start": cell_date(row["start"]),
                        "end": cell_date(row["end"]),
                        "percent_complete": None if pd.isna(row["percent_complete"]) else row["percent_complete"],
                        "note": "" if pd.isna(row["note"]) else str(row["note"]),
                    }
                    for row in edited.to_dict("records")
                ]
                if try_commit(lambda: record_actuals(w, records), label="record actuals"):
                    st.session_state[ACTUALS_VERSION] += 1
                    flash("Actuals saved. The roadmap is re-planned from today.")
                    st.rerun()
