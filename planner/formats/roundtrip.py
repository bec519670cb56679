"""Our own workbook, read back: the hidden workshop copy, with what was edited in Excel applied on top."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.gantt_view import TeamRow
from planner.domain.gantt_view import gantt_rows as gantt_layout
from planner.domain.library import slugify
from planner.domain.models import PhaseOverride, UseCase, Workshop
from planner.domain.results import Phase
from planner.domain.schedule import build_roadmap
from planner.domain.use_case_rows import from_row
from planner.domain.vocabulary import WEEKS_PER_MONTH, PhaseName
from planner.formats.imports import ImportResult
from planner.formats.numbers import parse_number
from planner.formats.roundtrip_tracking import apply_actuals, apply_measurements
from planner.formats.sheet_layout import (
    GANTT_END_COLUMN,
    GANTT_FIRST_ROW,
    GANTT_SHEET,
    GANTT_START_COLUMN,
    MEASUREMENTS_SHEET,
    META_AS_OF_CELL,
    META_FIRST_ROW,
    META_SHEET,
    META_VERSION_CELL,
    ROADMAP_COLUMNS,
    ROADMAP_END_COLUMN,
    ROADMAP_SHEET,
    ROADMAP_START_COLUMN,
    USE_CASES_SHEET,
    use_case_columns,
)
from planner.formats.spreadsheets import Table, cell_text, clean_text, open_workbook, read_sheet
from planner.formats.upload_safety import MAX_SHEET_ROWS, check_upload
from planner.formats.workshop_json import parse_workshop


def _workbook_number(text: str) -> float | None:
    """A number in our own workbook, whose numeric cells always come with a decimal point."""
    return parse_number(text, ".")


def _stored_version(text: str) -> object:
    """The schema version the stored workshop copy was written with (an older one is migrated when read)."""
    try:
        return json.loads(text).get("schema_version")
    except (ValueError, AttributeError):
        return None


def is_own_workbook(name: str, data: bytes) -> bool:
    if check_upload(name, data) != "xlsx":
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    return f'name="{META_SHEET}"'.encode() in workbook_xml


def read_own_workbook(name: str, data: bytes) -> tuple[Workshop, list[str]]:
    """A workbook exported by the app -> the workshop, with edits made in Excel applied on top.

    Edits to the Use cases sheet win over the hidden copy; changed pilot or scaling dates on the
    Roadmap sheet become manual overrides, and its Actual columns and the KPI measurements sheet become what
    was recorded. The second value lists every change, in plain words.
    """
    workbook = open_workbook(name, data)
    try:
        if META_SHEET not in workbook.sheetnames:
            raise WorkshopInputError([f"{name}: this workbook was not exported by Roadmap Planner"])
        meta = workbook[META_SHEET]
        meta.reset_dimensions()
        meta_rows = meta.iter_rows(min_row=META_FIRST_ROW, max_row=MAX_SHEET_ROWS, max_col=1, values_only=True)
        chunks = [str(row[0]) for row in meta_rows if row[0]]
        version_cell = meta[META_VERSION_CELL].value
        as_of = _parse_day(cell_text(meta[META_AS_OF_CELL].value))
        try:
            original = parse_workshop("".join(chunks))
        except WorkshopInputError as exc:
            raise WorkshopInputError([f"{name}, sheet {META_SHEET}: {p}" for p in exc.problems]) from None
        if version_cell is not None and str(version_cell) != str(_stored_version("".join(chunks))):
            raise WorkshopInputError([f"{name}: schema version {version_cell} does not match the stored workshop"])
        use_case_table = (
            read_sheet(workbook[USE_CASES_SHEET], name=name, sheet=USE_CASES_SHEET)
            if USE_CASES_SHEET in workbook.sheetnames
            else None
        )
        roadmap_table = (
            read_sheet(workbook[ROADMAP_SHEET], name=name, sheet=ROADMAP_SHEET)
            if ROADMAP_SHEET in workbook.sheetnames
            else None
        )
        measurements_table = (
            read_sheet(workbook[MEASUREMENTS_SHEET], name=name, sheet=MEASUREMENTS_SHEET)
            if MEASUREMENTS_SHEET in workbook.sheetnames
            else None
        )
        gantt_rows = gantt_layout(original, build_roadmap(original, as_of=as_of))
        gantt_dates = (
            _read_gantt_dates(workbook[GANTT_SHEET], len(gantt_rows)) if GANTT_SHEET in workbook.sheetnames else []
        )
    finally:
        workbook.close()
    changes: list[str] = []
    if roadmap_table is not None and gantt_dates:
        roadmap_table, changes = _gantt_edits_into_roadmap(roadmap_table, gantt_rows, gantt_dates)
    workshop = original
    if use_case_table is not None:
        workshop, sheet_changes = _apply_use_case_sheet(workshop, use_case_table)
        changes.extend(sheet_changes)
    if roadmap_table is not None:
        workshop, date_changes = _apply_roadmap_sheet(workshop, roadmap_table, as_of=as_of)
        changes.extend(date_changes)
        workshop, actual_changes = apply_actuals(workshop, roadmap_table)
        changes.extend(actual_changes)
    if measurements_table is not None:
        workshop, measured = apply_measurements(workshop, measurements_table)
        changes.extend(measured)
    return workshop, changes


def _apply_use_case_sheet(workshop: Workshop, table: Table) -> tuple[Workshop, list[str]]:
    columns = use_case_columns(workshop.criteria)
    header_to_field = {header: field for field, header in columns}
    if not {"Id", "Name"} <= set(table.headers):
        return workshop, [f"The '{USE_CASES_SHEET}' sheet lost its Id or Name column; it was not read back."]
    by_id = {uc.id: uc for uc in workshop.use_cases}
    changes: list[str] = []
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for offset, raw in enumerate(table.rows):
        number = table.first_row + offset
        row = {header_to_field[h]: v for h, v in zip(table.headers, raw, strict=True) if h in header_to_field}
        uc_id = row.get("id", "").strip()
        base = by_id.get(uc_id)
        if base is None:
            uc_id = slugify(row.get("name", ""), existing_ids=set(by_id) | seen)
            row["id"] = uc_id
        try:
            cells = {field: clean_text(text) for field, text in row.items()}
            candidate = UseCase.model_validate(
                from_row(cells, workshop.criteria, base=base, read_number=_workbook_number)
            )
        except ValidationError as exc:
            lines = format_validation_error(exc)
            raise WorkshopInputError([f"{USE_CASES_SHEET} sheet, row {number}: {line}" for line in lines]) from None
        seen.add(candidate.id)
        if base is None:
            changes.append(f"Added in Excel: {candidate.name}.")
        elif candidate != base:
            changed = [f for f in UseCase.model_fields if getattr(candidate, f) != getattr(base, f)]
            changes.append(f"Changed in Excel: {candidate.name} ({', '.join(changed)}).")
        result.append(candidate.model_dump())
    for uc in workshop.use_cases:
        if uc.id not in seen:
            changes.append(f"Deleted in Excel: {uc.name}.")
    if not changes:
        return workshop, []
    try:
        return updated(workshop, use_cases=result), changes
    except WorkshopInputError as exc:
        raise WorkshopInputError([f"{USE_CASES_SHEET} sheet: {p}" for p in exc.problems]) from None


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _read_gantt_dates(worksheet: Any, count: int) -> list[tuple[str, str]]:
    """The Start and End shown on each of the Gantt sheet's phase rows (cached values of its formulas)."""
    if count == 0:
        return []
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(
        min_row=GANTT_FIRST_ROW,
        max_row=GANTT_FIRST_ROW + count - 1,
        min_col=GANTT_START_COLUMN,
        max_col=GANTT_END_COLUMN,
        values_only=True,
    )
    return [(cell_text(start), cell_text(end)) for start, end, *_ in rows]


