"""The workbook's living-roadmap parts: the Status sheet, the Roadmap sheet's actual and baseline columns, and the
KPI measurements sheet. Actual dates, percent done and measurements typed in Excel are read back on import
(planner.formats.roundtrip_tracking)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.domain.analysis import Analysis
from planner.domain.teams import plan_per_team
from planner.domain.tracking import STATUS_LABELS, PhaseStatus, TrackedPhase, awaiting_record_note
from planner.domain.vocabulary import GATE_LABELS, PHASE_LABELS, PhaseName
from planner.formats.sheet_layout import (
    ACTUAL_END,
    ACTUAL_START,
    MEASUREMENT_COLUMNS,
    MEASUREMENTS_TABLE,
    PERCENT_DONE,
    ROADMAP_SHEET_COLUMNS,
    TEAMS_TABLE,
)
from planner.formats.xlsx_writer import (
    DATE_FORMAT,
    HEADING_STYLE,
    LEFT_DATE_STYLE,
    LEFT_STYLE,
    NOTE_STYLE,
    WRAP_STYLE,
    CellStyle,
    CellValue,
    Sheet,
    _solid,
    add_table,
    fit_widths,
    header_row,
    section,
)

EDITABLE_PHASES = (PhaseName.PILOT, PhaseName.SCALING)
EDITABLE_FILL = "FEF9C3"  # a pale yellow: the cells a programme team fills in
EDITABLE_DATE_STYLE = CellStyle(fill=_solid(EDITABLE_FILL), number_format=DATE_FORMAT)
EDITABLE_NUMBER_STYLE = CellStyle(fill=_solid(EDITABLE_FILL), number_format="0")
SLIP_STYLE = CellStyle(number_format="0.0")
STATUS_WIDTHS = (16, 40, 22, 20, 20, 14, 40)
STATUS_FILLS = {PhaseStatus.LATE: "FEE2E2", PhaseStatus.AT_RISK: "FEF3C7"}
STATUS_FONTS = {PhaseStatus.LATE: "991B1B", PhaseStatus.AT_RISK: "92400E"}
METRIC_STYLE = CellStyle(font=Font(bold=True, size=20, color="1F2937"), alignment=LEFT_STYLE.alignment)
AWAITING_STYLE = CellStyle(
    font=Font(bold=True, color=STATUS_FONTS[PhaseStatus.AT_RISK]), alignment=WRAP_STYLE.alignment
)
STATUS_NOTE = (
    "Slip is how many weeks a phase now ends (or, for optimisation, begins) later than in the baseline. Late: past "
    "its baseline end and not done. At risk: planned to end after its baseline end."
)


def tracking_values(row: TrackedPhase, *, has_baseline: bool) -> list[CellValue]:
    """The Roadmap sheet's columns after Status, for one phase."""
    return [
        row.actual_start,
        row.actual_end,
        row.percent_complete,
        row.baseline_start,
        row.baseline_end,
        row.slip_weeks,
        STATUS_LABELS[row.status] if has_baseline else None,
    ]


def tracking_styles(row: TrackedPhase) -> list[CellStyle | None]:
    editable = row.phase in EDITABLE_PHASES
    date_style = EDITABLE_DATE_STYLE if editable else None
    return [date_style, date_style, EDITABLE_NUMBER_STYLE if editable else None, None, None, SLIP_STYLE, None]


def add_actual_validations(ws: object, *, last_row: int) -> None:
    """Dates and a share from 0 to 100 in the three Actual columns, with a prompt saying they are read back."""
    columns = {name: get_column_letter(ROADMAP_SHEET_COLUMNS.index(name) + 1) for name in ROADMAP_SHEET_COLUMNS}
    prompts = {
        ACTUAL_START: "The day this pilot or scaling phase really began. Roadmap Planner reads it back on import.",
        ACTUAL_END: "The day it really ended. Leave it empty while the phase runs.",
        PERCENT_DONE: "How much of the phase is done, from 0 to 100, while it runs.",
    }
    for name, prompt in prompts.items():
        is_share = name == PERCENT_DONE
        dv = DataValidation(
            type="decimal" if is_share else "date",
            operator="between",
            formula1="0" if is_share else "DATE(2000,1,1)",
            formula2="100" if is_share else "DATE(2100,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="A share from 0 to 100" if is_share else "A date",
            error="Enter a number from 0 to 100." if is_share else "Enter a date, such as 2027-05-03.",
            showInputMessage=True,
            promptTitle=name,
            prompt=prompt,
        )
        dv.add(f"{columns[name]}2:{columns[name]}{last_row}")
        ws.add_data_validation(dv)  # type: ignore[attr-defined]


