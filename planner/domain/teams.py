"""The plan per team: which team (department) holds how many use cases on the roadmap, its limits, and when its
first and last use cases reach production."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.models import Workshop
from planner.domain.results import Roadmap
from planner.domain.vocabulary import PhaseName


@dataclass(frozen=True, slots=True)
class TeamPlan:
    team: str
    use_cases: int
    pilot_limit: int | None
    scaling_limit: int | None
    first_live: date | None
    all_live: date | None  # None while one of its use cases never reaches production on the plan


def plan_per_team(workshop: Workshop, roadmap: Roadmap) -> list[TeamPlan]:
    """One row per team with a use case on the roadmap, the largest first."""
    by_id = workshop.use_cases_by_id()
    live: dict[str, list[date | None]] = {}
    for phase in roadmap.phases:
        if phase.use_case_id is None or phase.phase != PhaseName.OPTIMIZATION:
            continue
        live.setdefault(by_id[phase.use_case_id].team, []).append(phase.start)
    for uc_id in roadmap.order:
        live.setdefault(by_id[uc_id].team, [])
    counts = {team: 0 for team in live}
    for uc_id in roadmap.order:
        counts[by_id[uc_id].team] += 1
    rows = []
    for team, days in live.items():
        reached = [d for d in days if d is not None]
        rows.append(
            TeamPlan(
                team=team,
                use_cases=counts[team],
                pilot_limit=workshop.plan.team_limit(team, PhaseName.PILOT),
                scaling_limit=workshop.plan.team_limit(team, PhaseName.SCALING),
                first_live=min(reached, default=None),
                all_live=max(reached) if reached and len(reached) == counts[team] else None,
            )
        )
    return sorted(rows, key=lambda row: (-row.use_cases, row.team))


def set_team_limits(
    workshop: Workshop,
    *,
    pilots: int | None,
    scaling: int | None,
    teams: Sequence[Mapping[str, Any]] = (),
) -> Workshop:
    """Set the per-team default limits and the teams with limits of their own (rows of team, pilots, scaling).
    A row without a limit is dropped; a team named twice is refused, naming it."""
    own: dict[str, dict[str, int | None]] = {}
    problems = []
    for row in teams:
        name = str(row.get("team") or "").strip()
        limits = {"max_parallel_pilots": row.get("pilots"), "max_parallel_scaling": row.get("scaling")}
        if not name or all(value is None for value in limits.values()):
            continue
        if name in own:
            problems.append(f"team '{name}': it is listed twice; keep one row per team")
        own[name] = limits
    if problems:
        raise WorkshopInputError(problems)
    try:
        plan = workshop.plan.model_validate(
            {**workshop.plan.model_dump(), "team_pilots": pilots, "team_scaling": scaling, "teams": own}
        )
    except ValidationError as exc:
        raise WorkshopInputError(format_validation_error(exc)) from None
    return updated(workshop, plan=plan.model_dump())
