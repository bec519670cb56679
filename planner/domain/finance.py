"""Money over time, read off the roadmap: what each phase costs and when, what each use case brings, and when it
pays back.

Amounts are in thousands, like `UseCase.annual_value`. The rules:
- a pilot's and a scaling phase's cost is spread evenly over the days of the phase;
- run costs start on the production date, and so does value, at `ramp_share` of the annual value for the first
  `ramp_months` and in full after that;
- a no-go stops spending after the gated phase, and a use case that never reaches production brings no value;
- the monthly figures cover the roadmap's horizon; each use case's investment, payback and 3-year net value are
  its own, whether or not they fall inside it.

Everything is computed per day with difference arrays and summed per calendar month, so 1,000 use cases take a few
milliseconds (benchmarks/bench_finance.py).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from planner.domain.models import Costs, FinanceSettings, UseCase, Workshop
from planner.domain.plan_state import stops_after
from planner.domain.results import Phase, Roadmap
from planner.domain.vocabulary import DAYS_PER_MONTH, Gate, PhaseName

DAYS_PER_YEAR = 365.25
# Why a use case has no payback when it has no production date: a no-go, or a plan that does not reach it.
NOT_LIVE_WORDS = {True: "stopped at a gate", False: "not in production in the plan"}
NET_VALUE_YEARS = 3


@dataclass(frozen=True)
class MonthFigures:
    """One calendar month of the horizon (the first and last may be part months)."""

    month: str  # "2027-01"
    start: date
    pilot: float
    scaling: float
    run: float
    value: float
    cumulative_spend: float
    cumulative_value: float

    @property
    def investment(self) -> float:
        """Pilot and scaling spend: what a project budget pays for."""
        return self.pilot + self.scaling

    @property
    def spend(self) -> float:
        return self.pilot + self.scaling + self.run


@dataclass(frozen=True)
class QuarterFigures:
    """One calendar quarter of the horizon: the spend a quarterly budget limits, beside the run cost and value."""

    quarter: str  # "2027 Q1"
    investment: float
    run: float
    value: float


@dataclass(frozen=True)
class UseCaseFinance:
    use_case_id: str
    name: str
    costs: Costs  # its own costs, with the organisation's defaults where it has none
    investment: float  # pilot and scaling costs of the phases on the roadmap
    annual_value: float | None
    production: date | None  # None: it does not reach production in the plan
    stopped: bool  # a no-go at a gate stopped it
    months_to_payback: float | None  # from the production date
    payback_date: date | None  # None: no production, no net gain, or later than the horizon
    net_value_3y: float  # value minus run costs over its first 3 years in production, minus the investment

    def payback_words(self) -> str:
        """When it pays back, or why it does not, as the app, the workbook and the command line say it."""
        if self.payback_date is not None:
            return f"{self.payback_date.day} {self.payback_date:%b %Y}"
        if self.production is None:
            return NOT_LIVE_WORDS[self.stopped]
        if self.annual_value is None:
            return "no value entered"
        return "never" if self.months_to_payback is None else "after the horizon"


@dataclass(frozen=True)
class GateRelease:
    """What a gate commits if it says go: scaling for the go/no-go gate, a first year's running for production."""

    use_case_id: str
    name: str
    gate: Gate
    date: date
    releases: float


@dataclass(frozen=True)
class Finance:
    months: tuple[MonthFigures, ...]
    quarters: tuple[QuarterFigures, ...]
    use_cases: tuple[UseCaseFinance, ...]  # in roadmap order
    gates: tuple[GateRelease, ...]  # by date
    peak_funding: float  # the most the cumulative spend runs ahead of the cumulative value at a month's end (0: never)
    peak_date: date | None  # the last day of that month
    payback_date: date | None  # the day the cumulative value catches up for good (None: not within the horizon)
    net_value_3y: float  # the sum of the use cases' 3-year net values
    horizon_end: date
    without_costs: tuple[str, ...]  # names of use cases on the roadmap with no cost, own or default
    budget_per_quarter: float | None

    @property
    def total_spend(self) -> float:
        return self.months[-1].cumulative_spend if self.months else 0.0

    @property
    def invested(self) -> float:
        """Pilot and scaling spend within the horizon."""
        return sum(m.investment for m in self.months)

    @property
    def total_value(self) -> float:
        return self.months[-1].cumulative_value if self.months else 0.0

    @property
    def has_figures(self) -> bool:
        """Whether there is any money in the plan at all: without it the investment view has nothing to draw."""
        return self.total_spend > 0 or self.total_value > 0

    def of(self, use_case_id: str) -> UseCaseFinance | None:
        """One use case's figures (None: not on the roadmap)."""
        return self._by_id.get(use_case_id)

    @cached_property
    def _by_id(self) -> dict[str, UseCaseFinance]:
        return {u.use_case_id: u for u in self.use_cases}


