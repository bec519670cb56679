"""What the planner computes, never entered by a user: scores with their explanation, and the roadmap."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from planner.domain.vocabulary import Gate, PhaseName, Quadrant, Side


class CriterionContribution(BaseModel):
    criterion_id: str
    label: str
    side: Side
    score: int | None
    weight: float
    points: float = Field(description="Points this criterion adds to its side's 0–100 score")


class UseCaseScore(BaseModel):
    use_case_id: str
    name: str
    impact: float
    feasibility: float
    priority: float
    quadrant: Quadrant
    rank: int
    missing: list[str] = Field(default_factory=list, description="Criteria without a score (counted as 3)")
    contributions: list[CriterionContribution] = Field(default_factory=list)
    top_n_share: float | None = None


class Phase(BaseModel):
    use_case_id: str | None
    use_case: str
    phase: PhaseName
    start: date
    end: date
    ongoing: bool = False
    overridden: bool = False
    # What was recorded for this phase (UseCase.actuals); the dates above already follow them.
    actual_start: date | None = None
    actual_end: date | None = None
    percent_complete: float | None = None

    @property
    def weeks(self) -> int:
        return (self.end - self.start).days // 7


class Milestone(BaseModel):
    use_case_id: str | None
    name: str
    date: date
    gate: Gate | None = None


class RoadmapSummary(BaseModel):
    start: date
    assessment_end: date
    first_production: date | None
    months_to_first_production: float | None
    all_in_production: date | None
    total_months: float | None
    within_guidance: bool | None
    scheduled_use_cases: int
    horizon_end: date


class Roadmap(BaseModel):
    phases: list[Phase]
    milestones: list[Milestone]
    warnings: list[str]
    summary: RoadmapSummary
    order: list[str] = Field(default_factory=list, description="Use case ids in roadmap row order")
