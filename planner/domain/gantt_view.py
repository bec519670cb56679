"""What a Gantt shows when the plan is too big to read: at most GANTT_MAX_ROWS rows at once. A large plan is shown
as one summary row per team, and a team opens to its own use cases, a page of rows at a time."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from planner.domain.models import Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.schedule import phases_in_order
from planner.domain.vocabulary import PhaseName

GANTT_MAX_ROWS = 40


@dataclass(frozen=True, slots=True)
class TeamSpan:
    """One team's summary row: how many use cases it has on the roadmap and, per phase, from its first start to
    its last end."""

    team: str
    use_cases: int
    spans: dict[PhaseName, tuple[date, date]]


def needs_grouping(roadmap: Roadmap) -> bool:
    return len(roadmap.order) > GANTT_MAX_ROWS


def team_spans(workshop: Workshop, roadmap: Roadmap) -> list[TeamSpan]:
    """The teams in the order of their best-ranked use case, each with its phases' overall spans."""
    by_id = workshop.use_cases_by_id()
    teams: dict[str, list[str]] = {}
    for uc_id in roadmap.order:
        teams.setdefault(by_id[uc_id].team, []).append(uc_id)
    spans: dict[str, dict[PhaseName, tuple[date, date]]] = {team: {} for team in teams}
    for phase in roadmap.phases:
        if phase.use_case_id is None or phase.use_case_id not in by_id:
            continue
        team = spans.get(by_id[phase.use_case_id].team)
        if team is None:
            continue
        first, last = team.get(phase.phase, (phase.start, phase.end))
        team[phase.phase] = (min(first, phase.start), max(last, phase.end))
    return [TeamSpan(team=team, use_cases=len(ids), spans=spans[team]) for team, ids in teams.items()]


@dataclass(frozen=True, slots=True)
class TeamRow:
    """A team's summary row for one phase in a list of Gantt rows: from its first use case's start to its last
    one's end."""

    team: str
    use_cases: int
    phase: PhaseName
    start: date
    end: date


def gantt_rows(workshop: Workshop, roadmap: Roadmap) -> list[Phase | TeamRow]:
    """The rows of a Gantt that lists every phase (the workbook's Gantt sheet): the plan in order while it is
    small; above GANTT_MAX_ROWS use cases, the assessment, then each team's summary rows, each followed by its own
    use cases' phases in roadmap order."""
    phases = phases_in_order(roadmap)
    if not needs_grouping(roadmap):
        return list(phases)
    by_id = workshop.use_cases_by_id()
    rows: list[Phase | TeamRow] = [p for p in phases if p.use_case_id is None]
    by_team: dict[str, list[Phase]] = {}
    for phase in phases:
        if phase.use_case_id is not None and phase.use_case_id in by_id:
            by_team.setdefault(by_id[phase.use_case_id].team, []).append(phase)
    for span in team_spans(workshop, roadmap):
        rows.extend(
            TeamRow(span.team, span.use_cases, name, *span.spans[name]) for name in PhaseName if name in span.spans
        )
        rows.extend(by_team.get(span.team, []))
    return rows


def team_use_cases(workshop: Workshop, roadmap: Roadmap, team: str) -> list[str]:
    by_id = workshop.use_cases_by_id()
    return [uc_id for uc_id in roadmap.order if by_id[uc_id].team == team]


def subset(roadmap: Roadmap, use_case_ids: Collection[str]) -> Roadmap:
    """The same roadmap with only these use cases' rows (and the organisation-wide assessment row)."""
    keep = set(use_case_ids)

    def kept(use_case_id: str | None) -> bool:
        return use_case_id is None or use_case_id in keep

    return roadmap.model_copy(
        update={
            "phases": [p for p in roadmap.phases if kept(p.use_case_id)],
            "milestones": [m for m in roadmap.milestones if kept(m.use_case_id)],
            "order": [uc_id for uc_id in roadmap.order if uc_id in keep],
        }
    )


def beyond(phases: list[Phase], until: date) -> int:
    """How many use cases reach production after `until` (their optimisation begins later), or never on the plan."""
    live = {p.use_case_id: p.start for p in phases if p.phase == PhaseName.OPTIMIZATION and p.use_case_id}
    on_plan = {p.use_case_id for p in phases if p.use_case_id}
    return sum(1 for uc_id in on_plan if uc_id not in live or live[uc_id] > until)
