"""Pydantic models for a workshop: what the room enters, and what the planner computes.

`Workshop` is the single source of truth; every other module reads it and returns new data.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from planner.domain.errors import NotFound

SCHEMA_VERSION: Literal[1] = 1

# The calendar the planner counts in: a month is a twelfth of an average year, in days or in weeks.
DAYS_PER_MONTH = 365.25 / 12
WEEKS_PER_MONTH = 52 / 12

# Across its first use cases an organisation usually takes this many months from assessment to production.
GUIDANCE_MONTHS = (6, 18)
GUIDANCE_TEXT = f"{GUIDANCE_MONTHS[0]}–{GUIDANCE_MONTHS[1]}"

# The organisation-wide assessment where a use case id is expected (checklists, Gantt rows); never a valid id.
ASSESSMENT_KEY = "__assessment__"

# Caps on what a workshop may hold, so any workshop the models accept can be planned, charted and exported.
# README "Limits" lists them for users.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
MAX_USE_CASES = 10_000
MAX_CRITERIA = 20
MAX_DEPENDENCIES = 50
MAX_KPIS = 50
MAX_GATE_DECISIONS = 100
MAX_TICKED_ITEMS = 500
MAX_READINESS_ANSWERS = 200
SHORT_TEXT = 200
LONG_TEXT = 5000

# Control characters (tab and newline stay) and the bidi overrides and isolates that can make text read
# differently from what it is. Stripped from every text field as it enters a model.
_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: Any) -> Any:
    """Text as text: line ends made plain, control characters and bidi overrides removed. Non-text passes."""
    if not isinstance(value, str):
        return value
    return _UNSAFE_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]
Score = Annotated[int, Field(ge=1, le=5)]
PlainText = Annotated[str, BeforeValidator(clean_text)]
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]
LongText = Annotated[str, Field(max_length=LONG_TEXT)]
PlanDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]


class Objective(StrEnum):
    COST_REDUCTION = "cost_reduction"
    REVENUE_GROWTH = "revenue_growth"
    CUSTOMER_EXPERIENCE = "customer_experience"
    OPERATIONAL_EFFICIENCY = "operational_efficiency"
    OTHER = "other"


class Stage(StrEnum):
    IDEA = "idea"
    ASSESSMENT = "assessment"
    PILOT = "pilot"
    SCALING = "scaling"
    PRODUCTION = "production"
    RETIRED = "retired"


class Side(StrEnum):
    IMPACT = "impact"
    FEASIBILITY = "feasibility"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class PhaseName(StrEnum):
    ASSESSMENT = "assessment"
    PILOT = "pilot"
    SCALING = "scaling"
    OPTIMIZATION = "optimization"


class Gate(StrEnum):
    GO_NO_GO = "go_no_go"
    PRODUCTION_READINESS = "production_readiness"


class Decision(StrEnum):
    GO = "go"
    NO_GO = "no_go"
    ITERATE = "iterate"


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"
    STRATEGIC_BET = "strategic_bet"
    FILL_IN = "fill_in"
    DEPRIORITISE = "deprioritise"


OBJECTIVE_LABELS: dict[Objective, str] = {
    Objective.COST_REDUCTION: "Cost reduction",
    Objective.REVENUE_GROWTH: "Revenue growth",
    Objective.CUSTOMER_EXPERIENCE: "Customer experience",
    Objective.OPERATIONAL_EFFICIENCY: "Operational efficiency",
    Objective.OTHER: "Other",
}

STAGE_LABELS: dict[Stage, str] = {
    Stage.IDEA: "Idea",
    Stage.ASSESSMENT: "Assessment",
    Stage.PILOT: "Pilot",
    Stage.SCALING: "Scaling",
    Stage.PRODUCTION: "Production",
    Stage.RETIRED: "Retired",
}

PHASE_LABELS: dict[PhaseName, str] = {
    PhaseName.ASSESSMENT: "Assessment & planning",
    PhaseName.PILOT: "Pilot & validation",
    PhaseName.SCALING: "Scaling & integration",
    PhaseName.OPTIMIZATION: "Optimisation",
}

GATE_LABELS: dict[Gate, str] = {
    Gate.GO_NO_GO: "Go / no-go gate",
    Gate.PRODUCTION_READINESS: "Production-readiness gate",
}

DECISION_LABELS: dict[Decision, str] = {Decision.GO: "Go", Decision.NO_GO: "No-go", Decision.ITERATE: "Iterate"}
QUADRANT_LABELS: dict[Quadrant, str] = {
    Quadrant.QUICK_WIN: "Quick win",
    Quadrant.STRATEGIC_BET: "Strategic bet",
    Quadrant.FILL_IN: "Fill-in",
    Quadrant.DEPRIORITISE: "Deprioritise",
}


class PlannerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data: Any) -> Any:
        """Every text field, and every text in a list field, is cleaned before it is validated."""
        if not isinstance(data, dict):
            return data
        return {
            key: [clean_text(v) for v in value] if isinstance(value, list) else clean_text(value)
            for key, value in data.items()
        }


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class KPI(PlannerModel):
    metric: Annotated[str, Field(min_length=1, max_length=200)]
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    unit: ShortText = ""
    direction: Direction = Direction.INCREASE


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


class GateDecision(PlannerModel):
    gate: Gate
    decision: Decision
    date: PlanDate
    note: LongText = ""


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
    depends_on: list[Identifier] = Field(default_factory=list, max_length=MAX_DEPENDENCIES)
    kpis: list[KPI] = Field(default_factory=list, max_length=MAX_KPIS)
    on_roadmap: bool = True
    overrides: dict[PhaseName, PhaseOverride] = Field(default_factory=dict)
    checklist: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=MAX_TICKED_ITEMS, description="Ticked checklist item ids"
    )
    gate_decisions: list[GateDecision] = Field(default_factory=list, max_length=MAX_GATE_DECISIONS)

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


class MonthRange(PlannerModel):
    min: float = Field(gt=0, le=36)
    max: float = Field(gt=0, le=36)

    @model_validator(mode="after")
    def _ordered(self) -> MonthRange:
        if self.max < self.min:
            raise ValueError(f"the longest ({self.max:g}) must not be shorter than the shortest ({self.min:g})")
        return self


class PlanSettings(PlannerModel):
    max_parallel_pilots: int = Field(default=2, ge=1, le=50)
    max_parallel_scaling: int = Field(default=2, ge=1, le=50)
    assessment_months: MonthRange = Field(default_factory=lambda: MonthRange(min=1, max=2))
    pilot_months: MonthRange = Field(default_factory=lambda: MonthRange(min=3, max=6))
    scaling_months: MonthRange = Field(default_factory=lambda: MonthRange(min=2, max=4))
    assessment_override: PhaseOverride | None = None
    horizon_months: int = Field(default=24, ge=6, le=120)


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


class Workshop(PlannerModel):
    schema_version: Literal[1] = SCHEMA_VERSION
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
    assessment_checklist: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=MAX_TICKED_ITEMS, description="Ticked checklist item ids"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Workshop:
        problems: list[str] = []
        criterion_ids = [c.id for c in self.criteria]
        for dup in _duplicates(criterion_ids):
            problems.append(f"criteria: the id '{dup}' is used twice")
        for role in _duplicates([c.role.value for c in self.criteria if c.role is not None]):
            problems.append(f"criteria: the role '{role}' is given to two criteria; give it to one")
        ids = [u.id for u in self.use_cases]
        for dup in _duplicates(ids):
            problems.append(f"use_cases: the id '{dup}' is used twice")
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

    def use_case(self, use_case_id: str) -> UseCase:
        for uc in self.use_cases:
            if uc.id == use_case_id:
                return uc
        raise NotFound(f"there is no use case with id '{use_case_id}' in this workshop")


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """Return one dependency cycle as a closed path (`a, b, a`), or None. Iterative DFS."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    for root in graph:
        if colour[root] != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = grey
        while stack:
            node, idx = stack[-1]
            children = graph.get(node, [])
            if idx < len(children):
                stack[-1] = (node, idx + 1)
                child = children[idx]
                if colour.get(child, black) == grey:
                    return [*path[path.index(child) :], child]
                if colour.get(child, black) == white:
                    colour[child] = grey
                    stack.append((child, 0))
                    path.append(child)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return None
