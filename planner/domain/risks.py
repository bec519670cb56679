"""The risk register: the five ways pilots usually fail, read from readiness and from each use case's scores,
owner, KPIs and stage, each with its level and what to do about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from planner.domain.checklists import has_kpi_target
from planner.domain.models import CriterionRole, UseCase, Workshop
from planner.domain.readiness import ReadinessResult, assess
from planner.domain.vocabulary import Stage


@dataclass(frozen=True)
class RiskCause:
    id: str
    label: str
    description: str
    mitigation: str
    readiness_dimensions: tuple[str, ...]


RISK_CAUSES: tuple[RiskCause, ...] = (
    RiskCause(
        id="infrastructure",
        label="Infrastructure planning",
        description="The set-up that carried the pilot cannot take production load, integration or uptime needs.",
        mitigation=(
            "Size production infrastructure and integration work while the pilot runs, "
            "and have them budgeted before the go / no-go gate."
        ),
        readiness_dimensions=("technology",),
    ),
    RiskCause(
        id="stakeholders",
        label="Stakeholder engagement",
        description="Sponsors, users or IT are not involved, so support fades or resistance appears at scale.",
        mitigation=(
            "Name a sponsor and an owner, involve end users in design and testing, "
            "and report progress to all affected teams on a fixed rhythm."
        ),
        readiness_dimensions=("strategy", "culture"),
    ),
    RiskCause(
        id="data",
        label="Data quality and access",
        description="The data is incomplete, unreliable or hard to reach, so results do not hold up in production.",
        mitigation=(
            "Inventory the data during assessment, test quality on a real sample, "
            "and secure access and an owner before the pilot starts."
        ),
        readiness_dimensions=("data",),
    ),
    RiskCause(
        id="governance",
        label="Governance",
        description="No agreed rules for approval, success measures, model changes, security or compliance.",
        mitigation=(
            "Agree an AI use policy and approval step, set KPIs with baseline and target up front, "
            "and version and review every model change."
        ),
        readiness_dimensions=("governance",),
    ),
    RiskCause(
        id="operations",
        label="Operations",
        description="Running the system after go-live (support, monitoring, retraining) is underestimated.",
        mitigation=(
            "Name the operations team early, and have service levels, escalation and runbooks ready "
            "before the production-readiness gate."
        ),
        readiness_dimensions=("people",),
    ),
)

_CAUSES_BY_ID: Mapping[str, RiskCause] = MappingProxyType({c.id: c for c in RISK_CAUSES})
ORGANISATION = "Whole organisation"
HIGH_SEVERITY = 15
MEDIUM_SEVERITY = 8

# A readiness dimension at or below this is weak enough to put the whole roadmap at risk.
ORGANISATION_RISK_THRESHOLD = 2.5

# Repeating a data risk on every pilot is only warranted when the data dimension is clearly weak.
USE_CASE_DATA_THRESHOLD = 2.0
USE_CASE_PEOPLE_THRESHOLD = 2.5

# An organisation-wide weakness touches every pilot, so it is treated as a serious, not a local, impact.
ORGANISATION_IMPACT = 4
DEFAULT_IMPACT = 3
NO_OWNER_LIKELIHOOD = 4
HEAVY_ENGINEERING_ROLES = (CriterionRole.INTEGRATION_EFFORT, CriterionRole.TECHNICAL_COMPLEXITY)
HEAVY_ENGINEERING_SCORE = 4
ACTIVE_STAGES = frozenset(Stage) - {Stage.PRODUCTION, Stage.RETIRED}
RUNNING_STAGES = frozenset({Stage.PILOT, Stage.SCALING})
RiskLevel = Literal["high", "medium", "low"]


def risk_level(severity: int) -> RiskLevel:
    if severity >= HIGH_SEVERITY:
        return "high"
    if severity >= MEDIUM_SEVERITY:
        return "medium"
    return "low"


class Risk(BaseModel):
    id: str
    cause: str
    cause_label: str
    use_case_id: str | None
    use_case: str
    title: str
    evidence: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    severity: int = Field(ge=1, le=25)
    level: RiskLevel
    mitigation: str

    @model_validator(mode="after")
    def _consistent(self) -> Risk:
        if self.severity != self.likelihood * self.impact:
            raise ValueError(f"severity {self.severity} is not likelihood × impact ({self.likelihood} × {self.impact})")
        if self.level != risk_level(self.severity):
            raise ValueError(f"a severity of {self.severity} is '{risk_level(self.severity)}', not '{self.level}'")
        return self


def _score_text(score: float) -> str:
    # Two decimals with one trailing zero dropped: 2.0 and 2.5 read naturally, 1.67 is not rounded up to 1.7.
    text = f"{score:.2f}"
    return text[:-1] if text.endswith("0") else text


def _likelihood_from_score(score: float) -> int:
    """The weaker the readiness score, the likelier the failure it points to."""
    if score <= 1.5:
        return 5
    if score <= 2.0:
        return 4
    if score <= 2.5:
        return 3
    if score <= 3.5:
        return 2
    return 1


def _risk(
    *,
    cause_id: str,
    use_case: UseCase | None,
    title: str,
    evidence: str,
    likelihood: int,
    impact: int,
    mitigation: str | None = None,
) -> Risk:
    cause = _CAUSES_BY_ID[cause_id]
    severity = likelihood * impact
    return Risk(
        id=f"org:{cause_id}" if use_case is None else f"uc:{use_case.id}:{cause_id}",
        cause=cause_id,
        cause_label=cause.label,
        use_case_id=None if use_case is None else use_case.id,
        use_case=ORGANISATION if use_case is None else use_case.name,
        title=title,
        evidence=evidence,
        likelihood=likelihood,
        impact=impact,
        severity=severity,
        level=risk_level(severity),
        mitigation=cause.mitigation if mitigation is None else mitigation,
    )


_ORGANISATION_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "infrastructure": "Infrastructure may not carry pilots into production",
        "stakeholders": "Weak sponsorship or buy-in may stall the programme",
        "data": "Data quality and access may hold back every pilot",
        "governance": "Governance of AI use is weak or missing",
        "operations": "Too few skills to run AI systems after go-live",
    }
)


def _organisation_risks(readiness: ReadinessResult) -> list[Risk]:
    risks: list[Risk] = []
    for cause in RISK_CAUSES:
        weak = [
            (score, d.label)
            for d in readiness.dimensions
            if d.id in cause.readiness_dimensions
            and (score := d.score) is not None
            and score <= ORGANISATION_RISK_THRESHOLD
        ]
        if not weak:
            continue
        evidence = "; ".join(f"{label} readiness scored {_score_text(score)} of 5" for score, label in weak)
        risks.append(
            _risk(
                cause_id=cause.id,
                use_case=None,
                title=_ORGANISATION_TITLES[cause.id],
                evidence=evidence + ".",
                likelihood=_likelihood_from_score(min(score for score, _ in weak)),
                impact=ORGANISATION_IMPACT,
            )
        )
    return risks


def _role_label(workshop: Workshop, role: CriterionRole) -> str:
    """The workshop's own name for the criterion in this role (it may have been renamed)."""
    criterion = workshop.criterion_for(role)
    return criterion.label if criterion is not None else role.value.replace("_", " ").capitalize()


