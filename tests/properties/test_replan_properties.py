"""Re-planning from a date (`build_roadmap(..., as_of=...)`) over workshops with what really happened recorded."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.models import Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PhaseName, Stage
from tests.properties.strategies import workshops

tracked = workshops(tracked=True, rich=True)
days_on = st.integers(0, 800)


def _started_before_the_plan(w: Workshop, p: Phase) -> bool:
    """Under way whatever the plan says: an actual start, or a stage that says the phase has begun."""
    if p.use_case_id is None or p.phase not in (PhaseName.PILOT, PhaseName.SCALING):
        return True
    uc = w.use_case(p.use_case_id)
    if p.actual_start is not None:
        return True
    scaling_begun = PhaseName.SCALING in uc.actuals
    return (p.phase == PhaseName.PILOT and (uc.stage == Stage.PILOT or scaling_begun)) or (
        p.phase == PhaseName.SCALING and uc.stage == Stage.SCALING
    )


def _phase(roadmap: Roadmap, use_case_id: str, phase: PhaseName) -> Phase | None:
    return next((p for p in roadmap.phases if p.use_case_id == use_case_id and p.phase == phase), None)


@given(tracked, days_on)
def test_nothing_with_an_actual_end_moves(w: Workshop, days: int):
    roadmap = build_roadmap(w, as_of=w.start_date + timedelta(days=days))
    for uc in w.use_cases:
        if not uc.on_roadmap or uc.stage == Stage.RETIRED:
            continue
        for phase, actual in uc.actuals.items():
            if actual.end is None:
                continue
            shown = _phase(roadmap, uc.id, phase)
            assert shown is not None, (uc.id, phase)
            assert (shown.start, shown.end) == (actual.start, actual.end)


@given(tracked, days_on)
def test_nothing_not_yet_started_begins_before_the_date_planned_from(w: Workshop, days: int):
    as_of = w.start_date + timedelta(days=days)
    roadmap = build_roadmap(w, as_of=as_of)
    for p in roadmap.phases:
        if not _started_before_the_plan(w, p):
            assert p.start >= as_of, p


@given(tracked, days_on)
def test_a_phase_under_way_keeps_its_actual_start_and_does_not_end_before_the_date_planned_from(w: Workshop, days: int):
    as_of = w.start_date + timedelta(days=days)
    roadmap = build_roadmap(w, as_of=as_of)
    for p in roadmap.phases:
        if p.actual_start is not None and p.actual_end is None:
            assert p.start == p.actual_start
            assert p.end >= as_of


def _peak(intervals: list[tuple[date, date]], after: date) -> int:
    points = sorted({max(s, after) for s, e in intervals if e > after})
    return max((sum(1 for s, e in intervals if s <= point < e) for point in points), default=0)


@given(tracked, days_on)
def test_capacity_holds_from_the_date_planned_from(w: Workshop, days: int):
    as_of = w.start_date + timedelta(days=days)
    roadmap = build_roadmap(w, as_of=as_of)
    for phase, capacity in (
        (PhaseName.PILOT, w.plan.max_parallel_pilots),
        (PhaseName.SCALING, w.plan.max_parallel_scaling),
    ):
        phases = [p for p in roadmap.phases if p.phase == phase]
        fixed = [(p.start, p.end) for p in phases if _started_before_the_plan(w, p) or p.overridden]
        everything = [(p.start, p.end) for p in phases]
        # Only phases the planner cannot move (under way, or started by hand) may go past the capacity.
        assert _peak(everything, as_of) <= max(capacity, _peak(fixed, as_of))


@given(tracked, days_on)
def test_dependencies_still_hold(w: Workshop, days: int):
    as_of = w.start_date + timedelta(days=days)
    roadmap = build_roadmap(w, as_of=as_of)
    production = {p.use_case_id: p.start for p in roadmap.phases if p.phase == PhaseName.OPTIMIZATION}
    for p in roadmap.phases:
        if p.phase != PhaseName.PILOT or _started_before_the_plan(w, p) or p.overridden:
            continue
        for dep in w.use_case(p.use_case_id or "").depends_on:
            if dep in production:
                assert p.start >= production[dep]


@given(workshops(rich=True))
def test_with_no_actuals_planning_from_the_start_date_is_the_plan_as_drawn(w: Workshop):
    assert build_roadmap(w, as_of=w.start_date) == build_roadmap(w)
