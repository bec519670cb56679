import itertools
from datetime import date, timedelta

from planner.domain.models import GateDecision, MonthRange, PhaseActual, PhaseOverride, PlanSettings
from planner.domain.plan_state import ASSESSMENT_ROW, weeks_for
from planner.domain.schedule import assessment_weeks, build_roadmap
from planner.domain.vocabulary import PhaseName, Stage
from tests.builders import GOOD_READINESS, START, use_case, workshop


def phases_of(roadmap, uc_id):
    return {p.phase: p for p in roadmap.phases if p.use_case_id == uc_id}


def test_weeks_for_rounds_half_up():
    assert weeks_for(1) == 4
    assert weeks_for(2) == 9
    assert weeks_for(3) == 13
    assert weeks_for(6) == 26
    assert weeks_for(0.01) == 1


def test_assessment_comes_first_on_its_own_row():
    roadmap = build_roadmap(workshop(use_case("a")))
    first = roadmap.phases[0]
    assert first.use_case == ASSESSMENT_ROW and first.use_case_id is None
    assert first.phase == PhaseName.ASSESSMENT and first.start == START


def test_good_readiness_gives_the_short_assessment_and_low_readiness_the_long_one():
    strong = workshop(readiness={q: 5 for q in GOOD_READINESS})
    weak = workshop(readiness={q: 1 for q in GOOD_READINESS})
    assert assessment_weeks(strong)[0] == weeks_for(1)
    assert assessment_weeks(weak)[0] == weeks_for(2)


def test_weak_data_alone_lengthens_assessment():
    answers = {q: 5 for q in GOOD_READINESS} | {q: 1 for q in GOOD_READINESS if q.startswith("data_")}
    assert assessment_weeks(workshop(readiness=answers))[0] == weeks_for(2)


def test_pilot_never_starts_before_assessment_ends():
    roadmap = build_roadmap(workshop(use_case("a"), use_case("b")))
    end = roadmap.summary.assessment_end
    assert all(p.start >= end for p in roadmap.phases if p.phase == PhaseName.PILOT)


def test_phase_sequence_and_gates_per_use_case():
    roadmap = build_roadmap(workshop(use_case("a")))
    ph = phases_of(roadmap, "a")
    assert ph[PhaseName.PILOT].end <= ph[PhaseName.SCALING].start
    assert ph[PhaseName.SCALING].end == ph[PhaseName.OPTIMIZATION].start
    assert ph[PhaseName.OPTIMIZATION].ongoing
    gates = {m.name: m.date for m in roadmap.milestones if m.use_case_id == "a"}
    assert gates["Go / no-go gate"] == ph[PhaseName.PILOT].end
    assert gates["Production-readiness gate"] == ph[PhaseName.SCALING].end


def test_low_feasibility_lengthens_the_pilot():
    easy = use_case("easy", scores={"data_readiness": 5, "technical_complexity": 1, "integration_effort": 1})
    hard = use_case("hard", scores={"data_readiness": 1, "technical_complexity": 5, "integration_effort": 5})
    roadmap = build_roadmap(workshop(easy, hard))
    assert phases_of(roadmap, "easy")[PhaseName.PILOT].weeks == weeks_for(3)
    assert phases_of(roadmap, "hard")[PhaseName.PILOT].weeks == weeks_for(6)


def test_heavy_integration_lengthens_scaling():
    light = use_case("light", scores={"integration_effort": 1})
    heavy = use_case("heavy", scores={"integration_effort": 5})
    roadmap = build_roadmap(workshop(light, heavy, readiness={q: 5 for q in GOOD_READINESS}))
    assert phases_of(roadmap, "light")[PhaseName.SCALING].weeks == weeks_for(2)
    assert phases_of(roadmap, "heavy")[PhaseName.SCALING].weeks == weeks_for(4)


def test_capacity_of_one_runs_pilots_one_after_another():
    roadmap = build_roadmap(workshop(use_case("a"), use_case("b"), use_case("c"), pilots=1))
    pilots = sorted((p for p in roadmap.phases if p.phase == PhaseName.PILOT), key=lambda p: p.start)
    for earlier, later in itertools.pairwise(pilots):
        assert later.start >= earlier.end


def test_more_capacity_brings_the_end_date_forward():
    cases = [use_case(f"u{i}") for i in range(6)]
    narrow = build_roadmap(workshop(*cases, pilots=1, scaling=1)).summary.all_in_production
    wide = build_roadmap(workshop(*cases, pilots=3, scaling=3)).summary.all_in_production
    assert narrow is not None and wide is not None and wide < narrow


