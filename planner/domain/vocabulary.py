"""The words a workshop is written in: the calendar, the limits, the text and id types, the enumerations with
their labels, and the base model every workshop model shares. models.py builds the workshop from them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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
MAX_MEASUREMENTS = 500  # per KPI: weekly for almost ten years
MAX_BASELINES = 12  # MS Project keeps 11; one more for the plan approved at the start
MAX_LESSONS = 1000
MAX_TEAMS = 500
NO_TEAM = "No department"  # the team of a use case with no department, when capacity is per team
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


def thousands(amount: float) -> str:
    """An amount in thousands as the app, the command line and the warnings write it: "1,234k"."""
    return f"{amount:,.0f}k"


NAMED_AT_MOST = 5


def some_names(names: Sequence[str], at_most: int = NAMED_AT_MOST) -> str:
    """The first few names and how many more ("A, B, C, D, E and 295 more"): at 3,600 use cases a message that
    named them all filled a phone's screen and took the browser seconds to draw."""
    rest = len(names) - at_most
    return ", ".join(names[:at_most]) + (f" and {rest:,} more" if rest > 0 else "")


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
