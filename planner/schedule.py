"""Phased, capacity- and dependency-aware schedule: a Workshop becomes a Roadmap of dated phases.

Time is counted in whole weeks from the workshop's start date. Pilots and scaling phases each
draw on a pool of parallel "slots"; use cases take them in priority order, prerequisites first.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.models import (
    GATE_LABELS,
    PHASE_LABELS,
    Gate,
    Milestone,
    MonthRange,
    Phase,
    PhaseName,
    PhaseOverride,
    Roadmap,
    RoadmapSummary,
    Stage,
    UseCase,
    Workshop,
)
from planner.readiness import assess
from planner.scoring import rank_use_cases

WEEKS_PER_MONTH = 52 / 12
DAYS_PER_MONTH = 365.25 / 12
GUIDANCE_MONTHS = (6, 18)
ASSESSMENT_ROW = "Organisation-wide assessment"
ASSESSMENT_MILESTONE = "Use cases and KPIs agreed"
INFINITY = math.inf
EARLY_STAGES = (Stage.IDEA, Stage.ASSESSMENT)


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
class _Slot:
    end: float = 0.0
    gaps: list[tuple[float, float]] = field(default_factory=list)

    def earliest_fit(self, earliest: float, length: float) -> tuple[float, int | None]:
        """Earliest start >= `earliest` for `length` weeks; also which gap (None = after the last phase)."""
        best: tuple[float, int | None] = (max(self.end, earliest), None)
        for i, (g_start, g_end) in enumerate(self.gaps):
            start = max(g_start, earliest)
            if start + length <= g_end and start < best[0]:
                best = (start, i)
        return best

    def fits_at(self, start: float, length: float) -> int | bool | None:
        """The gap index (or None for the tail) that holds [start, start+length), or False."""
        if start >= self.end:
            return None
        for i, (g_start, g_end) in enumerate(self.gaps):
            if g_start <= start and start + length <= g_end:
                return i
        return False

    def take(self, start: float, length: float, gap: int | None) -> None:
        end = start + length
        if gap is None:
            if start > self.end:
                self.gaps.append((self.end, start))
            self.end = end
            return
        g_start, g_end = self.gaps.pop(gap)
        if start > g_start:
            self.gaps.append((g_start, start))
        if end < g_end:
            self.gaps.append((end, g_end))


@dataclass
class _Pool:
    """`capacity` parallel lanes; phases forced in beyond capacity get a lane of their own."""

    capacity: int
    slots: list[_Slot] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slots = [_Slot() for _ in range(self.capacity)]

    def place(self, earliest: int, length: int) -> int:
        best_start, best_slot, best_gap = INFINITY, 0, None
        for idx, slot in enumerate(self.slots):
            start, gap = slot.earliest_fit(earliest, length)
            if start < best_start:
                best_start, best_slot, best_gap = start, idx, gap
        self.slots[best_slot].take(best_start, length, best_gap)
        return int(best_start)

    def force(self, start: int, length: int) -> bool:
        """Place at exactly `start`; returns False when that needed a lane beyond capacity."""
        for slot in self.slots:
            gap = slot.fits_at(start, length)
            if gap is not False:
                slot.take(start, length, gap if isinstance(gap, int) and not isinstance(gap, bool) else None)
                return True
        # A closed lane: nothing else may ever be placed in it, so capacity is not raised for others.
        self.slots.append(_Slot(end=INFINITY))
        return False


@dataclass
class _Planned:
    use_case: UseCase
    pilot: tuple[int, int] | None = None
    scaling: tuple[int, int] | None = None
    production: int | None = None
    overridden: set[PhaseName] = field(default_factory=set)


def assessment_weeks(workshop: Workshop) -> tuple[int, bool]:
    """Length of the organisation-wide assessment, and whether it was set by hand."""
    override = workshop.plan.assessment_override
    if override is not None and override.months is not None:
        return weeks_for(override.months), True
    readiness = assess(workshop.readiness)
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
    effort = use_case.scores.get("integration_effort")
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


def _processing_order(roadmap_cases: list[UseCase], rank: dict[str, int]) -> list[UseCase]:
    """Priority order, except that a prerequisite always comes before the use cases that need it."""
    by_id = {uc.id: uc for uc in roadmap_cases}
    waiting = {uc.id: sum(1 for d in uc.depends_on if d in by_id) for uc in roadmap_cases}
    dependants: dict[str, list[str]] = {uc.id: [] for uc in roadmap_cases}
    for uc in roadmap_cases:
        for dep in uc.depends_on:
            if dep in by_id:
                dependants[dep].append(uc.id)
    heap = [(rank[uc_id], uc_id) for uc_id, count in waiting.items() if count == 0]
    heapq.heapify(heap)
    order: list[UseCase] = []
    while heap:
        _, uc_id = heapq.heappop(heap)
        order.append(by_id[uc_id])
        for child in dependants[uc_id]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(heap, (rank[child], child))
    return order


def build_roadmap(workshop: Workshop, *, today: date | None = None) -> Roadmap:
    """Schedule every use case on the roadmap, in priority order, within capacity and dependencies."""
    del today  # The plan does not depend on today; the parameter keeps chart and export calls uniform.
    start = workshop.start_date
    plan = workshop.plan
    warnings: list[str] = []
    ranking = rank_use_cases(workshop)
    rank = {s.use_case_id: s.rank for s in ranking}
    feasibility = {s.use_case_id: s.feasibility for s in ranking}
    technology = assess(workshop.readiness).score("technology")
    horizon = weeks_for(plan.horizon_months)

    assess_len, assess_manual = assessment_weeks(workshop)
    if assess_manual:
        warning = _range_warning(
            UseCase(id="assessment", name=ASSESSMENT_ROW), PhaseName.ASSESSMENT, assess_len, plan.assessment_months
        )
        if warning:
            warnings.append(warning)

    roadmap_cases = [uc for uc in workshop.use_cases if uc.on_roadmap and uc.stage != Stage.RETIRED]
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

    pilots, scaling = _Pool(plan.max_parallel_pilots), _Pool(plan.max_parallel_scaling)
    planned = {uc.id: _Planned(uc) for uc in roadmap_cases}
    order = _processing_order(roadmap_cases, rank)

    # Phases already under way, or pinned by hand, hold their dates: reserve them before the rest.
    over_capacity: dict[PhaseName, list[str]] = {PhaseName.PILOT: [], PhaseName.SCALING: []}
    for uc in order:
        item = planned[uc.id]
        pilot_override = _override(uc, PhaseName.PILOT)
        if uc.stage == Stage.PILOT or (pilot_override and pilot_override.start and uc.stage in EARLY_STAGES):
            length = pilot_weeks(workshop, feasibility[uc.id])
            if pilot_override and pilot_override.months:
                length = weeks_for(pilot_override.months)
                item.overridden.add(PhaseName.PILOT)
            at = 0
            if pilot_override and pilot_override.start:
                at = max(0, _week_of(start, pilot_override.start))
                item.overridden.add(PhaseName.PILOT)
            if not pilots.force(at, length):
                over_capacity[PhaseName.PILOT].append(uc.name)
            item.pilot = (at, at + length)
        scaling_override = _override(uc, PhaseName.SCALING)
        if uc.stage == Stage.SCALING or (scaling_override and scaling_override.start and uc.stage != Stage.PRODUCTION):
            length = _scaling_length(workshop, uc, technology, item)
            at = 0
            if scaling_override and scaling_override.start:
                at = max(0, _week_of(start, scaling_override.start))
                item.overridden.add(PhaseName.SCALING)
            if not scaling.force(at, length):
                over_capacity[PhaseName.SCALING].append(uc.name)
            item.scaling = (at, at + length)
    for phase, names in over_capacity.items():
        if names:
            capacity = plan.max_parallel_pilots if phase == PhaseName.PILOT else plan.max_parallel_scaling
            warnings.append(
                f"More {PHASE_LABELS[phase].lower()} phases run at once than the capacity of {capacity} allows "
                f"({', '.join(names)}): raise the capacity or move a start date."
            )

    for uc in order:
        item = planned[uc.id]
        if uc.stage == Stage.PRODUCTION:
            item.production = 0
            continue
        prerequisites_ready = max(
            (planned[d].production or 0 for d in uc.depends_on if d in planned),
            default=0,
        )
        if uc.stage in EARLY_STAGES:
            earliest = max(assess_len, prerequisites_ready)
            if item.pilot is None:
                length = pilot_weeks(workshop, feasibility[uc.id])
                pilot_override = _override(uc, PhaseName.PILOT)
                if pilot_override and pilot_override.months:
                    length = weeks_for(pilot_override.months)
                    item.overridden.add(PhaseName.PILOT)
                at = pilots.place(earliest, length)
                item.pilot = (at, at + length)
            elif item.pilot[0] < earliest:
                reason = "the assessment ends" if item.pilot[0] < assess_len else "its prerequisites reach production"
                warnings.append(f"{uc.name}: the pilot is set to start before {reason}.")
        if item.pilot is not None and PhaseName.PILOT in item.overridden:
            warning = _range_warning(uc, PhaseName.PILOT, item.pilot[1] - item.pilot[0], plan.pilot_months)
            if warning:
                warnings.append(warning)

        ready = item.pilot[1] if item.pilot is not None else 0
        if item.scaling is None:
            length = _scaling_length(workshop, uc, technology, item)
            at = scaling.place(ready, length)
            item.scaling = (at, at + length)
        elif item.scaling[0] < ready:
            warnings.append(f"{uc.name}: scaling is set to start before the go/no-go gate.")
        if PhaseName.SCALING in item.overridden:
            warning = _range_warning(uc, PhaseName.SCALING, item.scaling[1] - item.scaling[0], plan.scaling_months)
            if warning:
                warnings.append(warning)
        item.production = item.scaling[1]

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
    ranking: list,  # type: ignore[type-arg]
    assess_len: int,
    assess_manual: bool,
    horizon: int,
) -> tuple[list[Phase], list[Milestone]]:
    start = workshop.start_date

    def day(week: float) -> date:
        return start + timedelta(weeks=int(week))

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
        production = item.production or 0
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
