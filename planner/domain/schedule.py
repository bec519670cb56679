"""Phased, capacity- and dependency-aware schedule: a Workshop becomes a Roadmap of dated phases.

Time is counted in whole weeks from the workshop's start date. Pilots and scaling phases each
draw on a pool of parallel "slots"; use cases take them in priority order, prerequisites first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.domain.models import (
    DAYS_PER_MONTH,
    GATE_LABELS,
    GUIDANCE_MONTHS,
    PHASE_LABELS,
    WEEKS_PER_MONTH,
    CriterionRole,
    Decision,
    Gate,
    GateDecision,
    Milestone,
    MonthRange,
    Phase,
    PhaseName,
    PhaseOverride,
    Roadmap,
    RoadmapSummary,
    Stage,
    UseCase,
    UseCaseScore,
    Workshop,
)
from planner.domain.readiness import ReadinessResult, assess
from planner.domain.scoring import rank_use_cases

ASSESSMENT_ROW = "Organisation-wide assessment"
ASSESSMENT_MILESTONE = "Use cases and KPIs agreed"
EARLY_STAGES = (Stage.IDEA, Stage.ASSESSMENT)
# Nothing is started later than this after the start date, so every date stays far inside what a date can hold,
# even for 10,000 use cases through one pilot slot. What does not fit is named in a warning.
PLAN_LIMIT_YEARS = 100


def weeks_for(months: float) -> int:
    """Whole weeks in a number of months, rounding half up and never below one week."""
    return max(1, math.floor(months * WEEKS_PER_MONTH + 0.5))


def months_between(start: date, end: date) -> float:
    return round((end - start).days / DAYS_PER_MONTH, 1)


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def _weeks_in_range(span: MonthRange, fraction: float) -> int:
    """Interpolate a length inside the method's range; fraction 0 is the shortest, 1 the longest."""
    low, high = weeks_for(span.min), weeks_for(span.max)
    return min(high, max(low, weeks_for(span.min + (span.max - span.min) * _clamp(fraction))))


@dataclass
class _Lane:
    """Parallel capacity for one kind of phase (pilots or scaling).

    Fixed phases (already under way, or pinned by hand) are known up front; the planner starts the
    others one at a time as the simulated clock moves forward, so a lane never needs to look back.
    """

    capacity: int
    fixed: list[tuple[int, int]] = field(default_factory=list)
    running: list[int] = field(default_factory=list)  # heap of end weeks of phases the planner started

    def __post_init__(self) -> None:
        self.fixed_until = max((end for _, end in self.fixed), default=0)

    def _fixed_peak(self, start: int, end: int) -> int:
        if not self.fixed or start >= self.fixed_until:
            return 0
        overlapping = [(s, e) for s, e in self.fixed if s < end and e > start]
        if not overlapping:
            return 0
        points = {max(s, start) for s, _ in overlapping}
        return max(sum(1 for s, e in overlapping if s <= point < e) for point in points)

    def free(self, now: int) -> bool:
        while self.running and self.running[0] <= now:
            heapq.heappop(self.running)
        return len(self.running) < self.capacity

    def fits(self, now: int, length: int) -> bool:
        return len(self.running) + self._fixed_peak(now, now + length) < self.capacity

    def start(self, now: int, length: int) -> None:
        heapq.heappush(self.running, now + length)

    def fixed_over_capacity(self, interval: tuple[int, int]) -> bool:
        return self._fixed_peak(*interval) > self.capacity


@dataclass
class _Planned:
    use_case: UseCase
    pilot: tuple[int, int] | None = None
    scaling: tuple[int, int] | None = None
    production: int | None = None
    overridden: set[PhaseName] = field(default_factory=set)
    stopped_after: PhaseName | None = None  # a no-go at the gate that ends this phase


