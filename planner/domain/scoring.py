"""Weighted impact and feasibility scores, quadrants, ranking, explanations and weight sensitivity.

Each criterion is scored 1–5; a side's score is the weighted mean mapped onto 0–100, with
"lower is better" criteria (complexity, integration effort) inverted first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.domain.models import Criterion, ScoringSettings, UseCase, Workshop
from planner.domain.results import CriterionContribution, UseCaseScore
from planner.domain.vocabulary import Quadrant, Side

NEUTRAL_SCORE = 3
SENSITIVITY_TRIALS = 200
SENSITIVITY_SWING = 0.20
SENSITIVITY_SEED = 20260101
SCALE = 10_000  # a 0-100 score to 2 decimals, as an integer


def normalised(score: int, *, higher_is_better: bool) -> float:
    """Map a 1–5 score onto 0–1, so that 1 is always the good end."""
    value = (score - 1) / 4
    return value if higher_is_better else 1 - value


def quadrant(impact: float, feasibility: float, settings: ScoringSettings) -> Quadrant:
    high_impact = impact >= settings.impact_threshold
    feasible = feasibility >= settings.feasibility_threshold
    if high_impact and feasible:
        return Quadrant.QUICK_WIN
    if high_impact:
        return Quadrant.STRATEGIC_BET
    if feasible:
        return Quadrant.FILL_IN
    return Quadrant.DEPRIORITISE


def _side_weight(criteria: Sequence[Criterion], side: Side) -> float:
    return sum(c.weight for c in criteria if c.side == side)


def _totals(criteria: Sequence[Criterion]) -> dict[Side, float]:
    return {side: _side_weight(criteria, side) for side in Side}


def score_use_case(
    use_case: UseCase,
    criteria: Sequence[Criterion],
    settings: ScoringSettings,
    *,
    totals: dict[Side, float] | None = None,
    explain: bool = True,
) -> UseCaseScore:
    """Score one use case; its rank is filled in by `rank_use_cases`."""
    totals = totals or _totals(criteria)
    sides = {Side.IMPACT: 0.0, Side.FEASIBILITY: 0.0}
    contributions: list[CriterionContribution] = []
    missing: list[str] = []
    for criterion in criteria:
        raw = use_case.scores.get(criterion.id)
        if raw is None:
            missing.append(criterion.id)
        value = normalised(raw if raw is not None else NEUTRAL_SCORE, higher_is_better=criterion.higher_is_better)
        total = totals[criterion.side]
        # A side whose weights are all zero scores neutral instead of dividing by zero.
        points = 100 * value * criterion.weight / total if total > 0 else 0.0
        sides[criterion.side] += points
        if explain:
            contributions.append(
                # Built from validated models by this function alone: constructed without validating again,
                # which at 3,000 use cases and their criteria saved a third of a second per ranking.
                CriterionContribution.model_construct(
                    criterion_id=criterion.id,
                    label=criterion.label,
                    side=criterion.side,
                    score=raw,
                    weight=criterion.weight,
                    points=round(points, 2),
                )
            )
    impact = round(sides[Side.IMPACT] if totals[Side.IMPACT] > 0 else 50.0, 2)
    feasibility = round(sides[Side.FEASIBILITY] if totals[Side.FEASIBILITY] > 0 else 50.0, 2)
    priority = round(settings.impact_share * impact + (1 - settings.impact_share) * feasibility, 2)
    return UseCaseScore.model_construct(
        top_n_share=None,
        use_case_id=use_case.id,
        name=use_case.name,
        impact=impact,
        feasibility=feasibility,
        priority=priority,
        quadrant=quadrant(impact, feasibility, settings),
        rank=0,
        missing=missing,
        contributions=contributions,
    )


def _rank_key(score: UseCaseScore) -> tuple[float, float, str, str]:
    # Ties break on impact, then name, then id, so the order never depends on input order.
    return (-score.priority, -score.impact, score.name.casefold(), score.use_case_id)


def rank_use_cases(workshop: Workshop, *, with_sensitivity: bool = False, explain: bool = True) -> list[UseCaseScore]:
    """Score every use case that is not retired and return them best first, ranks 1..n.

    `explain=False` leaves out the per-criterion contributions, for callers that only need the order.
    """
    active = workshop.active_use_cases()
    totals = _totals(workshop.criteria)
    scores = [score_use_case(uc, workshop.criteria, workshop.scoring, totals=totals, explain=explain) for uc in active]
    scores.sort(key=_rank_key)
    for position, item in enumerate(scores, start=1):
        item.rank = position
    if with_sensitivity and scores:
        shares = sensitivity(workshop)
        for item in scores:
            item.top_n_share = shares.get(item.use_case_id)
    return scores


def sensitivity(
    workshop: Workshop,
    *,
    trials: int = SENSITIVITY_TRIALS,
    swing: float = SENSITIVITY_SWING,
    seed: int = SENSITIVITY_SEED,
    top_n: int | None = None,
) -> dict[str, float]:
    """Share of seeded trials (each weight moved by up to ±swing) in which a use case stays in the top N."""
    active = workshop.active_use_cases()
    if not active:
        return {}
    n_top = min(top_n or workshop.scoring.top_n, len(active))
    criteria = workshop.criteria
    values = np.array(
        [
            [normalised(uc.scores.get(c.id, NEUTRAL_SCORE), higher_is_better=c.higher_is_better) for c in criteria]
            for uc in active
        ]
    ).reshape(len(active), len(criteria))
    weights = np.array([c.weight for c in criteria], dtype=float)
    is_impact = np.array([c.side == Side.IMPACT for c in criteria])
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - swing, 1 + swing, size=(trials, len(criteria)))
    share = workshop.scoring.impact_share
    in_top = np.zeros(len(active))
    # Ties are broken by the same keys as the ranking: name, then id.
    tiebreak = np.argsort(
        np.array([f"{uc.name.casefold()}\x00{uc.id}" for uc in active], dtype=object), kind="stable"
    ).argsort()
    for trial in range(trials):
        w = weights * factors[trial]
        sides = []
        for mask in (is_impact, ~is_impact):
            total = w[mask].sum()
            sides.append(values[:, mask] @ w[mask] * 100 / total if total > 0 else np.full(len(active), 50.0))
        priority = np.round(share * sides[0] + (1 - share) * sides[1], 2)
        # One integer per use case orders them as the ranking does (priority, then impact, both to 2 decimals
        # and 0-100, then name and id), so the top N is a partition, not a sort: 200 trials of 3,600 use cases
        # took 0.1 s with a full sort each.
        worse = (SCALE - np.rint(priority * 100).astype(np.int64)) * (SCALE + 1) + (
            SCALE - np.rint(np.round(sides[0], 2) * 100).astype(np.int64)
        )
        key = worse * len(active) + tiebreak
        top = np.argpartition(key, n_top - 1)[:n_top] if n_top < len(active) else slice(None)
        in_top[top] += 1
    return {uc.id: round(float(in_top[i] / trials), 3) for i, uc in enumerate(active)}


def sensitivity_label(share: float | None) -> str:
    """Plain words for a top-N share: how firmly a use case holds its place."""
    if share is None:
        return "not computed"
    if share >= 0.9:
        return "stable"
    if share >= 0.5:
        return "borderline"
    if share > 0:
        return "fragile"
    return "outside"


def explain(score: UseCaseScore) -> str:
    """One sentence per side, naming what pushed the score up and down."""
    parts: list[str] = []
    for side, total in ((Side.IMPACT, score.impact), (Side.FEASIBILITY, score.feasibility)):
        items = [c for c in score.contributions if c.side == side]
        if not items:
            continue
        detail = ", ".join(f"{c.label} {c.score if c.score is not None else '–'}/5 → {c.points:.0f} pts" for c in items)
        parts.append(f"{side.value.capitalize()} {total:.0f} = {detail}")
    if score.missing:
        parts.append("Not yet scored (counted as 3): " + ", ".join(score.missing))
    return ". ".join(parts) + "."
