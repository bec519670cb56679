"""Excel and CSV export: a workbook a sponsor can read without instructions, and a roadmap CSV.

The workbook also carries the workshop JSON on a very hidden sheet, so the importer can read it back losslessly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation

from planner.domain.analysis import Analysis
from planner.domain.checklists import KPI_STATUS_LABELS, checklist, kpi_status, progress
from planner.domain.models import SCHEMA_VERSION, UseCase, Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.risks import ORGANISATION
from planner.domain.scoring import sensitivity_label
from planner.domain.use_case_rows import to_row
from planner.domain.vocabulary import (
    DECISION_LABELS,
    GATE_LABELS,
    PHASE_LABELS,
    QUADRANT_LABELS,
    Direction,
    Objective,
    PhaseName,
    Stage,
)
from planner.formats.excel_finance import finance_sheet
from planner.formats.excel_gantt import gantt_sheet
from planner.formats.excel_summary import summary_sheet
from planner.formats.excel_tracking import (
    add_actual_validations,
    measurements_sheet,
    status_sheet,
    teams_sheet,
    tracking_styles,
    tracking_values,
)
from planner.formats.sheet_layout import (
    FINANCE_SHEET,
    GANTT_SHEET,
    GATES_SHEET,
    LISTS_SHEET,
    MEASUREMENTS_SHEET,
    META_AS_OF_CELL,
    META_AS_OF_LABEL_CELL,
    META_CHUNK,
    META_FIRST_ROW,
    META_SHEET,
    META_VERSION_CELL,
    PRIORITIES_SHEET,
    PRIORITIES_TABLE,
    ROADMAP_COLUMNS,
    ROADMAP_SHEET,
    ROADMAP_SHEET_COLUMNS,
    ROADMAP_TABLE,
    STATUS_SHEET,
    SUMMARY_SHEET,
    TEAMS_SHEET,
    USE_CASES_SHEET,
    USE_CASES_TABLE,
    use_case_columns,
)
from planner.formats.workshop_json import dump_workshop
from planner.formats.xlsx_writer import (
    HEADER_WRAP_STYLE,
    HEADING_STYLE,
    LABEL_STYLE,
    LEFT_DATE_STYLE,
    LEFT_STYLE,
    NOTE_STYLE,
    SCORE_STYLE,
    SHARE_STYLE,
    WRAP_STYLE,
    CellValue,
    Sheet,
    Styles,
    _solid,
    add_table,
    fit_widths,
    header_row,
    months_of,
    print_one_page_wide,
    safe_text,
    section,
    splice,
    unique_headers,
    xml_text,
    yes_no,
)

GATES_WIDTHS = (40, 18, 18, 18, 18, 18, 18, 18, 18, 18)
DONE, OPEN = "done", "open"
DONE_FILL_COLOUR = "D1FAE5"
DONE_FONT_COLOUR = "065F46"
DIRECTION_LABELS: Mapping[Direction, str] = MappingProxyType(
    {Direction.INCREASE: "Higher is better", Direction.DECREASE: "Lower is better"}
)

# (defined name, column on the Lists sheet, header, values); the Use cases drop-downs read these ranges.
LISTS: tuple[tuple[str, str, str, tuple[str | bool, ...]], ...] = (
    ("ObjectiveList", "A", "Objective", tuple(o.value for o in Objective)),
    ("StageList", "B", "Stage", tuple(s.value for s in Stage)),
    ("OnRoadmapList", "C", "On roadmap", (True, False)),
)

LIST_FIELDS = ("objective", "stage", "on_roadmap")
META_LABEL = "schema_version"
META_AS_OF_LABEL = "planned_as_of"
META_NOTE = "The workshop as JSON, split over column A from row 3. Roadmap Planner reads it back: do not edit."


def _status(phase: Phase, today: date) -> str:
    if phase.ongoing:
        return "ongoing"
    if phase.end <= today:
        return "done"
    if phase.start <= today:
        return "in progress"
    return "planned"


def _use_cases_sheet(sheet: Sheet, workshop: Workshop) -> None:
    columns = use_case_columns(workshop.criteria)
    fields = [field for field, _ in columns]
    headers = unique_headers([header for _, header in columns])
    sheet.put_row(1, headers)
    rows: list[list[CellValue]] = [
        [row[field] for field in fields] for row in (to_row(uc, workshop.criteria) for uc in workshop.use_cases)
    ]
    for offset, values in enumerate(rows, start=2):
        sheet.put_row(offset, values)
    add_table(sheet, name=USE_CASES_TABLE, headers=headers, rows=len(rows))
    sheet.ws.freeze_panes = "C2"
    fit_widths(sheet, rows, headers)
    _add_use_case_validations(sheet.ws, workshop, fields, last_row=max(len(rows), 1) + 1)


def _list_text(value: str | bool) -> str:
    return str(value).upper() if isinstance(value, bool) else value


def _list_range(column: str, count: int) -> str:
    return f"{LISTS_SHEET}!${column}$2:${column}${count + 1}"


def _column_range(fields: Sequence[str], field: str, last_row: int) -> str:
    letter = get_column_letter(fields.index(field) + 1)
    return f"{letter}2:{letter}{last_row}"


def _add_use_case_validations(ws: Any, workshop: Workshop, fields: Sequence[str], *, last_row: int) -> None:
    for field, (_, column, label, values) in zip(LIST_FIELDS, LISTS, strict=True):
        dv = DataValidation(
            type="list",
            formula1=_list_range(column, len(values)),
            allow_blank=field != "on_roadmap",
            showErrorMessage=True,
            errorTitle=f"Pick a value for {label.lower()}",
            error=f"Choose one of the values in the drop-down list: {', '.join(_list_text(v) for v in values)}.",
        )
        dv.add(_column_range(fields, field, last_row))
        ws.add_data_validation(dv)
    for criterion in workshop.criteria:
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="5",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Score from 1 to 5",
            error="Enter a whole number from 1 (low) to 5 (high), or leave the cell empty if it is not scored yet.",
            showInputMessage=bool(criterion.help),
            promptTitle=xml_text(criterion.label)[:32],
            prompt=xml_text(criterion.help)[:255] or None,
        )
        dv.add(_column_range(fields, criterion.id, last_row))
        ws.add_data_validation(dv)


def _priorities_sheet(sheet: Sheet, ex: Analysis) -> None:
    headers = (
        "Rank",
        "Use case id",
        "Use case",
        "Impact",
        "Feasibility",
        "Priority",
        "Quadrant",
        f"In top {ex.workshop.scoring.top_n} (share of weight trials)",
        "Stability",
        "On roadmap",
    )
    sheet.put_row(1, headers)
    scheduled = set(ex.roadmap.order)
    styles = (None, None, None, SCORE_STYLE, SCORE_STYLE, SCORE_STYLE, None, SHARE_STYLE)
    rows: list[list[CellValue]] = []
    for offset, score in enumerate(ex.ranking, start=2):
        values: list[CellValue] = [
            score.rank,
            score.use_case_id,
            score.name,
            score.impact,
            score.feasibility,
            score.priority,
            QUADRANT_LABELS[score.quadrant],
            score.top_n_share,
            sensitivity_label(score.top_n_share),
            yes_no(score.use_case_id in scheduled),
        ]
        sheet.put_row(offset, values, styles)
        rows.append(values)
    add_table(sheet, name=PRIORITIES_TABLE, headers=headers, rows=len(rows))
    sheet.ws.freeze_panes = "D2"
    fit_widths(sheet, rows, headers)


def _roadmap_rows(roadmap: Roadmap, today: date) -> list[list[CellValue]]:
    return [
        [p.use_case_id or "", p.use_case, p.phase.value, p.start, p.end, months_of(p), _status(p, today)]
        for p in roadmap.phases
    ]


def _roadmap_sheet(sheet: Sheet, ex: Analysis) -> None:
    """The CSV's columns, then what was recorded (editable on pilot and scaling rows) and the baseline."""
    sheet.put_row(1, ROADMAP_SHEET_COLUMNS)
    has_baseline = bool(ex.workshop.baselines)
    rows: list[list[CellValue]] = []
    for offset, (values, tracked) in enumerate(
        zip(_roadmap_rows(ex.roadmap, ex.today), ex.tracked, strict=True), start=2
    ):
        values += tracking_values(tracked, has_baseline=has_baseline)
        sheet.put_row(offset, values, [None] * len(ROADMAP_COLUMNS) + tracking_styles(tracked))
        rows.append(values)
    add_table(sheet, name=ROADMAP_TABLE, headers=ROADMAP_SHEET_COLUMNS, rows=len(rows))
    sheet.ws.freeze_panes = "C2"
    fit_widths(sheet, rows, ROADMAP_SHEET_COLUMNS)
    add_actual_validations(sheet.ws, last_row=len(rows) + 1)


