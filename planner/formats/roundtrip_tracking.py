"""What a programme team typed into our workbook, read back: actual dates and percent done on the Roadmap sheet, and
KPI measurements on their own sheet. Each change comes back as one plain line for the import wizard to list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.domain.errors import WorkshopInputError
from planner.domain.models import KPI, Measurement, PhaseActual, UseCase, Workshop
from planner.domain.tracking_edits import record_actuals, set_measurements
from planner.domain.vocabulary import PHASE_LABELS, PhaseName
from planner.formats.numbers import Decimal, guess_decimal, parse_number
from planner.formats.sheet_layout import (
    ACTUAL_END,
    ACTUAL_START,
    MEASUREMENT_COLUMNS,
    MEASUREMENTS_SHEET,
    PERCENT_DONE,
    ROADMAP_SHEET,
)
from planner.formats.spreadsheets import Table, clean_text

DATE_HINT = "enter a date such as 2027-05-03, or leave the cell empty"


def _day(text: str, *, where: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise WorkshopInputError([f"{where}: '{text}' is not a date; {DATE_HINT}"]) from None


def _number(text: str, *, where: str, decimal: Decimal = ".") -> float | None:
    if not text.strip():
        return None
    value = parse_number(text, decimal)
    if value is None:
        raise WorkshopInputError([f"{where}: '{text.strip()}' is not a number"])
    return value


def _describe(actual: PhaseActual | None) -> str:
    if actual is None or (actual.start, actual.end, actual.percent_complete) == (None, None, None):
        return "nothing recorded"
    parts = []
    if actual.start:
        parts.append(f"began {actual.start:%d %b %Y}")
    if actual.end:
        parts.append(f"ended {actual.end:%d %b %Y}")
    if actual.percent_complete is not None:
        parts.append(f"{actual.percent_complete:g}% done")
    return ", ".join(parts)


def apply_actuals(workshop: Workshop, table: Table) -> tuple[Workshop, list[str]]:
    """Actual start, actual end and % done from the Roadmap sheet's pilot and scaling rows."""
    if not {ACTUAL_START, ACTUAL_END, PERCENT_DONE} <= set(table.headers):
        return workshop, []  # a workbook from before schema 2, or the columns were removed: nothing to read
    at = {header: table.headers.index(header) for header in (ACTUAL_START, ACTUAL_END, PERCENT_DONE)}
    cases = {uc.id: uc for uc in workshop.use_cases}
    records: list[dict[str, object]] = []
    changes: list[str] = []
    for offset, row in enumerate(table.rows):
        number = table.first_row + offset
        uc_id, phase_text = row[0].strip(), row[2].strip()
        cells = {header: row[index] if index < len(row) else "" for header, index in at.items()}
        if phase_text not in (PhaseName.PILOT, PhaseName.SCALING) or uc_id not in cases:
            if any(text.strip() for text in cells.values()):
                changes.append(
                    f"{ROADMAP_SHEET} sheet, row {number}: actuals are recorded for pilot and scaling phases only; "
                    "this row's were not applied."
                )
            continue
        where = f"{ROADMAP_SHEET} sheet, row {number}, column"
        start = _day(cells[ACTUAL_START], where=f"{where} {ACTUAL_START}")
        end = _day(cells[ACTUAL_END], where=f"{where} {ACTUAL_END}")
        share = _number(cells[PERCENT_DONE], where=f"{where} {PERCENT_DONE}")
        phase = PhaseName(phase_text)
        use_case = cases[uc_id]
        before = use_case.actuals.get(phase)
        if (start, end, share) == ((before.start, before.end, before.percent_complete) if before else (None,) * 3):
            continue
        note = before.note if before else ""
        records.append(
            {"use_case_id": uc_id, "phase": phase, "start": start, "end": end, "percent_complete": share, "note": note}
        )
        now = PhaseActual.model_construct(start=start, end=end, percent_complete=share, note=note)
        changes.append(
            f"{use_case.name}, {PHASE_LABELS[phase].lower()}: {_describe(now)} (was {_describe(before)}), "
            "from the Roadmap sheet."
        )
    if not records:
        return workshop, changes
    try:
        return record_actuals(workshop, records), changes
    except WorkshopInputError as exc:
        raise WorkshopInputError([f"{ROADMAP_SHEET} sheet: {p}" for p in exc.problems]) from None


