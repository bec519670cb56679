"""`python -m planner status` and the phases of `schedule --json`: the plan against its baseline, as text for
people and as JSON for other tools. The JSON shapes are documented in the README (Command line); other tools read
them, so they only grow.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TextIO

from planner.domain.models import Workshop
from planner.domain.tracking import STATUS_LABELS, StatusReport, TrackedPhase
from planner.domain.vocabulary import GATE_LABELS, PHASE_LABELS


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def tracked_json(row: TrackedPhase) -> dict[str, Any]:
    """One phase as `schedule --json` gives it: the plan, then what was recorded and the baseline (null where a
    value does not apply)."""
    return {
        "use_case_id": row.use_case_id,
        "use_case": row.use_case,
        "phase": row.phase.value,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "ongoing": row.ongoing,
        "actual_start": _iso(row.actual_start),
        "actual_end": _iso(row.actual_end),
        "percent_complete": row.percent_complete,
        "baseline_start": _iso(row.baseline_start),
        "baseline_end": _iso(row.baseline_end),
        "slip_weeks": row.slip_weeks,
        "status": row.status.value,
    }


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
    return {
        "as_of": report.as_of.isoformat(),
        "baseline": report.baseline,
        "slipping": [tracked_json(row) for row in report.slipping],
        "gates_due": [
            {
                "use_case_id": g.use_case_id,
                "use_case": g.use_case,
                "gate": g.gate.value,
                "date": g.planned.isoformat(),
                "overdue": g.planned < report.as_of,
            }
            for g in report.gates_due
        ],
        "kpis_off_track": [
            {
                "use_case_id": k.use_case_id,
                "use_case": k.use_case,
                "metric": k.metric,
                "latest": k.latest,
                "target": k.target,
                "unit": k.unit,
            }
            for k in report.kpis_off_track
        ],
        "changes": list(report.changes),
    }
