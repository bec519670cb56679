"""Phased, capacity- and dependency-aware schedule: a Workshop becomes a Roadmap of dated phases.

Time is counted in whole weeks from the workshop's start date. Pilots and scaling phases each
draw on a pool of parallel "slots"; use cases take them in priority order, prerequisites first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from datetime import date, timedelta

from planner.domain.models import CriterionRole, MonthRange, PhaseActual, PhaseOverride, UseCase, Workshop
from planner.domain.plan_state import (
    ASSESSMENT_MILESTONE,
    ASSESSMENT_ROW,
    EARLY_STAGES,
    PLAN_LIMIT_YEARS,
    Budget,
    Lane,
    Planned,
    Teams,
    months_between,
    stops_after,
    weeks_for,
)
from planner.domain.plan_warnings import PlanFacts, plan_warnings
from planner.domain.readiness import ReadinessResult, assess
from planner.domain.results import Milestone, Phase, Roadmap, RoadmapSummary, UseCaseScore
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import GATE_LABELS, GUIDANCE_MONTHS, Gate, PhaseName, Stage


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def _weeks_in_range(span: MonthRange, fraction: float) -> int:
    """Interpolate a length inside the method's range; fraction 0 is the shortest, 1 the longest."""
    low, high = weeks_for(span.min), weeks_for(span.max)
    return min(high, max(low, weeks_for(span.min + (span.max - span.min) * _clamp(fraction))))


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


def _scaling_length(workshop: Workshop, use_case: UseCase, technology: float | None, item: Planned) -> int:
    override = _override(use_case, PhaseName.SCALING)
    if override and override.months:
        item.overridden.add(PhaseName.SCALING)
        return weeks_for(override.months)
    return scaling_weeks(workshop, use_case, technology)


def _week_of(start: date, day: date) -> int:
    return round((day - start).days / 7)


def _apply_gate_decisions(planned: dict[str, Planned]) -> None:
    """A no-go at a gate (the latest decision for that gate) stops the use case after that phase. A scaling phase
    pinned by hand that has not begun is dropped after a no-go at the pilot's gate: the decision wins over the plan."""
    for item in planned.values():
        item.stopped_after = stops_after(item.use_case)
        if item.stopped_after == PhaseName.PILOT:
            item.scaling = None
            item.overridden.discard(PhaseName.SCALING)


def _fix_phases(
    workshop: Workshop,
    planned: dict[str, Planned],
    feasibility: dict[str, float],
    technology: float | None,
    as_of: date | None,
) -> dict[str, tuple[int, int]]:
    """Pin phases already under way, done, or set by hand, and return every use case's (pilot, scaling) lengths."""
    start = workshop.start_date
    floor = _first_week_from(start, as_of)
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
        pinned = _pin_actuals(workshop, item, (pilot_len, scaling_len), as_of)
        pilot_pinned = uc.stage == Stage.PILOT or bool(
            pilot_override and pilot_override.start and uc.stage in EARLY_STAGES
        )
        if not pinned and pilot_pinned:
            at = 0
            if pilot_override and pilot_override.start:
                at = max(0, _week_of(start, pilot_override.start))
                item.overridden.add(PhaseName.PILOT)
                if uc.stage != Stage.PILOT:  # not begun: it cannot begin before the date planned from
                    at = max(at, floor)
            # Under way and not recorded as done, so it is not over before the date planned from.
            item.pilot = (at, max(at + pilot_len, floor))
        if PhaseName.SCALING in pinned:
            continue
        if uc.stage == Stage.SCALING or (scaling_override and scaling_override.start and uc.stage != Stage.PRODUCTION):
            at = 0
            if scaling_override and scaling_override.start:
                at = max(0, _week_of(start, scaling_override.start))
                item.overridden.add(PhaseName.SCALING)
                if uc.stage != Stage.SCALING:
                    at = max(at, floor)
            item.scaling = (at, max(at + scaling_len, floor))
    return lengths


