"""Phase-gate checklists, KPI status and the gate calendar (planned gate dates and their status).

Held as data so the Gates page and the Excel export show exactly the same items. The risk register is in risks.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, get_args

from pydantic import BaseModel

from planner.domain.models import KPI, UseCase, Workshop
from planner.domain.results import Roadmap
from planner.domain.vocabulary import Decision, Direction, Gate, PhaseName


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    why: str


CHECKLISTS: Mapping[PhaseName, tuple[ChecklistItem, ...]] = MappingProxyType(
    {
        PhaseName.ASSESSMENT: (
            ChecklistItem(
                id="assessment_readiness",
                text="Readiness questionnaire completed with the room, blockers reviewed",
                why="A gap found before the pilots costs weeks; found halfway through a pilot it costs months.",
            ),
            ChecklistItem(
                id="assessment_data_inventory",
                text="Data each shortlisted use case needs is listed with its source, owner and quality",
                why="Poor or unreachable data is among the most frequent reasons a pilot never reaches production.",
            ),
            ChecklistItem(
                id="assessment_objectives",
                text="Every shortlisted use case is tied to a business objective",
                why="A pilot that serves no stated goal is hard to fund once the trial is over.",
            ),
            ChecklistItem(
                id="assessment_prioritised",
                text="Use cases scored on impact, feasibility and strategic importance, and ranked",
                why="An open ranking explains to everyone why some ideas wait their turn.",
            ),
            ChecklistItem(
                id="assessment_kpis",
                text="KPIs with a baseline and a target agreed for each pilot before it starts",
                why="Without a baseline and a target set in advance, nobody can say whether a pilot worked.",
            ),
            ChecklistItem(
                id="assessment_sponsor",
                text="An executive sponsor is named and has approved the roadmap",
                why="Without visible backing from the top, AI work struggles for budget and cooperation.",
            ),
            ChecklistItem(
                id="assessment_skills",
                text="Skill gaps are known, with a plan to train, hire or bring in a partner",
                why="New roles are needed; discovering that mid-pilot stalls the work.",
            ),
        ),
        PhaseName.PILOT: (
            ChecklistItem(
                id="pilot_scope",
                text="Scope is bounded: one process, one user group, an end date within 3–6 months",
                why="Pilots that try to fix an organisation-wide problem rarely finish or prove anything.",
            ),
            ChecklistItem(
                id="pilot_end_users",
                text="End users helped design and test the solution and gave recorded feedback",
                why="However accurate a model is, people will not use it if it does not fit how they work.",
            ),
            ChecklistItem(
                id="pilot_stakeholders",
                text="Sponsor, IT and business teams were kept up to date throughout the pilot",
                why="Teams left out of a pilot tend to push back when it comes to scale.",
            ),
            ChecklistItem(
                id="pilot_technical_validation",
                text="Technical validation done on realistic data the model had not seen",
                why="A score on the training data says little about behaviour on tomorrow's cases.",
            ),
            ChecklistItem(
                id="pilot_business_validation",
                text="KPIs measured against their baseline in realistic conditions",
                why="The go / no-go decision should rest on measured business effect, not on a demo.",
            ),
            ChecklistItem(
                id="pilot_monitoring",
                text="Basic monitoring and error handling are running",
                why="Both become essential in production; starting them now avoids surprises at go-live.",
            ),
            ChecklistItem(
                id="pilot_documentation",
                text="Documentation written for the people who will support it",
                why="Support teams cannot run what only the pilot team understands.",
            ),
            ChecklistItem(
                id="pilot_version_control",
                text="Code, data versions and models are under version control",
                why="Scaling means rebuilding the pilot exactly; that is impossible without versions.",
            ),
        ),
        PhaseName.SCALING: (
            ChecklistItem(
                id="scaling_infrastructure",
                text="Production infrastructure sized for peak load, with redundancy for availability",
                why="Pilot set-ups are seldom built for real volumes or for surviving an outage.",
            ),
            ChecklistItem(
                id="scaling_integration_tests",
                text="Integration tests pass against the real systems the AI component connects to",
                why="Most scaling trouble appears where the model meets existing systems and data flows.",
            ),
            ChecklistItem(
                id="scaling_security",
                text="Security reviewed: access control, encrypted sensitive data, incident response",
                why="A live AI system is a target; protection added afterwards is weaker and costlier.",
            ),
            ChecklistItem(
                id="scaling_governance",
                text="Model governance in place: versioning, approval of updates, compliance sign-off",
                why="Once decisions affect customers or money, someone must be accountable for each model change.",
            ),
            ChecklistItem(
                id="scaling_slas",
                text="Service levels agreed with the business (availability, response time, support hours)",
                why="Without agreed service levels, every slowdown becomes an argument.",
            ),
            ChecklistItem(
                id="scaling_escalation",
                text="Escalation path defined: who is called, in what order, for which problem",
                why="Incidents drag on when nobody knows who decides.",
            ),
            ChecklistItem(
                id="scaling_runbooks",
                text="Runbooks written for the common failures",
                why="Night and weekend support should not depend on the original developers.",
            ),
            ChecklistItem(
                id="scaling_operations_team",
                text="An operations team is named and has accepted the hand-over",
                why="Moving from a project to a running service is the step organisations most often underestimate.",
            ),
        ),
        PhaseName.OPTIMIZATION: (
            ChecklistItem(
                id="optimization_technical_monitoring",
                text="Technical metrics tracked: accuracy, response time, resource use, availability",
                why="Performance slips quietly unless someone watches the numbers.",
            ),
            ChecklistItem(
                id="optimization_business_monitoring",
                text="Business KPIs tracked against the pilot baseline",
                why="A model can look healthy technically while the business effect fades.",
            ),
            ChecklistItem(
                id="optimization_drift_alerts",
                text="Automatic alerts fire when input data or accuracy drifts",
                why="Shifts in the data degrade a model silently; alerts turn that into a ticket.",
            ),
            ChecklistItem(
                id="optimization_retraining",
                text="Retraining or revalidation schedule agreed, with an owner",
                why="Conditions change; a model that is never refreshed gets steadily worse.",
            ),
            ChecklistItem(
                id="optimization_improvement_roadmap",
                text="Improvement roadmap kept in step with business strategy",
                why="Going live is where value starts, not where the work ends.",
            ),
            ChecklistItem(
                id="optimization_retrospectives",
                text="Regular retrospectives held and lessons written down for the next use case",
                why="Recorded lessons make every later AI project faster and safer.",
            ),
        ),
    }
)


def checklist(phase: PhaseName) -> tuple[ChecklistItem, ...]:
    """The checklist for one phase; KeyError for an unknown phase."""
    return CHECKLISTS[phase]


def progress(ticked: Iterable[str], phase: PhaseName) -> tuple[int, int]:
    """(done, total) for one phase; ids from other phases or from older files are ignored."""
    ticked_ids = set(ticked)
    items = checklist(phase)
    return sum(1 for item in items if item.id in ticked_ids), len(items)


def has_kpi_target(use_case: UseCase) -> bool:
    """KPIs must be agreed before a pilot starts: at least one with a target."""
    return any(kpi.target is not None for kpi in use_case.kpis)


KpiStatus = Literal["no_target", "not_measured", "on_track", "off_track", "achieved"]
KPI_STATUSES: tuple[KpiStatus, ...] = get_args(KpiStatus)
KPI_STATUS_LABELS: Mapping[KpiStatus, str] = MappingProxyType(
    {
        "no_target": "No target set",
        "not_measured": "Not measured yet",
        "on_track": "On track",
        "off_track": "Off track",
        "achieved": "Target reached",
    }
)

# Halfway from baseline to target counts as on track: it is where a pilot should be by its mid-point review.
ON_TRACK_SHARE = 0.5


def kpi_status(kpi: KPI) -> KpiStatus:
    """Where a KPI stands against its target, in the direction it should move."""
    if kpi.target is None:
        return "no_target"
    current = kpi.latest()  # the latest measurement, else the value typed in
    if current is None:
        return "not_measured"
    reached = current <= kpi.target if kpi.direction == Direction.DECREASE else current >= kpi.target
    if reached:
        return "achieved"
    if kpi.baseline is None or kpi.target == kpi.baseline:
        return "off_track"
    covered = (current - kpi.baseline) / (kpi.target - kpi.baseline)
    return "on_track" if covered >= ON_TRACK_SHARE else "off_track"


GateStatus = Literal["decided", "overdue", "due soon", "planned"]
GATE_DUE_SOON_DAYS = 30  # the status report lists the gates due within this many days


class GateDate(BaseModel):
    """One gate of one use case on the plan: when it falls, and what was decided there if anything."""

    use_case_id: str
    use_case: str
    gate: Gate
    planned: date
    decision: Decision | None
    decided_on: date | None
    status: GateStatus


def gate_calendar(workshop: Workshop, roadmap: Roadmap, *, today: date) -> list[GateDate]:
    """Every planned gate in date order, with the latest decision recorded for it. A gate with no decision is
    overdue once its date has passed, and due soon within GATE_DUE_SOON_DAYS."""
    cases = {uc.id: uc for uc in workshop.use_cases}
    rows: list[GateDate] = []
    for milestone in roadmap.milestones:
        if milestone.gate is None or milestone.use_case_id not in cases:
            continue
        uc = cases[milestone.use_case_id]
        decided = [d for d in uc.gate_decisions if d.gate == milestone.gate]
        latest = max(decided, key=lambda d: d.date) if decided else None
        if latest is not None:
            status: GateStatus = "decided"
        elif milestone.date < today:
            status = "overdue"
        elif (milestone.date - today).days <= GATE_DUE_SOON_DAYS:
            status = "due soon"
        else:
            status = "planned"
        rows.append(
            GateDate(
                use_case_id=uc.id,
                use_case=uc.name,
                gate=milestone.gate,
                planned=milestone.date,
                decision=latest.decision if latest else None,
                decided_on=latest.date if latest else None,
                status=status,
            )
        )
    return sorted(rows, key=lambda r: (r.planned, r.use_case))
