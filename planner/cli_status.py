"""`python -m planner status` and the phases of `schedule --json`: the plan against its baseline, as text for
people and as JSON for other tools. The JSON shapes are documented in the README (Command line); other tools read
them, so they only grow.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TextIO

from planner.cli_shapes import GateDueOut, KpiOffTrackOut, PhaseOut, StatusOut
from planner.domain.models import Workshop
from planner.domain.tracking import STATUS_LABELS, StatusReport, TrackedPhase
from planner.domain.vocabulary import GATE_LABELS, PHASE_LABELS


def tracked_json(row: TrackedPhase) -> dict[str, Any]:
    """One phase as `schedule --json` gives it: the plan, then what was recorded and the baseline (null where a
    value does not apply)."""
    return _phase(row).model_dump(mode="json")


def _phase(row: TrackedPhase) -> PhaseOut:
    return PhaseOut.model_validate(row, from_attributes=True)


def _fmt(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else "–"


def _slip(row: TrackedPhase) -> str:
    if row.slip_weeks is None:
        return "no baseline"
    if row.slip_weeks == 0:
        return "on time"
    return f"{abs(row.slip_weeks):g} weeks {'late' if row.slip_weeks > 0 else 'early'}"


def print_status(workshop: Workshop, report: StatusReport, out: TextIO) -> None:
    against = f"against the baseline '{report.baseline}'" if report.baseline else "with no baseline taken yet"
    out.write(f"Status of {workshop.name} on {_fmt(report.as_of)}, {against}\n")
    out.write("\nLate and at risk\n")
    if not report.baseline:
        out.write("  No baseline to compare against: take one with `python -m planner baseline FILE --name NAME`.\n")
    elif not report.slipping:
        out.write("  Nothing: every phase is on or ahead of its baseline.\n")
    for row in report.slipping:
        if row.ongoing:  # optimisation runs on: what slips is the day it begins, when the use case goes live
            when = f"goes live {_fmt(row.start)} (baseline {_fmt(row.baseline_start)}, {_slip(row)})"
        else:
            phase = PHASE_LABELS[row.phase].lower()
            when = f"{phase} ends {_fmt(row.end)} (baseline {_fmt(row.baseline_end)}, {_slip(row)})"
        out.write(f"  - {STATUS_LABELS[row.status]}: {row.use_case}, {when}\n")
    out.write("\nGates due in the next 30 days\n")
    if not report.gates_due:
        out.write("  None.\n")
    for gate in report.gates_due:
        overdue = " (overdue)" if gate.planned < report.as_of else ""
        out.write(f"  - {_fmt(gate.planned)}: {gate.use_case}, {GATE_LABELS[gate.gate].lower()}{overdue}\n")
    out.write("\nKPIs off track\n")
    if not report.kpis_off_track:
        out.write("  None.\n")
    for kpi in report.kpis_off_track:
        unit = f" {kpi.unit}" if kpi.unit else ""
        out.write(f"  - {kpi.use_case}: {kpi.metric} at {kpi.latest:g}{unit}, target {kpi.target:g}{unit}\n")
    if report.baseline:
        out.write("\nChanged since the baseline\n")
        if not report.changes:
            out.write("  Nothing.\n")
        for line in report.changes:
            out.write(f"  - {line}\n")


def status_json(report: StatusReport) -> dict[str, Any]:
    return StatusOut(
        as_of=report.as_of,
        baseline=report.baseline,
        slipping=[_phase(row) for row in report.slipping],
        gates_due=[
            GateDueOut(
                use_case_id=g.use_case_id,
                use_case=g.use_case,
                gate=g.gate,
                date=g.planned,
                overdue=g.planned < report.as_of,
            )
            for g in report.gates_due
        ],
        kpis_off_track=[KpiOffTrackOut.model_validate(k, from_attributes=True) for k in report.kpis_off_track],
        changes=list(report.changes),
    ).model_dump(mode="json")