def status_sheet(sheet: Sheet, ex: Analysis) -> None:
    """What slips against the baseline, which gates come up, which KPIs lag and what changed: the monthly report."""
    report, workshop = ex.status, ex.workshop
    baseline = workshop.baseline()
    sheet.widths(STATUS_WIDTHS)
    sheet.ws.sheet_view.showGridLines = False
    sheet.put(1, 1, f"Status report: {workshop.name}", HEADING_STYLE)
    if baseline is None:
        against = "No baseline taken yet: take one on the Progress page to measure slippage against it."
    else:
        against = f"Against the baseline '{baseline.name}', taken {baseline.taken:%d %b %Y}."
    sheet.put(2, 1, f"As of {report.as_of:%d %b %Y}. {against}", NOTE_STYLE)
    late = sum(1 for r in report.slipping if r.status == PhaseStatus.LATE)
    at_risk = len(report.slipping) - late
    counts = (
        ("Late", late),
        ("At risk", at_risk),
        ("Gates in 30 days", len(report.gates_due)),
        ("KPIs off track", len(report.kpis_off_track)),
    )
    for column, (label, count) in enumerate(counts, start=1):
        sheet.put(4, column, label, NOTE_STYLE)
        sheet.put(5, column, count, METRIC_STYLE)
    sheet.height(5, 28)

    row = section(sheet, 7, "Late and at risk")
    note = awaiting_record_note(ex.tracked, report.as_of, where=" in the Actual start column of the Roadmap sheet")
    if ex.as_of and note:
        sheet.merge(row=row, first_column=1, last_column=len(STATUS_WIDTHS))
        sheet.put(
            row,
            1,
            note,
            CellStyle(font=Font(bold=True, color=STATUS_FONTS[PhaseStatus.AT_RISK]), alignment=WRAP_STYLE.alignment),
        )
        sheet.fit_height(row, [(note, sum(STATUS_WIDTHS))], bold=True)
        row += 1
    if baseline is None:
        sheet.put(row, 1, "Take a baseline to see what slips against it.", NOTE_STYLE)
        row += 1
    elif not report.slipping:
        sheet.put(row, 1, "Every phase is on or ahead of its baseline.", NOTE_STYLE)
        row += 1
    else:
        sheet.put(row, 1, STATUS_NOTE, NOTE_STYLE)
        headers = ("Status", "Use case", "Phase", "Ends (or goes live)", "Baseline", "Slip (weeks)", "% done")
        row = header_row(sheet, row + 1, headers)
        for tracked in report.slipping:
            style = CellStyle(
                font=Font(bold=True, color=STATUS_FONTS[tracked.status]), fill=_solid(STATUS_FILLS[tracked.status])
            )
            values: Sequence[CellValue] = (
                STATUS_LABELS[tracked.status],
                tracked.use_case,
                PHASE_LABELS[tracked.phase],
                tracked.start if tracked.ongoing else tracked.end,
                tracked.baseline_start if tracked.ongoing else tracked.baseline_end,
                tracked.slip_weeks,
                tracked.percent_complete,
            )
            sheet.put_row(row, values, (style, WRAP_STYLE, LEFT_STYLE, LEFT_DATE_STYLE, LEFT_DATE_STYLE, SLIP_STYLE))
            sheet.fit_height(row, [(tracked.use_case, STATUS_WIDTHS[1])])
            row += 1

    row = section(sheet, row + 1, "Gates due in the next 30 days")
    if not report.gates_due:
        sheet.put(row, 1, "None.", NOTE_STYLE)
        row += 1
    else:
        row = header_row(sheet, row, ("Date", "Use case", "Gate", "Overdue"))
        for gate in report.gates_due:
            overdue = "Overdue" if gate.planned < report.as_of else ""
            values = (gate.planned, gate.use_case, GATE_LABELS[gate.gate], overdue)
            sheet.put_row(row, values, (LEFT_DATE_STYLE, WRAP_STYLE, WRAP_STYLE))
            row += 1

    row = section(sheet, row + 1, "KPIs off track")
    if not report.kpis_off_track:
        sheet.put(row, 1, "None, by the latest measurement of each.", NOTE_STYLE)
        row += 1
    else:
        row = header_row(sheet, row, ("Use case", "Metric", "Latest", "Target", "Unit"))
        for kpi in report.kpis_off_track:
            sheet.put_row(row, (kpi.use_case, kpi.metric, kpi.latest, kpi.target, kpi.unit), (WRAP_STYLE, WRAP_STYLE))
            row += 1

    if baseline is not None:
        row = section(sheet, row + 1, "Changed since the baseline")
        for line in report.changes or ["Nothing."]:
            sheet.put(row, 1, line)
            row += 1

    row = section(sheet, row + 1, "Lessons learned")
    if not workshop.lessons:
        sheet.put(row, 1, "None recorded yet.", NOTE_STYLE)
        return
    row = header_row(sheet, row, ("Date", "Use case", "Gate", "Lesson"))
    names = {uc.id: uc.name for uc in workshop.use_cases}
    for lesson in sorted(workshop.lessons, key=lambda item: item.date, reverse=True):
        sheet.merge(row=row, first_column=4, last_column=len(STATUS_WIDTHS))
        values = (
            lesson.date,
            names.get(lesson.use_case_id or "", ""),
            GATE_LABELS[lesson.gate] if lesson.gate else "",
            lesson.text,
        )
        sheet.put_row(row, values, (LEFT_DATE_STYLE, WRAP_STYLE, WRAP_STYLE, WRAP_STYLE))
        sheet.fit_height(row, [(lesson.text, sum(STATUS_WIDTHS[3:]))])
        row += 1


