"""Any workshop the models accept can be planned, charted and exported: extreme but valid workshops.

Dates at both ends of what is allowed, overrides at the horizon's edge, 36-month phases through one slot,
20 criteria, long text full of formula and markup characters, gate decisions and KPIs at the limits.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.analysis import analyse
from planner.domain.models import KPI, Criterion, GateDecision, PhaseOverride, PlanSettings, UseCase, Workshop
from planner.domain.readiness import assess
from planner.domain.risks import build_risk_register
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import EARLIEST_DATE, LATEST_DATE, MAX_CRITERIA, Decision, Gate, Side, Stage
from planner.formats.excel import build_workbook, roadmap_csv
from planner.formats.workshop_json import dump_workshop, parse_workshop
from planner.rendering.gantt import build_gantt_figure
from planner.rendering.matrix import build_matrix_figure
from planner.rendering.radar import build_radar_figure

ODD_TEXT = st.text(
    alphabet=st.sampled_from([*"=+-@\t\"'<>&*_[]()!#`$\\|~:;ÆØ日本😀 \n", "\u202e", "\x00", "\r"]),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip() and t.strip("\x00\u202e\r\n\t "))
DATES = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
EDGE_DATES = st.sampled_from([EARLIEST_DATE, LATEST_DATE, date(2000, 2, 29), date(2099, 12, 31)]) | DATES


@st.composite
def extreme_workshops(draw: st.DrawFn) -> Workshop:
    start = draw(EDGE_DATES)
    horizon = draw(st.sampled_from([6, 120]) | st.integers(6, 120))
    horizon_end = start + timedelta(days=round(horizon * 365.25 / 12))
    n_criteria = draw(st.integers(1, MAX_CRITERIA))
    criteria = [
        Criterion(
            id=f"c{i}",
            label=draw(ODD_TEXT)[:80],
            side=draw(st.sampled_from(list(Side))),
            weight=draw(st.sampled_from([0.0, 0.5, 10.0])),
            higher_is_better=draw(st.booleans()),
            help=draw(ODD_TEXT),
        )
        for i in range(n_criteria)
    ]
    cases = []
    for i in range(draw(st.integers(0, 12))):
        overrides = {}
        for phase in ("pilot", "scaling"):
            if draw(st.booleans()):
                override_start = draw(
                    st.none() | st.dates(min_value=EARLIEST_DATE, max_value=min(horizon_end, LATEST_DATE))
                )
                overrides[phase] = PhaseOverride(start=override_start, months=draw(st.sampled_from([None, 0.1, 36.0])))
        cases.append(
            UseCase(
                id=f"u{i}",
                name=draw(ODD_TEXT),
                description=draw(ODD_TEXT),
                owner=draw(ODD_TEXT),
                stage=draw(st.sampled_from(list(Stage))),
                scores={c.id: draw(st.integers(1, 5)) for c in criteria if draw(st.booleans())},
                annual_value=draw(st.sampled_from([None, 0.0, 1e12])),
                depends_on=[f"u{d}" for d in draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True))]
                if i
                else [],
                kpis=[KPI(metric=draw(ODD_TEXT), baseline=-1e15, target=1e15, unit=draw(ODD_TEXT))],
                overrides=overrides,
                gate_decisions=[
                    GateDecision(
                        gate=draw(st.sampled_from(list(Gate))),
                        decision=draw(st.sampled_from(list(Decision))),
                        date=draw(EDGE_DATES),
                        note=draw(ODD_TEXT),
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ],
            )
        )
    return Workshop(
        name=draw(ODD_TEXT),
        organisation=draw(ODD_TEXT),
        start_date=start,
        criteria=criteria,
        use_cases=cases,
        plan=PlanSettings(
            max_parallel_pilots=draw(st.sampled_from([1, 50])),
            max_parallel_scaling=draw(st.sampled_from([1, 50])),
            horizon_months=horizon,
        ),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(extreme_workshops())
def test_any_valid_workshop_can_be_planned_charted_and_exported(workshop: Workshop) -> None:
    roadmap = build_roadmap(workshop, today=workshop.start_date)
    ranking = rank_use_cases(workshop, with_sensitivity=True)
    assert len(ranking) == len(workshop.active_use_cases())
    for fig in (
        build_gantt_figure(roadmap, today=workshop.start_date),
        build_matrix_figure(ranking, workshop.use_cases, workshop.scoring, selected=[]),
        build_radar_figure(assess(workshop.readiness)),
    ):
        assert fig.to_json()
    build_risk_register(workshop)
    assert build_workbook(analyse(workshop, today=workshop.start_date))[:2] == b"PK"
    assert roadmap_csv(analyse(workshop, today=workshop.start_date))
    assert parse_workshop(dump_workshop(workshop)) == workshop
