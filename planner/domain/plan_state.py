"""The schedule's working state, shared by the scheduler (schedule.py) and its warning rules (plan_warnings.py).

Time is counted in whole weeks from the workshop's start date.
"""

from __future__ import annotations

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
    # Dates recorded as actuals, shown as they are (the weeks above are rounded): (start, end) per phase; an end is
    # None while the phase is under way, and then the projected end date is given instead.
    shown: dict[PhaseName, tuple[date, date]] = field(default_factory=dict)


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
