"""The living roadmap: the plan as it stands against a baseline, phase by phase, and the status report.

A baseline freezes the plan's phases and milestones on a date. Slippage is how many weeks a phase now ends later
than in the baseline (earlier is negative). Status says where each phase stands on the day the report is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planner.domain.checklists import GATE_DUE_SOON_DAYS, KPI_STATUS_LABELS, GateDate, gate_calendar, kpi_status
from planner.domain.models import Baseline, BaselineMilestone, BaselinePhase, Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.vocabulary import PHASE_LABELS, PhaseName


class PhaseStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"  # past its baseline end and not done
    AT_RISK = "at_risk"  # not late yet, but planned to end after its baseline end


STATUS_LABELS: dict[PhaseStatus, str] = {
    PhaseStatus.PLANNED: "Planned",
    PhaseStatus.IN_PROGRESS: "In progress",
    PhaseStatus.DONE: "Done",
    PhaseStatus.LATE: "Late",
    PhaseStatus.AT_RISK: "At risk",
}


@dataclass(frozen=True, slots=True)
class TrackedPhase:
    """One phase of the current plan, with what was recorded and where it stands against the baseline. A plain
    dataclass: the analysis makes one per phase on every revision, thousands for a large portfolio."""

    use_case_id: str | None
    use_case: str
    phase: PhaseName
    start: date
    end: date
    ongoing: bool
    actual_start: date | None
    actual_end: date | None
    percent_complete: float | None
    baseline_start: date | None
    baseline_end: date | None
    slip_weeks: float | None
    status: PhaseStatus


@dataclass(frozen=True, slots=True)
class OffTrackKpi:
    use_case_id: str
    use_case: str
    metric: str
    latest: float | None
    target: float | None
    unit: str
    status: str


@dataclass(frozen=True)
class StatusReport:
    """What a programme team reads each month: what slips, which gates come up, which KPIs lag, what changed."""

    as_of: date
    baseline: str | None  # the name of the baseline compared against
    slipping: list[TrackedPhase]  # late and at-risk phases, the largest slip first
    gates_due: list[GateDate]  # undecided gates from as_of to GATE_DUE_SOON_DAYS later, and any overdue
    kpis_off_track: list[OffTrackKpi]
    changes: list[str]  # what changed since the baseline, one line each


def is_tracked(workshop: Workshop) -> bool:
    """A programme team tracks this workshop: it took a baseline or recorded what happened in some phase."""
    return bool(workshop.baselines) or any(uc.actuals for uc in workshop.use_cases)


def planned_from(workshop: Workshop, today: date) -> date | None:
    """The date the app plans from: today once the workshop is tracked (what has not begun cannot begin in the
    past), else None, and the plan runs from its start date as drawn in the workshop."""
    return today if is_tracked(workshop) else None


def take_baseline(roadmap: Roadmap, *, name: str, taken: date, baseline_id: str | None = None) -> Baseline:
    """Freeze the plan's phases and milestones, exactly as the schedule's JSON gives them."""
    fields = {"id": baseline_id} if baseline_id else {}
    return Baseline(
        **fields,
        name=name,
        taken=taken,
        phases=[
            BaselinePhase(
                use_case_id=p.use_case_id,
                use_case=p.use_case,
                phase=p.phase,
                start=p.start,
                end=p.end,
                ongoing=p.ongoing,
            )
            for p in roadmap.phases
        ],
        milestones=[BaselineMilestone(use_case_id=m.use_case_id, name=m.name, date=m.date) for m in roadmap.milestones],
    )


def _weeks(later: date, earlier: date) -> float:
    return round((later - earlier).days / 7, 1)


def phase_status(phase: Phase, baseline: BaselinePhase | None, as_of: date) -> PhaseStatus:
    """Done once it has an actual end (or, for a phase without records, once its planned end has passed)."""
    recorded = phase.actual_start is not None
    if phase.actual_end is not None or (not recorded and not phase.ongoing and phase.end < as_of):
        return PhaseStatus.DONE
    if phase.ongoing:
        # Optimisation runs on: it is late only while production has not begun and its baseline date is past.
        if baseline is not None and phase.start > as_of and baseline.start < as_of:
            return PhaseStatus.LATE
        if baseline is not None and phase.start > baseline.start:
            return PhaseStatus.AT_RISK
        return PhaseStatus.IN_PROGRESS if phase.start <= as_of else PhaseStatus.PLANNED
    if baseline is not None and baseline.end < as_of:
        return PhaseStatus.LATE
    if baseline is not None and phase.end > baseline.end:
        return PhaseStatus.AT_RISK
    return PhaseStatus.IN_PROGRESS if recorded or phase.start <= as_of else PhaseStatus.PLANNED


def track(roadmap: Roadmap, baseline: Baseline | None, *, as_of: date) -> list[TrackedPhase]:
    """Every phase of the plan, in the plan's order, against `baseline` (matched by use case and phase)."""
    frozen = {(p.use_case_id, p.phase): p for p in baseline.phases} if baseline else {}
    rows: list[TrackedPhase] = []
    for phase in roadmap.phases:
        then = frozen.get((phase.use_case_id, phase.phase))
        if then is None:
            slip = None
        elif phase.ongoing:
            slip = _weeks(phase.start, then.start)  # an ongoing phase slips when production begins later
        else:
            slip = _weeks(phase.end, then.end)
        rows.append(
            TrackedPhase(
                use_case_id=phase.use_case_id,
                use_case=phase.use_case,
                phase=phase.phase,
                start=phase.start,
                end=phase.end,
                ongoing=phase.ongoing,
                actual_start=phase.actual_start,
                actual_end=phase.actual_end,
                percent_complete=phase.percent_complete,
                baseline_start=then.start if then else None,
                baseline_end=then.end if then else None,
                slip_weeks=slip,
                status=phase_status(phase, then, as_of),
            )
        )
    return rows


