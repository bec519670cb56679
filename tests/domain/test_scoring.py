from planner.domain.models import Criterion, ScoringSettings
from planner.domain.scoring import (
    explain,
    normalised,
    quadrant,
    rank_use_cases,
    score_use_case,
    sensitivity,
    sensitivity_label,
)
from planner.domain.vocabulary import Quadrant, Side, Stage
from tests.builders import use_case, workshop

BEST = {
    "business_value": 5,
    "strategic_importance": 5,
    "data_readiness": 5,
    "technical_complexity": 1,
    "integration_effort": 1,
}
WORST = {
    "business_value": 1,
    "strategic_importance": 1,
    "data_readiness": 1,
    "technical_complexity": 5,
    "integration_effort": 5,
}


def test_best_scores_give_100_and_worst_give_0():
    w = workshop(use_case("best", scores=BEST), use_case("worst", scores=WORST))
    best, worst = rank_use_cases(w)
    assert (best.use_case_id, best.impact, best.feasibility, best.priority) == ("best", 100, 100, 100)
    assert (worst.use_case_id, worst.impact, worst.feasibility, worst.priority) == ("worst", 0, 0, 0)


def test_lower_is_better_criteria_are_inverted():
    assert normalised(1, higher_is_better=False) == 1.0
    assert normalised(5, higher_is_better=False) == 0.0
    easy = use_case("easy", scores={"technical_complexity": 1})
    hard = use_case("hard", scores={"technical_complexity": 5})
    w = workshop(easy, hard)
    assert (
        score_use_case(easy, w.criteria, w.scoring).feasibility
        > score_use_case(hard, w.criteria, w.scoring).feasibility
    )


def test_contributions_add_up_to_each_side():
    uc = use_case("a", scores={"business_value": 4, "data_readiness": 2, "integration_effort": 5})
    w = workshop(uc)
    score = score_use_case(uc, w.criteria, w.scoring)
    impact_points = sum(c.points for c in score.contributions if c.side == Side.IMPACT)
    feasibility_points = sum(c.points for c in score.contributions if c.side == Side.FEASIBILITY)
    assert abs(impact_points - score.impact) < 0.05
    assert abs(feasibility_points - score.feasibility) < 0.05


def test_missing_scores_count_as_neutral_and_are_reported():
    w = workshop()
    bare = use_case("bare")
    bare.scores = {}
    score = score_use_case(bare, w.criteria, w.scoring)
    assert score.impact == 50 and score.feasibility == 50
    assert set(score.missing) == {c.id for c in w.criteria}
    assert "Not yet scored" in explain(score)


def test_quadrants_follow_thresholds():
    settings = ScoringSettings(impact_threshold=60, feasibility_threshold=40)
    assert quadrant(60, 40, settings) == Quadrant.QUICK_WIN
    assert quadrant(60, 39.9, settings) == Quadrant.STRATEGIC_BET
    assert quadrant(59.9, 40, settings) == Quadrant.FILL_IN
    assert quadrant(10, 10, settings) == Quadrant.DEPRIORITISE


def test_ties_break_on_impact_then_name_then_id_regardless_of_input_order():
    a = use_case("b-id", name="Same", scores={"business_value": 4, "data_readiness": 2})
    b = use_case("a-id", name="Same", scores={"business_value": 4, "data_readiness": 2})
    c = use_case("c", name="Alpha", scores={"business_value": 4, "data_readiness": 2})
    forward = [s.use_case_id for s in rank_use_cases(workshop(a, b, c))]
    backward = [s.use_case_id for s in rank_use_cases(workshop(c, b, a))]
    assert forward == backward == ["c", "a-id", "b-id"]


def test_weight_change_reorders_ranking():
    valuable = use_case("valuable", scores={"business_value": 5, "data_readiness": 1})
    easy = use_case("easy", scores={"business_value": 2, "data_readiness": 5})
    w = workshop(valuable, easy)
    w.scoring.impact_share = 0.5
    for c in w.criteria:
        if c.id == "business_value":
            c.weight = 10
    assert rank_use_cases(w)[0].use_case_id == "valuable"
    for c in w.criteria:
        if c.id == "business_value":
            c.weight = 0.1
        if c.id == "data_readiness":
            c.weight = 10
    assert rank_use_cases(w)[0].use_case_id == "easy"


def test_retired_use_cases_are_not_ranked():
    w = workshop(use_case("live"), use_case("gone", stage=Stage.RETIRED))
    assert [s.use_case_id for s in rank_use_cases(w)] == ["live"]


def test_sensitivity_is_reproducible_and_marks_clear_leaders_stable():
    cases = [
        use_case(f"u{i}", scores={"business_value": 1 + i % 5, "data_readiness": 1 + (i * 3) % 5}) for i in range(12)
    ]
    cases.append(use_case("leader", scores=BEST))
    w = workshop(*cases)
    first = sensitivity(w, top_n=3)
    assert first == sensitivity(w, top_n=3)
    assert first["leader"] == 1.0
    assert all(0 <= v <= 1 for v in first.values())
    assert abs(sum(first.values()) - 3) < 1e-6
    assert sensitivity_label(first["leader"]) == "stable"


def test_a_side_with_zero_total_weight_scores_neutral():
    w = workshop(use_case("a", scores=BEST))
    criteria = [Criterion(id="business_value", label="Value", side=Side.IMPACT, weight=0)]
    score = score_use_case(w.use_cases[0], criteria, w.scoring)
    assert score.impact == 50 and score.feasibility == 50
