"""Validated edits for a living roadmap: baselines, actuals, KPI measurements and lessons learned.

Like planner.domain.edits, each function returns a new Workshop or raises WorkshopInputError naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.models import Workshop
from planner.domain.results import Roadmap
from planner.domain.tracking import take_baseline
from planner.domain.vocabulary import PhaseName


def add_baseline(workshop: Workshop, roadmap: Roadmap, *, name: str, taken: date) -> Workshop:
    """Store the plan as it stands (`roadmap`) as a new baseline named `name`."""
    if not name.strip():
        raise WorkshopInputError(["name: give the baseline a name, such as 'Board approval'"])
    if any(b.name == name.strip() for b in workshop.baselines):
        raise WorkshopInputError([f"name: there is already a baseline called '{name.strip()}'; choose another name"])
    return updated(workshop, baselines=[*workshop.baselines, take_baseline(roadmap, name=name.strip(), taken=taken)])


def remove_baseline(workshop: Workshop, baseline_id: str) -> Workshop:
    return updated(workshop, baselines=[b for b in workshop.baselines if b.id != baseline_id])


def record_actuals(workshop: Workshop, rows: Sequence[Mapping[str, Any]]) -> Workshop:
    """Set what happened per phase from rows of `use_case_id`, `phase`, `start`, `end`, `percent_complete`, `note`.

    A row with nothing in it clears that phase's record. Every row is checked before anything changes, and each
    problem names the use case and the phase.
    """
    cases = {uc.id: uc for uc in workshop.use_cases}
    actuals: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for row in rows:
        uc_id, phase = str(row.get("use_case_id", "")), str(row.get("phase", ""))
        if uc_id not in cases:
            problems.append(f"use case '{uc_id}': there is no such use case in this workshop")
            continue
        if phase not in (PhaseName.PILOT, PhaseName.SCALING):
            problems.append(f"{cases[uc_id].name}, phase '{phase}': record actuals for the pilot or scaling phase")
            continue
        entry = {k: row.get(k) for k in ("start", "end", "percent_complete", "note")}
        entry["note"] = entry["note"] or ""
        current = actuals.setdefault(uc_id, {p.value: a.model_dump() for p, a in cases[uc_id].actuals.items()})
        if any(entry[k] not in (None, "") for k in ("start", "end", "percent_complete", "note")):
            current[phase] = entry
        else:
            current.pop(phase, None)
    return _with_fields(workshop, {uc_id: {"actuals": recorded} for uc_id, recorded in actuals.items()}, problems)


def _with_fields(workshop: Workshop, changes: Mapping[str, Mapping[str, Any]], problems: list[str]) -> Workshop:
    """Set fields of several use cases (by id) at once: each changed use case is checked, every problem (with
    those found before, `problems`) is raised together naming the use case, and the workshop is rebuilt once."""
    replaced: dict[str, Any] = {}
    for use_case in workshop.use_cases:
        if use_case.id not in changes:
            continue
        try:
            replaced[use_case.id] = use_case.model_validate({**use_case.model_dump(), **changes[use_case.id]})
        except ValidationError as exc:
            problems.extend(f"{use_case.name}: {line}" for line in format_validation_error(exc))
    if problems:
        raise WorkshopInputError(problems)
    # The replaced use cases were validated above; the others are kept as they are.
    return updated(workshop, use_cases=[replaced.get(uc.id, uc) for uc in workshop.use_cases])


def set_measurements(workshop: Workshop, readings: Mapping[tuple[str, str], Sequence[Mapping[str, Any]]]) -> Workshop:
    """Replace the measurements of each KPI named by (use case id, metric) with `readings` (date, value, note).

    Every KPI is checked before anything changes; a problem names the use case and the metric."""
    cases = workshop.use_cases_by_id()
    problems: list[str] = []
    changes: dict[str, dict[str, Any]] = {}
    for uc_id in sorted({uc_id for uc_id, _ in readings}):
        use_case = cases.get(uc_id)
        if use_case is None:
            problems.append(f"use case '{uc_id}': there is no such use case in this workshop")
            continue
        kpis = [kpi.model_dump() for kpi in use_case.kpis]
        for kpi in kpis:
            rows = readings.get((uc_id, kpi["metric"]))
            if rows is not None:
                kpi["measurements"] = [dict(row) for row in sorted(rows, key=lambda row: row["date"])]
        changes[uc_id] = {"kpis": kpis}
    return _with_fields(workshop, changes, problems)


def add_measurement(
    workshop: Workshop, use_case_id: str, metric: str, *, on: date | None, value: float | None, note: str = ""
) -> Workshop:
    """Add one dated reading to a KPI (a second reading on the same day replaces the first)."""
    problems = []
    if on is None:
        problems.append("date: give the day the KPI was measured")
    if value is None:
        problems.append("value: give the measured value")
    use_case = next((uc for uc in workshop.use_cases if uc.id == use_case_id), None)
    kpi = next((k for k in use_case.kpis if k.metric == metric), None) if use_case else None
    if kpi is None:
        problems.append(f"KPI: there is no KPI '{metric}' on this use case")
    if problems:
        raise WorkshopInputError(problems)
    assert kpi is not None
    rows = [m.model_dump() for m in kpi.measurements if m.date != on]
    rows.append({"date": on, "value": value, "note": note})
    return set_measurements(workshop, {(use_case_id, metric): rows})


def add_lesson(
    workshop: Workshop, *, text: str, on: date, use_case_id: str | None = None, gate: str | None = None
) -> Workshop:
    """Log a lesson learned, optionally tied to a use case and a gate."""
    if not text.strip():
        raise WorkshopInputError(["lesson: write what the team learned"])
    lesson = {"date": on, "text": text.strip(), "use_case_id": use_case_id or None, "gate": gate or None}
    return updated(workshop, lessons=[*(item.model_dump() for item in workshop.lessons), lesson])


def remove_lesson(workshop: Workshop, lesson_id: str) -> Workshop:
    return updated(workshop, lessons=[item for item in workshop.lessons if item.id != lesson_id])
