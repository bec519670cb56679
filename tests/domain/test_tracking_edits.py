"""Edits for a living roadmap: baselines and actuals, checked before anything changes."""

from datetime import date

import pytest

from planner.domain.errors import WorkshopInputError
from planner.domain.models import PhaseActual
from planner.domain.schedule import build_roadmap
from planner.domain.tracking_edits import add_baseline, record_actuals, remove_baseline
from planner.domain.vocabulary import MAX_BASELINES, PhaseName
from tests.builders import use_case, workshop

W = workshop(use_case("a", name="Invoice matching"), use_case("b"))


def test_a_baseline_is_named_and_a_name_is_used_once():
    w = add_baseline(W, build_roadmap(W), name=" Board approval ", taken=date(2027, 1, 20))
    (baseline,) = w.baselines
    assert baseline.name == "Board approval" and baseline.taken == date(2027, 1, 20)
    assert len(baseline.phases) == len(build_roadmap(W).phases)
    with pytest.raises(WorkshopInputError, match="already a baseline called 'Board approval'"):
        add_baseline(w, build_roadmap(w), name="Board approval", taken=date(2027, 2, 1))
    with pytest.raises(WorkshopInputError, match="give the baseline a name"):
        add_baseline(w, build_roadmap(w), name=" ", taken=date(2027, 2, 1))
    assert remove_baseline(w, baseline.id).baselines == []


def test_no_more_baselines_than_the_limit():
    w = W
    for n in range(MAX_BASELINES):
        w = add_baseline(w, build_roadmap(w), name=f"B{n}", taken=date(2027, 1, 20))
    with pytest.raises(WorkshopInputError, match=f"baselines: has too many entries \\(at most {MAX_BASELINES}\\)"):
        add_baseline(w, build_roadmap(w), name="One more", taken=date(2027, 1, 20))


def test_actuals_are_recorded_cleared_and_checked_row_by_row():
    w = record_actuals(
        W,
        [
            {"use_case_id": "a", "phase": "pilot", "start": date(2027, 5, 3), "end": None, "percent_complete": 50},
            {"use_case_id": "b", "phase": "scaling", "start": None, "end": None, "percent_complete": None},
        ],
    )
    assert w.use_case("a").actuals == {PhaseName.PILOT: PhaseActual(start=date(2027, 5, 3), percent_complete=50)}
    assert w.use_case("b").actuals == {}
    cleared = record_actuals(w, [{"use_case_id": "a", "phase": "pilot", "start": None, "end": None, "note": ""}])
    assert cleared.use_case("a").actuals == {}
    with pytest.raises(WorkshopInputError) as info:
        record_actuals(
            w,
            [
                {"use_case_id": "a", "phase": "pilot", "start": date(2027, 5, 3), "end": date(2027, 4, 1)},
                {"use_case_id": "ghost", "phase": "pilot", "start": date(2027, 5, 3)},
                {"use_case_id": "b", "phase": "optimization", "start": date(2027, 5, 3)},
            ],
        )
    assert info.value.problems == [
        "use case 'ghost': there is no such use case in this workshop",
        "B, phase 'optimization': record actuals for the pilot or scaling phase",
        "Invoice matching: actuals.pilot: the actual end, 01 Apr 2027, is before the actual start on 03 May 2027",
    ]
