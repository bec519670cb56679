"""Tests for the phase-gate checklists, the risk register and KPI status."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from planner.domain.checklists import (
    CHECKLISTS,
    GATE_DUE_SOON_DAYS,
    KPI_STATUS_LABELS,
    KPI_STATUSES,
    checklist,
    kpi_status,
    progress,
)
from planner.domain.models import KPI, UseCase
from planner.domain.readiness_questions import DIMENSIONS
from planner.domain.risks import RISK_CAUSES, Risk, build_risk_register, risk_level
from planner.domain.vocabulary import Direction, PhaseName, Stage
from tests.builders import GOOD_READINESS, use_case, workshop

TARGETED_KPI = KPI(metric="Handling time", baseline=10, target=6, direction=Direction.DECREASE)


def readiness(**by_dimension: int) -> dict[str, int]:
    """Good readiness (all 4s), with every question of the named dimensions answered at one level."""
    answers = dict(GOOD_READINESS)
    for d in DIMENSIONS:
        if d.id in by_dimension:
            answers.update(dict.fromkeys((q.id for q in d.questions), by_dimension[d.id]))
    return answers


def healthy(uc_id: str, **fields: object) -> UseCase:
    """A use case that raises no risk of its own: owned, measurable, average scores."""
    fields.setdefault("owner", "Operations lead")
    fields.setdefault("kpis", [TARGETED_KPI])
    return use_case(uc_id, **fields)  # type: ignore[arg-type]


def causes_for(risks: list[Risk], use_case_id: str | None) -> set[str]:
    return {r.cause for r in risks if r.use_case_id == use_case_id}


# Checklists


def test_every_phase_has_five_to_eight_items_with_text_and_reason() -> None:
    assert set(CHECKLISTS) == set(PhaseName)
    for phase, items in CHECKLISTS.items():
        assert 5 <= len(items) <= 8, phase
        for item in items:
            assert item.text.strip() and item.why.strip()
            assert item.id.startswith(f"{phase.value}_"), item.id


def test_checklist_item_ids_are_unique_across_all_phases() -> None:
    ids = [item.id for items in CHECKLISTS.values() for item in items]
    assert len(ids) == len(set(ids))


def test_gates_cover_what_the_method_requires() -> None:
    ids = {phase: {item.id for item in items} for phase, items in CHECKLISTS.items()}
    assert {"assessment_kpis", "assessment_data_inventory", "assessment_sponsor"} <= ids[PhaseName.ASSESSMENT]
    assert {"pilot_end_users", "pilot_business_validation", "pilot_version_control"} <= ids[PhaseName.PILOT]
    assert {"scaling_security", "scaling_runbooks", "scaling_operations_team"} <= ids[PhaseName.SCALING]
    assert {"optimization_drift_alerts", "optimization_retraining"} <= ids[PhaseName.OPTIMIZATION]


def test_checklists_cannot_be_changed_at_runtime() -> None:
    with pytest.raises(TypeError):
        CHECKLISTS[PhaseName.PILOT] = ()  # type: ignore[index]


def test_checklist_returns_the_phase_items_and_accepts_the_plain_name() -> None:
    assert checklist(PhaseName.SCALING) == CHECKLISTS[PhaseName.SCALING]
    assert checklist("pilot") == CHECKLISTS[PhaseName.PILOT]  # type: ignore[arg-type]


def test_progress_counts_ticked_items_of_the_phase_only() -> None:
    pilot_ids = [item.id for item in checklist(PhaseName.PILOT)]
    ticked = [pilot_ids[0], pilot_ids[1], pilot_ids[1], "assessment_kpis", "removed_in_an_old_version"]
    assert progress(ticked, PhaseName.PILOT) == (2, len(pilot_ids))


def test_progress_of_nothing_ticked_and_everything_ticked() -> None:
    items = checklist(PhaseName.OPTIMIZATION)
    assert progress([], PhaseName.OPTIMIZATION) == (0, len(items))
    assert progress((item.id for item in items), PhaseName.OPTIMIZATION) == (len(items), len(items))


# Risk causes and levels


def test_risk_causes_are_the_five_failure_causes_tied_to_real_dimensions() -> None:
    assert [c.id for c in RISK_CAUSES] == ["infrastructure", "stakeholders", "data", "governance", "operations"]
    dimension_ids = {d.id for d in DIMENSIONS}
    for cause in RISK_CAUSES:
        assert cause.label and cause.description and cause.mitigation
        assert cause.readiness_dimensions and set(cause.readiness_dimensions) <= dimension_ids
    assert {c.id: c.readiness_dimensions for c in RISK_CAUSES}["stakeholders"] == ("strategy", "culture")


@pytest.mark.parametrize(
    ("severity", "level"), [(25, "high"), (15, "high"), (14, "medium"), (8, "medium"), (7, "low"), (1, "low")]
)
def test_risk_level_thresholds(severity: int, level: str) -> None:
    assert risk_level(severity) == level


def test_a_risk_with_inconsistent_severity_or_level_is_rejected() -> None:
    fields = {
        "id": "x",
        "cause": "data",
        "cause_label": "Data",
        "use_case_id": None,
        "use_case": "Whole organisation",
        "title": "t",
        "evidence": "e",
        "likelihood": 3,
        "impact": 3,
        "mitigation": "m",
    }
    assert Risk.model_validate({**fields, "severity": 9, "level": "medium"}).severity == 9
    with pytest.raises(ValidationError, match="likelihood"):
        Risk.model_validate({**fields, "severity": 10, "level": "medium"})
    with pytest.raises(ValidationError, match="medium"):
        Risk.model_validate({**fields, "severity": 9, "level": "high"})


# Risk register


def test_a_ready_organisation_with_healthy_use_cases_has_an_empty_register() -> None:
    assert build_risk_register(workshop(healthy("a"), healthy("b", stage=Stage.PILOT))) == []


def test_weak_data_readiness_flags_a_data_risk_on_every_active_roadmap_use_case() -> None:
    ws = workshop(
        healthy("idea-one"),
        healthy("in-pilot", stage=Stage.PILOT),
        healthy("in-scaling", stage=Stage.SCALING),
        healthy("parked", on_roadmap=False),
        readiness=readiness(data=2),
    )
    risks = build_risk_register(ws)
    data_rows = {r.use_case_id for r in risks if r.cause == "data"}
    assert data_rows == {None, "idea-one", "in-pilot", "in-scaling"}
    organisation = next(r for r in risks if r.use_case_id is None)
    assert organisation.use_case == "Whole organisation"
    assert "Data readiness scored 2.0 of 5" in organisation.evidence
    assert all("2.0 of 5" in r.evidence for r in risks if r.cause == "data")


def test_production_and_retired_use_cases_get_no_risks() -> None:
    ws = workshop(
        use_case("live", stage=Stage.PRODUCTION, scores={"data_readiness": 1, "integration_effort": 5}),
        use_case("gone", stage=Stage.RETIRED, scores={"data_readiness": 1, "integration_effort": 5}),
        readiness=readiness(data=1, people=1),
    )
    risks = build_risk_register(ws)
    assert risks, "the organisation-wide risks should still be listed"
    assert {r.use_case_id for r in risks} == {None}


def test_a_use_case_with_low_data_readiness_gets_a_data_risk_even_when_the_organisation_is_ready() -> None:
    risks = build_risk_register(workshop(healthy("weak", scores={"data_readiness": 2}), healthy("fine")))
    assert [(r.use_case_id, r.cause) for r in risks] == [("weak", "data")]
    assert risks[0].likelihood == 4
    assert "scored 2 of 5" in risks[0].evidence


def test_a_middling_data_dimension_is_an_organisation_risk_but_not_repeated_per_use_case() -> None:
    # 2,2,3,3 -> 2.5: weak enough for the organisation-wide row, not for one on every pilot.
    answers = readiness(data=2) | {"data_access": 3, "data_ownership": 3}
    risks = build_risk_register(workshop(healthy("a"), readiness=answers))
    assert [(r.use_case_id, r.cause) for r in risks] == [(None, "data")]
    assert risks[0].evidence == "Data readiness scored 2.5 of 5."


def test_a_use_case_without_owner_gets_a_stakeholders_risk() -> None:
    risks = build_risk_register(workshop(healthy("orphan", owner=""), healthy("owned")))
    assert causes_for(risks, "orphan") == {"stakeholders"}
    assert causes_for(risks, "owned") == set()


def test_a_use_case_without_a_kpi_target_gets_a_governance_risk() -> None:
    untargeted = [KPI(metric="Accuracy", baseline=0.7)]
    ws = workshop(healthy("none", kpis=[]), healthy("untargeted", kpis=untargeted), healthy("targeted"))
    risks = build_risk_register(ws)
    assert causes_for(risks, "none") == {"governance"}
    assert causes_for(risks, "untargeted") == {"governance"}
    assert causes_for(risks, "targeted") == set()
    assert next(r for r in risks if r.use_case_id == "untargeted").evidence == "None of its 1 KPI has a target."


@pytest.mark.parametrize(
    ("scores", "likelihood"),
    [
        ({"integration_effort": 4}, 4),
        ({"technical_complexity": 5}, 5),
        ({"integration_effort": 4, "technical_complexity": 5}, 5),
    ],
)
def test_heavy_integration_or_complexity_gets_an_infrastructure_risk(scores: dict[str, int], likelihood: int) -> None:
    risks = build_risk_register(workshop(healthy("heavy", scores=scores)))
    assert [(r.cause, r.likelihood) for r in risks] == [("infrastructure", likelihood)]


@pytest.mark.parametrize(("stage", "flagged"), [(Stage.PILOT, True), (Stage.SCALING, True), (Stage.IDEA, False)])
def test_weak_skills_flag_an_operations_risk_only_on_running_use_cases(stage: Stage, flagged: bool) -> None:
    risks = build_risk_register(workshop(healthy("uc", stage=stage), readiness=readiness(people=2)))
    assert ("operations" in causes_for(risks, "uc")) is flagged
    assert "operations" in causes_for(risks, None)


@pytest.mark.parametrize(
    ("dimension_id", "cause"),
    [
        ("technology", "infrastructure"),
        ("strategy", "stakeholders"),
        ("culture", "stakeholders"),
        ("data", "data"),
        ("governance", "governance"),
        ("people", "operations"),
    ],
)
def test_each_weak_dimension_raises_its_organisation_wide_cause(dimension_id: str, cause: str) -> None:
    risks = build_risk_register(workshop(healthy("a"), readiness=readiness(**{dimension_id: 1})))
    organisation = [r for r in risks if r.use_case_id is None]
    assert [r.cause for r in organisation] == [cause]
    assert organisation[0].likelihood == 5


def test_an_unanswered_questionnaire_raises_no_readiness_risks() -> None:
    assert build_risk_register(workshop(healthy("a", stage=Stage.PILOT), readiness={})) == []


def test_impact_comes_from_business_value_and_defaults_to_three() -> None:
    valuable = healthy("valuable", owner="", scores={"business_value": 5})
    unscored = UseCase(id="unscored", name="Unscored", kpis=[TARGETED_KPI])
    risks = build_risk_register(workshop(valuable, unscored))
    assert {r.use_case_id: r.impact for r in risks} == {"valuable": 5, "unscored": 3}
    assert {r.use_case_id: r.cause for r in risks} == {"valuable": "stakeholders", "unscored": "stakeholders"}


def test_every_risk_has_consistent_severity_and_level_and_cites_evidence() -> None:
    ws = workshop(
        use_case("a", stage=Stage.PILOT, scores={"data_readiness": 1, "integration_effort": 5, "business_value": 5}),
        use_case("b", scores={"technical_complexity": 4, "business_value": 1}),
        use_case("c", stage=Stage.SCALING),
        readiness=readiness(data=2, people=1, technology=2, governance=2, strategy=1),
    )
    risks = build_risk_register(ws)
    assert len(risks) > 10
    levels = {r.level for r in risks}
    assert levels == {"high", "medium", "low"}
    for risk in risks:
        assert risk.severity == risk.likelihood * risk.impact
        assert risk.level == ("high" if risk.severity >= 15 else "medium" if risk.severity >= 8 else "low")
        assert risk.evidence and risk.mitigation and risk.title
    assert len({r.id for r in risks}) == len(risks)


def test_register_is_sorted_by_severity_then_organisation_then_use_case_order() -> None:
    # Listed b before a on purpose: ties must follow the workshop's order, not the ids.
    ws = workshop(
        healthy("b", scores={"business_value": 4}),
        healthy("a", scores={"business_value": 4}),
        healthy("low", scores={"business_value": 1}),
        readiness=readiness(data=2),
    )
    risks = build_risk_register(ws)
    assert [(r.use_case_id, r.severity) for r in risks] == [(None, 16), ("b", 16), ("a", 16), ("low", 4)]
    assert [r.severity for r in risks] == sorted((r.severity for r in risks), reverse=True)


def test_register_is_deterministic() -> None:
    ws = workshop(
        use_case("x", stage=Stage.PILOT),
        use_case("y", scores={"integration_effort": 5}),
        readiness=readiness(data=2, people=2, culture=1),
    )
    first = build_risk_register(ws)
    assert first == build_risk_register(ws)
    assert first == build_risk_register(ws.model_copy(deep=True))


# KPI status


@pytest.mark.parametrize(
    ("kpi", "status"),
    [
        (KPI(metric="m", baseline=10, current=12), "no_target"),
        (KPI(metric="m", baseline=10, target=20), "not_measured"),
        (KPI(metric="m", baseline=10, target=20, current=20), "achieved"),
        (KPI(metric="m", baseline=10, target=20, current=25), "achieved"),
        (KPI(metric="m", baseline=10, target=20, current=15), "on_track"),
        (KPI(metric="m", baseline=10, target=20, current=14.9), "off_track"),
        (KPI(metric="m", baseline=10, target=20, current=8), "off_track"),
        (KPI(metric="m", target=20, current=19), "off_track"),
        (KPI(metric="m", target=20, current=21), "achieved"),
        (KPI(metric="m", baseline=100, target=60, current=55, direction=Direction.DECREASE), "achieved"),
        (KPI(metric="m", baseline=100, target=60, current=60, direction=Direction.DECREASE), "achieved"),
        (KPI(metric="m", baseline=100, target=60, current=80, direction=Direction.DECREASE), "on_track"),
        (KPI(metric="m", baseline=100, target=60, current=90, direction=Direction.DECREASE), "off_track"),
        (KPI(metric="m", baseline=100, target=60, current=120, direction=Direction.DECREASE), "off_track"),
        (KPI(metric="m", target=60, current=61, direction=Direction.DECREASE), "off_track"),
    ],
)
def test_kpi_status(kpi: KPI, status: str) -> None:
    assert kpi_status(kpi) == status


def test_every_kpi_status_has_a_plain_label() -> None:
    expected = {"no_target", "not_measured", "on_track", "off_track", "achieved"}
    assert set(KPI_STATUS_LABELS) == set(KPI_STATUSES) == expected
    assert all(label.strip() for label in KPI_STATUS_LABELS.values())


def test_the_gate_calendar_lists_every_planned_gate_with_its_decision_and_whether_it_is_due() -> None:
    from datetime import timedelta

    from planner.domain.checklists import gate_calendar
    from planner.domain.models import GateDecision
    from planner.domain.schedule import build_roadmap
    from planner.domain.vocabulary import Decision, Gate
    from planner.formats.workshop_json import load_sample_workshop

    w = load_sample_workshop()
    roadmap = build_roadmap(w)
    gates = [m for m in roadmap.milestones if m.gate is not None]
    first = min(gates, key=lambda m: m.date)
    assert first.use_case_id is not None
    uc = w.use_case(first.use_case_id)
    decided = uc.model_copy(
        update={"gate_decisions": [GateDecision(gate=first.gate, decision=Decision.GO, date=first.date)]}
    )
    w = w.model_copy(update={"use_cases": [decided if u.id == uc.id else u for u in w.use_cases]})
    today = first.date + timedelta(days=1)
    calendar = gate_calendar(w, build_roadmap(w), today=today)
    assert len(calendar) == len(gates) and [g.planned for g in calendar] == sorted(g.planned for g in calendar)
    top = next(g for g in calendar if g.use_case_id == uc.id and g.gate == first.gate)
    assert (top.status, top.decision, top.decided_on) == ("decided", Decision.GO, first.date)
    for g in calendar:
        if g.decision is None:
            expected = (
                "overdue"
                if g.planned < today
                else "due soon"
                if (g.planned - today).days <= GATE_DUE_SOON_DAYS
                else "planned"
            )
            assert g.status == expected
    assert {g.gate for g in calendar} == {Gate.GO_NO_GO, Gate.PRODUCTION_READINESS}
