"""The criteria editor's rules: renaming keeps every score, removing takes the scores with it, and the last
criterion of a side stays."""

from datetime import date

import pytest

from planner.domain.analysis import analyse
from planner.domain.edits import add_criterion, criterion_usage, remove_criterion, update_criterion
from planner.domain.errors import WorkshopInputError
from planner.domain.room import Ballot, aggregate
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import MAX_CRITERIA, Side
from planner.formats.excel import build_workbook
from planner.formats.roundtrip import read_own_workbook
from planner.formats.workshop_json import load_sample_workshop
from tests.domain.test_room import NOW


def test_renaming_a_criterion_keeps_every_score_and_changes_what_everyone_sees():
    w = load_sample_workshop()
    before = {uc.id: uc.scores["business_value"] for uc in w.use_cases if "business_value" in uc.scores}
    renamed = update_criterion(w, "business_value", {"label": "Money", "low_label": "None", "high_label": "Millions"})
    assert {uc.id: uc.scores["business_value"] for uc in renamed.use_cases if "business_value" in uc.scores} == before
    money = next(c for c in renamed.criteria if c.id == "business_value")
    assert (money.label, money.scale_hint()) == ("Money", "1 = None · 5 = Millions")
    assert [s.use_case_id for s in rank_use_cases(renamed)] == [s.use_case_id for s in rank_use_cases(w)]
    back, _ = read_own_workbook("renamed.xlsx", build_workbook(analyse(renamed, today=date.today())))
    assert back == renamed  # the Excel round trip carries the new label and the same scores


def test_a_new_criterion_gets_a_lasting_id_and_counts_once_scored():
    w = load_sample_workshop()
    added = add_criterion(w, {"label": "Regulatory risk", "side": Side.FEASIBILITY, "higher_is_better": False})
    new = added.criteria[-1]
    assert (new.id, new.side, new.weight) == ("regulatory_risk", Side.FEASIBILITY, 1.0)
    assert criterion_usage(added, new.id) == 0
    again = add_criterion(added, {"label": "Regulatory risk", "side": Side.IMPACT})
    assert again.criteria[-1].id == "regulatory_risk_2"


def test_removing_a_criterion_deletes_its_scores_everywhere_and_the_room_ignores_old_ballots():
    w = load_sample_workshop()
    used = criterion_usage(w, "integration_effort")
    assert used > 0
    gone = remove_criterion(w, "integration_effort")
    assert "integration_effort" not in {c.id for c in gone.criteria}
    assert all("integration_effort" not in uc.scores for uc in gone.use_cases)
    ballot = Ballot(
        participant_id="p",
        participant_name="",
        use_case_id=w.use_cases[0].id,
        scores={"integration_effort": 5, "business_value": 4},
        submitted_at=NOW,
        updated_at=NOW,
    )
    room = aggregate([ballot], gone.criteria)
    assert [s.criterion_id for s in room[w.use_cases[0].id].criteria] == ["business_value"]


def test_the_last_criterion_of_a_side_cannot_be_removed_and_there_is_a_cap():
    w = load_sample_workshop()
    for criterion_id in ("business_value",):
        w = remove_criterion(w, criterion_id)
    with pytest.raises(WorkshopInputError, match="only impact criterion"):
        remove_criterion(w, "strategic_importance")
    while len(w.criteria) < MAX_CRITERIA:
        w = add_criterion(w, {"label": f"Extra {len(w.criteria)}", "side": Side.IMPACT})
    with pytest.raises(WorkshopInputError, match=f"at most {MAX_CRITERIA}"):
        add_criterion(w, {"label": "One too many", "side": Side.IMPACT})


@pytest.mark.parametrize(
    ("changes", "field"), [({"label": ""}, "label"), ({"weight": 11}, "weight"), ({"low_label": "x" * 81}, "low_label")]
)
def test_bad_values_are_refused_with_the_field_named(changes, field):
    with pytest.raises(WorkshopInputError) as info:
        update_criterion(load_sample_workshop(), "business_value", changes)
    assert any(field in problem for problem in info.value.problems)
