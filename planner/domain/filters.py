"""One filter for the whole portfolio, shared by the use-case table, the matrix, the ranking, the Gantt and the
portfolio charts: by department, stage, objective, quadrant, and whether a use case is on the roadmap.

An empty choice means "any". A use case matches when it matches every choice that is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain.models import UseCase, Workshop
from planner.domain.results import UseCaseScore
from planner.domain.vocabulary import OBJECTIVE_LABELS, QUADRANT_LABELS, STAGE_LABELS, Objective, Quadrant, Stage


@dataclass(frozen=True, slots=True)
class PortfolioFilter:
    departments: tuple[str, ...] = ()  # team names: a use case's department, or NO_TEAM without one
    stages: tuple[Stage, ...] = ()
    objectives: tuple[Objective, ...] = ()
    quadrants: tuple[Quadrant, ...] = ()
    on_roadmap: bool | None = None

    @property
    def active(self) -> bool:
        return bool(self.departments or self.stages or self.objectives or self.quadrants) or (
            self.on_roadmap is not None
        )


NO_FILTER = PortfolioFilter()


def departments(workshop: Workshop) -> list[str]:
    """The departments to filter by, A to Z (use cases without one under NO_TEAM)."""
    return sorted({uc.team for uc in workshop.use_cases}, key=str.casefold)


def matches(use_case: UseCase, quadrant: Quadrant | None, chosen: PortfolioFilter, departments: frozenset[str]) -> bool:
    return (
        (not chosen.departments or use_case.team in departments)
        and (not chosen.stages or use_case.stage in chosen.stages)
        and (not chosen.objectives or use_case.objective in chosen.objectives)
        and (not chosen.quadrants or quadrant in chosen.quadrants)
        and (chosen.on_roadmap is None or use_case.on_roadmap is chosen.on_roadmap)
    )


def filtered_ids(workshop: Workshop, ranking: Sequence[UseCaseScore], chosen: PortfolioFilter) -> list[str]:
    """The ids of the use cases that match, in the workshop's order. A retired use case is not ranked, so it
    has no quadrant and never matches a quadrant choice."""
    if not chosen.active:
        return [uc.id for uc in workshop.use_cases]
    quadrant = {score.use_case_id: score.quadrant for score in ranking}
    teams = frozenset(chosen.departments)
    return [uc.id for uc in workshop.use_cases if matches(uc, quadrant.get(uc.id), chosen, teams)]


def describe(chosen: PortfolioFilter) -> str:
    """The filter in words, e.g. "Department: Finance or HR · Stage: Pilot · on the roadmap"."""
    parts: list[str] = []
    for label, values in (
        ("Department", list(chosen.departments)),
        ("Stage", [STAGE_LABELS[s] for s in chosen.stages]),
        ("Objective", [OBJECTIVE_LABELS[o] for o in chosen.objectives]),
        ("Quadrant", [QUADRANT_LABELS[q] for q in chosen.quadrants]),
    ):
        if values:
            parts.append(f"{label}: {' or '.join(values)}")
    if chosen.on_roadmap is not None:
        parts.append("on the roadmap" if chosen.on_roadmap else "not on the roadmap")
    return " · ".join(parts)


def within(chosen: PortfolioFilter, workshop: Workshop) -> PortfolioFilter:
    """The filter without departments the workshop no longer has (after an edit, an import or another workshop)."""
    known = set(departments(workshop))
    kept = tuple(d for d in chosen.departments if d in known)
    if kept == chosen.departments:
        return chosen
    return PortfolioFilter(kept, chosen.stages, chosen.objectives, chosen.quadrants, chosen.on_roadmap)


def only(workshop: Workshop, ids: Sequence[str]) -> Workshop:
    """The workshop with only these use cases, for counting and drawing; never to be saved."""
    if len(ids) == len(workshop.use_cases):
        return workshop
    keep = set(ids)
    return workshop.model_copy(update={"use_cases": [uc for uc in workshop.use_cases if uc.id in keep]})
