"""Gates & risks: checklists per phase, go/no-go decisions, KPI status and the risk register."""

from datetime import date

import pandas as pd
import streamlit as st

from planner.domain.checklists import KPI_STATUS_LABELS, checklist, gate_calendar, has_kpi_target, kpi_status, progress
from planner.domain.edits import updated, with_use_case
from planner.domain.models import GateDecision
from planner.domain.vocabulary import (
    ASSESSMENT_KEY,
    DECISION_LABELS,
    GATE_LABELS,
    PHASE_LABELS,
    Decision,
    Gate,
    PhaseName,
    some_names,
)
from ui.analysis import current_analysis
from ui.persistence import try_commit
from ui.session import flash, synced, workshop
from ui.words import md

ASSESSMENT = ASSESSMENT_KEY

w = workshop()
analysis = current_analysis()
roadmap = analysis.roadmap
by_id = w.use_cases_by_id()
roadmap_cases = [by_id[uc_id] for uc_id in roadmap.order]

st.title("Gates & risks")
st.write(
    "Each phase ends at a gate. Tick what is in place, record the decision and why, and keep an eye on the "
    "risks that most often stop a pilot from reaching production."
)

checklist_tab, decisions_tab, kpi_tab, risk_tab = st.tabs(
    [
        ":material/checklist: Checklists",
        ":material/gavel: Decisions",
        ":material/flag: KPIs",
        ":material/warning: Risks",
    ]
)

with checklist_tab:
    options = [ASSESSMENT, *(uc.id for uc in roadmap_cases)]
    names = {ASSESSMENT: "Whole organisation: assessment", **{uc.id: uc.name for uc in roadmap_cases}}
    subject = st.selectbox("Checklist for", options, format_func=names.__getitem__, key="gr_subject")
    phases = (
        [PhaseName.ASSESSMENT]
        if subject == ASSESSMENT
        else [PhaseName.PILOT, PhaseName.SCALING, PhaseName.OPTIMIZATION]
    )
    ticked = set(w.assessment_checklist if subject == ASSESSMENT else w.use_case(subject).checklist)

    def _toggle(item_id: str, widget_key: str, subject_id: str) -> None:
        current = workshop()
        on = bool(st.session_state[widget_key])
        if subject_id == ASSESSMENT:
            items = [i for i in current.assessment_checklist if i != item_id] + ([item_id] if on else [])
            try_commit(lambda: updated(current, assessment_checklist=items), label="tick the assessment checklist")
        else:
            uc = current.use_case(subject_id)
            items = [i for i in uc.checklist if i != item_id] + ([item_id] if on else [])
            try_commit(
                lambda: with_use_case(current, uc.model_copy(update={"checklist": items})),
                label=f"tick a checklist item of '{uc.name}'",
            )

    columns = st.columns(len(phases))
    for column, phase in zip(columns, phases, strict=True):
        with column:
            done, total = progress(ticked, phase)
            st.markdown(f"**{PHASE_LABELS[phase]}** · {done} of {total}")
            st.progress(done / total if total else 0.0)
            for item in checklist(phase):
                key = f"gr_tick_{subject}_{item.id}"
                st.checkbox(
                    item.text,
                    **synced(key, item.id in ticked),
                    help=item.why,
                    on_change=_toggle,
                    args=(item.id, key, subject),
                )

GATE_STATUS_LABELS = {"decided": "Decided", "overdue": "Overdue", "due soon": "Due soon", "planned": "Planned"}