def measurements_sheet(sheet: Sheet, ex: Analysis) -> None:
    """One row per KPI measurement, and an empty row for each KPI not measured yet, ready to fill in. Rows added
    at the bottom, with a use case id (or name), a metric, a date and a value, are read back on import."""
    rows: list[list[CellValue]] = []
    styles: list[list[CellStyle | None]] = []
    plain: list[CellStyle | None] = [None] * 5
    for uc in ex.workshop.use_cases:
        for kpi in uc.kpis:
            first: list[CellValue] = [uc.id, uc.name, kpi.metric, kpi.unit, kpi.target]
            readings: list[tuple[date | None, float | None, str]] = [
                (m.date, m.value, m.note) for m in sorted(kpi.measurements, key=lambda m: m.date)
            ] or [(None, None, "")]
            for day, value, note in readings:
                rows.append([*first, day, value, note])
                styles.append([*plain, EDITABLE_DATE_STYLE, CellStyle(fill=_solid(EDITABLE_FILL)), None])
    sheet.put_row(1, MEASUREMENT_COLUMNS)
    for offset, (values, row_styles) in enumerate(zip(rows, styles, strict=True), start=2):
        sheet.put_row(offset, values, row_styles)
    add_table(sheet, name=MEASUREMENTS_TABLE, headers=MEASUREMENT_COLUMNS, rows=len(rows))
    sheet.ws.freeze_panes = "D2"
    fit_widths(sheet, rows, MEASUREMENT_COLUMNS)


TEAM_COLUMNS = ("Team", "On the roadmap", "Pilots at once", "Scaling at once", "First live", "All live")


def teams_sheet(sheet: Sheet, ex: Analysis) -> None:
    """The plan per team: how many use cases each team has on the roadmap, its limits, and its go-live dates."""
    rows: list[list[CellValue]] = [
        [row.team, row.use_cases, row.pilot_limit, row.scaling_limit, row.first_live, row.all_live]
        for row in plan_per_team(ex.workshop, ex.roadmap)
    ]
    sheet.put_row(1, TEAM_COLUMNS)
    for offset, values in enumerate(rows, start=2):
        sheet.put_row(offset, values)
    add_table(sheet, name=TEAMS_TABLE, headers=TEAM_COLUMNS, rows=len(rows))
    sheet.ws.freeze_panes = "B2"
    fit_widths(sheet, rows, TEAM_COLUMNS)
