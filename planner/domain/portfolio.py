"""The portfolio at a glance: how many use cases sit at each stage, from idea to production, in total and per
department or objective. "Many pilots, few in production" shows as a wide middle and a narrow end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from planner.domain.models import Workshop
from planner.domain.vocabulary import NO_TEAM, OBJECTIVE_LABELS, Stage

FUNNEL_STAGES = (Stage.IDEA, Stage.ASSESSMENT, Stage.PILOT, Stage.SCALING, Stage.PRODUCTION, Stage.RETIRED)
OTHER_GROUPS = "{count} more"  # the groups beyond the largest, together
Grouping = Literal["department", "objective"]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    counts: dict[Stage, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def funnel(workshop: Workshop) -> dict[Stage, int]:
    """Use cases per stage, in the order a use case moves through them."""
    counted = Counter(uc.stage for uc in workshop.use_cases)
    return {stage: counted.get(stage, 0) for stage in FUNNEL_STAGES}


def pilots_per_production(counts: dict[Stage, int]) -> float | None:
    """Use cases in pilot for each one in production (None when none is in production yet)."""
    live = counts.get(Stage.PRODUCTION, 0)
    return round(counts.get(Stage.PILOT, 0) / live, 1) if live else None


def breakdown(workshop: Workshop, by: Grouping, *, top: int = 15) -> list[Group]:
    """Stage counts per department (or objective), the largest groups first; beyond `top`, the rest in one."""
    groups: dict[str, Counter[Stage]] = {}
    for uc in workshop.use_cases:
        name = (uc.department or NO_TEAM) if by == "department" else OBJECTIVE_LABELS[uc.objective]
        groups.setdefault(name, Counter())[uc.stage] += 1
    ranked = sorted(groups.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    shown = [Group(name, {s: counts.get(s, 0) for s in FUNNEL_STAGES}) for name, counts in ranked[:top]]
    rest: Counter[Stage] = Counter()
    for _, counts in ranked[top:]:
        rest.update(counts)
    if rest:
        name = OTHER_GROUPS.format(count=len(ranked) - top)
        shown.append(Group(name, {s: rest.get(s, 0) for s in FUNNEL_STAGES}))
    return shown