with decisions_tab:
    if not roadmap_cases:
        st.info("Gate decisions belong to use cases on the roadmap; choose some on the Prioritise page.")
    else:
        calendar = gate_calendar(w, roadmap, today=date.today())
        money = analysis.finance
        releases = {(g.use_case_id, g.gate): g.releases for g in money.gates} if money.has_figures else {}
        st.markdown(
            "**Planned gates** · when each decision is due on the current plan"
            + (", and the funding a go releases (scaling, or a first year of running)" if releases else "")
        )
        st.container(key="gr_gate_calendar").dataframe(
            pd.DataFrame(
                [
                    {
                        "Planned": g.planned,
                        "Use case": g.use_case,
                        "Gate": GATE_LABELS[g.gate],
                        "Status": GATE_STATUS_LABELS[g.status],
                        "Decision": DECISION_LABELS[g.decision] if g.decision else "",
                        "Decided on": g.decided_on,
                        **({"Releases (k)": round(releases.get((g.use_case_id, g.gate), 0))} if releases else {}),
                    }
                    for g in calendar
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Planned": st.column_config.DateColumn(format="D MMM YYYY"),
                "Releases (k)": st.column_config.NumberColumn(format="localized"),
            },
        )
        with st.form("gr_decision_form", clear_on_submit=True):
            left, mid, right = st.columns(3)
            uc_id = left.selectbox(
                "Use case", [uc.id for uc in roadmap_cases], format_func=lambda i: by_id[i].name, key="gr_d_uc"
            )
            gate = mid.selectbox("Gate", list(Gate), format_func=GATE_LABELS.__getitem__, key="gr_d_gate")
            decision = right.segmented_control(
                "Decision",
                list(Decision),
                format_func=DECISION_LABELS.__getitem__,
                key="gr_d_decision",
                default=Decision.GO,
            )
            when = left.date_input("Decided on", value=date.today(), key="gr_d_date")
            note = st.text_area("Why", max_chars=5000, key="gr_d_note", placeholder="What the evidence showed")
            if st.form_submit_button("Record decision", type="primary", icon=":material/gavel:"):
                uc = workshop().use_case(uc_id)
                if decision is None:
                    st.error("Choose go, no-go or iterate first.", icon=":material/error:")
                elif try_commit(
                    lambda: with_use_case(
                        workshop(),
                        uc.model_copy(
                            update={
                                "gate_decisions": [
                                    *uc.gate_decisions,
                                    GateDecision(gate=gate, decision=decision, date=when, note=note),
                                ]
                            }
                        ),
                    ),
                    label=f"record a decision for '{uc.name}'",
                ):
                    flash(f"Recorded: {DECISION_LABELS[decision]} for {uc.name}.")
                    st.rerun()
        decisions = [
            {
                "Use case": uc.name,
                "Gate": GATE_LABELS[d.gate],
                "Decision": DECISION_LABELS[d.decision],
                "Date": d.date,
                "Why": d.note,
            }
            for uc in w.use_cases
            for d in uc.gate_decisions
        ]
        if decisions:
            st.dataframe(pd.DataFrame(decisions).sort_values("Date"), hide_index=True, width="stretch")
        else:
            st.caption("No decisions recorded yet.")

with kpi_tab:
    kpis = [
        {
            "Use case": uc.name,
            "Metric": k.metric,
            "Baseline": k.baseline,
            "Target": k.target,
            "Latest": k.current,
            "Unit": k.unit,
            "Better when": k.direction.value,
            "Status": KPI_STATUS_LABELS[kpi_status(k)],
        }
        for uc in roadmap_cases
        for k in uc.kpis
    ]
    missing = [uc.name for uc in roadmap_cases if not has_kpi_target(uc)]
    if missing:
        st.warning(
            f"No KPI target yet for {len(missing):,} of the use cases on the roadmap: "
            + md(some_names(missing))
            + ". Agree one before the pilot starts.",
            icon=":material/flag:",
        )
    if kpis:
        st.dataframe(pd.DataFrame(kpis), hide_index=True, width="stretch")
        st.caption("Edit KPIs and their latest values on the Use cases page, KPIs tab.")
    else:
        st.info("No KPIs yet. Add them on the Use cases page.", icon=":material/flag:")

with risk_tab:
    risks = analysis.risks
    if not risks:
        st.success("No risks flagged from the readiness answers and use case data.", icon=":material/verified:")
    else:
        high = sum(1 for r in risks if r.level == "high")
        st.markdown(f"**{len(risks)} risks**, {high} high. Built from the readiness answers and each use case's data.")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Level": r.level.capitalize(),
                        "Severity": r.severity,
                        "Cause": r.cause_label,
                        "Where": r.use_case,
                        "Risk": r.title,
                        "Evidence": r.evidence,
                        "What to do": r.mitigation,
                    }
                    for r in risks
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Severity": st.column_config.ProgressColumn("Severity", min_value=0, max_value=25, format="%d"),
                "What to do": st.column_config.TextColumn("What to do", width="large"),
            },
        )