def _gates_sheet(sheet: Sheet, ex: Analysis) -> None:
    workshop, roadmap = ex.workshop, ex.roadmap
    sheet.widths(GATES_WIDTHS)
    sheet.put(1, 1, "Gates, checklists and KPIs", HEADING_STYLE)
    sheet.put(2, 1, "A phase is ready for its gate when its checklist is done and its KPIs are measured.", NOTE_STYLE)
    status_ranges: list[str] = []

    title = f"{PHASE_LABELS[PhaseName.ASSESSMENT]} checklist, for the {ORGANISATION.lower()}"
    row = section(sheet, 4, title)
    done, total = progress(workshop.assessment_checklist, PhaseName.ASSESSMENT)
    sheet.put(row, 1, f"{done} of {total} done", NOTE_STYLE)
    sheet.merge(row=row + 1, first_column=3, last_column=len(GATES_WIDTHS))
    row = header_row(sheet, row + 1, ("Item", "Status", "Why it matters", *[""] * (len(GATES_WIDTHS) - 3)))
    first_status = row
    ticked = set(workshop.assessment_checklist)
    why_width = sum(GATES_WIDTHS[2:])
    for item in checklist(PhaseName.ASSESSMENT):
        sheet.merge(row=row, first_column=3, last_column=len(GATES_WIDTHS))
        values = (item.text, DONE if item.id in ticked else OPEN, item.why)
        sheet.put_row(row, values, (WRAP_STYLE, LEFT_STYLE, WRAP_STYLE))
        sheet.fit_height(row, [(item.text, GATES_WIDTHS[0]), (item.why, why_width)])
        row += 1
    status_ranges.append(f"B{first_status}:B{row - 1}")

    by_id = {uc.id: uc for uc in workshop.use_cases}
    reaching: dict[PhaseName, list[UseCase]] = {phase: [] for phase in PhaseName}
    for phase in roadmap.phases:
        if phase.use_case_id is not None:
            reaching[phase.phase].append(by_id[phase.use_case_id])
    for phase_name in (PhaseName.PILOT, PhaseName.SCALING, PhaseName.OPTIMIZATION):
        row = section(sheet, row + 1, f"{PHASE_LABELS[phase_name]} checklist, per use case")
        row, status_range = _phase_checklist(sheet, row, phase_name, reaching[phase_name])
        if status_range:
            status_ranges.append(status_range)

    row = section(sheet, row + 1, "Gate decisions")
    row = _gate_decisions(sheet, row, [by_id[i] for i in roadmap.order])
    row = section(sheet, row + 1, "KPIs")
    _kpis(sheet, row, ex)

    for cells in status_ranges:
        top_left = cells.split(":")[0]
        rule = FormulaRule(
            formula=[f'{top_left}="{DONE}"'],
            fill=_solid(DONE_FILL_COLOUR),
            font=Font(bold=True, color=DONE_FONT_COLOUR),
        )
        sheet.ws.conditional_formatting.add(cells, rule)
    sheet.ws.freeze_panes = "B4"
    sheet.ws.sheet_view.showGridLines = False