def _gantt_edits_into_roadmap(
    table: Table, phases: Sequence[Phase | TeamRow], dates: Sequence[tuple[str, str]]
) -> tuple[Table, list[str]]:
    """Dates typed over the Gantt sheet's formulas count as if typed on the Roadmap sheet, unless the Roadmap
    sheet changed that phase too: then the Roadmap sheet wins and the note says so. Nothing is dropped silently."""
    if list(table.headers[: len(ROADMAP_COLUMNS)]) != list(ROADMAP_COLUMNS):
        return table, []
    start_at, end_at = ROADMAP_START_COLUMN - 1, ROADMAP_END_COLUMN - 1
    where = {(row[0], row[2]): index for index, row in enumerate(table.rows)}
    rows = [list(row) for row in table.rows]
    notes: list[str] = []
    for offset, (phase, (start_text, end_text)) in enumerate(zip(phases, dates, strict=False)):
        start, end = _parse_day(start_text), _parse_day(end_text)
        if start is None or end is None or (start, end) == (phase.start, phase.end):
            continue
        sheet_row = GANTT_FIRST_ROW + offset
        if isinstance(phase, TeamRow):
            notes.append(
                f"{GANTT_SHEET} sheet, row {sheet_row}: {phase.team}'s {phase.phase.value} summary was given new "
                "dates, but a team's dates follow its use cases; change those instead. Not applied."
            )
            continue
        index = where.get((phase.use_case_id or "", phase.phase.value))
        if phase.phase not in (PhaseName.PILOT, PhaseName.SCALING) or index is None:
            notes.append(
                f"{GANTT_SHEET} sheet, row {sheet_row}: {phase.use_case} ({phase.phase.value}) was given new dates, "
                "but only pilot and scaling dates can be moved; not applied."
            )
            continue
        if (_parse_day(rows[index][start_at]), _parse_day(rows[index][end_at])) != (phase.start, phase.end):
            notes.append(
                f"{GANTT_SHEET} sheet, row {sheet_row}: {phase.use_case} ({phase.phase.value}) was changed on the "
                f"{ROADMAP_SHEET} sheet too; the {ROADMAP_SHEET} sheet's dates are used."
            )
            continue
        rows[index][start_at], rows[index][end_at] = start.isoformat(), end.isoformat()
    return table.model_copy(update={"rows": rows}), notes


