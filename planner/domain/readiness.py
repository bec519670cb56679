"""How the readiness answers are scored: a 1–5 mean per dimension, a 0–100 index, and the blockers.

Scores feed the plan: a weak dimension becomes a blocker with an action, a longer phase or a flagged risk. The
questions themselves are in planner.domain.readiness_questions.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from planner.domain.readiness_questions import DIMENSIONS, LEVELS, dimension, question_or_none

BLOCKER_THRESHOLD = 2.0


class DimensionScore(BaseModel):
    id: str
    label: str
    score: float | None
    answered: int
    total: int


class Blocker(BaseModel):
    dimension_id: str
    label: str
    score: float
    action: str


class ReadinessResult(BaseModel):
    dimensions: list[DimensionScore]
    index: float | None
    blockers: list[Blocker]
    answered: int
    total: int

    def score(self, dimension_id: str) -> float | None:
        """The 1–5 score of one dimension, or None if none of its questions was answered."""
        for d in self.dimensions:
            if d.id == dimension_id:
                return d.score
        raise KeyError(dimension_id)


def assess(answers: Mapping[str, int]) -> ReadinessResult:
    """Score the answers: a 1–5 mean per dimension, a 0–100 index, and the blockers weakest first."""
    for question_id, value in answers.items():
        q = question_or_none(question_id)
        # Unknown ids come from files saved with an older questionnaire; they must not stop the file loading.
        if q is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
            raise ValueError(f"The answer to '{q.text}' ({question_id}) must be a level from 1 to 5, not {value!r}.")

    scores: list[DimensionScore] = []
    fractions: list[float] = []
    for d in DIMENSIONS:
        given = [answers[q.id] for q in d.questions if q.id in answers]
        mean = sum(given) / len(given) if given else None
        if mean is not None:
            fractions.append((mean - 1) / 4)
        scores.append(
            DimensionScore(
                id=d.id,
                label=d.label,
                score=None if mean is None else round(mean, 2),
                answered=len(given),
                total=len(d.questions),
            )
        )

    # Compare the rounded score so that a dimension shown as "2.0" is always treated as a blocker.
    weak = sorted(
        ((s.score, s) for s in scores if s.score is not None and s.score <= BLOCKER_THRESHOLD),
        key=lambda pair: pair[0],
    )
    blockers = [
        Blocker(dimension_id=s.id, label=s.label, score=value, action=dimension(s.id).action) for value, s in weak
    ]
    return ReadinessResult(
        dimensions=scores,
        index=round(100 * sum(fractions) / len(fractions), 1) if fractions else None,
        blockers=blockers,
        answered=sum(s.answered for s in scores),
        total=sum(s.total for s in scores),
    )