def assessment_weeks(workshop: Workshop, readiness: ReadinessResult | None = None) -> tuple[int, bool]:
    """Length of the organisation-wide assessment, and whether it was set by hand."""
    override = workshop.plan.assessment_override
    if override is not None and override.months is not None:
        return weeks_for(override.months), True
    readiness = readiness or assess(workshop.readiness)
    # Low overall readiness or weak data means more groundwork before any pilot can start.
    index_fraction = 0.5 if readiness.index is None else _clamp((60 - readiness.index) / 40)
    data = readiness.score("data")
    data_fraction = 0.0 if data is None else _clamp((3.5 - data) / 1.5)
    return _weeks_in_range(workshop.plan.assessment_months, max(index_fraction, data_fraction)), False


def pilot_weeks(workshop: Workshop, feasibility: float) -> int:
    """Low feasibility stretches a pilot towards the long end of its range."""
    return _weeks_in_range(workshop.plan.pilot_months, 1 - feasibility / 100)


def scaling_weeks(workshop: Workshop, use_case: UseCase, technology: float | None) -> int:
    """Heavy integration work or weak technology readiness stretches scaling."""
    effort = workshop.role_score(use_case, CriterionRole.INTEGRATION_EFFORT)
    effort_gap = 0.5 if effort is None else (effort - 1) / 4
    tech_gap = 0.5 if technology is None else _clamp((3.5 - technology) / 2.5)
    return _weeks_in_range(workshop.plan.scaling_months, max(effort_gap, tech_gap))


def _override(use_case: UseCase, phase: PhaseName) -> PhaseOverride | None:
    return use_case.overrides.get(phase)


def _scaling_length(workshop: Workshop, use_case: UseCase, technology: float | None, item: _Planned) -> int:
    override = _override(use_case, PhaseName.SCALING)
    if override and override.months:
        item.overridden.add(PhaseName.SCALING)
        return weeks_for(override.months)
    return scaling_weeks(workshop, use_case, technology)


def _week_of(start: date, day: date) -> int:
    return round((day - start).days / 7)


def _range_warning(use_case: UseCase, phase: PhaseName, weeks: int, span: MonthRange) -> str | None:
    if weeks_for(span.min) <= weeks <= weeks_for(span.max):
        return None
    months = weeks / WEEKS_PER_MONTH
    return (
        f"{use_case.name}: the {PHASE_LABELS[phase].lower()} phase is set to {months:.1f} months, "
        f"outside the method's {span.min:g}–{span.max:g} months. Check the override is intended."
    )


def _apply_gate_decisions(planned: dict[str, _Planned]) -> list[str]:
    """A no-go at a gate (the latest decision for that gate) stops the use case after that phase."""
    warnings = []
    for item in planned.values():
        latest: dict[Gate, GateDecision] = {}
        for decision in sorted(item.use_case.gate_decisions, key=lambda d: d.date):
            latest[decision.gate] = decision
        for gate, phase in ((Gate.GO_NO_GO, PhaseName.PILOT), (Gate.PRODUCTION_READINESS, PhaseName.SCALING)):
            said = latest.get(gate)
            if said is not None and said.decision == Decision.NO_GO:
                item.stopped_after = phase
                warnings.append(
                    f"{item.use_case.name}: no-go at the {GATE_LABELS[gate].lower()} on {said.date:%d %b %Y}; "
                    f"the plan stops it after the {PHASE_LABELS[phase].lower()} phase."
                )
                break
    return warnings