def _first_week_from(start: date, as_of: date | None) -> int:
    """The first whole week on or after `as_of`: nothing that has not begun is planned to begin before it."""
    if as_of is None or as_of <= start:
        return 0
    return -(-(as_of - start).days // 7)


def _actual_interval(
    start: date, actual: PhaseActual, length: int, as_of: date | None
) -> tuple[tuple[int, int], tuple[date, date]]:
    """A phase with an actual start, in weeks and in dates.

    Done (an actual end): exactly its actual dates. Under way: its planned length from the actual start, or longer
    when the share done so far says it is behind (the rest takes as long per percent as the part done), and never
    over before `as_of`.
    """
    assert actual.start is not None
    if actual.end is not None:
        end = actual.end
    else:
        weeks = length
        if as_of is not None and as_of > actual.start:
            elapsed = (as_of - actual.start).days / 7
            done = actual.percent_complete
            if done is not None:
                remaining = length if done <= 0 else elapsed * (100 - done) / done
                weeks = max(weeks, math.ceil(elapsed + remaining))
            weeks = max(weeks, math.ceil(elapsed))
        end = actual.start + timedelta(weeks=weeks)
    # In whole weeks, the phase holds its lane from the week it began until the week it is over, so nothing that
    # waits for it is planned into the days before its real end.
    return ((actual.start - start).days // 7, -(-(end - start).days // 7)), (actual.start, end)


def _pin_actuals(workshop: Workshop, item: Planned, lengths: tuple[int, int], as_of: date | None) -> set[PhaseName]:
    """Place the phases that have an actual start, and return them (with the pilot when scaling has begun)."""
    uc, start = item.use_case, workshop.start_date
    pilot, scaling = uc.actuals.get(PhaseName.PILOT), uc.actuals.get(PhaseName.SCALING)
    if scaling is not None and scaling.start is not None:
        item.scaling, item.shown[PhaseName.SCALING] = _actual_interval(start, scaling, lengths[1], as_of)
        if pilot is not None and pilot.start is not None:
            # Scaling began, so the pilot was over by then even if its end was not written down.
            finished = pilot if pilot.end is not None else pilot.model_copy(update={"end": scaling.start})
            item.pilot, item.shown[PhaseName.PILOT] = _actual_interval(start, finished, lengths[0], as_of)
        return {PhaseName.PILOT, PhaseName.SCALING}
    if pilot is not None and pilot.start is not None:
        item.pilot, item.shown[PhaseName.PILOT] = _actual_interval(start, pilot, lengths[0], as_of)
        return {PhaseName.PILOT}
    return set()


_END, _RELEASE, _WAKE = 0, 1, 2


def _simulate(
    planned: dict[str, Planned],
    lanes: dict[PhaseName, Lane],
    lengths: dict[str, tuple[int, int]],
    rank: dict[str, int],
    assess_len: int,
    limit: int,
    floor: int = 0,
    teams: Teams | None = None,
    budget: Budget | None = None,
) -> None:
    """Move a clock forward week by week of interest; whenever a lane has room, start the best-ranked ready phase.

    A prerequisite's production releases the pilots that wait for it, so a waiting use case never holds a
    lane that a lower-ranked, ready one could use. Heaps keep this at O(n log n). With `teams`, a phase also needs
    room in its team's lane; each team keeps its own queue, so a full team's queue is not searched week after week.
    """
    teams = teams or Teams()
    events: list[tuple[int, int, str, str]] = []
    dependants: dict[str, list[str]] = {uc_id: [] for uc_id in planned}
    waiting: dict[str, int] = {}
    released: set[str] = set()
    for uc_id, item in planned.items():
        uc = item.use_case
        if (
            uc.stage == Stage.PRODUCTION
            and item.scaling is None
            and not any(a.start and not a.end for a in uc.actuals.values())
        ):
            # In production from the start (or from a recorded pilot's end). When scaling is recorded, or a phase
            # is recorded as still under way, the record wins: production begins when scaling ends.
            heapq.heappush(events, (item.pilot[1] if item.pilot else 0, _END, "production", uc_id))
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
    heapq.heappush(events, (floor, _WAKE, "wake", ""))  # what became ready before `floor` starts at it
    every_lane = [*lanes.values(), *(lane for by_team in teams.lanes.values() for lane in by_team.values())]
    for lane in every_lane:
        for fixed_start, fixed_end in lane.fixed:
            heapq.heappush(events, (fixed_start, _WAKE, "wake", ""))
            heapq.heappush(events, (fixed_end, _WAKE, "wake", ""))

    ready: dict[PhaseName, dict[str, list[tuple[int, str]]]] = {PhaseName.PILOT: {}, PhaseName.SCALING: {}}
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
                heapq.heappush(ready[PhaseName.PILOT].setdefault(teams.of(uc_id), []), (rank[uc_id], uc_id))
                continue
            stops_here = (kind == "pilot" and item.stopped_after == PhaseName.PILOT) or (
                kind == "production" and item.stopped_after == PhaseName.SCALING
            )
            if kind == "pilot" and item.scaling is None and not stops_here:
                heapq.heappush(ready[PhaseName.SCALING].setdefault(teams.of(uc_id), []), (rank[uc_id], uc_id))
            elif kind == "production" and not stops_here:
                item.production = now
            if (kind == "production" or stops_here) and uc_id not in released:
                # A stopped use case no longer holds up the use cases that waited for it (the plan warns). Each
                # releases its dependants once: one stopped at go/no-go whose scaling is pinned ends twice.
                released.add(uc_id)
                for child in dependants[uc_id]:
                    waiting[child] -= 1
                    if waiting[child] == 0:
                        heapq.heappush(events, (max(now, assess_len), _RELEASE, "release", child))
        if now < floor:
            continue  # nothing that has not begun is planned to begin before the date planned from
        # Scaling first: with a budget, a use case that passed its go/no-go gate is funded before a new pilot.
        for phase in (PhaseName.SCALING, PhaseName.PILOT):
            lane = lanes[phase]
            team_lanes = teams.lanes.get(phase, {})
            _start_ready(now, phase, lane, team_lanes, ready[phase], lengths, planned, events, budget)


def _has_room(lane: Lane | None, now: int) -> bool:
    return lane is None or (lane.free(now) and lane.room_now(now))


def _start_ready(
    now: int,
    phase: PhaseName,
    lane: Lane,
    team_lanes: dict[str, Lane],
    queues: dict[str, list[tuple[int, str]]],
    lengths: dict[str, tuple[int, int]],
    planned: dict[str, Planned],
    events: list[tuple[int, int, str, str]],
    budget: Budget | None = None,
) -> None:
    """Start the best-ranked ready phases that fit this week, in rank order across the teams with room.

    With a budget, the best-ranked phase whose spend does not fit its quarters holds back the ones after it (the
    budget goes in priority order) until the next quarter starts; one that would not fit even in empty quarters is
    left out, and the plan warns.
    """
    # Phases fixed in place (under way, done, pinned) may fill the lane this week: then none is tried, so a long
    # queue waiting for a portfolio mostly under way costs one check per week, not one per phase.
    heads = [(queue[0][0], team) for team, queue in queues.items() if queue and _has_room(team_lanes.get(team), now)]
    heapq.heapify(heads)
    blocked: list[tuple[str, tuple[int, str]]] = []
    while heads and lane.free(now) and lane.room_now(now):
        _, team = heapq.heappop(heads)
        queue, team_lane = queues[team], team_lanes.get(team)
        order, uc_id = heapq.heappop(queue)
        length = lengths[uc_id][0 if phase == PhaseName.PILOT else 1]
        item = planned[uc_id]
        if not lane.fits(now, length) or (team_lane is not None and not team_lane.fits(now, length)):
            # A phase pinned later on would be squeezed out: try a lower-ranked one now, this one later.
            blocked.append((team, (order, uc_id)))
        elif budget is not None and not _within_budget(budget, item, phase, (now, now + length), events):
            if phase not in item.over_budget:
                blocked.append((team, (order, uc_id)))
                break
        else:
            lane.start(now, length)
            if team_lane is not None:
                team_lane.start(now, length)
            if phase == PhaseName.PILOT:
                item.pilot = (now, now + length)
                heapq.heappush(events, (now + length, _END, "pilot", uc_id))
            else:
                item.scaling = (now, now + length)
                heapq.heappush(events, (now + length, _END, "production", uc_id))
        if queue and _has_room(team_lane, now):
            heapq.heappush(heads, (queue[0][0], team))
    for team, entry in blocked:
        heapq.heappush(queues[team], entry)


def _within_budget(
    budget: Budget, item: Planned, phase: PhaseName, interval: tuple[int, int], events: list[tuple[int, int, str, str]]
) -> bool:
    """Whether the phase's spend fits the budget's quarters; if so it is taken. If not, it waits for the next
    quarter (noted on the item), or is marked over budget when even empty quarters are too small for it."""
    uc_id = item.use_case.id
    shares = budget.spread(interval, budget.cost(uc_id, phase))
    if budget.fits(shares):
        budget.take(shares)
        if phase in item.budget_waiting_since:
            item.budget_waited[phase] = interval[0] - item.budget_waiting_since[phase]
        return True
    item.budget_waiting_since.setdefault(phase, interval[0])
    if budget.ever_fits(shares):
        wake = budget.next_quarter(interval[0])  # it fits as placed once the quarters it spends in have room
    else:
        # Too much in one quarter as placed: a later start may share it out over the quarters differently.
        wake = budget.first_fitting_start(interval, budget.cost(uc_id, phase))
        if wake is None:
            item.over_budget.add(phase)
            return False
    if wake is not None:
        heapq.heappush(events, (wake, _WAKE, "wake", ""))
    return False


def _budget(workshop: Workshop, planned: dict[str, Planned], until_week: int) -> Budget | None:
    """The quarterly budget, with what the phases fixed in place spend already taken; None when there is none."""
    limit = workshop.plan.budget_per_quarter
    if not limit:
        return None  # none, or 0: no limit, as the Roadmap page says
    defaults = workshop.finance.default_costs
    costs = {}
    for uc_id, item in planned.items():
        own = item.use_case.costs.over(defaults)
        costs[uc_id] = (own.pilot or 0.0, own.scaling or 0.0)
    budget = Budget(workshop.start_date, limit, costs, until_week)
    for uc_id, item in planned.items():
        for phase, interval in ((PhaseName.PILOT, item.pilot), (PhaseName.SCALING, item.scaling)):
            if interval is not None:
                budget.take(budget.spread(interval, budget.cost(uc_id, phase)))
    return budget


def build_roadmap(
    workshop: Workshop,
    *,
    today: date | None = None,
    ranking: Sequence[UseCaseScore] | None = None,
    readiness: ReadinessResult | None = None,
    as_of: date | None = None,
) -> Roadmap:
    """Schedule every use case on the roadmap, in priority order, within capacity and dependencies.

    With `as_of`, the plan is re-made from that date: phases with an actual end keep their dates, phases under way
    keep their actual start, and nothing that has not begun is planned to begin before `as_of`. Without it, the
    plan runs from the workshop's start date as drawn.
    `ranking` and `readiness` are this workshop's, when the caller has them already (see planner.domain.analysis).
    """
    # `today` never moves the plan (it is made from the start date); it only adds a warning when the plan is stale.
    plan = workshop.plan
    if ranking is None:
        ranking = rank_use_cases(workshop, explain=False)
    readiness = readiness or assess(workshop.readiness)
    rank = {s.use_case_id: s.rank for s in ranking}
    feasibility = {s.use_case_id: s.feasibility for s in ranking}
    technology = readiness.score("technology")
    horizon = weeks_for(plan.horizon_months)
    assess_len, assess_manual = assessment_weeks(workshop, readiness)

    roadmap_cases = [uc for uc in workshop.active_use_cases() if uc.on_roadmap]
    planned = {uc.id: Planned(uc) for uc in roadmap_cases}
    lengths = _fix_phases(workshop, planned, feasibility, technology, as_of)
    _apply_gate_decisions(planned)
    pinned = {
        PhaseName.PILOT: [(p.use_case.name, p.pilot) for p in planned.values() if p.pilot],
        PhaseName.SCALING: [(p.use_case.name, p.scaling) for p in planned.values() if p.scaling],
    }
    floor = _first_week_from(workshop.start_date, as_of)
    # Nothing is started before `floor`, so a phase over by then (most of a portfolio reopened late) holds no lane.
    lanes = {
        phase: Lane(capacity, [interval for _, interval in pinned[phase] if interval[1] > floor])
        for phase, capacity in (
            (PhaseName.PILOT, plan.max_parallel_pilots),
            (PhaseName.SCALING, plan.max_parallel_scaling),
        )
    }
    teams = Teams.of_plan(plan, planned, floor) if plan.per_team else None
    limit = weeks_for(12 * PLAN_LIMIT_YEARS)
    budget = _budget(workshop, planned, limit)
    _simulate(planned, lanes, lengths, rank, assess_len, limit, floor, teams, budget)

    phases, milestones = _phases_and_milestones(workshop, planned, ranking, assess_len, assess_manual, horizon)
    summary = _summary(workshop, planned, assess_len, horizon)
    facts = PlanFacts(
        workshop=workshop,
        today=today,
        roadmap_cases=roadmap_cases,
        by_id={uc.id: uc for uc in workshop.use_cases},
        planned=planned,
        pinned=pinned,
        assess_len=assess_len,
        assess_manual=assess_manual,
        horizon=horizon,
        summary=summary,
    )
    row_order = [s.use_case_id for s in ranking if s.use_case_id in planned]
    return Roadmap(
        phases=phases, milestones=milestones, warnings=plan_warnings(facts), summary=summary, order=row_order
    )


def _phases_and_milestones(
    workshop: Workshop,
    planned: dict[str, Planned],
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
        for phase_name, weeks, gate in (
            (PhaseName.PILOT, item.pilot, Gate.GO_NO_GO),
            (PhaseName.SCALING, item.scaling, Gate.PRODUCTION_READINESS),
        ):
            if weeks is None:
                continue
            begin, end = item.shown.get(phase_name, (day(weeks[0]), day(weeks[1])))
            actual = uc.actuals.get(phase_name)
            recorded = actual if actual is not None and actual.start is not None else None
            phases.append(
                Phase(
                    use_case_id=uc.id,
                    use_case=uc.name,
                    phase=phase_name,
                    start=begin,
                    end=end,
                    overridden=phase_name in item.overridden,
                    actual_start=recorded.start if recorded else None,
                    actual_end=recorded.end if recorded else None,
                    percent_complete=recorded.percent_complete if recorded else None,
                )
            )
            milestones.append(Milestone(use_case_id=uc.id, name=GATE_LABELS[gate], date=end, gate=gate))
        if item.production is None:
            continue  # stopped at a gate: no production, so no optimisation
        production = item.production
        live = item.shown[PhaseName.SCALING][1] if PhaseName.SCALING in item.shown else day(production)
        # Optimisation runs to the horizon; a late use case still gets a short bar so it stays visible.
        phases.append(
            Phase(
                use_case_id=uc.id,
                use_case=uc.name,
                phase=PhaseName.OPTIMIZATION,
                start=live,
                end=max(day(max(horizon, production + 4)), live + timedelta(weeks=4)),
                ongoing=True,
            )
        )
    return phases, milestones


def _summary(workshop: Workshop, planned: dict[str, Planned], assess_len: int, horizon: int) -> RoadmapSummary:
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
