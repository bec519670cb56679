"""Baselines, slippage, phase status and the status report (planner.domain.tracking)."""

from datetime import date, timedelta

import pytest

from planner.domain.analysis import analyse
from planner.domain.models import KPI, Measurement, PhaseActual, Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.schedule import build_roadmap
from planner.domain.tracking import PhaseStatus, planned_from, status_report, take_baseline, track
from planner.domain.vocabulary import Direction, PhaseName, Stage
from planner.formats.workshop_json import load_sample_workshop
from tests.builders import use_case, workshop

TODAY = date(2027, 9, 1)


def _phase(roadmap: Roadmap, use_case_id: str, phase: PhaseName) -> Phase:
    return next(p for p in roadmap.phases if p.use_case_id == use_case_id and p.phase == phase)


def _recorded(w: Workshop, use_case_id: str, **actuals: PhaseActual) -> Workshop:
    changed = [
        uc.model_copy(update={"actuals": {PhaseName(k): v for k, v in actuals.items()}}) if uc.id == use_case_id else uc
        for uc in w.use_cases
    ]
    return w.model_copy(update={"use_cases": changed})


@pytest.fixture
def baselined() -> tuple[Workshop, Phase]:
    """The example with the plan as drawn taken as its baseline, and the first pilot that has not begun."""
    sample = load_sample_workshop()
    drawn = build_roadmap(sample)
    w = sample.model_copy(update={"baselines": [take_baseline(drawn, name="Board approval", taken=sample.start_date)]})
    stages = {uc.id: uc.stage for uc in sample.use_cases}
    pilot = next(
        p
        for p in drawn.phases
        if p.phase == PhaseName.PILOT and stages[p.use_case_id or ""] in (Stage.IDEA, Stage.ASSESSMENT)
    )
    return w, pilot


def test_a_pilot_that_began_four_weeks_late_and_is_half_done_ends_four_weeks_late_and_is_at_risk(baselined):
    w, planned = baselined
    began = planned.start + timedelta(weeks=4)
    halfway = began + timedelta(weeks=planned.weeks / 2)
    w = _recorded(w, planned.use_case_id, pilot=PhaseActual(start=began, percent_complete=50))
    (row,) = [
        r
        for r in track(build_roadmap(w, as_of=halfway), w.baseline(), as_of=halfway)
        if r.use_case_id == planned.use_case_id and r.phase == PhaseName.PILOT
    ]
    assert (row.start, row.end) == (began, began + timedelta(weeks=planned.weeks))
    assert (row.baseline_start, row.baseline_end) == (planned.start, planned.end)
    assert row.slip_weeks == 4.0
    assert row.status == PhaseStatus.AT_RISK
    assert row.percent_complete == 50 and row.actual_start == began and row.actual_end is None