def _fix_phases(
    workshop: Workshop, planned: dict[str, _Planned], feasibility: dict[str, float], technology: float | None
) -> dict[str, tuple[int, int]]:
    """Pin phases already under way or set by hand, and return every use case's (pilot, scaling) lengths."""
    start = workshop.start_date
    lengths: dict[str, tuple[int, int]] = {}
    for uc_id, item in planned.items():
        uc = item.use_case
        pilot_override, scaling_override = _override(uc, PhaseName.PILOT), _override(uc, PhaseName.SCALING)
        pilot_len = pilot_weeks(workshop, feasibility[uc_id])
        if pilot_override and pilot_override.months:
            pilot_len = weeks_for(pilot_override.months)
            item.overridden.add(PhaseName.PILOT)
        scaling_len = _scaling_length(workshop, uc, technology, item)
        lengths[uc_id] = (pilot_len, scaling_len)
        if uc.stage == Stage.PILOT or (pilot_override and pilot_override.start and uc.stage in EARLY_STAGES):
            at = 0
            if pilot_override and pilot_override.start:
                at = max(0, _week_of(start, pilot_override.start))
                item.overridden.add(PhaseName.PILOT)
            item.pilot = (at, at + pilot_len)
        if uc.stage == Stage.SCALING or (scaling_override and scaling_override.start and uc.stage != Stage.PRODUCTION):
            at = 0
            if scaling_override and scaling_override.start:
                at = max(0, _week_of(start, scaling_override.start))
                item.overridden.add(PhaseName.SCALING)
            item.scaling = (at, at + scaling_len)
    return lengths


_END, _RELEASE, _WAKE = 0, 1, 2


def _simulate(
    planned: dict[str, _Planned],
    lanes: dict[PhaseName, _Lane],
    lengths: dict[str, tuple[int, int]],
    rank: dict[str, int],
    assess_len: int,
    limit: int,
) -> None:
    """Move a clock forward week by week of interest; whenever a lane has room, start the best-ranked ready phase.

    A prerequisite's production releases the pilots that wait for it, so a waiting use case never holds a
    lane that a lower-ranked, ready one could use. Heaps keep this at O(n log n).
    """
    events: list[tuple[int, int, str, str]] = []
    dependants: dict[str, list[str]] = {uc_id: [] for uc_id in planned}
    waiting: dict[str, int] = {}
    for uc_id, item in planned.items():
        uc = item.use_case
        if uc.stage == Stage.PRODUCTION:
            heapq.heappush(events, (0, _END, "production", uc_id))
            continue
        if item.scaling is not None:
            heapq.heappush(events, (item.scaling[1], _END, "production", uc_id))
        if item.pilot is not None:
            heapq.heappush(events, (item.pilot[1], _END, "pilot", uc_id))
        elif uc.stage in EARLY_STAGES:
            deps = [d for d in uc.depends_on if d in planned]
            waiting[uc_id] = len(deps)
            for dep in deps:
                dependants[dep].append(uc_id)
            if not deps:
                heapq.heappush(events, (assess_len, _RELEASE, "release", uc_id))
    for lane in lanes.values():
        for fixed_start, fixed_end in lane.fixed:
            heapq.heappush(events, (fixed_start, _WAKE, "wake", ""))
            heapq.heappush(events, (fixed_end, _WAKE, "wake", ""))

    ready: dict[PhaseName, list[tuple[int, str]]] = {PhaseName.PILOT: [], PhaseName.SCALING: []}
    while events:
        now = events[0][0]
        if now > limit:
            break
        while events and events[0][0] == now:
            _, _, kind, uc_id = heapq.heappop(events)
            if uc_id not in planned:
                continue
            item = planned[uc_id]
            if kind == "release":
                heapq.heappush(ready[PhaseName.PILOT], (rank[uc_id], uc_id))
                continue
            stops_here = (kind == "pilot" and item.stopped_after == PhaseName.PILOT) or (
                kind == "production" and item.stopped_after == PhaseName.SCALING
            )
            if kind == "pilot" and item.scaling is None and not stops_here:
                heapq.heappush(ready[PhaseName.SCALING], (rank[uc_id], uc_id))
            elif kind == "production" and not stops_here:
                item.production = now
            if kind == "production" or stops_here:
                # A stopped use case no longer holds up the use cases that waited for it (the plan warns).
                for child in dependants[uc_id]:
                    waiting[child] -= 1
                    if waiting[child] == 0:
                        heapq.heappush(events, (max(now, assess_len), _RELEASE, "release", child))
        for phase, lane in lanes.items():
            queue, blocked = ready[phase], []
            while queue and lane.free(now):
                order, uc_id = heapq.heappop(queue)
                length = lengths[uc_id][0 if phase == PhaseName.PILOT else 1]
                if not lane.fits(now, length):
                    # A phase pinned later on would be squeezed out: try a lower-ranked one now, this one later.
                    blocked.append((order, uc_id))
                    continue
                lane.start(now, length)
                item = planned[uc_id]
                if phase == PhaseName.PILOT:
                    item.pilot = (now, now + length)
                    heapq.heappush(events, (now + length, _END, "pilot", uc_id))
                else:
                    item.scaling = (now, now + length)
                    heapq.heappush(events, (now + length, _END, "production", uc_id))
            for entry in blocked:
                heapq.heappush(queue, entry)