def _use_case_risks(workshop: Workshop, use_case: UseCase, readiness: ReadinessResult) -> list[Risk]:
    impact = workshop.role_score(use_case, CriterionRole.BUSINESS_VALUE) or DEFAULT_IMPACT
    risks: list[Risk] = []

    data_reasons: list[str] = []
    data_likelihoods: list[int] = []
    own_data = workshop.role_score(use_case, CriterionRole.DATA_READINESS)
    if own_data is not None and own_data <= USE_CASE_DATA_THRESHOLD:
        label = _role_label(workshop, CriterionRole.DATA_READINESS).lower()
        data_reasons.append(f"This use case's {label} was scored {own_data} of 5")
        data_likelihoods.append(6 - own_data)
    org_data = readiness.score("data")
    if org_data is not None and org_data <= USE_CASE_DATA_THRESHOLD:
        data_reasons.append(f"Data readiness across the organisation scored {_score_text(org_data)} of 5")
        data_likelihoods.append(_likelihood_from_score(org_data))
    if data_reasons:
        risks.append(
            _risk(
                cause_id="data",
                use_case=use_case,
                title="The data may not be good enough or reachable in time",
                evidence="; ".join(data_reasons) + ".",
                likelihood=max(data_likelihoods),
                impact=impact,
                mitigation=(
                    "Before the pilot, check the needed data on a real sample, name its owner and secure access; "
                    "budget cleaning work into the pilot."
                ),
            )
        )

    heavy = [
        (_role_label(workshop, role), value)
        for role in HEAVY_ENGINEERING_ROLES
        if (value := workshop.role_score(use_case, role)) is not None and value >= HEAVY_ENGINEERING_SCORE
    ]
    if heavy:
        risks.append(
            _risk(
                cause_id="infrastructure",
                use_case=use_case,
                title="Heavy integration or engineering may delay scaling",
                evidence="; ".join(f"{label} scored {value} of 5" for label, value in heavy) + ".",
                likelihood=max(value for _, value in heavy),
                impact=impact,
                mitigation=(
                    "Map the systems it must connect to during the pilot, and plan production infrastructure "
                    "and integration tests before the go / no-go gate."
                ),
            )
        )

    if not use_case.owner:
        risks.append(
            _risk(
                cause_id="stakeholders",
                use_case=use_case,
                title="Nobody owns this use case",
                evidence="No owner is named for this use case.",
                likelihood=NO_OWNER_LIKELIHOOD,
                impact=impact,
                mitigation="Name a business owner to champion it, secure users' time and take the gate decisions.",
            )
        )

    if not has_kpi_target(use_case):
        evidence = (
            "No KPI is defined."
            if not use_case.kpis
            else f"None of its {len(use_case.kpis)} KPI{'s' if len(use_case.kpis) > 1 else ''} has a target."
        )
        risks.append(
            _risk(
                cause_id="governance",
                use_case=use_case,
                title="Success is not measurable: no KPI target",
                evidence=evidence,
                # Once a pilot is running without a target, the go / no-go gate has nothing objective to test.
                likelihood=4 if use_case.stage in RUNNING_STAGES else 3,
                impact=impact,
                mitigation="Agree KPIs with a baseline and a target before the pilot starts; KPIs must come first.",
            )
        )

    people = readiness.score("people")
    if use_case.stage in RUNNING_STAGES and people is not None and people <= USE_CASE_PEOPLE_THRESHOLD:
        risks.append(
            _risk(
                cause_id="operations",
                use_case=use_case,
                title="Few people can run it once it is live",
                evidence=(
                    f"People & skills readiness scored {_score_text(people)} of 5 "
                    f"while the use case is in {use_case.stage.value}."
                ),
                likelihood=_likelihood_from_score(people),
                impact=impact,
                mitigation=(
                    "Name the team that will run it now, and have them shadow the pilot team and write the runbooks."
                ),
            )
        )
    return risks


def build_risk_register(workshop: Workshop, readiness: ReadinessResult | None = None) -> list[Risk]:
    """Organisation-wide risks from readiness, then risks per active roadmap use case, most severe first."""
    readiness = readiness or assess(workshop.readiness)
    cause_order = {c.id: i for i, c in enumerate(RISK_CAUSES)}
    ranked: list[tuple[int, int, int, Risk]] = [
        (-risk.severity, -1, cause_order[risk.cause], risk) for risk in _organisation_risks(readiness)
    ]
    for position, use_case in enumerate(workshop.use_cases):
        if not use_case.on_roadmap or use_case.stage not in ACTIVE_STAGES:
            continue
        ranked.extend(
            (-risk.severity, position, cause_order[risk.cause], risk)
            for risk in _use_case_risks(workshop, use_case, readiness)
        )
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked]
