"""The JSON shapes of `schedule --json`, `status --json` and `finance --json`, as models: the command line writes
its output through them, and `schema --of schedule|status|finance` prints their JSON Schema. Other tools read these
shapes, so they only grow.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from planner.domain.results import RoadmapSummary
from planner.domain.tracking import PhaseStatus
from planner.domain.vocabulary import Gate, PhaseName


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhaseOut(_Shape):
    """One phase of the plan, with what was recorded and the baseline; null where a value does not apply."""

    use_case_id: str | None = Field(description="null for the organisation-wide assessment")
    use_case: str
    phase: PhaseName
    start: date
    end: date
    ongoing: bool = Field(description="optimisation runs on: its end is the plan's horizon")
    actual_start: date | None
    actual_end: date | None
    percent_complete: float | None
    baseline_start: date | None
    baseline_end: date | None
    slip_weeks: float | None = Field(description="weeks later than the baseline's end (an ongoing phase: start)")
    status: PhaseStatus


class MilestoneOut(_Shape):
    use_case_id: str | None
    name: str
    date: date


class ScheduleOut(_Shape):
    """`python -m planner schedule FILE [--as-of DATE] --json`."""

    phases: list[PhaseOut]
    milestones: list[MilestoneOut]
    warnings: list[str]
    summary: RoadmapSummary


class GateDueOut(_Shape):
    use_case_id: str
    use_case: str
    gate: Gate
    date: date
    overdue: bool


class KpiOffTrackOut(_Shape):
    use_case_id: str
    use_case: str
    metric: str
    latest: float | None
    target: float | None
    unit: str


class StatusOut(_Shape):
    """`python -m planner status FILE [--as-of DATE] [--baseline ID] --json`."""

    as_of: date
    baseline: str | None = Field(description="the name of the baseline compared against; null when none is taken")
    slipping: list[PhaseOut] = Field(description="late and at-risk phases, the largest slip first")
    gates_due: list[GateDueOut] = Field(description="undecided gates in the next 30 days, and any overdue")
    kpis_off_track: list[KpiOffTrackOut]
    changes: list[str] = Field(description="what changed since the baseline, one line each")


class MonthOut(_Shape):
    month: str = Field(description="the calendar month, YYYY-MM; the first and last may be part months")
    spend: float = Field(description="pilot, scaling and run costs in the month, in thousands")
    value: float
    cumulative_spend: float
    cumulative_value: float
    investment: float = Field(description="the pilot and scaling part of spend (what a quarterly budget limits)")
    run: float = Field(description="the run-cost part of spend")


class UseCaseFinanceOut(_Shape):
    use_case_id: str
    investment: float = Field(description="pilot and scaling costs of the phases on the roadmap")
    annual_value: float | None
    payback_date: date | None = Field(description="null: no production, no net gain, or after the horizon")
    net_value_3y: float = Field(description="value less run costs over 3 years in production, less the investment")


class GateReleaseOut(_Shape):
    use_case_id: str
    gate: Gate
    date: date
    releases: float = Field(description="go/no-go: the scaling cost; production readiness: a first year's run cost")


class PortfolioOut(_Shape):
    peak_funding: float = Field(description="the most the cumulative spend runs ahead of the cumulative value")
    payback_date: date | None = Field(description="when the cumulative value catches up for good; null: not in time")
    net_value_3y: float = Field(description="the sum of the use cases' 3-year net values")


class FinanceOut(_Shape):
    """`python -m planner finance FILE [--as-of DATE] --json`. Amounts are in thousands, like annual_value."""

    months: list[MonthOut]
    use_cases: list[UseCaseFinanceOut]
    gates: list[GateReleaseOut]
    portfolio: PortfolioOut


SHAPES: dict[str, type[BaseModel]] = {"schedule": ScheduleOut, "status": StatusOut, "finance": FinanceOut}
