"""The rules read a criterion's role, never its id: a facilitator may rename, replace or add criteria."""

from __future__ import annotations

import pytest

from planner.domain.edits import add_criterion, update_criterion
from planner.domain.errors import WorkshopInputError
from planner.domain.models import Criterion, CriterionRole, UseCase, Workshop, default_criteria
from planner.domain.risks import build_risk_register
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PhaseName, Side
from planner.formats.workshop_json import dump_workshop, parse_workshop
from tests.builders import systems_work, use_case, workshop


def _with_systems_work(heavy: int) -> Workshop:
    """The integration-effort criterion replaced by one with another id and label that plays its role."""
    criteria = [c for c in default_criteria() if c.id != "integration_effort"] + [systems_work()]
    scores = {"business_value": 4, "strategic_importance": 3, "data_readiness": 3, "technical_complexity": 2}
    return workshop(UseCase(id="crm", name="CRM link", scores={**scores, "systems_work": heavy}), criteria=criteria)


def _scaling_weeks(w: Workshop) -> int:
    return next(p.weeks for p in build_roadmap(w).phases if p.phase == PhaseName.SCALING)


def test_scaling_length_reads_the_criterion_in_the_integration_role_whatever_its_id() -> None:
    # Was: schedule.py read scores["integration_effort"], so with the criterion renamed away every use case
    # got the middle length whatever its score.
    assert _scaling_weeks(_with_systems_work(5)) > _scaling_weeks(_with_systems_work(1))


def test_risks_name_the_criterion_as_the_workshop_calls_it() -> None:
    risks = build_risk_register(_with_systems_work(5))
    heavy = next(r for r in risks if r.cause == "infrastructure")
    assert "Systems work scored 5 of 5" in heavy.evidence


def test_a_renamed_data_criterion_still_raises_the_data_risk() -> None:
    criteria = [
        c.model_copy(update={"label": "Data we can use"}) if c.id == "data_readiness" else c for c in default_criteria()
    ]
    w = workshop(use_case("bot", scores={"data_readiness": 1}), criteria=criteria)
    data = next(r for r in build_risk_register(w) if r.cause == "data")
    assert "data we can use was scored 1 of 5" in data.evidence


def test_without_a_criterion_in_a_role_the_rule_uses_its_neutral_default() -> None:
    criteria = [c for c in default_criteria() if c.role != CriterionRole.INTEGRATION_EFFORT]
    scores = {c.id: 1 if c.role == CriterionRole.TECHNICAL_COMPLEXITY else 5 for c in criteria}
    w = workshop(UseCase(id="a", name="A", scores=scores), criteria=criteria)
    assert _scaling_weeks(w) > 0
    assert all(r.cause != "infrastructure" for r in build_risk_register(w))


def test_a_file_written_before_roles_gets_them_from_the_default_ids() -> None:
    w = workshop(use_case("a"))
    text = dump_workshop(w)
    for role in CriterionRole:
        text = text.replace(f'"role": "{role.value}"', '"role": "__gone__"')
    old = text.replace(',\n      "role": "__gone__"', "").replace('"role": "__gone__",', "")
    assert '"role"' not in old.replace('"role": null', "")
    back = parse_workshop(old)
    assert {c.id: c.role for c in back.criteria if c.role} == {r.value: r for r in CriterionRole}


def test_two_criteria_in_one_role_are_refused_with_both_named() -> None:
    criteria = [
        *default_criteria(),
        Criterion(id="data_2", label="More data", side=Side.FEASIBILITY, role=CriterionRole.DATA_READINESS),
    ]
    with pytest.raises((WorkshopInputError, ValueError), match="role 'data_readiness' is given to two criteria"):
        workshop(use_case("a"), criteria=criteria)


def test_giving_a_role_to_another_criterion_moves_it_there() -> None:
    w = workshop(use_case("a"))
    w = add_criterion(w, {"label": "Systems work", "side": "feasibility", "higher_is_better": False})
    moved = update_criterion(w, "systems_work", {"role": "integration_effort"})
    holder = moved.criterion_for(CriterionRole.INTEGRATION_EFFORT)
    assert holder is not None and holder.id == "systems_work"
    assert next(c for c in moved.criteria if c.id == "integration_effort").role is None
    cleared = update_criterion(moved, "systems_work", {"role": None})
    assert cleared.criterion_for(CriterionRole.INTEGRATION_EFFORT) is None
