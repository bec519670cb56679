"""Tests that the example workshop shipped in data/ is valid and realistic."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from planner.domain.graph import find_cycle
from planner.domain.models import SCHEMA_VERSION, Workshop
from planner.domain.vocabulary import Objective, Stage

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample_workshop.json"
READINESS_IDS = {
    "tech_infrastructure",
    "tech_compute",
    "tech_integration",
    "tech_monitoring",
    "data_inventory",
    "data_quality",
    "data_access",
    "data_ownership",
    "people_skills",
    "people_roles",
    "people_training",
    "strategy_objectives",
    "strategy_sponsorship",
    "strategy_budget",
    "strategy_kpis",
    "gov_policy",
    "gov_security",
    "gov_compliance",
    "gov_model_management",
    "culture_openness",
    "culture_change",
    "culture_collaboration",
}
MAIN_OBJECTIVES = {
    Objective.COST_REDUCTION,
    Objective.REVENUE_GROWTH,
    Objective.CUSTOMER_EXPERIENCE,
    Objective.OPERATIONAL_EFFICIENCY,
}


@pytest.fixture(scope="module")
def workshop() -> Workshop:
    with SAMPLE_PATH.open(encoding="utf-8") as handle:
        return Workshop.model_validate(json.load(handle))


def test_sample_validates_and_has_the_basics(workshop: Workshop) -> None:
    assert workshop.schema_version == SCHEMA_VERSION
    assert workshop.id == "tarnfield-sample"
    assert workshop.start_date == date(2027, 1, 11)
    assert workshop.start_date.weekday() == 0
    assert workshop.organisation and workshop.facilitator


def test_sample_round_trips_through_json(workshop: Workshop) -> None:
    assert Workshop.model_validate_json(workshop.model_dump_json()) == workshop


def test_sample_has_ten_to_fourteen_use_cases(workshop: Workshop) -> None:
    assert 10 <= len(workshop.use_cases) <= 14


def test_exactly_one_use_case_is_in_pilot(workshop: Workshop) -> None:
    stages = Counter(u.stage for u in workshop.use_cases)
    assert stages[Stage.PILOT] == 1
    assert 1 <= stages[Stage.ASSESSMENT] <= 2
    assert stages[Stage.IDEA] > len(workshop.use_cases) // 2


def test_every_main_objective_has_at_least_two_use_cases(workshop: Workshop) -> None:
    objectives = Counter(u.objective for u in workshop.use_cases)
    for objective in MAIN_OBJECTIVES:
        assert objectives[objective] >= 2, objective


def test_all_readiness_questions_are_answered(workshop: Workshop) -> None:
    assert set(workshop.readiness) == READINESS_IDS
    assert all(1 <= v <= 5 for v in workshop.readiness.values())


def test_readiness_shows_at_least_one_blocking_dimension(workshop: Workshop) -> None:
    by_dimension: dict[str, list[int]] = {}
    for question, answer in workshop.readiness.items():
        by_dimension.setdefault(question.split("_")[0], []).append(answer)
    averages = {d: sum(v) / len(v) for d, v in by_dimension.items()}
    assert any(avg <= 2 for avg in averages.values())
    assert averages["strategy"] >= 3


def test_every_use_case_is_scored_on_every_criterion(workshop: Workshop) -> None:
    criteria = {c.id for c in workshop.criteria}
    for use_case in workshop.use_cases:
        assert set(use_case.scores) == criteria, use_case.id


def test_scores_spread_over_lower_is_better_criteria(workshop: Workshop) -> None:
    for criterion in ("technical_complexity", "integration_effort"):
        values = {u.scores[criterion] for u in workshop.use_cases}
        assert len(values) >= 3, criterion


def test_at_least_three_dependencies_without_cycles(workshop: Workshop) -> None:
    edges = [(u.id, d) for u in workshop.use_cases for d in u.depends_on]
    assert len(edges) >= 3
    assert find_cycle({u.id: list(u.depends_on) for u in workshop.use_cases}) is None


def test_use_cases_are_complete(workshop: Workshop) -> None:
    for use_case in workshop.use_cases:
        assert use_case.owner and use_case.department and use_case.description
        assert use_case.annual_value is not None and use_case.annual_value > 0
        assert 1 <= len(use_case.kpis) <= 2
        assert not use_case.overrides and not use_case.checklist and not use_case.gate_decisions
        for kpi in use_case.kpis:
            assert kpi.baseline is not None and kpi.target is not None
            if use_case.stage is not Stage.PILOT:
                assert kpi.current is None


def test_the_pilot_reports_current_kpi_values(workshop: Workshop) -> None:
    (pilot,) = [u for u in workshop.use_cases if u.stage is Stage.PILOT]
    assert all(k.current is not None for k in pilot.kpis)


def test_roadmap_portfolio_is_a_subset(workshop: Workshop) -> None:
    on_roadmap = [u for u in workshop.use_cases if u.on_roadmap]
    assert 6 <= len(on_roadmap) < len(workshop.use_cases)


def test_plan_runs_three_pilots_in_parallel_on_the_method_defaults(workshop: Workshop) -> None:
    assert workshop.plan.max_parallel_pilots == 3
    assert workshop.plan.max_parallel_scaling == 2
    assert workshop.plan.horizon_months == 24
    assert workshop.plan.pilot_months.min == 3 and workshop.plan.pilot_months.max == 6
