"""One analysis per workshop revision: everything the pages, the sidebar, the exports and the CLI read.

`analyse` runs each rule once, in dependency order (readiness, then the ranking, then the roadmap, and the risks,
progress, tracking and finance that read them; the last ones the first time they are asked for), and returns one
result that does not change. The app keeps it for as long as the workshop it was made from is the one open
(ui/analysis.py), so a rerun or a page switch computes nothing again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType

from planner.domain.finance import Finance, build_finance
from planner.domain.models import UseCase, Workshop
from planner.domain.progress import Step, workshop_steps
from planner.domain.readiness import ReadinessResult, assess
from planner.domain.results import Roadmap, UseCaseScore
from planner.domain.risks import Risk, build_risk_register
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases, score_use_case
from planner.domain.tracking import StatusReport, TrackedPhase, planned_from, status_report, track


@dataclass(frozen=True)
class Analysis:
    """What one workshop revision means on one day. Treat every part as read-only: it is shared by every reader."""

    workshop: Workshop
    today: date
    as_of: date | None  # the date the roadmap was re-planned from (None: as drawn from the start date)
    readiness: ReadinessResult
    ranking: tuple[UseCaseScore, ...]  # best first, with weight sensitivity; explained() adds the breakdown
    roadmap: Roadmap
    steps: tuple[Step, ...]  # the workshop's progress, as the sidebar shows it
    _scores: Mapping[str, UseCaseScore] = field(repr=False, compare=False, default_factory=dict)
    _use_cases: Mapping[str, UseCase] = field(repr=False, compare=False, default_factory=dict)

    # The parts below are worked out the first time a page asks and kept: every page and the sidebar need the
    # ranking and the roadmap, but an edit on the Use cases page needs none of these (0.15 s at 3,600 use cases).

    @cached_property
    def risks(self) -> tuple[Risk, ...]:
        """The risk register, most severe first."""
        return tuple(build_risk_register(self.workshop, self.readiness))

    @cached_property
    def tracked(self) -> tuple[TrackedPhase, ...]:
        """Each phase against the latest baseline, with its status on as_of or today."""
        return tuple(track(self.roadmap, self.workshop.baseline(), as_of=self.as_of or self.today))

    @cached_property
    def status(self) -> StatusReport:
        """The status board against the latest baseline, as the app, the viewer and Excel show it."""
        return status_report(self.workshop, self.roadmap, as_of=self.as_of or self.today, tracked=self.tracked)

    @cached_property
    def finance(self) -> Finance:
        """Spend, value, payback and gate funding of the roadmap."""
        return build_finance(self.workshop, self.roadmap)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the planner warns about this plan (capacity, dependencies, ranges, a stale start)."""
        return tuple(self.roadmap.warnings)

    def score(self, use_case_id: str) -> UseCaseScore | None:
        """The ranking entry of one use case (None for a retired one)."""
        return self._scores.get(use_case_id)

    def explained(self, score: UseCaseScore) -> UseCaseScore:
        """`score` with its points per criterion, worked out when asked.

        The ranking leaves them out: at 3,600 use cases they were 18,000 objects made on every weight change,
        most of them never shown. A page explains the rows it shows; the CLI and the workbook the ones they write.
        """
        use_case = self._use_cases.get(score.use_case_id)
        if score.contributions or use_case is None:
            return score
        criteria, settings = self.workshop.criteria, self.workshop.scoring
        full = score_use_case(use_case, criteria, settings, explain=True)
        return score.model_copy(update={"contributions": full.contributions})


def analyse(workshop: Workshop, *, today: date, as_of: date | None = None) -> Analysis:
    """Readiness, ranking, roadmap, risks and progress of `workshop`, each computed once.

    The roadmap is re-planned from `as_of` when given; otherwise from today once the workshop is tracked
    (planner.domain.tracking.planned_from), and as drawn before that.
    """
    readiness = assess(workshop.readiness)
    ranking = tuple(rank_use_cases(workshop, with_sensitivity=True, explain=False))
    as_of = as_of or planned_from(workshop, today)
    roadmap = build_roadmap(workshop, today=today, ranking=ranking, readiness=readiness, as_of=as_of)
    return Analysis(
        workshop=workshop,
        today=today,
        as_of=as_of,
        readiness=readiness,
        ranking=ranking,
        roadmap=roadmap,
        steps=tuple(workshop_steps(workshop, readiness)),
        _scores=MappingProxyType({s.use_case_id: s for s in ranking}),
        _use_cases=MappingProxyType(workshop.use_cases_by_id()),
    )
