"""The JSON shapes of `schedule --json` and `status --json`, as models: the command line writes its output through
them, and `schema --of schedule|status` prints their JSON Schema. Other tools read these shapes, so they only grow.
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


SHAPES: dict[str, type[BaseModel]] = {"schedule": ScheduleOut, "status": StatusOut}