def test_dependent_pilot_starts_after_prerequisite_reaches_production():
    base = use_case("base", scores={"business_value": 1})
    top = use_case("top", scores={"business_value": 5}, depends_on=["base"])
    roadmap = build_roadmap(workshop(base, top, pilots=3))
    assert phases_of(roadmap, "top")[PhaseName.PILOT].start >= phases_of(roadmap, "base")[PhaseName.SCALING].end


def test_a_waiting_dependent_leaves_its_slot_free_for_others():
    base = use_case("base")
    top = use_case("top", scores={"business_value": 5}, depends_on=["base"])
    other = use_case("other", scores={"business_value": 1})
    roadmap = build_roadmap(workshop(base, top, other, pilots=2))
    # "other" ranks last but does not wait behind "top", which waits for "base".
    assert phases_of(roadmap, "other")[PhaseName.PILOT].start == roadmap.summary.assessment_end


def test_use_cases_under_way_start_at_their_stage_on_the_start_date():
    roadmap = build_roadmap(
        workshop(
            use_case("p", stage=Stage.PILOT),
            use_case("s", stage=Stage.SCALING),
            use_case("live", stage=Stage.PRODUCTION),
        )
    )
    assert phases_of(roadmap, "p")[PhaseName.PILOT].start == START
    assert PhaseName.PILOT not in phases_of(roadmap, "s")
    assert phases_of(roadmap, "s")[PhaseName.SCALING].start == START
    assert set(phases_of(roadmap, "live")) == {PhaseName.OPTIMIZATION}
    assert phases_of(roadmap, "live")[PhaseName.OPTIMIZATION].start == START


def test_off_roadmap_and_retired_use_cases_are_not_scheduled():
    roadmap = build_roadmap(
        workshop(use_case("on"), use_case("off", on_roadmap=False), use_case("gone", stage=Stage.RETIRED))
    )
    assert {p.use_case_id for p in roadmap.phases} == {None, "on"}
    assert roadmap.order == ["on"]


def test_override_wins_and_out_of_range_warns_with_the_name():
    uc = use_case("a", name="Churn model", overrides={PhaseName.PILOT: PhaseOverride(months=9)})
    roadmap = build_roadmap(workshop(uc))
    pilot = phases_of(roadmap, "a")[PhaseName.PILOT]
    assert pilot.weeks == weeks_for(9) and pilot.overridden
    assert any("Churn model" in w and "3–6 months" in w for w in roadmap.warnings)


def test_override_in_range_does_not_warn():
    uc = use_case("a", overrides={PhaseName.SCALING: PhaseOverride(months=3)})
    roadmap = build_roadmap(workshop(uc))
    assert phases_of(roadmap, "a")[PhaseName.SCALING].weeks == weeks_for(3)
    assert not any("outside the method" in w for w in roadmap.warnings)


def test_override_start_is_snapped_to_whole_weeks():
    uc = use_case("a", overrides={PhaseName.PILOT: PhaseOverride(start=START + timedelta(days=66))})
    pilot = phases_of(build_roadmap(workshop(uc)), "a")[PhaseName.PILOT]
    assert (pilot.start - START).days % 7 == 0
    assert pilot.start == START + timedelta(weeks=9)


def test_all_dates_fall_on_whole_weeks_from_the_start():
    roadmap = build_roadmap(workshop(*(use_case(f"u{i}") for i in range(5)), pilots=2))
    for p in roadmap.phases:
        assert (p.start - START).days % 7 == 0 and (p.end - START).days % 7 == 0


def test_summary_measures_against_guidance():
    roadmap = build_roadmap(workshop(use_case("a")))
    s = roadmap.summary
    assert s.first_production == s.all_in_production
    assert s.months_to_first_production is not None and 6 <= s.months_to_first_production <= 18
    assert s.within_guidance is True


def test_too_long_a_plan_warns():
    cases = [use_case(f"u{i}") for i in range(10)]
    roadmap = build_roadmap(workshop(*cases, pilots=1, scaling=1))
    assert roadmap.summary.within_guidance is False
    assert any("longer than the usual 6–18" in w for w in roadmap.warnings)


def test_empty_roadmap_has_assessment_and_a_hint():
    roadmap = build_roadmap(workshop())
    assert [p.phase for p in roadmap.phases] == [PhaseName.ASSESSMENT]
    assert roadmap.summary.first_production is None
    assert any("No use case is on the roadmap" in w for w in roadmap.warnings)


def test_dependency_on_an_off_roadmap_use_case_warns():
    roadmap = build_roadmap(workshop(use_case("base", on_roadmap=False), use_case("top", depends_on=["base"])))
    assert any("not on the roadmap" in w for w in roadmap.warnings)