def build_roadmap(
    workshop: Workshop,
    *,
    today: date | None = None,
    ranking: Sequence[UseCaseScore] | None = None,
    readiness: ReadinessResult | None = None,
) -> Roadmap:
    """Schedule every use case on the roadmap, in priority order, within capacity and dependencies.

    `ranking` and `readiness` are this workshop's, when the caller has them already (see planner.domain.analysis).
    """
    # `today` never moves the plan (it is made from the start date); it only adds a warning when the plan is stale.
    plan = workshop.plan
    warnings: list[str] = []
    if ranking is None:
        ranking = rank_use_cases(workshop, explain=False)
    readiness = readiness or assess(workshop.readiness)
    rank = {s.use_case_id: s.rank for s in ranking}
    feasibility = {s.use_case_id: s.feasibility for s in ranking}
    technology = readiness.score("technology")
    horizon = weeks_for(plan.horizon_months)

    assess_len, assess_manual = assessment_weeks(workshop, readiness)
    if assess_manual:
        warning = _range_warning(
            UseCase(id="assessment", name=ASSESSMENT_ROW), PhaseName.ASSESSMENT, assess_len, plan.assessment_months
        )
        if warning:
            warnings.append(warning)

    roadmap_cases = [uc for uc in workshop.active_use_cases() if uc.on_roadmap]
    on_roadmap = {uc.id for uc in roadmap_cases}
    by_id = {uc.id: uc for uc in workshop.use_cases}
    for uc in roadmap_cases:
        for dep in uc.depends_on:
            prerequisite = by_id[dep]
            if dep not in on_roadmap and prerequisite.stage != Stage.PRODUCTION:
                warnings.append(
                    f"{uc.name} depends on {prerequisite.name}, which is not on the roadmap: "
                    f"add it, or remove the dependency."
                )

    planned = {uc.id: _Planned(uc) for uc in roadmap_cases}
    lengths = _fix_phases(workshop, planned, feasibility, technology)
    lanes = {
        PhaseName.PILOT: _Lane(plan.max_parallel_pilots, [p.pilot for p in planned.values() if p.pilot]),
        PhaseName.SCALING: _Lane(plan.max_parallel_scaling, [p.scaling for p in planned.values() if p.scaling]),
    }
    for phase, lane in lanes.items():
        names = [
            p.use_case.name
            for p in planned.values()
            if (interval := (p.pilot if phase == PhaseName.PILOT else p.scaling)) and lane.fixed_over_capacity(interval)
        ]
        if names:
            warnings.append(
                f"More {PHASE_LABELS[phase].lower()} phases run at once than the capacity of {lane.capacity} allows "
                f"({', '.join(names)}): raise the capacity or move a start date."
            )
    warnings.extend(_apply_gate_decisions(planned))
    _simulate(planned, lanes, lengths, rank, assess_len, weeks_for(12 * PLAN_LIMIT_YEARS))
    unplanned = [p.use_case.name for p in planned.values() if p.use_case.stage in EARLY_STAGES and p.pilot is None]
    if unplanned:
        warnings.append(
            f"{len(unplanned)} use cases do not fit within {PLAN_LIMIT_YEARS} years at this capacity and are not "
            f"shown ({', '.join(unplanned[:3])}{'…' if len(unplanned) > 3 else ''}): add capacity or take fewer "
            "onto the roadmap."
        )
    by_name = {uc.id: uc.name for uc in workshop.use_cases}
    start_day = workshop.start_date
    for item in planned.values():
        uc = item.use_case
        if item.stopped_after is not None:
            for child in (p for p in planned.values() if uc.id in p.use_case.depends_on):
                warnings.append(
                    f"{child.use_case.name} depends on {uc.name}, which was stopped at its gate: "
                    "remove the dependency or choose another prerequisite."
                )
        if uc.stage in (Stage.PILOT, Stage.SCALING) and item.scaling is not None:
            for dep in uc.depends_on:
                ready_at = planned[dep].production if dep in planned else None
                if ready_at is not None and ready_at > item.scaling[0]:
                    warnings.append(
                        f"{uc.name} is already under way but needs {by_name[dep]}, which only reaches production "
                        f"on {start_day + timedelta(weeks=ready_at):%d %b %Y}: check the order."
                    )
    if today is not None and today > start_day:
        late = [
            p.use_case.name
            for p in planned.values()
            if p.use_case.stage in EARLY_STAGES
            and p.pilot is not None
            and start_day + timedelta(weeks=p.pilot[0]) < today
        ]
        if late:
            warnings.append(
                f"The plan started on {start_day:%d %b %Y}, so {len(late)} use cases still at the idea or assessment "
                f"stage should already be in pilot ({', '.join(late[:3])}{'…' if len(late) > 3 else ''}): "
                "update their stages, or move the start date."
            )

    for uc in roadmap_cases:
        item = planned[uc.id]
        if item.pilot is not None and uc.stage in EARLY_STAGES and PhaseName.PILOT in item.overridden:
            earliest = max([assess_len, *(planned[d].production or 0 for d in uc.depends_on if d in planned)])
            if item.pilot[0] < earliest:
                reason = "the assessment ends" if item.pilot[0] < assess_len else "its prerequisites reach production"
                warnings.append(f"{uc.name}: the pilot is set to start before {reason}.")
        if item.scaling is not None and item.pilot is not None and item.scaling[0] < item.pilot[1]:
            warnings.append(f"{uc.name}: scaling is set to start before the go/no-go gate.")
        for phase, interval, span in (
            (PhaseName.PILOT, item.pilot, plan.pilot_months),
            (PhaseName.SCALING, item.scaling, plan.scaling_months),
        ):
            if interval is not None and phase in item.overridden:
                warning = _range_warning(uc, phase, interval[1] - interval[0], span)
                if warning:
                    warnings.append(warning)

    phases, milestones = _phases_and_milestones(workshop, planned, ranking, assess_len, assess_manual, horizon)
    for item in planned.values():
        if item.production is not None and item.production > horizon:
            warnings.append(
                f"{item.use_case.name} reaches production after the {plan.horizon_months}-month horizon: "
                "extend the horizon or add capacity."
            )

    summary = _summary(workshop, planned, assess_len, horizon)
    if summary.total_months is not None and not summary.within_guidance:
        low, high = GUIDANCE_MONTHS
        if summary.total_months > high:
            warnings.append(
                f"Reaching production for every use case takes {summary.total_months:.1f} months, longer than "
                f"the usual {low}–{high}: add capacity, or take fewer use cases onto this roadmap."
            )
        elif summary.total_months < low:
            warnings.append(
                f"The plan reaches production in {summary.total_months:.1f} months, faster than the usual "
                f"{low}–{high}: check the phase lengths are realistic."
            )
    if not roadmap_cases:
        warnings.append("No use case is on the roadmap yet: choose some on the Prioritise page.")

    row_order = [s.use_case_id for s in ranking if s.use_case_id in planned]
    return Roadmap(phases=phases, milestones=milestones, warnings=warnings, summary=summary, order=row_order)


