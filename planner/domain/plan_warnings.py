"""The roadmap's warnings: one small rule each, run over the finished schedule.

A rule reads `PlanFacts` and returns the warnings it has, each naming the use case and saying what to do.
`RULES` is the order they appear in. Add a rule by writing a function and listing it there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.models import MonthRange, UseCase, Workshop
from planner.domain.plan_state import (
    ASSESSMENT_ROW,
    EARLY_STAGES,
    PLAN_LIMIT_YEARS,
    Interval,
    Occupancy,
    Planned,
    stopping_decision,
    weeks_for,
)
from planner.domain.results import RoadmapSummary
from planner.domain.vocabulary import (
    GATE_LABELS,
    GUIDANCE_MONTHS,
    PHASE_LABELS,
    WEEKS_PER_MONTH,
    PhaseName,
    Stage,
    some_names,
    thousands,
)


@dataclass(frozen=True)
class PlanFacts:
    """What the scheduler knows once it has placed every phase."""

    workshop: Workshop
    today: date | None
    roadmap_cases: list[UseCase]
    by_id: dict[str, UseCase]
    planned: dict[str, Planned]
    # Phases pinned before the simulation ran (under way, or started by hand): (use case name, weeks), per lane.
    pinned: dict[PhaseName, list[tuple[str, Interval]]]
    assess_len: int
    assess_manual: bool
    horizon: int
    summary: RoadmapSummary

    def day(self, week: int) -> date:
        return self.workshop.start_date + timedelta(weeks=week)


def range_warning(name: str, phase: PhaseName, weeks: int, span: MonthRange) -> str | None:
    if weeks_for(span.min) <= weeks <= weeks_for(span.max):
        return None
    months = weeks / WEEKS_PER_MONTH
    return (
        f"{name}: the {PHASE_LABELS[phase].lower()} phase is set to {months:.1f} months, "
        f"outside the method's {span.min:g}–{span.max:g} months. Check the override is intended."
    )


def _first_three(names: list[str]) -> str:
    return ", ".join(names[:3]) + ("…" if len(names) > 3 else "")


def assessment_outside_range(facts: PlanFacts) -> list[str]:
    if not facts.assess_manual:
        return []
    warning = range_warning(
        ASSESSMENT_ROW, PhaseName.ASSESSMENT, facts.assess_len, facts.workshop.plan.assessment_months
    )
    return [warning] if warning else []


def prerequisite_off_roadmap(facts: PlanFacts) -> list[str]:
    on_roadmap = {uc.id for uc in facts.roadmap_cases}
    warnings = []
    for uc in facts.roadmap_cases:
        for dep in uc.depends_on:
            prerequisite = facts.by_id[dep]
            if dep not in on_roadmap and prerequisite.stage != Stage.PRODUCTION:
                warnings.append(
                    f"{uc.name} depends on {prerequisite.name}, which is not on the roadmap: "
                    f"add it, or remove the dependency."
                )
    return warnings


def pinned_over_capacity(facts: PlanFacts) -> list[str]:
    plan = facts.workshop.plan
    capacity = {PhaseName.PILOT: plan.max_parallel_pilots, PhaseName.SCALING: plan.max_parallel_scaling}
    warnings = []
    for phase, pinned in facts.pinned.items():
        occupancy = Occupancy([interval for _, interval in pinned])
        names = [name for name, interval in pinned if occupancy.peak(*interval) > capacity[phase]]
        if names:
            warnings.append(
                f"More {PHASE_LABELS[phase].lower()} phases run at once than the capacity of {capacity[phase]} "
                f"allows ({some_names(names)}): raise the capacity or move a start date."
            )
    return warnings


def stopped_at_gate(facts: PlanFacts) -> list[str]:
    warnings = []
    for item in facts.planned.values():
        stop = stopping_decision(item.use_case)
        if stop is not None:
            said, phase = stop
            warnings.append(
                f"{item.use_case.name}: no-go at the {GATE_LABELS[said.gate].lower()} on {said.date:%d %b %Y}; "
                f"the plan stops it after the {PHASE_LABELS[phase].lower()} phase."
            )
    return warnings


def beyond_plan_limit(facts: PlanFacts) -> list[str]:
    unplanned = [
        p.use_case.name
        for p in facts.planned.values()
        if p.use_case.stage in EARLY_STAGES and p.pilot is None and not p.over_budget
    ]
    if not unplanned:
        return []
    if facts.workshop.plan.budget_per_quarter is not None:
        return [
            f"{len(unplanned)} use cases do not fit within {PLAN_LIMIT_YEARS} years at this capacity and budget, "
            f"or wait for one that does not, and are not shown ({_first_three(unplanned)}): add capacity, raise "
            "the budget or take fewer onto the roadmap."
        ]
    return [
        f"{len(unplanned)} use cases do not fit within {PLAN_LIMIT_YEARS} years at this capacity and are not "
        f"shown ({_first_three(unplanned)}): add capacity or take fewer onto the roadmap."
    ]


def _budget_words(facts: PlanFacts) -> str:
    return f"the quarterly budget of {thousands(facts.workshop.plan.budget_per_quarter or 0)}"


def over_budget(facts: PlanFacts) -> list[str]:
    names = [
        f"{item.use_case.name} ({' and '.join(PHASE_LABELS[p].lower() for p in sorted(item.over_budget))})"
        for item in facts.planned.values()
        if item.over_budget
    ]
    if not names:
        return []
    return [
        f"{len(names)} phase{'s' if len(names) != 1 else ''} would spend more in one quarter than "
        f"{_budget_words(facts)} allows, even with nothing else running, so they are left out of the plan "
        f"({some_names(names)}): raise the budget, lower their costs, or lengthen the phase."
    ]


def budget_delayed(facts: PlanFacts) -> list[str]:
    delayed = sorted(
        (
            (weeks, f"{item.use_case.name} ({PHASE_LABELS[phase].lower()}, {weeks / WEEKS_PER_MONTH:.1f} months)")
            for item in facts.planned.values()
            for phase, weeks in item.budget_waited.items()
            if weeks > 0
        ),
        key=lambda pair: -pair[0],
    )
    if not delayed:
        return []
    return [
        f"{_budget_words(facts).capitalize()} delayed {len(delayed)} phase{'s' if len(delayed) != 1 else ''}, "
        f"longest first: {some_names([text for _, text in delayed])}. Raise the budget to start them sooner."
    ]


def prerequisite_stopped(facts: PlanFacts) -> list[str]:
    warnings = []
    for item in facts.planned.values():
        if item.stopped_after is None:
            continue
        uc = item.use_case
        for child in (p for p in facts.planned.values() if uc.id in p.use_case.depends_on):
            warnings.append(
                f"{child.use_case.name} depends on {uc.name}, which was stopped at its gate: "
                "remove the dependency or choose another prerequisite."
            )
    return warnings


def under_way_before_prerequisite(facts: PlanFacts) -> list[str]:
    warnings = []
    for item in facts.planned.values():
        uc = item.use_case
        if uc.stage not in (Stage.PILOT, Stage.SCALING) or item.scaling is None:
            continue
        for dep in uc.depends_on:
            ready_at = facts.planned[dep].production if dep in facts.planned else None
            if ready_at is not None and ready_at > item.scaling[0]:
                warnings.append(
                    f"{uc.name} is already under way but needs {facts.by_id[dep].name}, which only "
                    f"reaches production on {facts.day(ready_at):%d %b %Y}: check the order."
                )
    return warnings


def stale_plan(facts: PlanFacts) -> list[str]:
    start = facts.workshop.start_date
    if facts.today is None or facts.today <= start:
        return []
    late = [
        p.use_case.name
        for p in facts.planned.values()
        if p.use_case.stage in EARLY_STAGES
        and p.pilot is not None
        and facts.day(p.pilot[0]) < facts.today
        and PhaseName.PILOT not in p.use_case.actuals  # a recorded pilot start says it began, whatever the stage
    ]
    if not late:
        return []
    return [
        f"The plan started on {start:%d %b %Y}, so {len(late)} use case{'s' if len(late) != 1 else ''} still at "
        f"the idea or assessment stage should already be in pilot ({_first_three(late)}): record their actual "
        "start on the Progress page, update their stages, or move the start date."
    ]


def pilot_before_ready(facts: PlanFacts) -> list[str]:
    warnings = []
    for uc in facts.roadmap_cases:
        item = facts.planned[uc.id]
        if item.pilot is None or uc.stage not in EARLY_STAGES or PhaseName.PILOT not in item.overridden:
            continue
        prerequisites = (facts.planned[d].production or 0 for d in uc.depends_on if d in facts.planned)
        if item.pilot[0] < max([facts.assess_len, *prerequisites]):
            reason = "the assessment ends" if item.pilot[0] < facts.assess_len else "its prerequisites reach production"
            warnings.append(f"{uc.name}: the pilot is set to start before {reason}.")
    return warnings


def scaling_before_gate(facts: PlanFacts) -> list[str]:
    return [
        f"{uc.name}: scaling is set to start before the go/no-go gate."
        for uc in facts.roadmap_cases
        if (item := facts.planned[uc.id]).scaling is not None
        and item.pilot is not None
        and item.scaling[0] < item.pilot[1]
    ]


def override_outside_range(facts: PlanFacts) -> list[str]:
    plan = facts.workshop.plan
    warnings = []
    for uc in facts.roadmap_cases:
        item = facts.planned[uc.id]
        for phase, interval, span in (
            (PhaseName.PILOT, item.pilot, plan.pilot_months),
            (PhaseName.SCALING, item.scaling, plan.scaling_months),
        ):
            if interval is not None and phase in item.overridden:
                warning = range_warning(uc.name, phase, interval[1] - interval[0], span)
                if warning:
                    warnings.append(warning)
    return warnings


def beyond_horizon(facts: PlanFacts) -> list[str]:
    return [
        f"{item.use_case.name} reaches production after the {facts.workshop.plan.horizon_months}-month horizon: "
        "extend the horizon or add capacity."
        for item in facts.planned.values()
        if item.production is not None and item.production > facts.horizon
    ]


def outside_guidance(facts: PlanFacts) -> list[str]:
    total = facts.summary.total_months
    if total is None or facts.summary.within_guidance:
        return []
    low, high = GUIDANCE_MONTHS
    if total > high:
        return [
            f"Reaching production for every use case takes {total:.1f} months, longer than "
            f"the usual {low}–{high}: add capacity, or take fewer use cases onto this roadmap."
        ]
    return [
        f"The plan reaches production in {total:.1f} months, faster than the usual "
        f"{low}–{high}: check the phase lengths are realistic."
    ]


def nothing_on_roadmap(facts: PlanFacts) -> list[str]:
    return [] if facts.roadmap_cases else ["No use case is on the roadmap yet: choose some on the Prioritise page."]


Rule = Callable[[PlanFacts], list[str]]

RULES: tuple[Rule, ...] = (
    assessment_outside_range,
    prerequisite_off_roadmap,
    pinned_over_capacity,
    stopped_at_gate,
    beyond_plan_limit,
    over_budget,
    budget_delayed,
    prerequisite_stopped,
    under_way_before_prerequisite,
    stale_plan,
    pilot_before_ready,
    scaling_before_gate,
    override_outside_range,
    beyond_horizon,
    outside_guidance,
    nothing_on_roadmap,
)


def plan_warnings(facts: PlanFacts) -> list[str]:
    return [warning for rule in RULES for warning in rule(facts)]
