"""Properties of scoring and of the one analysis, on workshops with custom criteria, overrides, gate decisions
and KPIs."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings

from planner.domain.analysis import analyse
from planner.domain.models import Workshop
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases, sensitivity
from tests.properties.strategies import workshops


@settings(max_examples=120, deadline=None)
@given(workshops(rich=True))
def test_the_numpy_ranking_in_sensitivity_agrees_with_the_python_ranking(w: Workshop) -> None:
    """Priority is computed twice (per use case, and vectorised for the 200 sensitivity trials): with no weight
    swing, every trial must pick exactly the ranking's top N."""
    ranking = rank_use_cases(w)
    shares = sensitivity(w, swing=0.0, trials=3)
    top = {s.use_case_id for s in ranking[: w.scoring.top_n]}
    assert shares == {s.use_case_id: (1.0 if s.use_case_id in top else 0.0) for s in ranking}


@settings(max_examples=60, deadline=None)
@given(workshops(rich=True, max_use_cases=10))
def test_the_analysis_is_what_each_rule_gives_alone(w: Workshop) -> None:
    today = date(2028, 6, 1)
    analysis = analyse(w, today=today)
    assert list(analysis.ranking) == rank_use_cases(w, with_sensitivity=True, explain=False)
    assert [analysis.explained(s) for s in analysis.ranking] == rank_use_cases(w, with_sensitivity=True)
    assert analysis.roadmap == build_roadmap(w, today=today)
    assert {s.use_case_id for s in analysis.ranking} == {uc.id for uc in w.active_use_cases()}
