"""Bounded hypothesis strategies for valid workshops."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from planner.domain.models import (
    KPI,
    Criterion,
    CriterionRole,
    GateDecision,
    MonthRange,
    PhaseActual,
    PhaseOverride,
    PlanSettings,
    ScoringSettings,
    UseCase,
    Workshop,
    default_criteria,
)
from planner.domain.vocabulary import Decision, Direction, Gate, PhaseName, Side, Stage
from tests.builders import GOOD_READINESS, systems_work

CRITERIA = ("business_value", "strategic_importance", "data_readiness", "technical_complexity", "integration_effort")
scores = st.fixed_dictionaries({c: st.integers(1, 5) for c in CRITERIA})
stages = st.sampled_from(
    [Stage.IDEA, Stage.IDEA, Stage.ASSESSMENT, Stage.PILOT, Stage.SCALING, Stage.PRODUCTION, Stage.RETIRED]
)
readiness = st.dictionaries(st.sampled_from(sorted(GOOD_READINESS)), st.integers(1, 5))
month_ranges = st.tuples(st.integers(1, 8), st.integers(0, 4)).map(lambda t: MonthRange(min=t[0], max=t[0] + t[1]))


@st.composite
def criteria_sets(draw: st.DrawFn) -> list[Criterion]:
    """The default criteria, or a custom set: labels renamed, a criterion added, and the integration-effort role
    moved to a new criterion with another id (what a facilitator does in the criteria editor)."""
    criteria = default_criteria()
    if not draw(st.booleans()):
        return criteria
    renamed = [c.model_copy(update={"label": f"{c.label} (ours)"}) if draw(st.booleans()) else c for c in criteria]
    if draw(st.booleans()):
        renamed = [c for c in renamed if c.role != CriterionRole.INTEGRATION_EFFORT] + [systems_work()]
    if draw(st.booleans()):
        renamed.append(
            Criterion(id="reuse", label="Reuse", side=draw(st.sampled_from(list(Side))), weight=draw(st.integers(0, 5)))
        )
    return renamed


def _kpis() -> st.SearchStrategy[list[KPI]]:
    numbers = st.none() | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    kpi = st.builds(
        KPI,
        metric=st.sampled_from(["Cost per claim", "Hours saved", "Churn"]),
        baseline=numbers,
        target=numbers,
        current=numbers,
        direction=st.sampled_from(list(Direction)),
    )
    return st.lists(kpi, max_size=2)


@st.composite
def _overrides(draw: st.DrawFn, start: date) -> dict[PhaseName, PhaseOverride]:
    chosen = draw(st.lists(st.sampled_from([PhaseName.PILOT, PhaseName.SCALING]), max_size=2, unique=True))
    result = {}
    for phase in chosen:
        # Within the shortest horizon drawn below (6 months), as the model requires.
        when = draw(st.none() | st.integers(0, 150).map(lambda days: start + timedelta(days=days)))
        months = draw(st.none() | st.sampled_from([1.0, 2.5, 4.0, 7.0]))
        result[phase] = PhaseOverride(start=when, months=months)
    return result


def _decisions(start: date) -> st.SearchStrategy[list[GateDecision]]:
    decision = st.builds(
        GateDecision,
        gate=st.sampled_from(list(Gate)),
        decision=st.sampled_from(list(Decision)),
        date=st.integers(0, 500).map(lambda days: start + timedelta(days=days)),
    )
    return st.lists(decision, max_size=2)


@st.composite
def _actuals(draw: st.DrawFn, start: date) -> dict[PhaseName, PhaseActual]:
    """What a programme team records: nothing, a pilot under way or done, or scaling under way or done after it.
    Dates fall around the start date, before it too (a pilot that began before the workshop)."""
    kind = draw(st.sampled_from(["none", "none", "pilot under way", "pilot done", "scaling under way", "scaling done"]))
    if kind == "none":
        return {}
    percent = st.none() | st.integers(0, 100).map(float)
    pilot_start = start + timedelta(days=draw(st.integers(-60, 400)))
    if kind == "pilot under way":
        return {PhaseName.PILOT: PhaseActual(start=pilot_start, percent_complete=draw(percent))}
    pilot = PhaseActual(start=pilot_start, end=pilot_start + timedelta(days=draw(st.integers(0, 300))))
    if kind == "pilot done":
        return {PhaseName.PILOT: pilot}
    assert pilot.end is not None
    scaling_start = pilot.end + timedelta(days=draw(st.integers(0, 60)))
    if kind == "scaling under way":
        return {
            PhaseName.PILOT: pilot,
            PhaseName.SCALING: PhaseActual(start=scaling_start, percent_complete=draw(percent)),
        }
    scaling_end = scaling_start + timedelta(days=draw(st.integers(0, 200)))
    return {PhaseName.PILOT: pilot, PhaseName.SCALING: PhaseActual(start=scaling_start, end=scaling_end)}


@st.composite
def workshops(draw: st.DrawFn, *, max_use_cases: int = 14, rich: bool = False, tracked: bool = False) -> Workshop:
    """`rich=True` also draws custom criteria, manual overrides, gate decisions and KPIs; `tracked=True` draws what
    a programme team records months later: actual starts, ends and percent complete."""
    start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
    criteria = draw(criteria_sets()) if rich else default_criteria()
    criterion_scores = st.fixed_dictionaries({c.id: st.integers(1, 5) for c in criteria})
    n = draw(st.integers(0, max_use_cases))
    cases: list[UseCase] = []
    for i in range(n):
        # Depending only on earlier use cases keeps the graph acyclic.
        deps = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        cases.append(
            UseCase(
                id=f"u{i}",
                name=draw(st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])) + f" {i % 3}",
                stage=draw(stages),
                scores=draw(criterion_scores),
                depends_on=[f"u{d}" for d in deps],
                on_roadmap=draw(st.booleans() | st.just(True)),
                overrides=draw(_overrides(start)) if rich else {},
                gate_decisions=draw(_decisions(start)) if rich else [],
                kpis=draw(_kpis()) if rich else [],
                actuals=draw(_actuals(start)) if tracked else {},
            )
        )
    return Workshop(
        name="Property workshop",
        start_date=start,
        criteria=criteria,
        readiness=draw(readiness),
        use_cases=cases,
        plan=PlanSettings(
            max_parallel_pilots=draw(st.integers(1, 4)),
            max_parallel_scaling=draw(st.integers(1, 4)),
            assessment_months=draw(month_ranges),
            pilot_months=draw(month_ranges),
            scaling_months=draw(month_ranges),
            horizon_months=draw(st.integers(6, 60)),
        ),
        scoring=ScoringSettings(
            impact_threshold=draw(st.integers(0, 100)),
            feasibility_threshold=draw(st.integers(0, 100)),
            impact_share=draw(st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0])),
        ),
    )
