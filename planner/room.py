"""The room's scores: aggregate ballots per use case and criterion, show agreement, adopt them.

Pure functions over ballots; storage and the user interface only pass them in and show the result.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from planner.edits import updated
from planner.models import Criterion, Workshop
from planner.storage import Ballot

Agreement = Literal["high", "medium", "low"]
# Spread is the population standard deviation of 1–5 scores: 0 when all agree, 2 at most.
HIGH_AGREEMENT_SPREAD = 0.75
MEDIUM_AGREEMENT_SPREAD = 1.25


class CriterionStats(BaseModel):
    criterion_id: str
    votes: int
    mean: float
    median: float
    spread: float


class UseCaseRoom(BaseModel):
    use_case_id: str
    voters: int
    criteria: list[CriterionStats]
    spread: float
    agreement: Agreement

    def medians(self) -> dict[str, int]:
        """Scores to adopt: each median rounded half up to a whole 1–5."""
        return {c.criterion_id: int(c.median + 0.5) for c in self.criteria}


def agreement(spread: float) -> Agreement:
    if spread <= HIGH_AGREEMENT_SPREAD:
        return "high"
    if spread <= MEDIUM_AGREEMENT_SPREAD:
        return "medium"
    return "low"


def aggregate(ballots: Sequence[Ballot], criteria: Sequence[Criterion]) -> dict[str, UseCaseRoom]:
    """Mean, median and spread per use case and criterion; a use case's spread is its widest criterion's."""
    by_use_case: dict[str, list[Ballot]] = {}
    for ballot in ballots:
        by_use_case.setdefault(ballot.use_case_id, []).append(ballot)
    result: dict[str, UseCaseRoom] = {}
    for use_case_id, group in by_use_case.items():
        stats: list[CriterionStats] = []
        for criterion in criteria:
            values = [b.scores[criterion.id] for b in group if criterion.id in b.scores]
            if not values:
                continue
            stats.append(
                CriterionStats(
                    criterion_id=criterion.id,
                    votes=len(values),
                    mean=round(statistics.fmean(values), 2),
                    median=float(statistics.median(values)),
                    spread=round(statistics.pstdev(values), 2),
                )
            )
        if not stats:
            continue
        widest = max(s.spread for s in stats)
        result[use_case_id] = UseCaseRoom(
            use_case_id=use_case_id,
            voters=len({b.participant_id for b in group}),
            criteria=stats,
            spread=widest,
            agreement=agreement(widest),
        )
    return result


def with_room_scores(workshop: Workshop, room: dict[str, UseCaseRoom]) -> Workshop:
    """The workshop with each scored use case's criteria set to the room's medians."""
    cases = []
    for uc in workshop.use_cases:
        if uc.id in room:
            uc = uc.model_copy(update={"scores": {**uc.scores, **room[uc.id].medians()}})
        cases.append(uc.model_dump())
    return updated(workshop, use_cases=cases)
