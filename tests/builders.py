"""Builders for test data: small valid workshops and use cases with sensible defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.models import Criterion, CriterionRole, PlanSettings, UseCase, Workshop
from planner.domain.readiness_questions import questions
from planner.domain.vocabulary import Side, Stage

START = date(2027, 1, 11)
ALL_THREES = {
    "business_value": 3,
    "strategic_importance": 3,
    "data_readiness": 3,
    "technical_complexity": 3,
    "integration_effort": 3,
}
READINESS_QUESTIONS = [q.id for q in questions()]
GOOD_READINESS = dict.fromkeys(READINESS_QUESTIONS, 4)


def use_case(uc_id: str, *, stage: Stage = Stage.IDEA, **fields: Any) -> UseCase:
    scores = {**ALL_THREES, **fields.pop("scores", {})}
    return UseCase(
        id=uc_id, name=fields.pop("name", uc_id.replace("-", " ").title()), stage=stage, scores=scores, **fields
    )


def workshop(*use_cases: UseCase, pilots: int = 2, scaling: int = 2, **fields: Any) -> Workshop:
    return Workshop(
        name=fields.pop("name", "Test workshop"),
        start_date=fields.pop("start_date", START),
        readiness=fields.pop("readiness", dict(GOOD_READINESS)),
        use_cases=list(use_cases),
        plan=fields.pop("plan", PlanSettings(max_parallel_pilots=pilots, max_parallel_scaling=scaling)),
        **fields,
    )


def systems_work() -> Criterion:
    """A criterion a facilitator added to take over the integration-effort role, under another id and label."""
    return Criterion(
        id="systems_work",
        label="Systems work",
        side=Side.FEASIBILITY,
        higher_is_better=False,
        role=CriterionRole.INTEGRATION_EFFORT,
    )