def test_custom_ranges_are_respected():
    plan = PlanSettings(pilot_months=MonthRange(min=2, max=2), scaling_months=MonthRange(min=1, max=1))
    roadmap = build_roadmap(workshop(use_case("a"), plan=plan))
    ph = phases_of(roadmap, "a")
    assert ph[PhaseName.PILOT].weeks == weeks_for(2) and ph[PhaseName.SCALING].weeks == weeks_for(1)


def test_same_input_same_output():
    w = workshop(*(use_case(f"u{i}", scores={"business_value": 1 + i % 5}) for i in range(8)), pilots=2)
    assert build_roadmap(w) == build_roadmap(w.model_copy(deep=True))


def test_start_date_moves_everything():
    w = workshop(use_case("a"))
    later = w.model_copy(update={"start_date": date(2027, 3, 1)})
    a, b = build_roadmap(w), build_roadmap(later)
    shift = later.start_date - w.start_date
    assert [p.start + shift for p in a.phases] == [p.start for p in b.phases]


def test_a_no_go_stops_the_use_case_after_its_pilot_and_frees_its_dependants():
    from planner.domain.models import GateDecision
    from planner.domain.vocabulary import Decision, Gate

    stopped = use_case(
        "stopped",
        name="Stopped one",
        gate_decisions=[
            GateDecision(gate=Gate.GO_NO_GO, decision=Decision.GO, date=date(2027, 3, 1)),
            GateDecision(gate=Gate.GO_NO_GO, decision=Decision.NO_GO, date=date(2027, 6, 1)),
        ],
    )
    child = use_case("child", depends_on=["stopped"])
    roadmap = build_roadmap(workshop(stopped, child))
    assert set(phases_of(roadmap, "stopped")) == {PhaseName.PILOT}
    assert set(phases_of(roadmap, "child")) == {PhaseName.PILOT, PhaseName.SCALING, PhaseName.OPTIMIZATION}
    assert any("Stopped one: no-go" in w for w in roadmap.warnings)
    assert any("depends on Stopped one, which was stopped" in w for w in roadmap.warnings)


def test_a_later_go_overrules_an_earlier_no_go():
    from planner.domain.models import GateDecision
    from planner.domain.vocabulary import Decision, Gate

    decided = use_case(
        "a",
        gate_decisions=[
            GateDecision(gate=Gate.GO_NO_GO, decision=Decision.NO_GO, date=date(2027, 3, 1)),
            GateDecision(gate=Gate.GO_NO_GO, decision=Decision.GO, date=date(2027, 4, 1)),
        ],
    )
    assert PhaseName.OPTIMIZATION in phases_of(build_roadmap(workshop(decided)), "a")


def test_an_under_way_pilot_that_needs_a_later_prerequisite_is_flagged():
    roadmap = build_roadmap(
        workshop(use_case("base", name="Data platform"), use_case("bot", stage=Stage.PILOT, depends_on=["base"]))
    )
    assert any("needs Data platform, which only reaches production" in w for w in roadmap.warnings)


def test_a_stale_plan_says_so_when_given_today():
    w = workshop(use_case("a"))
    assert not any("should already be in pilot" in x for x in build_roadmap(w).warnings)
    late = build_roadmap(w, today=START + timedelta(days=400))
    assert any("should already be in pilot" in x for x in late.warnings)


def test_a_stopped_prerequisite_with_pinned_scaling_releases_its_dependants_once():
    """Found by hypothesis: a use case stopped at go/no-go whose scaling was pinned ended twice (its pilot and its
    scaling), and each end counted as one of its dependant's prerequisites: the dependant's pilot started before
    its other prerequisite was in production."""
    first = use_case("first")
    stopped = use_case(
        "stopped",
        overrides={PhaseName.SCALING: PhaseOverride(start=START)},
        gate_decisions=[GateDecision(gate="go_no_go", decision="no_go", date=START)],
        actuals={PhaseName.PILOT: PhaseActual(start=START)},
    )
    last = use_case("last", depends_on=["first", "stopped"])
    roadmap = build_roadmap(workshop(first, stopped, last, pilots=1, scaling=1), as_of=START)
    assert phases_of(roadmap, "last")[PhaseName.PILOT].start >= phases_of(roadmap, "first")[PhaseName.SCALING].end


def test_a_no_go_at_the_pilot_gate_drops_scaling_pinned_by_hand():
    """Found by the finance property test: a no-go at go/no-go with a scaling start set by hand (not begun) still
    reached production, so the finance view counted value for a stopped use case."""
    stopped = use_case(
        "stopped",
        overrides={PhaseName.SCALING: PhaseOverride(start=START)},
        gate_decisions=[GateDecision(gate="go_no_go", decision="no_go", date=START)],
    )
    roadmap = build_roadmap(workshop(stopped))
    assert set(phases_of(roadmap, "stopped")) == {PhaseName.PILOT}
