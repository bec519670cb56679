"""Bounds on everything a workshop file can say, and text that stays text."""

import json
from datetime import date
from typing import Any

import pytest

from planner.domain.errors import WorkshopInputError
from planner.domain.models import Workshop
from planner.domain.plan_state import PLAN_LIMIT_YEARS
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import MAX_CRITERIA, MAX_USE_CASES
from planner.formats.workshop_json import dump_workshop, load_sample_workshop, parse_workshop
from tests.builders import use_case, workshop


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dump_workshop(load_sample_workshop()))
    return data


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(WorkshopInputError) as info:
        parse_workshop(json.dumps(data))
    return info.value.problems


def test_a_start_date_far_in_the_future_is_refused_with_the_field_named():
    data = {**_sample(), "start_date": "9999-12-01"}
    assert _problems(data) == ["start_date: must be at most 2100-12-31, got '9999-12-01'"]


def test_a_start_date_before_1990_is_refused():
    assert _problems({**_sample(), "start_date": "1899-01-01"}) == [
        "start_date: must be at least 1990-01-01, got '1899-01-01'"
    ]


def test_an_override_beyond_the_horizon_is_refused():
    data = _sample()
    data["use_cases"][0]["overrides"] = {"pilot": {"start": "9999-12-31"}}
    problems = _problems(data)
    assert problems == ["use_cases[0].overrides.pilot.start: must be at most 2100-12-31, got '9999-12-31'"]
    data["use_cases"][0]["overrides"] = {"pilot": {"start": "2099-12-31"}}
    (problem,) = _problems(data)
    assert problem.startswith("use_cases[0].overrides.pilot.start: 31 Dec 2099 is after the roadmap's horizon ends")


def test_more_criteria_than_the_cap_are_refused():
    data = _sample()
    data["criteria"] = [{"id": f"c{i}", "label": f"Criterion {i}", "side": "impact"} for i in range(MAX_CRITERIA + 1)]
    for uc in data["use_cases"]:
        uc["scores"] = {}
    assert _problems(data) == [
        f"criteria: has too many entries (at most {MAX_CRITERIA}); remove some or split the workshop"
    ]


def test_more_use_cases_than_the_cap_are_refused():
    data = {"name": "Big", "start_date": "2027-01-11", "schema_version": 1}
    data["use_cases"] = [{"id": f"u{i}", "name": "x"} for i in range(MAX_USE_CASES + 1)]
    assert _problems(data) == [
        f"use_cases: has too many entries (at most {MAX_USE_CASES}); remove some or split the workshop"
    ]


def test_control_characters_and_bidi_overrides_are_stripped_from_text():
    w = workshop(
        use_case("a", name="Eve\u202e\u2066gnp.exe\x00", description="line\r\nnext\x07"), organisation="A\x1bB"
    )
    assert w.use_cases[0].name == "Evegnp.exe"
    assert w.use_cases[0].description == "line\nnext"
    assert w.organisation == "AB"


def test_the_largest_workshop_through_one_pilot_slot_is_planned_without_overflowing_dates():
    cases = [
        use_case(f"u{i}", overrides={"pilot": {"months": 36}, "scaling": {"months": 36}}) for i in range(MAX_USE_CASES)
    ]
    big = Workshop.model_validate(
        {
            **workshop(*cases[:1]).model_dump(),
            "use_cases": [c.model_dump() for c in cases],
            "start_date": date(2100, 12, 31),
        }
    )
    roadmap = build_roadmap(big)
    assert max(p.end for p in roadmap.phases) < date(2100 + PLAN_LIMIT_YEARS + 10, 1, 1)
    assert any("do not fit within 100 years" in w for w in roadmap.warnings)


def test_infinite_and_not_a_number_values_are_refused():
    data = _sample()
    data["use_cases"][0]["kpis"] = [{"metric": "Cost", "baseline": float("inf"), "target": float("nan")}]
    problems = _problems(data)
    assert len(problems) == 2 and all(p.startswith("use_cases[0].kpis[0].") for p in problems)
