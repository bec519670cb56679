from datetime import UTC, datetime

from planner.domain.models import default_criteria
from planner.domain.room import Ballot, aggregate, agreement, with_room_scores
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


def test_a_split_vote_is_shown_as_split_with_its_distribution_not_as_a_lukewarm_median():
    votes = [1, 1, 1, 1, 5, 5, 5, 5]
    room = aggregate([ballot(str(i), "x", business_value=v) for i, v in enumerate(votes)], default_criteria())
    (stats,) = room["x"].criteria
    assert stats.median == 3.0  # what the room table showed, alone
    assert stats.split and room["x"].split_criteria == ["business_value"]
    assert stats.counts == [4, 0, 0, 0, 4] and stats.distribution() == "1:4 2:0 3:0 4:0 5:4"


def test_a_spread_that_leans_one_way_or_has_few_votes_is_not_split():
    lean = aggregate([ballot(str(i), "x", business_value=v) for i, v in enumerate([4, 4, 5, 5, 5, 2])], [])
    assert lean == {}  # no criteria asked for, nothing to show
    lean = aggregate(
        [ballot(str(i), "x", business_value=v) for i, v in enumerate([4, 4, 5, 5, 5, 2])], default_criteria()
    )
    assert not lean["x"].criteria[0].split
    few = aggregate([ballot("a", "x", business_value=1), ballot("b", "x", business_value=5)], default_criteria())
    assert not few["x"].criteria[0].split


def test_who_has_not_finished_scoring_is_named_with_anonymous_participants_numbered():
    from planner.domain.room import scoring_progress

    named = Ballot(
        participant_id="p1",
        participant_name="Ana",
        use_case_id="x",
        scores={},
        submitted_at=NOW,
        updated_at=NOW,
    )
    ballots = [named, ballot("p2", "x"), ballot("p2", "y"), ballot("p3", "y"), ballot("p3", "retired")]
    progress = scoring_progress(ballots, ["x", "y"])
    assert [(p.name, p.scored, p.finished) for p in progress] == [
        ("Ana", 1, False),
        ("Anonymous 2", 1, False),
        ("Anonymous 1", 2, True),
    ]


def test_adopting_can_leave_split_votes_for_discussion():
    w = workshop(use_case("x", scores={"business_value": 2, "data_readiness": 3}))
    votes = [(1, 4), (1, 4), (5, 4), (5, 5)]
    room = aggregate(
        [ballot(str(i), "x", business_value=b, data_readiness=d) for i, (b, d) in enumerate(votes)], w.criteria
    )
    assert room["x"].split_criteria == ["business_value"]
    kept = with_room_scores(w, room, leave_split=True).use_case("x").scores
    assert (kept["business_value"], kept["data_readiness"]) == (2, 4)
    assert with_room_scores(w, room).use_case("x").scores["business_value"] == 3