def add_months(day: date, months: float) -> date:
    """`day` plus a number of months: whole calendar months (the 31st becomes the month's last day), then the
    fraction left as days of an average month."""
    whole = math.floor(months)
    index = day.month - 1 + whole
    year, month = day.year + index // 12, index % 12 + 1
    moved = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    return moved + timedelta(days=half_up((months - whole) * DAYS_PER_MONTH))


def months_to_payback(
    investment: float, annual_value: float, run_per_year: float, settings: FinanceSettings
) -> float | None:
    """Months from production until the value, net of run costs, has paid back the investment (None: never)."""
    full = (annual_value - run_per_year) / 12
    ramp_months = settings.ramp_months
    ramp = (annual_value * settings.ramp_share - run_per_year) / 12
    if investment <= 0:
        # Nothing to pay back: it is paid back from the start, unless running it costs more than it brings.
        return 0.0 if full >= 0 and (ramp_months == 0 or ramp >= 0) else None
    if ramp_months > 0 and ramp > 0 and investment <= ramp * ramp_months:
        return investment / ramp
    if full <= 0:
        return None
    return ramp_months + (investment - ramp * ramp_months) / full


def net_value(investment: float, annual_value: float, run_per_year: float, settings: FinanceSettings) -> float:
    """Value minus run costs over the first NET_VALUE_YEARS in production, minus the investment."""
    months = 12 * NET_VALUE_YEARS
    ramp = min(settings.ramp_months, months)
    value = annual_value * (settings.ramp_share * ramp + (months - ramp)) / 12
    return value - run_per_year * NET_VALUE_YEARS - investment


# Value for money as a 1–5 score: the 3-year net value per unit invested, in bands. Below 0 (it does not earn back
# what it costs in 3 years) scores 1; 4 or more scores 5.
VALUE_FOR_MONEY_ID = "value_for_money"
ROI_BANDS = (0.0, 1.0, 2.0, 4.0)


def value_for_money(use_case: UseCase, settings: FinanceSettings) -> int | None:
    """The use case's value-for-money score from its own figures (the roadmap does not change it), or None when it
    has no value per year or no cost at all to judge it by."""
    costs = use_case.costs.over(settings.default_costs)
    if use_case.annual_value is None or costs.empty:
        return None
    investment = costs.investment
    net = net_value(investment, use_case.annual_value, costs.run_per_year or 0.0, settings)
    if investment <= 0:
        return 5 if net > 0 else 1
    return 1 + sum(1 for band in ROI_BANDS if net / investment >= band)


class _Flows:
    """Daily amounts over the horizon as difference arrays: add a rate over [first, end) days in O(1)."""

    def __init__(self, days: int) -> None:
        self.days = days
        self.starts: dict[str, list[int]] = {}
        self.ends: dict[str, list[int]] = {}
        self.rates: dict[str, list[float]] = {}

    def add(self, kind: str, first: int, end: int, per_day: float) -> None:
        first, end = max(0, first), min(self.days, end)
        if end <= first or per_day == 0:
            return
        self.starts.setdefault(kind, []).append(first)
        self.ends.setdefault(kind, []).append(end)
        self.rates.setdefault(kind, []).append(per_day)

    def daily(self, kind: str) -> np.ndarray:
        diff = np.zeros(self.days + 1)
        rates = np.asarray(self.rates.get(kind, []), dtype=float)
        np.add.at(diff, np.asarray(self.starts.get(kind, []), dtype=np.int64), rates)
        np.add.at(diff, np.asarray(self.ends.get(kind, []), dtype=np.int64), -rates)
        return np.cumsum(diff[:-1])


def _month_starts(first: date, end: date) -> list[date]:
    """The first day of the horizon, then the first of every calendar month before `end`."""
    starts = [first]
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, 1)
        if day >= end:
            return starts
        starts.append(day)


