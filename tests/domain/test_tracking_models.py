"""What a living roadmap records (schema 2): actuals per phase, baselines, KPI measurements and lessons."""

import json
from datetime import date
from typing import Any

import pytest

from planner.domain.errors import WorkshopInputError
from planner.domain.models import KPI, Baseline, Measurement, PhaseActual
from planner.domain.vocabulary import PhaseName
from planner.formats.workshop_json import dump_workshop, parse_workshop
from tests.builders import use_case, workshop


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(WorkshopInputError) as info:
        parse_workshop(json.dumps(data))
    return info.value.problems


def _with_actual(actual: dict[str, Any], phase: str = "pilot") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dump_workshop(workshop(use_case("a"))))
    data["use_cases"][0]["actuals"] = {phase: actual}
    return data


def test_the_documented_actuals_shape_reads_and_writes_back_unchanged():
    documented = {"pilot": {"start": "2027-05-03", "end": None, "percent_complete": 50, "note": ""}}
    opened = parse_workshop(json.dumps(_with_actual(documented["pilot"])))
    assert opened.use_cases[0].actuals[PhaseName.PILOT] == PhaseActual(start=date(2027, 5, 3), percent_complete=50)
    written = json.loads(dump_workshop(opened))["use_cases"][0]["actuals"]
    assert written == documented


def test_an_actual_end_before_its_start_names_the_field():
    (problem,) = _problems(_with_actual({"start": "2027-05-03", "end": "2027-04-01"}))
    assert problem == (
        "use_cases[0].actuals.pilot: the actual end, 01 Apr 2027, is before the actual start on 03 May 2027"
    )


def test_an_actual_end_needs_an_actual_start():
    (problem,) = _problems(_with_actual({"end": "2027-04-01"}))
    assert (
        problem
        == "use_cases[0].actuals.pilot: a phase with an actual end needs its actual start too (add the start date)"
    )


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_complete_is_a_share_of_100(percent: int):
    (problem,) = _problems(_with_actual({"start": "2027-05-03", "percent_complete": percent}))
    assert "percent_complete" in problem


def test_the_organisation_wide_assessment_has_no_actuals_on_a_use_case():
    (problem,) = _problems(_with_actual({"start": "2027-01-11"}, phase="assessment"))
    assert "pilot and scaling" in problem


def test_a_kpi_is_judged_by_its_latest_measurement_whatever_the_order_they_were_typed_in():
    kpi = KPI(
        metric="Hours saved",
        current=5,
        measurements=[
            Measurement(date=date(2027, 6, 1), value=30),
            Measurement(date=date(2027, 8, 1), value=42),
            Measurement(date=date(2027, 7, 1), value=35),
        ],
    )
    assert kpi.latest() == 42
    assert KPI(metric="Hours saved", current=5).latest() == 5


def test_the_latest_baseline_is_the_default_and_one_can_be_chosen_by_id():
    board = Baseline(id="board", name="Board approval", taken=date(2027, 1, 20))
    replan = Baseline(id="replan", name="Re-plan after Q2", taken=date(2027, 7, 1))
    w = workshop(use_case("a"), baselines=[replan, board])
    assert w.baseline() == replan
    assert w.baseline("board") == board
    assert w.baseline("gone") is None
    assert workshop(use_case("a")).baseline() is None