def _phases_and_milestones(
    workshop: Workshop,
    planned: dict[str, _Planned],
    ranking: Sequence[UseCaseScore],
    assess_len: int,
    assess_manual: bool,
    horizon: int,
) -> tuple[list[Phase], list[Milestone]]:
    start = workshop.start_date

    days: dict[int, date] = {}

    def day(week: int) -> date:
        if week not in days:
            days[week] = start + timedelta(weeks=week)
        return days[week]

    phases = [
        Phase(
            use_case_id=None,
            use_case=ASSESSMENT_ROW,
            phase=PhaseName.ASSESSMENT,
            start=start,
            end=day(assess_len),
            overridden=assess_manual,
        )
    ]
    milestones = [Milestone(use_case_id=None, name=ASSESSMENT_MILESTONE, date=day(assess_len))]
    for score in ranking:
        item = planned.get(score.use_case_id)
        if item is None:
            continue
        uc = item.use_case
        if item.pilot is not None:
            phases.append(
                Phase(
                    use_case_id=uc.id,
                    use_case=uc.name,
                    phase=PhaseName.PILOT,
                    start=day(item.pilot[0]),
                    end=day(item.pilot[1]),
                    overridden=PhaseName.PILOT in item.overridden,
                )
            )
            milestones.append(
                Milestone(
                    use_case_id=uc.id, name=GATE_LABELS[Gate.GO_NO_GO], date=day(item.pilot[1]), gate=Gate.GO_NO_GO
                )
            )
        if item.scaling is not None:
            phases.append(
                Phase(
                    use_case_id=uc.id,
                    use_case=uc.name,
                    phase=PhaseName.SCALING,
                    start=day(item.scaling[0]),
                    end=day(item.scaling[1]),
                    overridden=PhaseName.SCALING in item.overridden,
                )
            )
            milestones.append(
                Milestone(
                    use_case_id=uc.id,
                    name=GATE_LABELS[Gate.PRODUCTION_READINESS],
                    date=day(item.scaling[1]),
                    gate=Gate.PRODUCTION_READINESS,
                )
            )
        if item.production is None:
            continue  # stopped at a gate: no production, so no optimisation
        production = item.production
        # Optimisation runs to the horizon; a late use case still gets a short bar so it stays visible.
        phases.append(
            Phase(
                use_case_id=uc.id,
                use_case=uc.name,
                phase=PhaseName.OPTIMIZATION,
                start=day(production),
                end=day(max(horizon, production + 4)),
                ongoing=True,
            )
        )
    return phases, milestones