def _by_use_case(phases: Iterable[Phase]) -> dict[str, dict[PhaseName, Phase]]:
    found: dict[str, dict[PhaseName, Phase]] = {}
    for phase in phases:
        if phase.use_case_id is not None:
            found.setdefault(phase.use_case_id, {})[phase.phase] = phase
    return found


def build_finance(workshop: Workshop, roadmap: Roadmap) -> Finance:
    """Spend, value, payback and gate funding of `roadmap`, the plan of `workshop`."""
    settings = workshop.finance
    defaults = settings.default_costs
    origin, horizon_end = workshop.start_date, roadmap.summary.horizon_end
    flows = _Flows(max(0, (horizon_end - origin).days))
    phases = _by_use_case(roadmap.phases)
    by_id = workshop.use_cases_by_id()
    use_cases: list[UseCaseFinance] = []
    gates: list[GateRelease] = []
    without_costs: list[str] = []

    def offset(day: date) -> int:
        return (day - origin).days

    for uc_id in roadmap.order:
        uc, placed = by_id[uc_id], phases.get(uc_id, {})
        costs = uc.costs.over(defaults)
        if costs.empty:
            without_costs.append(uc.name)
        stopped = stops_after(uc)
        investment = 0.0
        for phase_name, cost in ((PhaseName.PILOT, costs.pilot), (PhaseName.SCALING, costs.scaling)):
            phase = placed.get(phase_name)
            if phase is None or cost is None or (phase_name == PhaseName.SCALING and stopped == PhaseName.PILOT):
                continue
            investment += cost
            days = max(1, (phase.end - phase.start).days)
            flows.add(phase_name.value, offset(phase.start), offset(phase.start) + days, cost / days)
        live = placed.get(PhaseName.OPTIMIZATION)
        production = live.start if live is not None else None
        figures = _use_case_finance(uc, costs, investment, production, settings, horizon_end)
        use_cases.append(replace(figures, stopped=stopped is not None))
        if production is not None:
            _add_production(flows, uc, costs, offset(production), settings)
        gates.extend(_gate_releases(uc, placed, costs, stopped, production))

    budget = workshop.plan.budget_per_quarter or None  # 0 is no limit, as on the Roadmap page
    return _portfolio(flows, origin, horizon_end, use_cases, gates, without_costs, budget)


def _use_case_finance(
    uc: UseCase,
    costs: Costs,
    investment: float,
    production: date | None,
    settings: FinanceSettings,
    horizon_end: date,
) -> UseCaseFinance:
    run = costs.run_per_year or 0.0
    value = uc.annual_value or 0.0
    months = payback = None
    if production is None:
        net = -investment  # stopped at a gate: what was spent, and nothing back
    else:
        net = net_value(investment, value, run, settings)
        if uc.annual_value is not None:
            months = months_to_payback(investment, value, run, settings)
            if months is not None:
                payback = add_months(production, months)
                if payback > horizon_end:
                    payback = None
    return UseCaseFinance(
        use_case_id=uc.id,
        name=uc.name,
        costs=costs,
        investment=investment,
        annual_value=uc.annual_value,
        production=production,
        months_to_payback=months,
        payback_date=payback,
        net_value_3y=net,
        stopped=False,
    )


def _add_production(flows: _Flows, uc: UseCase, costs: Costs, live: int, settings: FinanceSettings) -> None:
    """Run costs and value from the production day to the end of the horizon, the value ramping up first."""
    if costs.run_per_year:
        flows.add("run", live, flows.days, costs.run_per_year / DAYS_PER_YEAR)
    if uc.annual_value:
        per_day = uc.annual_value / DAYS_PER_YEAR
        ramp_end = live + half_up(settings.ramp_months * DAYS_PER_MONTH)
        flows.add("value", live, ramp_end, per_day * settings.ramp_share)
        flows.add("value", ramp_end, flows.days, per_day)


def _gate_releases(
    uc: UseCase, placed: dict[PhaseName, Phase], costs: Costs, stopped: PhaseName | None, production: date | None
) -> list[GateRelease]:
    releases = []
    pilot, scaling = placed.get(PhaseName.PILOT), placed.get(PhaseName.SCALING)
    if pilot is not None:
        goes_on = scaling is not None and stopped != PhaseName.PILOT
        amount = (costs.scaling or 0.0) if goes_on else 0.0
        releases.append(GateRelease(uc.id, uc.name, Gate.GO_NO_GO, pilot.end, amount))
    if scaling is not None and stopped != PhaseName.PILOT:
        amount = (costs.run_per_year or 0.0) if production is not None else 0.0
        releases.append(GateRelease(uc.id, uc.name, Gate.PRODUCTION_READINESS, scaling.end, amount))
    return releases


