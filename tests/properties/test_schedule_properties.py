from datetime import date, timedelta

from hypothesis import given

from planner.domain.models import Workshop
from planner.domain.plan_state import weeks_for
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import quadrant, rank_use_cases
from planner.domain.vocabulary import PhaseName, Stage
from tests.properties.strategies import workshops


def _max_overlap(intervals: list[tuple[date, date]]) -> int:
    events = sorted(
        [(s, 1) for s, e in intervals if e > s] + [(e, -1) for s, e in intervals if e > s], key=lambda x: (x[0], x[1])
    )
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    return peak


def _phases(roadmap, phase):
    return [p for p in roadmap.phases if p.phase == phase]


@given(workshops())
def test_every_phase_is_within_its_range(w: Workshop):
    roadmap = build_roadmap(w)
    ranges = {
        PhaseName.ASSESSMENT: w.plan.assessment_months,
        PhaseName.PILOT: w.plan.pilot_months,
        PhaseName.SCALING: w.plan.scaling_months,
    }
    for p in roadmap.phases:
        if p.ongoing or p.overridden:
            continue
        span = ranges[p.phase]
        assert weeks_for(span.min) <= p.weeks <= weeks_for(span.max), p


@given(workshops())
def test_capacity_is_never_exceeded(w: Workshop):
    roadmap = build_roadmap(w)
    stage = {u.id: u.stage for u in w.use_cases}
    for phase, capacity, under_way in (
        (PhaseName.PILOT, w.plan.max_parallel_pilots, Stage.PILOT),
        (PhaseName.SCALING, w.plan.max_parallel_scaling, Stage.SCALING),
    ):
        intervals = [(p.start, p.end) for p in _phases(roadmap, phase)]
        # Phases already under way on the start date cannot be moved; only they may exceed capacity.
        already = sum(1 for p in _phases(roadmap, phase) if stage[p.use_case_id] == under_way)
        assert _max_overlap(intervals) <= max(capacity, already)


@given(workshops())
def test_no_pilot_starts_before_assessment_unless_under_way(w: Workshop):
    roadmap = build_roadmap(w)
    stage = {u.id: u.stage for u in w.use_cases}
    for p in _phases(roadmap, PhaseName.PILOT):
        if stage[p.use_case_id] in (Stage.IDEA, Stage.ASSESSMENT):
            assert p.start >= roadmap.summary.assessment_end


@given(workshops())
def test_no_dependent_pilot_starts_before_its_prerequisite_is_in_production(w: Workshop):
    roadmap = build_roadmap(w)
    production = {p.use_case_id: p.start for p in _phases(roadmap, PhaseName.OPTIMIZATION)}
    for p in _phases(roadmap, PhaseName.PILOT):
        uc = w.use_case(p.use_case_id)
        if uc.stage not in (Stage.IDEA, Stage.ASSESSMENT):
            continue
        for dep in uc.depends_on:
            if dep in production:
                assert p.start >= production[dep]


@given(workshops())
def test_phases_follow_each_other_and_fall_on_whole_weeks(w: Workshop):
    roadmap = build_roadmap(w)
    by_case: dict[str, dict[PhaseName, tuple[date, date]]] = {}
    for p in roadmap.phases:
        assert (p.start - w.start_date).days % 7 == 0 and (p.end - w.start_date).days % 7 == 0
        assert p.end > p.start
        if p.use_case_id:
            by_case.setdefault(p.use_case_id, {})[p.phase] = (p.start, p.end)
    for phases in by_case.values():
        if PhaseName.PILOT in phases and PhaseName.SCALING in phases:
            assert phases[PhaseName.SCALING][0] >= phases[PhaseName.PILOT][1]
        if PhaseName.SCALING in phases:
            assert phases[PhaseName.OPTIMIZATION][0] == phases[PhaseName.SCALING][1]


@given(workshops())
def test_same_input_gives_same_output(w: Workshop):
    assert build_roadmap(w) == build_roadmap(Workshop.model_validate(w.model_dump(mode="json")))


@given(workshops())
def test_scores_stay_in_range_and_quadrants_match_thresholds(w: Workshop):
    ranking = rank_use_cases(w)
    assert [s.rank for s in ranking] == list(range(1, len(ranking) + 1))
    for s in ranking:
        assert 0 <= s.impact <= 100 and 0 <= s.feasibility <= 100 and 0 <= s.priority <= 100
        assert s.quadrant == quadrant(s.impact, s.feasibility, w.scoring)
    priorities = [s.priority for s in ranking]
    assert priorities == sorted(priorities, reverse=True)


@given(workshops())
def test_every_roadmap_use_case_gets_a_production_date_and_summary_matches(w: Workshop):
    roadmap = build_roadmap(w)
    scheduled = {u.id for u in w.use_cases if u.on_roadmap and u.stage != Stage.RETIRED}
    assert set(roadmap.order) == scheduled
    assert {p.use_case_id for p in _phases(roadmap, PhaseName.OPTIMIZATION)} == scheduled
    new = [
        p.start for p in _phases(roadmap, PhaseName.OPTIMIZATION) if w.use_case(p.use_case_id).stage != Stage.PRODUCTION
    ]
    if new:
        assert roadmap.summary.all_in_production == max(new)
        assert roadmap.summary.first_production == min(new)
    assert roadmap.summary.assessment_end >= w.start_date + timedelta(weeks=1)