def _summary(workshop: Workshop, planned: dict[str, _Planned], assess_len: int, horizon: int) -> RoadmapSummary:
    start = workshop.start_date
    new = [p.production for p in planned.values() if p.production is not None and p.use_case.stage != Stage.PRODUCTION]
    first = start + timedelta(weeks=min(new)) if new else None
    last = start + timedelta(weeks=max(new)) if new else None
    total = months_between(start, last) if last else None
    low, high = GUIDANCE_MONTHS
    return RoadmapSummary(
        start=start,
        assessment_end=start + timedelta(weeks=assess_len),
        first_production=first,
        months_to_first_production=months_between(start, first) if first else None,
        all_in_production=last,
        total_months=total,
        within_guidance=None if total is None else low <= total <= high,
        scheduled_use_cases=len(planned),
        horizon_end=start + timedelta(weeks=horizon),
    )


def phases_in_order(roadmap: Roadmap) -> list[Phase]:
    """The plan read top to bottom: the assessment first, then each use case in roadmap order, its phases in
    sequence. The Gantt sheet's rows and the viewer's list both follow it."""
    by_use_case: dict[str | None, list[Phase]] = {}
    for phase in roadmap.phases:
        by_use_case.setdefault(phase.use_case_id, []).append(phase)
    sequence = list(PhaseName)
    rows = list(by_use_case.get(None, []))
    for uc_id in roadmap.order:
        rows.extend(sorted(by_use_case.get(uc_id, []), key=lambda p: sequence.index(p.phase)))
    return rows
