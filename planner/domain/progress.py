"""How far a workshop has come: the steps of the flow, each done or not, with a short detail."""

from __future__ import annotations

from pydantic import BaseModel

from planner.domain.checklists import has_kpi_target
from planner.domain.models import Workshop
from planner.domain.readiness import ReadinessResult, assess

READINESS_DONE_SHARE = 0.8


class Step(BaseModel):
    key: str
    label: str
    done: bool
    detail: str


def workshop_steps(workshop: Workshop, readiness: ReadinessResult | None = None) -> list[Step]:
    readiness = readiness or assess(workshop.readiness)
    active = workshop.active_use_cases()
    criteria = {c.id for c in workshop.criteria}
    scored = [uc for uc in active if criteria <= set(uc.scores)]
    chosen = [uc for uc in active if uc.on_roadmap]
    with_kpis = [uc for uc in chosen if has_kpi_target(uc)]
    return [
        Step(
            key="workshop",
            label="Workshop",
            done=bool(workshop.name and workshop.organisation),
            detail=workshop.organisation or "no organisation yet",
        ),
        Step(
            key="readiness",
            label="Readiness",
            done=readiness.total > 0 and readiness.answered >= READINESS_DONE_SHARE * readiness.total,
            detail=f"{readiness.answered} of {readiness.total} answered",
        ),
        Step(key="use_cases", label="Use cases", done=bool(active), detail=f"{len(active)} use cases"),
        Step(
            key="prioritise",
            label="Prioritise",
            done=bool(active) and len(scored) == len(active),
            detail=f"{len(scored)} of {len(active)} fully scored",
        ),
        Step(key="roadmap", label="Roadmap", done=bool(chosen), detail=f"{len(chosen)} on the roadmap"),
        Step(
            key="gates",
            label="KPIs",
            done=bool(chosen) and len(with_kpis) == len(chosen),
            detail=f"{len(with_kpis)} of {len(chosen)} with a KPI target",
        ),
    ]
