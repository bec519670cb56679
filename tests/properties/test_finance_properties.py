"""Finance over any plan: spend adds up to the costs placed in the horizon, a no-go never adds value, and a quarterly
budget is never exceeded by the phases the planner starts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.finance import build_finance
from planner.domain.models import Costs, FinanceSettings, Workshop
from planner.domain.plan_state import stops_after
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PhaseName, Stage
from tests.properties.strategies import workshops

money = st.none() | st.integers(0, 900).map(float)


@st.composite
def costed(draw: st.DrawFn, *, rich: bool = True, tracked: bool = True) -> Workshop:
    w = draw(workshops(max_use_cases=12, rich=rich, tracked=tracked))
    cases = [
        uc.model_copy(
            update={
                "costs": Costs(pilot=draw(money), scaling=draw(money), run_per_year=draw(money)),
                "annual_value": draw(money),
            }
        )
        for uc in w.use_cases
    ]
    finance = FinanceSettings(
        default_costs=Costs(pilot=draw(money), scaling=draw(money), run_per_year=draw(money)),
        ramp_months=draw(st.sampled_from([0, 2, 6])),
        ramp_share=draw(st.sampled_from([0.0, 0.5, 1.0])),
    )
    return w.model_copy(update={"use_cases": cases, "finance": finance})


def _inside(start: date, end: date, first: date, last: date) -> float:
    """The share of [start, end) that falls in [first, last)."""
    days = max(1, (end - start).days)
    return max(0, (min(end, last) - max(start, first)).days) / days


@given(costed())
def test_total_spend_is_the_costs_placed_in_the_horizon(w: Workshop):
    roadmap = build_roadmap(w)
    finance = build_finance(w, roadmap)
    by_id = w.use_cases_by_id()
    expected = 0.0
    for phase in roadmap.phases:
        if phase.use_case_id is None or phase.phase not in (PhaseName.PILOT, PhaseName.SCALING):
            continue
        uc = by_id[phase.use_case_id]
        if phase.phase == PhaseName.SCALING and stops_after(uc) == PhaseName.PILOT:
            continue
        costs = uc.costs.over(w.finance.default_costs)
        cost = (costs.pilot if phase.phase == PhaseName.PILOT else costs.scaling) or 0.0
        end = max(phase.end, phase.start + timedelta(days=1))
        expected += cost * _inside(phase.start, end, w.start_date, finance.horizon_end)
    assert sum(m.investment for m in finance.months) == pytest.approx(expected, abs=1e-6)
    assert finance.total_spend == pytest.approx(sum(m.spend for m in finance.months), abs=1e-6)


@given(costed())
def test_a_no_go_never_adds_value(w: Workshop):
    finance = build_finance(w, build_roadmap(w))
    stopped = {uc.id for uc in w.use_cases if stops_after(uc) is not None}
    for figures in finance.use_cases:
        if figures.use_case_id in stopped:
            assert figures.production is None or stops_after(w.use_cases_by_id()[figures.use_case_id]) is None
            assert figures.net_value_3y <= 0
    # Taking the value away from every stopped use case changes nothing.
    without = w.model_copy(
        update={
            "use_cases": [
                uc.model_copy(update={"annual_value": None}) if uc.id in stopped else uc for uc in w.use_cases
            ]
        }
    )
    again = build_finance(without, build_roadmap(without))
    assert again.total_value == pytest.approx(finance.total_value, abs=1e-6)


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


@given(costed(rich=False, tracked=False), st.integers(100, 2000).map(float))
def test_no_quarter_goes_over_the_budget(w: Workshop, limit: float):
    fresh = [uc.model_copy(update={"stage": Stage.IDEA}) for uc in w.use_cases]
    w = w.model_copy(update={"use_cases": fresh, "plan": w.plan.model_copy(update={"budget_per_quarter": limit})})
    roadmap = build_roadmap(w)
    by_id = w.use_cases_by_id()
    spent: dict[tuple[int, int], float] = defaultdict(float)
    for phase in roadmap.phases:
        if phase.use_case_id is None or phase.phase not in (PhaseName.PILOT, PhaseName.SCALING):
            continue
        costs = by_id[phase.use_case_id].costs.over(w.finance.default_costs)
        cost = (costs.pilot if phase.phase == PhaseName.PILOT else costs.scaling) or 0.0
        per_day = cost / (phase.end - phase.start).days
        day = phase.start
        while day < phase.end:  # an independent count, day by day
            spent[_quarter(day)] += per_day
            day += timedelta(days=1)
    assert all(amount <= limit + 1e-6 for amount in spent.values()), max(spent.values())