def _phase_checklist(sheet: Sheet, row: int, phase: PhaseName, use_cases: Sequence[UseCase]) -> tuple[int, str]:
    """One row per use case and one column per checklist item, each cell "done" or "open"."""
    if not use_cases:
        sheet.put(row, 1, "No use case reaches this phase on the roadmap.", NOTE_STYLE)
        return row + 1, ""
    items = checklist(phase)
    header_row(sheet, row, ("Use case", "Done", *(item.text for item in items)), style=HEADER_WRAP_STYLE)
    sheet.fit_height(row, [(item.text, GATES_WIDTHS[2]) for item in items], bold=True)
    first = row + 1
    for offset, uc in enumerate(use_cases, start=first):
        ticked = set(uc.checklist)
        done, total = progress(ticked, phase)
        statuses = (DONE if item.id in ticked else OPEN for item in items)
        sheet.put_row(offset, (uc.name, f"{done} of {total}", *statuses))
    last = first + len(use_cases) - 1
    return last + 1, f"C{first}:{get_column_letter(2 + len(items))}{last}"


def _gate_decisions(sheet: Sheet, row: int, use_cases: Sequence[UseCase]) -> int:
    decisions = [(uc, d) for uc in use_cases for d in uc.gate_decisions]
    if not decisions:
        sheet.put(row, 1, "No gate decision recorded yet.", NOTE_STYLE)
        return row + 1
    row = header_row(sheet, row, ("Use case", "Gate", "Decision", "Date", "Note"))
    note_width = sum(GATES_WIDTHS[4:])
    styles = (WRAP_STYLE, WRAP_STYLE, LEFT_STYLE, LEFT_DATE_STYLE, WRAP_STYLE)
    for uc, decision in decisions:
        sheet.merge(row=row, first_column=5, last_column=len(GATES_WIDTHS))
        values = (uc.name, GATE_LABELS[decision.gate], DECISION_LABELS[decision.decision], decision.date, decision.note)
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(uc.name, GATES_WIDTHS[0]), (decision.note, note_width)])
        row += 1
    return row


