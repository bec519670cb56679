"""The Progress page's KPIs tab: record measurements, edit them, and see each KPI against its baseline and target."""

import pandas as pd
import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.checklists import KPI_STATUS_LABELS, kpi_status
from planner.domain.tracking_edits import add_measurement, set_measurements
from planner.rendering.kpi import kpi_figure
from ui.cells import cell_date
from ui.persistence import try_commit
from ui.session import flash
from ui.words import md

MEASURES_VERSION = "measures_version_of_progress"  # not a widget: kept by forget_widgets


def render_kpi_tab(analysis: Analysis) -> None:
    w = analysis.workshop
    order = {uc_id: i for i, uc_id in enumerate(analysis.roadmap.order)}
    cases = sorted(
        (uc for uc in w.active_use_cases() if uc.kpis), key=lambda uc: (order.get(uc.id, len(order)), uc.name)
    )
    if not cases:
        st.info(
            "No KPI yet. Give each use case its KPIs, with a baseline and a target, on the Use cases page before its "
            "pilot starts; then record measurements here.",
            icon=":material/query_stats:",
        )
        return
    st.session_state.setdefault(MEASURES_VERSION, 0)
    version = st.session_state[MEASURES_VERSION]
    names = {uc.id: uc.name for uc in cases}
    uc_id = st.selectbox("Use case", list(names), format_func=names.__getitem__, key="pg_kpi_use_case")
    uc = next(uc for uc in cases if uc.id == uc_id)
    metrics = [kpi.metric for kpi in uc.kpis]

    with st.form(f"pg_measure_form_{version}", border=True):
        st.markdown("**Add a measurement**")
        pick, when, amount = st.columns([3, 2, 2])
        metric = pick.selectbox("KPI", metrics, key=f"pg_measure_kpi_{version}")
        on = when.date_input("Measured on", value=analysis.today, format="YYYY-MM-DD", key=f"pg_measure_date_{version}")
        value = amount.number_input("Value", value=None, placeholder="e.g. 42.5", key=f"pg_measure_value_{version}")
        note = st.text_input("Note (optional)", max_chars=200, key=f"pg_measure_note_{version}")
        if st.form_submit_button("Add measurement", type="primary", icon=":material/add_chart:") and try_commit(
            lambda: add_measurement(w, uc.id, metric, on=on, value=value, note=note), label="add a measurement"
        ):
            st.session_state[MEASURES_VERSION] += 1
            flash(f"Measurement of {metric} on {on:%d %b %Y} added.")
            st.rerun()

    columns = st.columns(2)
    for index, kpi in enumerate(uc.kpis):
        with columns[index % 2]:
            st.plotly_chart(
                kpi_figure(kpi, today=analysis.today),
                key=f"pg_kpi_chart_{index}",
                config={"displaylogo": False},
                theme=None,
            )
            latest = kpi.latest()
            unit = f" {kpi.unit}" if kpi.unit else ""
            reading = "no measurement yet" if latest is None else f"latest {latest:g}{unit}"
            st.caption(md(f"{KPI_STATUS_LABELS[kpi_status(kpi)]}: {reading}."))

    with st.expander("Edit or remove measurements", icon=":material/edit:"):
        rows = [
            {"KPI": kpi.metric, "Date": m.date, "Value": m.value, "Note": m.note}
            for kpi in uc.kpis
            for m in sorted(kpi.measurements, key=lambda m: m.date)
        ]
        table = pd.DataFrame(rows, columns=["KPI", "Date", "Value", "Note"])
        with st.form(f"pg_measures_form_{version}", border=False):
            edited = st.data_editor(
                table,
                column_config={
                    "KPI": st.column_config.SelectboxColumn(options=metrics, required=True),
                    "Date": st.column_config.DateColumn(format="YYYY-MM-DD", required=True),
                    "Value": st.column_config.NumberColumn(required=True),
                    "Note": st.column_config.TextColumn(max_chars=200),
                },
                hide_index=True,
                num_rows="dynamic",
                width="stretch",
                key=f"pg_measures_{version}",
            )
            if st.form_submit_button("Save measurements", icon=":material/save:"):
                readings: dict[tuple[str, str], list[dict[str, object]]] = {(uc.id, m): [] for m in metrics}
                for row in edited.to_dict("records"):
                    if row["KPI"] is None and cell_date(row["Date"]) is None and pd.isna(row["Value"]):
                        continue  # a row added and left empty
                    readings.setdefault((uc.id, str(row["KPI"])), []).append(
                        {
                            "date": cell_date(row["Date"]),
                            "value": None if pd.isna(row["Value"]) else row["Value"],
                            "note": "" if pd.isna(row["Note"]) else str(row["Note"]),
                        }
                    )
                if try_commit(lambda: set_measurements(w, readings), label="edit measurements"):
                    st.session_state[MEASURES_VERSION] += 1
                    flash("Measurements saved.")
                    st.rerun()
