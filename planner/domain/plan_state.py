"""The schedule's working state, shared by the scheduler (schedule.py) and its warning rules (plan_warnings.py).

Time is counted in whole weeks from the workshop's start date.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from dataclasses import dataclass, field
from datetime import date

from planner.domain.models import GateDecision, PlanSettings, UseCase
from planner.domain.vocabulary import DAYS_PER_MONTH, WEEKS_PER_MONTH, Decision, Gate, PhaseName, Stage

ASSESSMENT_ROW = "Organisation-wide assessment"
ASSESSMENT_MILESTONE = "Use cases and KPIs agreed"
EARLY_STAGES = (Stage.IDEA, Stage.ASSESSMENT)
# Nothing is started later than this after the start date, so every date stays far inside what a date can hold,
# even for 10,000 use cases through one pilot slot. What does not fit is named in a warning.
PLAN_LIMIT_YEARS = 100

Interval = tuple[int, int]  # [start week, end week)


def weeks_for(months: float) -> int:
    """Whole weeks in a number of months, rounding half up and never below one week."""
    return max(1, math.floor(months * WEEKS_PER_MONTH + 0.5))


def months_between(start: date, end: date) -> float:
    return round((end - start).days / DAYS_PER_MONTH, 1)


class Occupancy:
    """How many of some fixed intervals run in each week, built once; `peak` reads weeks, not every interval, so
    a portfolio with hundreds of phases under way costs a slice per question, not n² over the intervals."""

    def __init__(self, intervals: list[Interval]) -> None:
        self.empty = not intervals
        self.first = min((begin for begin, _ in intervals), default=0)
        self.until = max((end for _, end in intervals), default=0)
        steps = [0] * (self.until - self.first + 1)
        for begin, end in intervals:
            if end > begin:
                steps[begin - self.first] += 1
                steps[end - self.first] -= 1
        self.weekly = list(itertools.accumulate(steps))

    def peak(self, start: int, end: int) -> int:
        """The most intervals that run at once anywhere in [start, end)."""
        first, last = max(start, self.first), min(end, self.until)
        if self.empty or first >= last:
            return 0
        return max(self.weekly[first - self.first : last - self.first])


@dataclass
class Lane:
    """Parallel capacity for one kind of phase (pilots or scaling).

    Fixed phases (already under way, or pinned by hand) are known up front; the planner starts the
    others one at a time as the simulated clock moves forward, so a lane never needs to look back.
    """

    capacity: int
    fixed: list[Interval] = field(default_factory=list)
    running: list[int] = field(default_factory=list)  # heap of end weeks of phases the planner started

    def __post_init__(self) -> None:
        self.occupancy = Occupancy(self.fixed)

    def _fixed_peak(self, start: int, end: int) -> int:
        return self.occupancy.peak(start, end)

    def free(self, now: int) -> bool:
        while self.running and self.running[0] <= now:
            heapq.heappop(self.running)
        return len(self.running) < self.capacity

    def room_now(self, now: int) -> bool:
        """Whether any phase could start this week: one that cannot is not worth trying, whatever its length."""
        return len(self.running) + self._fixed_peak(now, now + 1) < self.capacity

    def fits(self, now: int, length: int) -> bool:
        return len(self.running) + self._fixed_peak(now, now + length) < self.capacity

    def start(self, now: int, length: int) -> None:
        heapq.heappush(self.running, now + length)


@dataclass
class Teams:
    """Capacity per team: a lane for each team and phase with a limit, holding that team's fixed phases, and each
    use case's team. Empty (one shared queue, no team lanes) when capacity is organisation-wide only."""

    lanes: dict[PhaseName, dict[str, Lane]] = field(default_factory=dict)
    team: dict[str, str] = field(default_factory=dict)

    def of(self, use_case_id: str) -> str:
        return self.team.get(use_case_id, "")

    @classmethod
    def of_plan(cls, plan: PlanSettings, planned: dict[str, Planned], floor: int) -> Teams:
        team = {uc_id: item.use_case.team for uc_id, item in planned.items()}
        lanes: dict[PhaseName, dict[str, Lane]] = {}
        for phase in (PhaseName.PILOT, PhaseName.SCALING):
            fixed: dict[str, list[Interval]] = {}
            for uc_id, item in planned.items():
                interval = item.pilot if phase == PhaseName.PILOT else item.scaling
                if interval is not None and interval[1] > floor:
                    fixed.setdefault(team[uc_id], []).append(interval)
            limits = {name: plan.team_limit(name, phase) for name in set(team.values())}
            lanes[phase] = {
                name: Lane(limit, fixed.get(name, [])) for name, limit in limits.items() if limit is not None
            }
        return cls(lanes=lanes, team=team)