def _apply_roadmap_sheet(workshop: Workshop, table: Table, *, as_of: date | None) -> tuple[Workshop, list[str]]:
    if list(table.headers[: len(ROADMAP_COLUMNS)]) != list(ROADMAP_COLUMNS):
        return workshop, [f"The '{ROADMAP_SHEET}' sheet's columns were changed; its dates were not read back."]
    planned = {(p.use_case_id, p.phase): p for p in build_roadmap(workshop, as_of=as_of).phases}
    changes: list[str] = []
    cases = {uc.id: uc for uc in workshop.use_cases}
    for offset, row in enumerate(table.rows):
        uc_id, _, phase_text, start_text, end_text = row[:5]
        if phase_text not in (PhaseName.PILOT.value, PhaseName.SCALING.value) or uc_id not in cases:
            continue
        phase = PhaseName(phase_text)
        plan = planned.get((uc_id, phase))
        start, end = _parse_day(start_text), _parse_day(end_text)
        if plan is None or start is None or end is None:
            if start_text and start is None:
                raise WorkshopInputError(
                    [
                        f"{ROADMAP_SHEET} sheet, row {table.first_row + offset}, column Start: "
                        f"'{start_text}' is not a date"
                    ]
                )
            continue
        if (start, end) == (plan.start, plan.end):
            continue
        if end <= start:
            raise WorkshopInputError(
                [f"{ROADMAP_SHEET} sheet, row {table.first_row + offset}: End ({end}) must come after Start ({start})"]
            )
        months = round((end - start).days / 7 / WEEKS_PER_MONTH, 2)
        uc = cases[uc_id]
        overrides = dict(uc.overrides)
        overrides[phase] = PhaseOverride(start=start, months=months)
        cases[uc_id] = uc.model_copy(update={"overrides": overrides})
        changes.append(
            f"{uc.name}: {phase.value} moved to {start:%d %b %Y} – {end:%d %b %Y} "
            f"(was {plan.start:%d %b %Y} – {plan.end:%d %b %Y}); kept as a manual override."
        )
    if not changes:
        return workshop, []
    return updated(workshop, use_cases=[cases[uc.id].model_dump() for uc in workshop.use_cases]), changes


def import_summary(result: ImportResult) -> str:
    blocking = sum(1 for p in result.problems if p.blocking)
    return (
        f"{len(result.use_cases)} of {result.rows_read} rows ready to import"
        + (f"; {blocking} left out" if blocking else "")
        + (f"; {len(result.problems) - blocking} with a default" if len(result.problems) > blocking else "")
    )
