"""The portfolio filter: every choice narrows, an empty choice means any, and retired use cases have no quadrant."""

from __future__ import annotations

from planner.domain.filters import NO_FILTER, PortfolioFilter, departments, describe, filtered_ids, within
from planner.domain.scoring import rank_use_cases as rank
from planner.domain.vocabulary import NO_TEAM, OBJECTIVE_LABELS, STAGE_LABELS, Objective, Quadrant, Stage
from tests.builders import use_case, workshop


def _portfolio():
    return workshop(
        use_case("a", department="Finance", stage=Stage.PILOT, objective=Objective.COST_REDUCTION, scores=_high()),
        use_case("b", department="HR", stage=Stage.IDEA, objective=Objective.REVENUE_GROWTH, on_roadmap=False),
        use_case("c", department="finance ops", stage=Stage.PRODUCTION, objective=Objective.COST_REDUCTION),
        use_case("d", stage=Stage.RETIRED, objective=Objective.COST_REDUCTION),
        use_case("e", department="Finance", stage=Stage.IDEA, objective=Objective.REVENUE_GROWTH, scores=_low()),
    )


def _high() -> dict[str, int]:
    return {
        "business_value": 5,
        "strategic_importance": 5,
        "data_readiness": 5,
        "technical_complexity": 1,
        "integration_effort": 1,
    }


def _low() -> dict[str, int]:
    return {
        "business_value": 1,
        "strategic_importance": 1,
        "data_readiness": 1,
        "technical_complexity": 5,
        "integration_effort": 5,
    }


def test_no_filter_keeps_every_use_case_in_order():
    w = _portfolio()
    assert filtered_ids(w, rank(w), NO_FILTER) == ["a", "b", "c", "d", "e"]
    assert not NO_FILTER.active and describe(NO_FILTER) == ""


def test_each_choice_narrows_and_choices_combine():
    w = _portfolio()
    ranking = rank(w)
    assert filtered_ids(w, ranking, PortfolioFilter(departments=("Finance",))) == ["a", "e"]
    assert filtered_ids(w, ranking, PortfolioFilter(departments=(NO_TEAM,))) == ["d"]
    assert filtered_ids(w, ranking, PortfolioFilter(stages=(Stage.IDEA, Stage.PILOT))) == ["a", "b", "e"]
    assert filtered_ids(w, ranking, PortfolioFilter(objectives=(Objective.REVENUE_GROWTH,))) == ["b", "e"]
    assert filtered_ids(w, ranking, PortfolioFilter(on_roadmap=False)) == ["b"]
    both = PortfolioFilter(departments=("Finance",), objectives=(Objective.COST_REDUCTION,))
    assert filtered_ids(w, ranking, both) == ["a"]
    assert describe(both) == f"Department: Finance · Objective: {OBJECTIVE_LABELS[Objective.COST_REDUCTION]}"
    assert describe(PortfolioFilter(stages=(Stage.IDEA, Stage.PILOT), on_roadmap=True)) == (
        f"Stage: {STAGE_LABELS[Stage.IDEA]} or {STAGE_LABELS[Stage.PILOT]} · on the roadmap"
    )


def test_a_quadrant_choice_uses_the_ranking_and_never_matches_a_retired_use_case():
    w = _portfolio()
    ranking = rank(w)
    quadrant = {s.use_case_id: s.quadrant for s in ranking}
    assert "d" not in quadrant
    wins = filtered_ids(w, ranking, PortfolioFilter(quadrants=(Quadrant.QUICK_WIN,)))
    assert wins == [uc_id for uc_id in "abce" if quadrant[uc_id] == Quadrant.QUICK_WIN]
    assert "a" in wins and "e" not in wins
    every = PortfolioFilter(quadrants=tuple(Quadrant))
    assert filtered_ids(w, ranking, every) == ["a", "b", "c", "e"]


def test_departments_are_listed_a_to_z_and_a_filter_forgets_ones_that_are_gone():
    w = _portfolio()
    assert departments(w) == ["Finance", "finance ops", "HR", NO_TEAM]
    chosen = PortfolioFilter(departments=("HR", "Legal"), on_roadmap=True)
    assert within(chosen, w) == PortfolioFilter(departments=("HR",), on_roadmap=True)
    assert within(NO_FILTER, w) is NO_FILTER