def _kpis(sheet: Sheet, row: int, ex: Analysis) -> int:
    order = {uc_id: i for i, uc_id in enumerate(ex.roadmap.order)}
    use_cases = sorted(ex.workshop.use_cases, key=lambda uc: order.get(uc.id, len(order)))
    kpis = [(uc, kpi) for uc in use_cases for kpi in uc.kpis]
    if not kpis:
        sheet.put(row, 1, "No KPI defined yet: agree a baseline and a target before each pilot starts.", NOTE_STYLE)
        return row + 1
    headers = ("Use case", "Metric", "Baseline", "Target", "Latest", "Unit", "Direction", "Status", "On roadmap")
    row = header_row(sheet, row, headers)
    styles = [WRAP_STYLE] * len(headers)
    for uc, kpi in kpis:
        values: list[CellValue] = [
            uc.name,
            kpi.metric,
            kpi.baseline,
            kpi.target,
            kpi.current,
            kpi.unit,
            DIRECTION_LABELS[kpi.direction],
            KPI_STATUS_LABELS[kpi_status(kpi)],
            yes_no(uc.id in order),
        ]
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(uc.name, GATES_WIDTHS[0]), (kpi.metric, GATES_WIDTHS[1])])
        row += 1
    return row


def _lists_sheet(sheet: Sheet) -> None:
    for column_index, (name, column, label, values) in enumerate(LISTS, start=1):
        sheet.put(1, column_index, label, LABEL_STYLE)
        for row, value in enumerate(values, start=2):
            sheet.put(row, column_index, value)
        sheet.ws.parent.defined_names[name] = DefinedName(name, attr_text=_list_range(column, len(values)))
    sheet.widths([16] * len(LISTS))
    sheet.ws.sheet_state = "hidden"


def _meta_sheet(sheet: Sheet, workshop: Workshop, as_of: date | None) -> None:
    sheet.put(1, 1, META_LABEL)
    version = CellRange(META_VERSION_CELL)
    sheet.put(version.min_row, version.min_col, SCHEMA_VERSION)
    label, day = CellRange(META_AS_OF_LABEL_CELL), CellRange(META_AS_OF_CELL)
    sheet.put(label.min_row, label.min_col, META_AS_OF_LABEL)
    sheet.put(day.min_row, day.min_col, as_of.isoformat() if as_of else None)
    sheet.put(2, 1, META_NOTE)
    # JSON escapes control characters itself; these two are legal JSON but not legal XML, so escape them too.
    text = dump_workshop(workshop).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    for row, offset in enumerate(range(0, len(text), META_CHUNK), start=META_FIRST_ROW):
        sheet.put(row, 1, text[offset : offset + META_CHUNK])
    sheet.ws.sheet_state = "veryHidden"


def build_workbook(ex: Analysis) -> bytes:
    """The workshop as .xlsx bytes: summary, status, editable use cases, priorities, roadmap, Gantt, finance,
    gates, KPIs and their measurements."""
    workshop = ex.workshop
    wb = Workbook()
    styles = Styles(wb)
    wb.active.title = SUMMARY_SHEET
    sheets = [Sheet(wb.active, styles)]
    titles = (
        STATUS_SHEET,
        USE_CASES_SHEET,
        PRIORITIES_SHEET,
        ROADMAP_SHEET,
        GANTT_SHEET,
        FINANCE_SHEET,
        GATES_SHEET,
        MEASUREMENTS_SHEET,
        LISTS_SHEET,
        META_SHEET,
    )
    sheets += [Sheet(wb.create_sheet(title), styles) for title in titles]
    summary, status, use_cases, priorities, roadmap, gantt, finance, gates, measurements, lists, meta = sheets
    summary_sheet(summary, ex)
    status_sheet(status, ex)
    _use_cases_sheet(use_cases, workshop)
    _priorities_sheet(priorities, ex)
    _roadmap_sheet(roadmap, ex)
    gantt_sheet(gantt, ex)
    finance_sheet(finance, ex)
    _gates_sheet(gates, ex)
    measurements_sheet(measurements, ex)
    _lists_sheet(lists)
    _meta_sheet(meta, workshop, ex.as_of)
    printed = [summary, status, use_cases, priorities, roadmap, gantt, finance, gates, measurements]
    if workshop.plan.per_team or len({uc.team for uc in workshop.active_use_cases()}) > 1:
        teams = Sheet(wb.create_sheet(TEAMS_SHEET, index=wb.sheetnames.index(GANTT_SHEET) + 1), styles)
        teams_sheet(teams, ex)
        sheets.append(teams)
        printed.append(teams)
    for sheet in printed:
        print_one_page_wide(sheet.ws)
    wb.properties.title = xml_text(workshop.name)
    wb.properties.creator = "Roadmap Planner"
    buffer = io.BytesIO()
    wb.save(buffer)
    return splice(buffer.getvalue(), sheets)


def _csv_field(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def roadmap_csv(analysis: Analysis) -> bytes:
    """The roadmap phases as CSV for any spreadsheet: UTF-8 with BOM, every field quoted, formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(ROADMAP_COLUMNS)
    for values in _roadmap_rows(analysis.roadmap, analysis.today):
        writer.writerow([_csv_field(value) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
