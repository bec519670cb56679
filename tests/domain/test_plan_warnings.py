"""The warning rules, one at a time, over hand-made schedule facts, and their order in a real plan."""

from datetime import date

from planner.domain.models import PhaseOverride
from planner.domain.plan_state import Planned
from planner.domain.plan_warnings import (
    RULES,
    PlanFacts,
    override_outside_range,
    pinned_over_capacity,
    plan_warnings,
    prerequisite_off_roadmap,
    stale_plan,
)
from planner.domain.results import RoadmapSummary
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PhaseName
from tests.builders import START, use_case, workshop


def facts(ws, planned, *, pinned=None, today=None):
    return PlanFacts(
        workshop=ws,
        today=today,
        roadmap_cases=[p.use_case for p in planned],
        by_id={uc.id: uc for uc in ws.use_cases},
        planned={p.use_case.id: p for p in planned},
        pinned=pinned or {PhaseName.PILOT: [], PhaseName.SCALING: []},
        assess_len=8,
        assess_manual=False,
        horizon=80,
        summary=RoadmapSummary(
            start=START,
            assessment_end=START,
            first_production=None,
            months_to_first_production=None,
            all_in_production=None,
            total_months=None,
            within_guidance=None,
            scheduled_use_cases=len(planned),
            horizon_end=START,
        ),
    )


def test_pinned_phases_over_capacity_are_named_and_those_that_fit_are_not():
    ws = workshop(pilots=2)
    pinned = {
        PhaseName.PILOT: [("Alpha", (0, 10)), ("Beta", (2, 12)), ("Gamma", (4, 14)), ("Delta", (20, 30))],
        PhaseName.SCALING: [],
    }
    [warning] = pinned_over_capacity(facts(ws, [], pinned=pinned))
    assert "capacity of 2" in warning
    assert "(Alpha, Beta, Gamma)" in warning and "Delta" not in warning


def test_a_warning_over_hundreds_of_pinned_phases_names_five_and_counts_the_rest():
    ws = workshop(pilots=1)
    pinned = {PhaseName.PILOT: [(f"Use case {i}", (0, 10)) for i in range(300)], PhaseName.SCALING: []}
    [warning] = pinned_over_capacity(facts(ws, [], pinned=pinned))
    assert "(Use case 0, Use case 1, Use case 2, Use case 3, Use case 4 and 295 more)" in warning
    assert "Use case 5," not in warning


def test_a_stale_plan_names_what_should_already_be_in_pilot():
    late, later = use_case("late", name="Late one"), use_case("later", name="Later one")
    ws = workshop(late, later)
    planned = [Planned(late, pilot=(8, 20)), Planned(later, pilot=(60, 70))]
    today = date(2027, 4, 1)  # 11 weeks after the start: the first pilot began in week 8
    [warning] = stale_plan(facts(ws, planned, today=today))
    assert "so 1 use case still at" in warning and "Late one" in warning and "Later one" not in warning
    assert stale_plan(facts(ws, planned, today=None)) == []


def test_a_pilot_with_a_recorded_start_is_not_called_late_whatever_its_stage():
    from planner.domain.models import PhaseActual

    late = use_case("late", name="Late one", actuals={"pilot": PhaseActual(start=date(2027, 3, 8))})
    ws = workshop(late)
    assert stale_plan(facts(ws, [Planned(late, pilot=(8, 20))], today=date(2027, 4, 1))) == []


def test_an_empty_roadmap_only_says_so():
    assert plan_warnings(facts(workshop(), [])) == [
        "No use case is on the roadmap yet: choose some on the Prioritise page."
    ]


def test_build_roadmap_lists_the_warnings_in_rule_order():
    off = use_case("off", name="Off roadmap", on_roadmap=False)
    long = use_case("long", name="Long pilot", depends_on=["off"], overrides={"pilot": PhaseOverride(months=20)})
    warnings = build_roadmap(workshop(off, long)).warnings
    missing = next(i for i, w in enumerate(warnings) if w.startswith("Long pilot depends on Off roadmap"))
    outside = next(
        i
        for i, w in enumerate(warnings)
        if w.startswith("Long pilot: the pilot & validation phase is set to 20.1 months")
    )
    assert RULES.index(prerequisite_off_roadmap) < RULES.index(override_outside_range)
    assert missing < outside
