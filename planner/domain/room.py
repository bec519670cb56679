"""The room's scores: aggregate ballots per use case and criterion, show agreement, adopt them.

Pure functions over ballots; storage and the user interface only pass them in and show the result.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from planner.domain.edits import updated
from planner.domain.models import Criterion, Workshop

Agreement = Literal["high", "medium", "low"]


# Spread is the population standard deviation of 1–5 scores: 0 when all agree, 2 at most.
class Ballot(BaseModel):
    """One participant's scores for one use case, as stored."""

    participant_id: str
    participant_name: str
    use_case_id: str
    scores: dict[str, int]
    submitted_at: datetime
    updated_at: datetime


HIGH_AGREEMENT_SPREAD = 0.75
MEDIUM_AGREEMENT_SPREAD = 1.25


# A vote is split when at least this share of it sits at each end (1–2 and 4–5): a median of 3 would hide a
# room that is divided, not lukewarm.
SPLIT_SHARE = 0.25
SPLIT_MIN_VOTES = 4


class CriterionStats(BaseModel):
    criterion_id: str
    votes: int
    mean: float
    median: float
    spread: float
    counts: list[int] = Field(description="How many voted 1, 2, 3, 4 and 5")
    split: bool = Field(description="The room is divided: many low and many high votes")

    def distribution(self) -> str:
        """The votes as '1:4 2:0 3:0 4:0 5:4', scores with no votes included, for a table cell."""
        return " ".join(f"{score}:{count}" for score, count in enumerate(self.counts, start=1))


class UseCaseRoom(BaseModel):
    use_case_id: str
    voters: int
    criteria: list[CriterionStats]
    spread: float
    agreement: Agreement

    @property
    def split_criteria(self) -> list[str]:
        return [c.criterion_id for c in self.criteria if c.split]

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
            counts = [values.count(score) for score in range(1, 6)]
            low, high = sum(counts[:2]), sum(counts[3:])
            stats.append(
                CriterionStats(
                    criterion_id=criterion.id,
                    votes=len(values),
                    mean=round(statistics.fmean(values), 2),
                    median=float(statistics.median(values)),
                    spread=round(statistics.pstdev(values), 2),
                    counts=counts,
                    split=len(values) >= SPLIT_MIN_VOTES and min(low, high) >= SPLIT_SHARE * len(values),
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


def with_room_scores(workshop: Workshop, room: dict[str, UseCaseRoom], *, leave_split: bool = False) -> Workshop:
    """The workshop with each scored use case's criteria set to the room's medians; with `leave_split`, the
    split votes keep the workshop's own score until the room has talked them through."""
    cases = []
    for uc in workshop.use_cases:
        if uc.id in room:
            medians = room[uc.id].medians()
            if leave_split:
                for criterion_id in room[uc.id].split_criteria:
                    medians.pop(criterion_id, None)
            uc = uc.model_copy(update={"scores": {**uc.scores, **medians}})
        cases.append(uc.model_dump())
    return updated(workshop, use_cases=cases)


class ParticipantProgress(BaseModel):
    participant_id: str
    name: str = Field(description="The name they gave, or 'Anonymous N' in the order they first scored")
    scored: int
    total: int

    @property
    def finished(self) -> bool:
        return self.scored >= self.total


def scoring_progress(ballots: Sequence[Ballot], use_case_ids: Sequence[str]) -> list[ParticipantProgress]:
    """Each participant who has scored anything, with how many of the use cases they have scored; those still
    scoring come first, fewest scored first, so the facilitator can call them by name."""
    wanted = set(use_case_ids)
    first_seen: dict[str, Ballot] = {}
    names: dict[str, str] = {}
    scored: dict[str, set[str]] = {}
    for ballot in sorted(ballots, key=lambda b: (b.submitted_at, b.participant_id)):
        first_seen.setdefault(ballot.participant_id, ballot)
        if ballot.participant_name.strip():
            names[ballot.participant_id] = ballot.participant_name.strip()
        if ballot.use_case_id in wanted:
            scored.setdefault(ballot.participant_id, set()).add(ballot.use_case_id)
    people: list[ParticipantProgress] = []
    anonymous = 0
    for participant_id in first_seen:
        name = names.get(participant_id)
        if name is None:
            anonymous += 1
            name = f"Anonymous {anonymous}"
        people.append(
            ParticipantProgress(
                participant_id=participant_id,
                name=name,
                scored=len(scored.get(participant_id, ())),
                total=len(wanted),
            )
        )
    return sorted(people, key=lambda p: (p.finished, p.scored, p.name.casefold()))