def _changes(tracked: Sequence[TrackedPhase], baseline: Baseline) -> list[str]:
    now = {row.use_case_id for row in tracked if row.use_case_id}
    then = {p.use_case_id: p.use_case for p in baseline.phases if p.use_case_id}
    names = {row.use_case_id: row.use_case for row in tracked if row.use_case_id}
    lines = [f"{names[uc]} was added to the roadmap" for uc in sorted(now - set(then), key=lambda u: names[u])]
    lines += [f"{then[uc]} is no longer on the roadmap" for uc in sorted(set(then) - now, key=lambda u: then[u])]
    for row in tracked:
        if row.slip_weeks:
            direction = "later" if row.slip_weeks > 0 else "earlier"
            what = "starts" if row.ongoing else "ends"
            lines.append(
                f"{row.use_case}: {PHASE_LABELS[row.phase].lower()} {what} {abs(row.slip_weeks):g} weeks {direction}"
            )
    return lines


def status_report(
    workshop: Workshop,
    roadmap: Roadmap,
    *,
    as_of: date,
    baseline_id: str | None = None,
    tracked: Sequence[TrackedPhase] | None = None,
) -> StatusReport:
    """The status report as of a day, against a baseline (the latest taken when none is named). `tracked` is the
    analysis's phases against the latest baseline on `as_of`; it is reused when that is the baseline asked for."""
    baseline = workshop.baseline(baseline_id)
    if tracked is None or baseline is not workshop.baseline():
        tracked = track(roadmap, baseline, as_of=as_of)
    slipping = sorted(
        (row for row in tracked if row.status in (PhaseStatus.LATE, PhaseStatus.AT_RISK)),
        key=lambda row: (-(row.slip_weeks or 0), row.use_case),
    )
    horizon = as_of + timedelta(days=GATE_DUE_SOON_DAYS)
    gates = [g for g in gate_calendar(workshop, roadmap, today=as_of) if g.decision is None and g.planned <= horizon]
    off_track = [
        OffTrackKpi(
            use_case_id=uc.id,
            use_case=uc.name,
            metric=kpi.metric,
            latest=kpi.latest(),
            target=kpi.target,
            unit=kpi.unit,
            status=KPI_STATUS_LABELS[kpi_status(kpi)],
        )
        for uc in workshop.active_use_cases()
        for kpi in uc.kpis
        if kpi_status(kpi) == "off_track"
    ]
    return StatusReport(
        as_of=as_of,
        baseline=baseline.name if baseline else None,
        slipping=slipping,
        gates_due=gates,
        kpis_off_track=off_track,
        changes=_changes(tracked, baseline) if baseline else [],
    )


def awaiting_record(tracked: Sequence[TrackedPhase], as_of: date) -> list[TrackedPhase]:
    """Pilot and scaling phases the baseline had begun by `as_of` with no actual start recorded. Re-planning takes
    them as not begun and moves them to start from `as_of`; recording their actual start puts them back."""
    return [
        row
        for row in tracked
        if row.phase in (PhaseName.PILOT, PhaseName.SCALING)
        and row.actual_start is None
        and row.baseline_start is not None
        and row.baseline_start <= as_of
    ]


def awaiting_record_note(tracked: Sequence[TrackedPhase], as_of: date, *, where: str = "") -> str | None:
    """One sentence naming the phases `awaiting_record` finds (the first three), or None when there are none.
    `where` says where actual starts are recorded, such as " on the Progress page"."""
    rows = awaiting_record(tracked, as_of)
    if not rows:
        return None
    one = len(rows) == 1
    names = ", ".join(f"{r.use_case} ({PHASE_LABELS[r.phase].lower()})" for r in rows[:3])
    more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
    return (
        f"{len(rows)} phase{'' if one else 's'} {'was' if one else 'were'} due to begin by {as_of:%d %b %Y} in the "
        f"baseline but {'has' if one else 'have'} no actual start: {names}{more}. The plan takes "
        f"{'it' if one else 'them'} as not begun and starts {'it' if one else 'them'} from that day. Record the "
        f"actual start{where} if {'it' if one else 'they'} did begin."
    )
