"""Pydantic models for a workshop: what the room enters and what the programme team records (vocabulary.py holds
the types, enumerations and limits they are written in).

`Workshop` is the single source of truth; every other module reads it and returns new data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from planner.domain.errors import NotFound
from planner.domain.graph import duplicates, find_cycle
from planner.domain.vocabulary import (
    DAYS_PER_MONTH,
    LONG_TEXT,
    MAX_BASELINES,
    MAX_CRITERIA,
    MAX_DEPENDENCIES,
    MAX_GATE_DECISIONS,
    MAX_KPIS,
    MAX_LESSONS,
    MAX_MEASUREMENTS,
    MAX_READINESS_ANSWERS,
    MAX_TEAMS,
    MAX_TICKED_ITEMS,
    MAX_USE_CASES,
    NO_TEAM,
    Decision,
    Direction,
    Gate,
    Identifier,
    LongText,
    Objective,
    PhaseName,
    PlanDate,
    PlannerModel,
    Score,
    ShortText,
    Side,
    Stage,
    new_id,
)

SCHEMA_VERSION: Literal[2] = 2


class Measurement(PlannerModel):
    """One dated reading of a KPI, as the programme team records it month by month."""

    date: PlanDate
    value: float = Field(ge=-1e12, le=1e12)
    note: ShortText = ""


class KPI(PlannerModel):
    metric: Annotated[str, Field(min_length=1, max_length=200)]
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    unit: ShortText = ""
    direction: Direction = Direction.INCREASE
    measurements: list[Measurement] = Field(default_factory=list, max_length=MAX_MEASUREMENTS)

    def latest(self) -> float | None:
        """The value to judge the KPI by: the latest measurement, else the current value typed in."""
        if self.measurements:
            return max(self.measurements, key=lambda m: m.date).value
        return self.current


class CriterionRole(StrEnum):
    """What the planner reads a criterion as, whatever its id or label: the rules read roles, never ids."""

    BUSINESS_VALUE = "business_value"  # the impact a risk would hurt
    DATA_READINESS = "data_readiness"  # weak data is a risk to the pilot
    TECHNICAL_COMPLEXITY = "technical_complexity"  # heavy engineering is a risk to scaling
    INTEGRATION_EFFORT = "integration_effort"  # stretches scaling, and is a risk to it


CRITERION_ROLE_LABELS: Mapping[CriterionRole, str] = MappingProxyType(
    {
        CriterionRole.BUSINESS_VALUE: "Business value (weighs risks)",
        CriterionRole.DATA_READINESS: "Data readiness (data risks)",
        CriterionRole.TECHNICAL_COMPLEXITY: "Technical complexity (engineering risks)",
        CriterionRole.INTEGRATION_EFFORT: "Integration effort (scaling length, risks)",
    }
)


class Criterion(PlannerModel):
    id: Identifier
    label: Annotated[str, Field(min_length=1, max_length=80)]
    side: Side
    weight: float = Field(default=1.0, ge=0, le=10)
    higher_is_better: bool = True
    help: ShortText = ""
    low_label: Annotated[str, Field(max_length=80, description="What a score of 1 means")] = ""
    high_label: Annotated[str, Field(max_length=80, description="What a score of 5 means")] = ""
    role: CriterionRole | None = Field(
        default=None,
        description="What the planner reads this criterion as (scaling length, risks); at most one criterion per role",
    )

    @model_validator(mode="before")
    @classmethod
    def _role_from_id(cls, data: Any) -> Any:
        # Files written before roles existed: the default criteria's ids were what the rules read.
        if isinstance(data, dict) and "role" not in data and data.get("id") in set(CriterionRole):
            return {**data, "role": data["id"]}
        return data

    def scale_hint(self) -> str:
        """'1 = …, 5 = …' for the people scoring; empty when neither end is described."""
        ends = [f"{n} = {text}" for n, text in ((1, self.low_label), (5, self.high_label)) if text]
        return " · ".join(ends)


class PhaseOverride(PlannerModel):
    """A manual start and/or length for one phase; either may be left to the planner."""

    start: PlanDate | None = None
    months: float | None = Field(default=None, gt=0, le=36)


class PhaseActual(PlannerModel):
    """What really happened in one phase of a use case. Other tools write this shape, so it stays as it is:
    `{"start": "2027-05-03", "end": null, "percent_complete": 50, "note": ""}`. Actual dates win over the plan."""

    start: PlanDate | None = None
    end: PlanDate | None = None
    percent_complete: float | None = Field(default=None, ge=0, le=100)
    note: LongText = ""

    @model_validator(mode="after")
    def _in_order(self) -> PhaseActual:
        if self.end is not None and self.start is None:
            raise ValueError("a phase with an actual end needs its actual start too (add the start date)")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"the actual end, {self.end:%d %b %Y}, is before the actual start on {self.start:%d %b %Y}"
            )
        return self

    @property
    def done(self) -> bool:
        return self.end is not None


class GateDecision(PlannerModel):
    gate: Gate
    decision: Decision
    date: PlanDate
    note: LongText = ""


Money = Annotated[float, Field(ge=0, le=1e12)]


class Costs(PlannerModel):
    """What a use case costs, in thousands like its annual value. Other tools write this shape, so it stays as it is:
    `{"pilot": 120, "scaling": 240, "run_per_year": 60}`. A cost left empty falls back to the organisation default
    (FinanceSettings.default_costs), and to nothing when that is empty too."""

    pilot: Money | None = Field(default=None, description="The whole pilot phase, spread evenly over its months")
    scaling: Money | None = Field(default=None, description="The whole scaling phase, spread evenly over its months")
    run_per_year: Money | None = Field(default=None, description="Running it in production, per year")

    def over(self, defaults: Costs) -> Costs:
        """These costs with each empty one taken from `defaults` (models are read-only here, so a full or an empty
        set is returned as it is: at 3,600 use cases, building a copy of each was a fifth of the finance's time)."""
        if self.pilot is not None and self.scaling is not None and self.run_per_year is not None:
            return self
        if self.empty:
            return defaults
        return Costs.model_construct(
            pilot=self.pilot if self.pilot is not None else defaults.pilot,
            scaling=self.scaling if self.scaling is not None else defaults.scaling,
            run_per_year=self.run_per_year if self.run_per_year is not None else defaults.run_per_year,
        )

    @property
    def empty(self) -> bool:
        return self.pilot is None and self.scaling is None and self.run_per_year is None

    @property
    def investment(self) -> float:
        """Pilot and scaling together, an empty cost counting 0."""
        return (self.pilot or 0.0) + (self.scaling or 0.0)


class UseCase(PlannerModel):
    id: Identifier = Field(default_factory=new_id)
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: LongText = ""
    owner: ShortText = ""
    department: ShortText = ""
    objective: Objective = Objective.OTHER
    stage: Stage = Stage.IDEA
    scores: dict[Identifier, Score] = Field(default_factory=dict, max_length=MAX_CRITERIA)
    annual_value: float | None = Field(default=None, ge=0, le=1e12, description="Expected value per year, in thousands")
    costs: Costs = Field(default_factory=Costs)
    depends_on: list[Identifier] = Field(default_factory=list, max_length=MAX_DEPENDENCIES)
    kpis: list[KPI] = Field(default_factory=list, max_length=MAX_KPIS)
    on_roadmap: bool = True
    overrides: dict[PhaseName, PhaseOverride] = Field(default_factory=dict)
    checklist: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=MAX_TICKED_ITEMS, description="Ticked checklist item ids"
    )
    gate_decisions: list[GateDecision] = Field(default_factory=list, max_length=MAX_GATE_DECISIONS)
    actuals: dict[PhaseName, PhaseActual] = Field(
        default_factory=dict, description="What really happened per phase (pilot, scaling), keyed like overrides"
    )

    @field_validator("depends_on")
    @classmethod
    def _no_duplicate_dependencies(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("overrides")
    @classmethod
    def _no_assessment_override(cls, value: dict[PhaseName, PhaseOverride]) -> dict[PhaseName, PhaseOverride]:
        if PhaseName.ASSESSMENT in value:
            raise ValueError("the assessment phase is organisation-wide: set it in the plan settings")
        if PhaseName.OPTIMIZATION in value:
            raise ValueError("optimisation is ongoing: it starts when scaling ends and has no length of its own")
        return value

    @field_validator("actuals")
    @classmethod
    def _actuals_of_use_case_phases(cls, value: dict[PhaseName, PhaseActual]) -> dict[PhaseName, PhaseActual]:
        if PhaseName.ASSESSMENT in value or PhaseName.OPTIMIZATION in value:
            raise ValueError("record actual dates for the pilot and scaling phases; the others have none of their own")
        return value

    @property
    def team(self) -> str:
        """The team whose capacity this use case uses when capacity is per team: its department."""
        return self.department or NO_TEAM


class MonthRange(PlannerModel):
    min: float = Field(gt=0, le=36)
    max: float = Field(gt=0, le=36)

    @model_validator(mode="after")
    def _ordered(self) -> MonthRange:
        if self.max < self.min:
            raise ValueError(f"the longest ({self.max:g}) must not be shorter than the shortest ({self.min:g})")
        return self


class TeamLimit(PlannerModel):
    """One team's own limits on phases at once; None leaves that phase to the plan's per-team default."""

    max_parallel_pilots: int | None = Field(default=None, ge=1, le=50)
    max_parallel_scaling: int | None = Field(default=None, ge=1, le=50)


class PlanSettings(PlannerModel):
    # The organisation-wide cap: with per-team limits too, a phase starts only when it fits both.
    max_parallel_pilots: int = Field(default=2, ge=1, le=50)
    max_parallel_scaling: int = Field(default=2, ge=1, le=50)
    # Capacity per team (a use case's team is its department): a default for every team, and teams of their own.
    team_pilots: int | None = Field(default=None, ge=1, le=50)
    team_scaling: int | None = Field(default=None, ge=1, le=50)
    teams: dict[Annotated[str, Field(min_length=1, max_length=200)], TeamLimit] = Field(
        default_factory=dict, max_length=MAX_TEAMS
    )
    assessment_months: MonthRange = Field(default_factory=lambda: MonthRange(min=1, max=2))
    pilot_months: MonthRange = Field(default_factory=lambda: MonthRange(min=3, max=6))
    scaling_months: MonthRange = Field(default_factory=lambda: MonthRange(min=2, max=4))
    assessment_override: PhaseOverride | None = None
    horizon_months: int = Field(default=24, ge=6, le=120)
    # A spend limit per calendar quarter on pilot and scaling costs (run costs are not counted): a phase starts only
    # when its spend fits every quarter it runs in. None: no budget limit.
    budget_per_quarter: Money | None = None

    def team_limit(self, team: str, phase: PhaseName) -> int | None:
        """How many phases of this kind `team` may run at once (None: only the organisation-wide cap applies)."""
        own = self.teams.get(team)
        if phase == PhaseName.PILOT:
            return (own.max_parallel_pilots if own else None) or self.team_pilots
        return (own.max_parallel_scaling if own else None) or self.team_scaling

    @property
    def per_team(self) -> bool:
        """Whether any team has a limit of its own or by default."""
        return bool(self.team_pilots or self.team_scaling or self.teams)


class FinanceSettings(PlannerModel):
    """The organisation's costs for use cases without their own, and how fast value arrives once in production."""

    default_costs: Costs = Field(default_factory=Costs)
    ramp_months: float = Field(
        default=0, ge=0, le=36, description="The first months of production, before the full annual value is reached"
    )
    ramp_share: float = Field(
        default=1, ge=0, le=1, description="The share of the annual value reached during those first months"
    )


class ScoringSettings(PlannerModel):
    impact_threshold: float = Field(default=50, ge=0, le=100)
    feasibility_threshold: float = Field(default=50, ge=0, le=100)
    impact_share: float = Field(default=0.5, ge=0, le=1, description="Share of impact in the priority score")
    top_n: int = Field(default=5, ge=1, le=100)


def default_criteria() -> list[Criterion]:
    return [
        Criterion(
            id="business_value",
            label="Business value",
            side=Side.IMPACT,
            weight=3,
            help="Money saved or earned, or customer benefit, once in production",
            low_label="Little or no measurable gain",
            high_label="A large, measurable gain",
        ),
        Criterion(
            id="strategic_importance",
            label="Strategic importance",
            side=Side.IMPACT,
            weight=2,
            help="How closely it serves this year's stated objectives",
            low_label="Unrelated to this year's objectives",
            high_label="Central to a stated objective",
        ),
        Criterion(
            id="data_readiness",
            label="Data readiness",
            side=Side.FEASIBILITY,
            weight=2,
            help="The data exists, is good enough and can be accessed",
            low_label="Data missing or unusable",
            high_label="Clean data, ready to use",
        ),
        Criterion(
            id="technical_complexity",
            label="Technical complexity",
            side=Side.FEASIBILITY,
            weight=2,
            higher_is_better=False,
            help="How hard the model and the engineering are (5 = very hard)",
            low_label="Proven, off-the-shelf approach",
            high_label="New ground, very hard to build",
        ),
        Criterion(
            id="integration_effort",
            label="Integration effort",
            side=Side.FEASIBILITY,
            weight=1,
            higher_is_better=False,
            help="Work to fit it into existing systems and workflows (5 = a lot)",
            low_label="Stands alone",
            high_label="Touches many core systems",
        ),
    ]


class BaselinePhase(PlannerModel):
    """One phase of a frozen plan, as `python -m planner schedule --json` gives it."""

    use_case_id: Identifier | None
    use_case: Annotated[str, Field(max_length=200)]
    phase: PhaseName
    start: date
    end: date
    ongoing: bool = False


class BaselineMilestone(PlannerModel):
    use_case_id: Identifier | None
    name: Annotated[str, Field(max_length=200)]
    date: date


class Baseline(PlannerModel):
    """A plan frozen on a date (the one the board approved, say), to measure slippage against."""

    id: Identifier = Field(default_factory=new_id)
    name: Annotated[str, Field(min_length=1, max_length=200)]
    taken: PlanDate
    phases: list[BaselinePhase] = Field(default_factory=list, max_length=3 * MAX_USE_CASES + 1)
    milestones: list[BaselineMilestone] = Field(default_factory=list, max_length=2 * MAX_USE_CASES + 1)


class Lesson(PlannerModel):
    """A lesson learned, from a retrospective or a gate review."""

    id: Identifier = Field(default_factory=new_id)
    date: PlanDate
    text: Annotated[str, Field(min_length=1, max_length=LONG_TEXT)]
    use_case_id: Identifier | None = None
    gate: Gate | None = None


class Workshop(PlannerModel):
    schema_version: Literal[2] = SCHEMA_VERSION
    id: Identifier = Field(default_factory=new_id)
    name: Annotated[str, Field(min_length=1, max_length=200)] = "New workshop"
    organisation: ShortText = ""
    facilitator: ShortText = ""
    start_date: PlanDate = Field(default_factory=date.today)
    readiness: dict[Identifier, Score] = Field(
        default_factory=dict, max_length=MAX_READINESS_ANSWERS, description="Answers by question id"
    )
    criteria: list[Criterion] = Field(default_factory=default_criteria, max_length=MAX_CRITERIA)
    use_cases: list[UseCase] = Field(default_factory=list, max_length=MAX_USE_CASES)
    plan: PlanSettings = Field(default_factory=PlanSettings)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    finance: FinanceSettings = Field(default_factory=FinanceSettings)
    assessment_checklist: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=MAX_TICKED_ITEMS, description="Ticked checklist item ids"
    )
    baselines: list[Baseline] = Field(default_factory=list, max_length=MAX_BASELINES)
    lessons: list[Lesson] = Field(default_factory=list, max_length=MAX_LESSONS)

    @model_validator(mode="after")
    def _consistent(self) -> Workshop:
        problems: list[str] = []
        criterion_ids = [c.id for c in self.criteria]
        for dup in duplicates(criterion_ids):
            problems.append(f"criteria: the id '{dup}' is used twice")
        for role in duplicates([c.role.value for c in self.criteria if c.role is not None]):
            problems.append(f"criteria: the role '{role}' is given to two criteria; give it to one")
        ids = [u.id for u in self.use_cases]
        for dup in duplicates(ids):
            problems.append(f"use_cases: the id '{dup}' is used twice")
        for dup in duplicates([b.id for b in self.baselines]):
            problems.append(f"baselines: the id '{dup}' is used twice")
        known = set(ids)
        known_criteria = set(criterion_ids)
        horizon_end = self.horizon_end()
        assessment = self.plan.assessment_override
        if assessment is not None and assessment.start is not None and assessment.start > horizon_end:
            problems.append(
                f"plan.assessment_override.start: {assessment.start:%d %b %Y} is after the roadmap's horizon "
                f"ends on {horizon_end:%d %b %Y}"
            )
        for i, uc in enumerate(self.use_cases):
            for dep in uc.depends_on:
                if dep == uc.id:
                    problems.append(f"use_cases[{i}].depends_on: '{uc.name}' cannot depend on itself")
                elif dep not in known:
                    problems.append(f"use_cases[{i}].depends_on: no use case has the id '{dep}'")
            for crit in uc.scores:
                if crit not in known_criteria:
                    problems.append(f"use_cases[{i}].scores.{crit}: there is no criterion with this id")
            for phase, override in uc.overrides.items():
                if override.start is not None and override.start > horizon_end:
                    problems.append(
                        f"use_cases[{i}].overrides.{phase.value}.start: {override.start:%d %b %Y} is after the "
                        f"roadmap's horizon ends on {horizon_end:%d %b %Y}. Move it earlier or extend the horizon"
                    )
        cycle = find_cycle({u.id: [d for d in u.depends_on if d in known and d != u.id] for u in self.use_cases})
        if cycle:
            problems.append("use_cases.depends_on: dependency cycle " + " → ".join(cycle))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def horizon_end(self) -> date:
        """The last day of the planning horizon."""
        return self.start_date + timedelta(days=round(self.plan.horizon_months * DAYS_PER_MONTH))

    def baseline(self, baseline_id: str | None = None) -> Baseline | None:
        """The baseline with this id; without an id, the latest taken (None: no baseline yet)."""
        if baseline_id is None:
            return max(self.baselines, key=lambda b: b.taken, default=None)
        return next((b for b in self.baselines if b.id == baseline_id), None)

    def criterion_for(self, role: CriterionRole) -> Criterion | None:
        """The criterion that plays this role here, if any."""
        return next((c for c in self.criteria if c.role == role), None)

    def role_score(self, use_case: UseCase, role: CriterionRole) -> int | None:
        """The use case's score on the criterion that plays this role (None: no such criterion, or not scored)."""
        criterion = self.criterion_for(role)
        return None if criterion is None else use_case.scores.get(criterion.id)

    def active_use_cases(self) -> list[UseCase]:
        """Every use case that is not retired: what is scored, ranked and voted on."""
        return [uc for uc in self.use_cases if uc.stage != Stage.RETIRED]

    def use_cases_by_id(self) -> dict[str, UseCase]:
        """Every use case by its id: make it once before looking many up (use_case() scans the list)."""
        return {uc.id: uc for uc in self.use_cases}

    def use_case(self, use_case_id: str) -> UseCase:
        """One use case by id, by scanning the list: in a loop, use use_cases_by_id() instead."""
        for uc in self.use_cases:
            if uc.id == use_case_id:
                return uc
        raise NotFound(f"there is no use case with id '{use_case_id}' in this workshop")
