"""Tests for the readiness questionnaire's content and its scoring."""

from __future__ import annotations

import pytest

from planner.domain.readiness import BLOCKER_THRESHOLD, assess
from planner.domain.readiness_questions import DIMENSIONS, Question, dimension, level_label, questions

EXPECTED_IDS = {
    "technology": ("tech_infrastructure", "tech_compute", "tech_integration", "tech_monitoring"),
    "data": ("data_inventory", "data_quality", "data_access", "data_ownership"),
    "people": ("people_skills", "people_roles", "people_training"),
    "strategy": ("strategy_objectives", "strategy_sponsorship", "strategy_budget", "strategy_kpis"),
    "governance": ("gov_policy", "gov_security", "gov_compliance", "gov_model_management"),
    "culture": ("culture_openness", "culture_change", "culture_collaboration"),
}


def answers(default: int | None = None, **by_dimension: int) -> dict[str, int]:
    """Answer every question of a dimension with one level; `default` covers the dimensions not named."""
    result: dict[str, int] = {}
    for d in DIMENSIONS:
        level = by_dimension.get(d.id, default)
        if level is not None:
            result.update(dict.fromkeys((q.id for q in d.questions), level))
    return result


def test_dimensions_and_question_ids_are_exactly_the_agreed_ones_in_order() -> None:
    assert {d.id: tuple(q.id for q in d.questions) for d in DIMENSIONS} == EXPECTED_IDS
    assert [d.id for d in DIMENSIONS] == list(EXPECTED_IDS)
    assert [q.id for q in questions()] == [qid for ids in EXPECTED_IDS.values() for qid in ids]


def test_every_dimension_has_three_or_four_questions_that_point_back_to_it() -> None:
    for d in DIMENSIONS:
        assert 3 <= len(d.questions) <= 4, d.id
        assert all(q.dimension == d.id for q in d.questions)


def test_question_and_dimension_ids_are_unique() -> None:
    ids = [q.id for q in questions()]
    assert len(ids) == len(set(ids)) == 22
    assert len({d.id for d in DIMENSIONS}) == len(DIMENSIONS)


@pytest.mark.parametrize("question", questions(), ids=lambda q: q.id)
def test_every_question_has_five_distinct_labels_that_fit_a_phone(question: Question) -> None:
    assert question.text.strip() and question.help.strip()
    assert len(question.levels) == 5
    assert all(label.strip() for label in question.levels)
    assert len(set(question.levels)) == 5
    assert all(len(label) < 90 for label in question.levels)
    assert [o.value for o in question.options] == [1, 2, 3, 4, 5]
    assert [o.label for o in question.options] == list(question.levels)


def test_every_dimension_says_what_to_do_and_how_it_changes_the_plan() -> None:
    for d in DIMENSIONS:
        assert d.label and d.description and d.action and d.effect
        assert "assessment" in d.action.lower(), d.id


def test_a_question_with_four_levels_is_rejected() -> None:
    with pytest.raises(ValueError, match="five distinct"):
        Question(id="x", dimension="data", text="?", help="", levels=("a", "b", "c", "d"))  # type: ignore[arg-type]


def test_dimension_lookup_returns_the_dimension_and_rejects_unknown_ids() -> None:
    assert dimension("data").label == "Data"
    with pytest.raises(KeyError):
        dimension("finance")


def test_level_label_returns_the_plain_label() -> None:
    assert level_label("data_inventory", 1) == "No shared data catalogue; teams ask around"
    assert level_label("data_inventory", 5) == "Catalogued, owned and searchable by anyone who needs it"


@pytest.mark.parametrize("level", [0, 6])
def test_level_label_rejects_a_level_outside_one_to_five(level: int) -> None:
    with pytest.raises(ValueError, match="data_quality"):
        level_label("data_quality", level)


def test_level_label_rejects_an_unknown_question() -> None:
    with pytest.raises(KeyError):
        level_label("nope", 3)


def test_assess_with_no_answers_has_no_scores_index_or_blockers() -> None:
    result = assess({})
    assert result.index is None
    assert result.blockers == []
    assert result.answered == 0
    assert result.total == 22
    assert [d.id for d in result.dimensions] == list(EXPECTED_IDS)
    assert all(d.score is None and d.answered == 0 for d in result.dimensions)
    assert [d.total for d in result.dimensions] == [4, 4, 3, 4, 4, 3]


def test_all_lowest_answers_give_index_zero_and_every_dimension_blocks() -> None:
    result = assess(answers(1))
    assert result.index == 0.0
    assert result.answered == result.total == 22
    assert [b.dimension_id for b in result.blockers] == list(EXPECTED_IDS)


def test_all_highest_answers_give_index_one_hundred_and_no_blockers() -> None:
    result = assess(answers(5))
    assert result.index == 100.0
    assert result.blockers == []
    assert all(d.score == 5.0 for d in result.dimensions)


def test_dimension_score_is_the_rounded_mean_of_answered_questions_only() -> None:
    result = assess({"data_inventory": 1, "data_quality": 2, "data_access": 2})
    data = next(d for d in result.dimensions if d.id == "data")
    assert data.score == 1.67
    assert (data.answered, data.total) == (3, 4)
    assert result.score("data") == 1.67
    assert result.score("technology") is None


def test_index_averages_only_the_answered_dimensions() -> None:
    # Technology at 5 is 100 and data at 3 is 50; the four unanswered dimensions must not drag it down.
    result = assess(answers(technology=5, data=3))
    assert result.index == 75.0
    assert result.answered == 8


def test_index_is_rounded_to_one_decimal() -> None:
    # A mean of 7/3 sits a third of the way up the scale: 33.333… % is shown as 33.3.
    result = assess({"people_skills": 2, "people_roles": 2, "people_training": 3})
    assert result.index == 33.3


def test_blockers_are_weakest_first_with_the_dimension_action() -> None:
    given = answers(4, data=1, people=2, governance=3)
    given["strategy_objectives"] = 1  # strategy mean (1+4+4+4)/4 = 3.25: not a blocker
    given["culture_openness"] = 1
    given["culture_change"] = 2
    given["culture_collaboration"] = 3  # culture mean 2.0 exactly: a blocker
    result = assess(given)
    assert [(b.dimension_id, b.score) for b in result.blockers] == [("data", 1.0), ("people", 2.0), ("culture", 2.0)]
    for blocker in result.blockers:
        assert blocker.score <= BLOCKER_THRESHOLD
        assert blocker.action == dimension(blocker.dimension_id).action
        assert blocker.label == dimension(blocker.dimension_id).label


def test_a_score_just_above_the_threshold_is_not_a_blocker() -> None:
    result = assess({"people_skills": 2, "people_roles": 2, "people_training": 3})
    assert result.score("people") == 2.33
    assert result.blockers == []


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_an_answer_outside_one_to_five_raises_naming_the_question(bad: int) -> None:
    with pytest.raises(ValueError, match="gov_security"):
        assess({"gov_policy": 3, "gov_security": bad})


def test_unknown_question_ids_from_older_files_are_ignored() -> None:
    with_old = assess({"data_quality": 2, "legacy_question": 4, "retired_item": 99})
    assert with_old == assess({"data_quality": 2})
    assert with_old.answered == 1


def test_result_score_rejects_an_unknown_dimension() -> None:
    with pytest.raises(KeyError):
        assess({}).score("finance")