def test_a_pilot_behind_its_pace_is_projected_from_the_share_done(baselined):
    w, planned = baselined
    halfway = planned.start + timedelta(weeks=planned.weeks // 2)
    w = _recorded(w, planned.use_case_id, pilot=PhaseActual(start=planned.start, percent_complete=25))
    pilot = _phase(build_roadmap(w, as_of=halfway), planned.use_case_id or "", PhaseName.PILOT)
    # A quarter done in half the time: the whole takes four times as long as the part done so far.
    assert pilot.end == planned.start + timedelta(weeks=4 * (planned.weeks // 2))


def test_a_phase_past_its_baseline_end_and_not_done_is_late_and_one_with_an_actual_end_is_done(baselined):
    w, planned = baselined
    after = planned.end + timedelta(weeks=2)
    under_way = _recorded(w, planned.use_case_id, pilot=PhaseActual(start=planned.start, percent_complete=90))
    (row,) = [
        r
        for r in track(build_roadmap(under_way, as_of=after), w.baseline(), as_of=after)
        if r.use_case_id == planned.use_case_id and r.phase == PhaseName.PILOT
    ]
    assert row.status == PhaseStatus.LATE and row.end >= after
    finished = _recorded(
        w, planned.use_case_id, pilot=PhaseActual(start=planned.start, end=planned.end + timedelta(weeks=1))
    )
    (row,) = [
        r
        for r in track(build_roadmap(finished, as_of=after), w.baseline(), as_of=after)
        if r.use_case_id == planned.use_case_id and r.phase == PhaseName.PILOT
    ]
    assert row.status == PhaseStatus.DONE and row.slip_weeks == 1.0


def test_without_a_baseline_there_is_no_slip_and_status_follows_the_dates():
    w = workshop(
        use_case("a"), use_case("b", stage=Stage.PILOT, actuals={PhaseName.PILOT: PhaseActual(start=date(2027, 1, 11))})
    )
    as_of = date(2027, 2, 1)
    rows = track(build_roadmap(w, as_of=as_of), None, as_of=as_of)
    assert all(r.slip_weeks is None and r.baseline_end is None for r in rows)
    statuses = {(r.use_case_id, r.phase): r.status for r in rows}
    assert statuses[("b", PhaseName.PILOT)] == PhaseStatus.IN_PROGRESS
    assert statuses[("a", PhaseName.PILOT)] == PhaseStatus.PLANNED


def test_the_report_lists_slips_largest_first_gates_due_within_30_days_off_track_kpis_and_changes(baselined):
    w, planned = baselined
    began = planned.start + timedelta(weeks=4)
    as_of = began + timedelta(weeks=2)
    w = _recorded(w, planned.use_case_id, pilot=PhaseActual(start=began, percent_complete=10))
    lagging = KPI(
        metric="Hours saved per week",
        baseline=0,
        target=100,
        current=90,  # typed in once; the measurements since say otherwise
        direction=Direction.INCREASE,
        measurements=[Measurement(date=as_of - timedelta(days=30), value=20), Measurement(date=as_of, value=10)],
    )
    w = w.model_copy(update={"use_cases": [w.use_cases[0].model_copy(update={"kpis": [lagging]}), *w.use_cases[1:]]})
    roadmap = build_roadmap(w, as_of=as_of)
    report = status_report(w, roadmap, as_of=as_of)
    assert report.baseline == "Board approval"
    slips = [r.slip_weeks or 0 for r in report.slipping]
    assert slips == sorted(slips, reverse=True) and planned.use_case in {r.use_case for r in report.slipping}
    assert all(r.status in (PhaseStatus.LATE, PhaseStatus.AT_RISK) for r in report.slipping)
    assert all(g.decision is None and g.planned <= as_of + timedelta(days=30) for g in report.gates_due)
    assert [(k.metric, k.latest) for k in report.kpis_off_track] == [("Hours saved per week", 10)]
    assert any(line.startswith(f"{planned.use_case}: pilot & validation ends") for line in report.changes)


def test_the_report_names_use_cases_added_and_removed_since_the_baseline():
    w = workshop(use_case("a"), use_case("b"))
    w = w.model_copy(update={"baselines": [take_baseline(build_roadmap(w), name="Start", taken=w.start_date)]})
    w = w.model_copy(update={"use_cases": [w.use_cases[0], use_case("c", name="Claims triage")]})
    report = status_report(w, build_roadmap(w, as_of=w.start_date), as_of=w.start_date)
    assert "Claims triage was added to the roadmap" in report.changes
    assert "B is no longer on the roadmap" in report.changes


def test_an_untracked_workshop_is_planned_as_drawn_and_a_tracked_one_from_today():
    w = workshop(use_case("a"))
    assert planned_from(w, TODAY) is None
    plain = analyse(w, today=TODAY)
    assert plain.as_of is None and plain.roadmap == build_roadmap(w, today=TODAY)
    assert all(r.slip_weeks is None for r in plain.tracked)
    tracked = w.model_copy(update={"baselines": [take_baseline(plain.roadmap, name="Start", taken=w.start_date)]})
    again = analyse(tracked, today=TODAY)
    assert again.as_of == TODAY
    assert all(p.start >= TODAY for p in again.roadmap.phases if p.phase == PhaseName.PILOT)
    assert {r.status for r in again.tracked if r.phase == PhaseName.PILOT} == {PhaseStatus.LATE}
