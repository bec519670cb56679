"""The one analysis per revision gives exactly what each rule gives on its own."""

from datetime import date

import pytest

from planner.domain.analysis import analyse
from planner.domain.progress import workshop_steps
from planner.domain.readiness import assess
from planner.domain.risks import build_risk_register
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import Stage
from planner.formats.workshop_json import load_sample_workshop
from tests.builders import use_case, workshop

TODAY = date(2027, 9, 1)


@pytest.mark.parametrize(
    "w",
    [load_sample_workshop(), workshop(use_case("a"), use_case("b", depends_on=["a"]), readiness={}), workshop()],
    ids=["sample", "small", "empty"],
)
def test_each_part_equals_its_rule_run_alone(w):
    analysis = analyse(w, today=TODAY)
    assert analysis.readiness == assess(w.readiness)
    assert list(analysis.ranking) == rank_use_cases(w, with_sensitivity=True, explain=False)
    # The breakdown per criterion is worked out when asked, and is the one the ranking gives with it.
    assert [analysis.explained(s) for s in analysis.ranking] == rank_use_cases(w, with_sensitivity=True)
    assert analysis.roadmap == build_roadmap(w, today=TODAY)
    assert list(analysis.risks) == build_risk_register(w)
    assert list(analysis.steps) == workshop_steps(w)
    assert analysis.warnings == tuple(analysis.roadmap.warnings)
    for score in analysis.ranking:
        assert analysis.score(score.use_case_id) is score


def test_today_only_adds_the_stale_plan_warning():
    w = load_sample_workshop()
    early, late = analyse(w, today=w.start_date), analyse(w, today=date(2031, 1, 1))
    assert early.roadmap.phases == late.roadmap.phases
    assert len(late.warnings) > len(early.warnings)


def test_a_retired_use_case_has_no_score():
    w = workshop(use_case("kept"), use_case("gone", stage=Stage.RETIRED))
    assert analyse(w, today=TODAY).score("gone") is None