def _find_use_case(workshop: Workshop, key: str, name: str) -> UseCase | None:
    by_id = {uc.id: uc for uc in workshop.use_cases}
    if key in by_id:
        return by_id[key]
    folded = name.casefold()
    return next((uc for uc in workshop.use_cases if uc.name.casefold() == folded), None)


def _find_kpi(use_case: UseCase, metric: str) -> KPI | None:
    folded = metric.casefold()
    return next((k for k in use_case.kpis if k.metric.strip().casefold() == folded), None)


def _readings(measurements: Sequence[Measurement]) -> list[tuple[date, float, str]]:
    return sorted((m.date, m.value, m.note) for m in measurements)


def apply_measurements(workshop: Workshop, table: Table) -> tuple[Workshop, list[str]]:
    """The KPI measurements sheet is the list of measurements: rows added there are added, rows deleted there
    are removed, and each KPI's change is listed. A row without a date and a value is a blank to fill in later."""
    if not set(MEASUREMENT_COLUMNS) <= set(table.headers):
        return workshop, [f"The '{MEASUREMENTS_SHEET}' sheet's columns were changed; it was not read back."]
    at = {header: table.headers.index(header) for header in MEASUREMENT_COLUMNS}
    decimal = guess_decimal([row[at["Value"]] for row in table.rows if len(row) > at["Value"]])
    found: dict[tuple[str, str], list[Measurement]] = {}
    problems: list[str] = []
    for offset, row in enumerate(table.rows):
        number = table.first_row + offset
        cell = {header: clean_text(row[index]) if index < len(row) else "" for header, index in at.items()}
        where = f"{MEASUREMENTS_SHEET} sheet, row {number}"
        if not any(cell.values()):
            continue
        use_case = _find_use_case(workshop, cell["Use case id"], cell["Use case"])
        if use_case is None:
            problems.append(
                f"{where}, column Use case id: there is no use case '{cell['Use case id'] or cell['Use case']}' in "
                "this workshop; copy the id from the Use cases sheet"
            )
            continue
        kpi = _find_kpi(use_case, cell["Metric"])
        if kpi is None:
            problems.append(
                f"{where}, column Metric: {use_case.name} has no KPI called '{cell['Metric']}'; add the KPI on the "
                "Use cases page first, or correct the metric's name"
            )
            continue
        readings = found.setdefault((use_case.id, kpi.metric), [])
        try:
            day = _day(cell["Date"], where=f"{where}, column Date")
            value = _number(cell["Value"], where=f"{where}, column Value", decimal=decimal)
        except WorkshopInputError as exc:
            problems.extend(exc.problems)
            continue
        if day is None and value is None:
            continue
        if day is None or value is None:
            missing = "Date" if day is None else "Value"
            problems.append(f"{where}, column {missing}: a measurement needs both a date and a value")
            continue
        readings.append(Measurement.model_construct(date=day, value=value, note=cell["Note"]))
    if problems:
        raise WorkshopInputError(problems)
    changes: list[str] = []
    updates: dict[tuple[str, str], list[dict[str, object]]] = {}
    for uc in workshop.use_cases:
        for kpi in uc.kpis:
            now = found.get((uc.id, kpi.metric), [])
            then, later = _readings(kpi.measurements), _readings(now)
            if then == later:
                continue
            added = [r for r in later if r not in then]
            removed = [r for r in then if r not in later]
            parts = [f"added {value:g} on {day:%d %b %Y}" for day, value, _ in added]
            parts += [f"removed {value:g} on {day:%d %b %Y}" for day, value, _ in removed]
            changes.append(f"{uc.name}, KPI '{kpi.metric}': {'; '.join(parts) or 'notes changed'}.")
            updates[(uc.id, kpi.metric)] = [{"date": d, "value": v, "note": n} for d, v, n in later]
    if not updates:
        return workshop, changes
    try:
        return set_measurements(workshop, updates), changes
    except WorkshopInputError as exc:
        raise WorkshopInputError([f"{MEASUREMENTS_SHEET} sheet: {p}" for p in exc.problems]) from None