@dataclass
class Planned:
    """One use case's weeks on the roadmap, filled in as the scheduler goes."""

    use_case: UseCase
    pilot: Interval | None = None
    scaling: Interval | None = None
    production: int | None = None
    overridden: set[PhaseName] = field(default_factory=set)
    stopped_after: PhaseName | None = None  # a no-go at the gate that ends this phase
    # A quarterly budget's effect: the weeks a phase waited for its spend to fit, and phases that never can.
    budget_waiting_since: dict[PhaseName, int] = field(default_factory=dict)  # the week it was first held back
    budget_waited: dict[PhaseName, int] = field(default_factory=dict)  # weeks held back, once it started
    over_budget: set[PhaseName] = field(default_factory=set)
    # Dates recorded as actuals, shown as they are (the weeks above are rounded): (start, end) per phase; an end is
    # None while the phase is under way, and then the projected end date is given instead.
    shown: dict[PhaseName, tuple[date, date]] = field(default_factory=dict)


class Budget:
    """A spend limit per calendar quarter on pilot and scaling costs, and what is spent in each quarter so far.

    A phase's cost is spread evenly over its days, as planner.domain.finance spreads it, so the quarters the
    scheduler fills are the quarters the finance view shows.
    """

    def __init__(self, origin: date, limit: float, costs: dict[str, tuple[float, float]], until_week: int) -> None:
        self.limit = limit
        self.costs = costs  # (pilot, scaling) per use case id, the organisation's defaults filled in
        first = date(origin.year, 3 * ((origin.month - 1) // 3) + 1, 1)
        self.bounds: list[int] = []  # each quarter's first day, in days from `origin`
        year, month = first.year, first.month
        while not self.bounds or self.bounds[-1] <= 7 * until_week:
            self.bounds.append((date(year, month, 1) - origin).days)
            year, month = (year + 1, 1) if month == 10 else (year, month + 3)
        self.used = [0.0] * len(self.bounds)
        self.wakes: set[int] = set()

    def cost(self, use_case_id: str, phase: PhaseName) -> float:
        pilot, scaling = self.costs.get(use_case_id, (0.0, 0.0))
        return pilot if phase == PhaseName.PILOT else scaling

    def spread(self, interval: Interval, cost: float) -> list[tuple[int, float]]:
        """(quarter, amount) for a phase over these weeks: its cost shared by the days in each quarter."""
        first, end = 7 * interval[0], 7 * interval[1]
        if cost <= 0 or end <= first:
            return []
        per_day = cost / (end - first)
        quarter = max(0, bisect.bisect_right(self.bounds, first) - 1)
        shares = []
        while quarter < len(self.bounds) and self.bounds[quarter] < end:
            quarter_end = self.bounds[quarter + 1] if quarter + 1 < len(self.bounds) else end
            days = min(end, quarter_end) - max(first, self.bounds[quarter])
            if days > 0:
                shares.append((quarter, per_day * days))
            quarter += 1
        return shares

    def fits(self, shares: list[tuple[int, float]]) -> bool:
        return all(self.used[q] + amount <= self.limit + 1e-6 for q, amount in shares)

    def ever_fits(self, shares: list[tuple[int, float]]) -> bool:
        """Whether these shares fit quarters where nothing else is spent: if not, waiting does not help."""
        return all(amount <= self.limit + 1e-6 for _, amount in shares)

    def first_fitting_start(self, interval: Interval, cost: float) -> int | None:
        """The first week after this one from which the phase would fit quarters where nothing else is spent,
        trying a year of starts (quarters repeat their lengths within one); None: no start ever fits."""
        begin, end = interval
        for delay in range(1, 54):
            if self.ever_fits(self.spread((begin + delay, end + delay), cost)):
                return begin + delay
        return None

    def take(self, shares: list[tuple[int, float]]) -> None:
        for q, amount in shares:
            self.used[q] += amount

    def next_quarter(self, week: int) -> int | None:
        """The first week that starts in the quarter after the one `week` is in, once (None: already woken)."""
        quarter = bisect.bisect_right(self.bounds, 7 * week)
        if quarter >= len(self.bounds):
            return None
        wake = -(-self.bounds[quarter] // 7)
        if wake in self.wakes:
            return None
        self.wakes.add(wake)
        return wake


GATE_ENDS = ((Gate.GO_NO_GO, PhaseName.PILOT), (Gate.PRODUCTION_READINESS, PhaseName.SCALING))


def stopping_decision(use_case: UseCase) -> tuple[GateDecision, PhaseName] | None:
    """The no-go that stops this use case (the latest decision at a gate), and the phase it stops after."""
    latest: dict[Gate, GateDecision] = {}
    for decision in sorted(use_case.gate_decisions, key=lambda d: d.date):
        latest[decision.gate] = decision
    for gate, phase in GATE_ENDS:
        said = latest.get(gate)
        if said is not None and said.decision == Decision.NO_GO:
            return said, phase
    return None


def stops_after(use_case: UseCase) -> PhaseName | None:
    """The phase after which a no-go stops this use case, or None. What happened wins over the decision: a use case
    in production was not stopped, and neither was one whose scaling began after a no-go at the pilot's gate (its
    stage, or an actual start)."""
    stop = stopping_decision(use_case)
    if stop is None or use_case.stage == Stage.PRODUCTION:
        return None
    if stop[1] == PhaseName.PILOT:
        scaling = use_case.actuals.get(PhaseName.SCALING)
        if use_case.stage == Stage.SCALING or (scaling is not None and scaling.start is not None):
            return None
    return stop[1]
