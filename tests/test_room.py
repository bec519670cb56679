from datetime import UTC, datetime

from planner.models import default_criteria
from planner.room import aggregate, agreement, with_room_scores
from planner.storage import Ballot
from tests.builders import use_case, workshop

NOW = datetime(2027, 1, 11, tzinfo=UTC)


def ballot(who: str, uc: str, **scores: int) -> Ballot:
    return Ballot(
        participant_id=who, participant_name="", use_case_id=uc, scores=scores, submitted_at=NOW, updated_at=NOW
    )


def test_mean_median_spread_and_agreement():
    room = aggregate(
        [ballot("a", "x", business_value=5), ballot("b", "x", business_value=5), ballot("c", "x", business_value=2)],
        default_criteria(),
    )
    (stats,) = room["x"].criteria
    assert (stats.votes, stats.mean, stats.median) == (3, 4.0, 5.0)
    assert stats.spread == 1.41 and room["x"].agreement == "low"
    assert room["x"].voters == 3


def test_full_agreement_is_high():
    room = aggregate([ballot(p, "x", business_value=4, data_readiness=2) for p in "abcd"], default_criteria())
    assert room["x"].spread == 0 and room["x"].agreement == "high"


def test_agreement_thresholds():
    assert [agreement(s) for s in (0, 0.75, 0.76, 1.25, 1.3)] == ["high", "high", "medium", "medium", "low"]


def test_adopting_sets_medians_and_leaves_unscored_criteria_alone():
    w = workshop(use_case("x", scores={"strategic_importance": 1}), use_case("y"))
    room = aggregate([ballot("a", "x", business_value=2), ballot("b", "x", business_value=5)], w.criteria)
    adopted = with_room_scores(w, room)
    assert adopted.use_case("x").scores["business_value"] == 4  # median 3.5 rounds half up
    assert adopted.use_case("x").scores["strategic_importance"] == 1
    assert adopted.use_case("y") == w.use_case("y")


def test_no_ballots_no_room():
    assert aggregate([], default_criteria()) == {}