def _portfolio(
    flows: _Flows,
    origin: date,
    horizon_end: date,
    use_cases: list[UseCaseFinance],
    gates: list[GateRelease],
    without_costs: list[str],
    budget: float | None,
) -> Finance:
    daily = {kind: flows.daily(kind) for kind in ("pilot", "scaling", "run", "value")}
    starts = _month_starts(origin, horizon_end) if flows.days else []
    cuts = [(day - origin).days for day in starts]
    monthly = {kind: np.add.reduceat(values, cuts) if cuts else values for kind, values in daily.items()}
    months = _months(starts, monthly)
    peak_funding, peak_date, payback = _peak_and_payback(months, horizon_end)
    return Finance(
        months=months,
        quarters=_quarters(months),
        use_cases=tuple(use_cases),
        gates=tuple(sorted(gates, key=lambda g: (g.date, g.name))),
        peak_funding=peak_funding,
        peak_date=peak_date,
        payback_date=payback,
        net_value_3y=sum(u.net_value_3y for u in use_cases),
        horizon_end=horizon_end,
        without_costs=tuple(without_costs),
        budget_per_quarter=budget,
    )


def month_end(months: Sequence[MonthFigures], index: int, horizon_end: date) -> date:
    """The day after month `index` (the next month's first day, or the horizon's end)."""
    return months[index + 1].start if index + 1 < len(months) else horizon_end


def _peak_and_payback(months: Sequence[MonthFigures], horizon_end: date) -> tuple[float, date | None, date | None]:
    """Peak funding: the largest gap between the cumulative spend and value at a month's end. Payback: the day the
    value catches up for good, read between the two month ends it falls between, as a straight line.

    Read at month ends, as the workbook's Finance sheet reads them with formulas, so both give the same figures.
    """
    gaps = [m.cumulative_spend - m.cumulative_value for m in months]
    if not gaps or max(gaps) <= 1e-9:
        return 0.0, None, None
    peak = max(range(len(gaps)), key=gaps.__getitem__)
    last_behind = max(i for i, gap in enumerate(gaps) if gap > 1e-9)
    payback = None
    if last_behind + 1 < len(months):
        crossing = last_behind + 1
        before, after = gaps[last_behind], gaps[crossing]
        first, end = months[crossing].start, month_end(months, crossing, horizon_end)
        payback = first + timedelta(days=half_up((end - first).days * before / (before - after)))
    return gaps[peak], month_end(months, peak, horizon_end) - timedelta(days=1), payback


def half_up(number: float) -> int:
    """Rounded as Excel's ROUND rounds a positive number: a half goes up."""
    return math.floor(number + 0.5)


def _tidy(amount: float) -> float:
    return 0.0 if abs(amount) < 1e-6 else float(amount)


def _months(starts: Sequence[date], monthly: dict[str, np.ndarray]) -> tuple[MonthFigures, ...]:
    months = []
    cumulative_spend = cumulative_value = 0.0
    for i, start in enumerate(starts):
        # A running sum leaves crumbs like -1e-13 after a phase ends: those are zero.
        pilot, scaling, run, value = (_tidy(monthly[kind][i]) for kind in ("pilot", "scaling", "run", "value"))
        cumulative_spend += pilot + scaling + run
        cumulative_value += value
        months.append(
            MonthFigures(
                month=f"{start:%Y-%m}",
                start=start,
                pilot=pilot,
                scaling=scaling,
                run=run,
                value=value,
                cumulative_spend=cumulative_spend,
                cumulative_value=cumulative_value,
            )
        )
    return tuple(months)


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _quarters(months: Sequence[MonthFigures]) -> tuple[QuarterFigures, ...]:
    sums: dict[str, list[float]] = {}
    for m in months:
        total = sums.setdefault(quarter_of(m.start), [0.0, 0.0, 0.0])
        total[0] += m.investment
        total[1] += m.run
        total[2] += m.value
    return tuple(QuarterFigures(q, investment, run, value) for q, (investment, run, value) in sums.items())
