"""The workbook's Gantt sheet: a grid of weeks (or months) whose bars follow the Roadmap sheet's dates."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font
from openpyxl.styles import Side as BorderSide
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import Outline

from planner.domain.analysis import Analysis
from planner.domain.gantt_view import GANTT_MAX_ROWS, TeamRow, gantt_rows
from planner.domain.plan_state import ASSESSMENT_MILESTONE
from planner.domain.results import Phase
from planner.domain.vocabulary import GATE_LABELS, PHASE_LABELS, Gate, PhaseName
from planner.formats.sheet_layout import (
    GANTT_BASELINE_HEADERS,
    GANTT_FIRST_ROW,
    GANTT_HEADERS,
    ROADMAP_BASELINE_END_COLUMN,
    ROADMAP_BASELINE_START_COLUMN,
    ROADMAP_END_COLUMN,
    ROADMAP_SHEET,
    ROADMAP_START_COLUMN,
    roadmap_sheet_rows,
)
from planner.formats.xlsx_writer import (
    BOLD,
    CENTRE,
    CENTRED_DATE_STYLE,
    DATE_COLUMN_WIDTH,
    HEADER_BORDER,
    HEADER_STYLE,
    HEADING_STYLE,
    NOTE_STYLE,
    CellStyle,
    CellValue,
    Formula,
    Sheet,
    _solid,
    sheet_ref,
)
from planner.rendering.palette import GATE_COLOURS, PHASE_COLOURS, TODAY_COLOUR

GANTT_TITLE_ROW = 1
GANTT_NOTE_ROW = 2
GANTT_LEGEND_ROW = 3
GANTT_BAND_ROW = 4
GANTT_HEADER_ROW = 5
GANTT_FIRST_GRID_COLUMN = len(GANTT_HEADERS) + 1  # without a baseline; with one, two columns later
GANTT_WIDTHS = (34, 22, DATE_COLUMN_WIDTH, DATE_COLUMN_WIDTH, 26, DATE_COLUMN_WIDTH, DATE_COLUMN_WIDTH)
BASELINE_COLOUR = "D1D5DB"
BASELINE_EDGE_COLOUR = "4B5563"
BASELINE_LEGEND = "Baseline"

# Up to about two years the grid has one column per week; longer plans get one column per month.
GANTT_WEEKLY_MAX_WEEKS = 110
WEEK_COLUMN_WIDTH = 2.6
MONTH_COLUMN_WIDTH = 4.6
GATE_COLOUR = GATE_COLOURS[Gate.GO_NO_GO][0].lstrip("#")
TODAY_FILL_COLOUR = "FEE2E2"
BAND_COLOURS = ("FFFFFF", "F3F4F6")

# Orange bars need dark text for contrast; the other phase colours take white.
DARK_TEXT_PHASES = frozenset({PhaseName.SCALING})
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GATE_LEGEND = "◆ Gate or milestone"
TODAY_LEGEND = "This week"
GANTT_NOTE = (
    "Each row is one phase of one use case. Its Start and End come from the Roadmap sheet: change a date there and "
    "the bar here moves. A dark cell marks the gate decision or milestone at the end of a phase; the red column is "
    "the current week."
)

GROUPED_NOTE = (
    f" The plan has more than {GANTT_MAX_ROWS} use cases, so each team shows as summary rows, from its first start "
    "to its last end in each phase: press + at the left of a team to open its use cases."
)
TEAM_STYLE = CellStyle(font=BOLD)

BASELINE_NOTE = (
    " Grey cells and the dark line under a bar show where the baseline had that phase (the Baseline columns)."
)

MILESTONES: Mapping[PhaseName, str] = MappingProxyType(
    {
        PhaseName.ASSESSMENT: ASSESSMENT_MILESTONE,
        PhaseName.PILOT: GATE_LABELS[Gate.GO_NO_GO],
        PhaseName.SCALING: GATE_LABELS[Gate.PRODUCTION_READINESS],
    }
)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _gantt_periods(start: date, end: date) -> tuple[list[date], bool]:
    """First days of the Gantt grid's columns, and whether they are weeks (otherwise months)."""
    weeks = max(1, math.ceil((end - start).days / 7))
    if weeks <= GANTT_WEEKLY_MAX_WEEKS:
        return [start + timedelta(weeks=k) for k in range(weeks)], True
    months = [date(start.year, start.month, 1)]
    while _next_month(months[-1]) < end:
        months.append(_next_month(months[-1]))
    return months, False


def _roadmap_cell(column: int, row: int) -> str:
    return f"{sheet_ref(ROADMAP_SHEET)}!{get_column_letter(column)}{row}"


def gantt_sheet(sheet: Sheet, ex: Analysis) -> None:
    rows = gantt_rows(ex.workshop, ex.roadmap)
    grouped = any(isinstance(row, TeamRow) for row in rows)
    # Each Gantt date reads its Roadmap cell: a date typed on the Roadmap sheet moves the bar too.
    roadmap_rows = roadmap_sheet_rows(ex.roadmap)
    tracked = {(t.use_case_id, t.phase): t for t in ex.tracked}
    has_baseline = bool(ex.workshop.baselines)
    headers = GANTT_HEADERS + (GANTT_BASELINE_HEADERS if has_baseline else ())
    shown = [(p.start, p.end) for p in ex.roadmap.phases]
    if has_baseline:
        shown += [(t.baseline_start, t.baseline_end) for t in ex.tracked if t.baseline_start and t.baseline_end]
    periods, weekly = _gantt_periods(min(start for start, _ in shown), max(end for _, end in shown))
    first_col = len(headers) + 1
    last_col = first_col + len(periods) - 1
    last_row = GANTT_FIRST_ROW + len(rows) - 1

    note = GANTT_NOTE + (GROUPED_NOTE if grouped else "") + (BASELINE_NOTE if has_baseline else "")
    sheet.put(GANTT_TITLE_ROW, 1, f"Roadmap timeline: {ex.workshop.name}", HEADING_STYLE)
    sheet.put(GANTT_NOTE_ROW, 1, note, NOTE_STYLE)
    _gantt_legend(sheet, has_baseline=has_baseline)
    _gantt_header(sheet, headers, periods, weekly=weekly, first_col=first_col)
    date_styles = (None, None, *[CENTRED_DATE_STYLE] * 2, None, *[CENTRED_DATE_STYLE] * 2)
    for row, entry in enumerate(rows, start=GANTT_FIRST_ROW):
        if isinstance(entry, TeamRow):
            members = _members(rows, row - GANTT_FIRST_ROW)
            sheet.put_row(row, _team_values(entry, members), (TEAM_STYLE, TEAM_STYLE, *date_styles[2:]))
            if entry is _last_summary(rows, row - GANTT_FIRST_ROW):
                sheet.group(members, summary=row)
            continue
        sheet.put_row(row, _phase_values(entry, roadmap_rows, tracked if has_baseline else None), date_styles)
    if grouped:
        sheet.ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
        sheet.ws.sheet_format.outlineLevelRow = 1
    _gantt_rules(
        sheet.ws, first_col=first_col, last_col=last_col, last_row=last_row, weekly=weekly, baseline=has_baseline
    )

    sheet.widths(GANTT_WIDTHS[: len(headers)])
    sheet.widths([WEEK_COLUMN_WIDTH if weekly else MONTH_COLUMN_WIDTH] * len(periods), first_column=first_col)
    sheet.ws.freeze_panes = f"{get_column_letter(first_col)}{GANTT_FIRST_ROW}"
    sheet.ws.print_title_rows = f"{GANTT_LEGEND_ROW}:{GANTT_HEADER_ROW}"


def _phase_values(
    phase: Phase, roadmap_rows: Mapping[tuple[str | None, PhaseName], int], tracked: Mapping[Any, Any] | None
) -> list[CellValue]:
    source = roadmap_rows[(phase.use_case_id, phase.phase)]
    values: list[CellValue] = [
        phase.use_case,
        PHASE_LABELS[phase.phase],
        Formula(_roadmap_cell(ROADMAP_START_COLUMN, source), phase.start),
        Formula(_roadmap_cell(ROADMAP_END_COLUMN, source), phase.end),
        MILESTONES.get(phase.phase),
    ]
    if tracked is not None:
        then = tracked[(phase.use_case_id, phase.phase)]
        for column, cached in (
            (ROADMAP_BASELINE_START_COLUMN, then.baseline_start),
            (ROADMAP_BASELINE_END_COLUMN, then.baseline_end),
        ):
            cell = _roadmap_cell(column, source)
            values.append(Formula(f'IF({cell}="","",{cell})', cached))
    return values


def _members(rows: Sequence[Phase | TeamRow], index: int) -> range:
    """The sheet rows of the team whose summary row is rows[index]: the phase rows after its summary rows."""
    first = index
    while first < len(rows) and isinstance(rows[first], TeamRow):
        first += 1
    last = first
    while last < len(rows) and not isinstance(rows[last], TeamRow):
        last += 1
    return range(GANTT_FIRST_ROW + first, GANTT_FIRST_ROW + last)


def _last_summary(rows: Sequence[Phase | TeamRow], index: int) -> Phase | TeamRow:
    while index + 1 < len(rows) and isinstance(rows[index + 1], TeamRow):
        index += 1
    return rows[index]


def _team_values(team: TeamRow, members: range) -> list[CellValue]:
    """A team's summary row: its dates are the earliest start and latest end of its rows of that phase, as
    formulas over those rows, so a date edited on the Roadmap sheet moves the summary bar too."""
    label = PHASE_LABELS[team.phase]
    first, last = members.start, members.stop - 1

    def over(function: str, column: str) -> str:
        # MINIFS and MAXIFS (Excel 2019, LibreOffice 5.2) are stored under their _xlfn. names in the file.
        return f'_xlfn.{function}({column}{first}:{column}{last},$B{first}:$B{last},"{label}")'

    return [
        f"{team.team} ({team.use_cases} use case{'' if team.use_cases == 1 else 's'})",
        label,
        Formula(over("MINIFS", "C"), team.start),
        Formula(over("MAXIFS", "D"), team.end),
        None,
    ]


def _gantt_legend(sheet: Sheet, *, has_baseline: bool) -> None:
    """Phase colours over the frozen columns, so the legend stays in view and is printed on every page."""
    positions = ((1, 1), (2, 2), (3, 4), (5, 5))
    for phase, (first, last) in zip(PhaseName, positions, strict=True):
        if last > first:
            sheet.merge(row=GANTT_LEGEND_ROW, first_column=first, last_column=last)
        text_colour = "1F2937" if phase in DARK_TEXT_PHASES else "FFFFFF"
        style = CellStyle(font=Font(bold=True, color=text_colour), fill=_solid(PHASE_COLOURS[phase]), alignment=CENTRE)
        sheet.put(GANTT_LEGEND_ROW, first, PHASE_LABELS[phase], style)
    gate = CellStyle(font=Font(bold=True, color="FFFFFF"), fill=_solid(GATE_COLOUR), alignment=CENTRE)
    sheet.put(GANTT_BAND_ROW, 1, GATE_LEGEND, gate)
    red = TODAY_COLOUR.lstrip("#")
    side = BorderSide(style="thin", color=red)
    today = CellStyle(
        font=Font(bold=True, color=red),
        fill=_solid(TODAY_FILL_COLOUR),
        border=Border(left=side, right=side),
        alignment=CENTRE,
    )
    sheet.put(GANTT_BAND_ROW, 2, TODAY_LEGEND, today)
    if has_baseline:
        edge = BorderSide(style="medium", color=BASELINE_EDGE_COLOUR)
        baseline = CellStyle(font=BOLD, fill=_solid(BASELINE_COLOUR), border=Border(bottom=edge), alignment=CENTRE)
        sheet.merge(row=GANTT_BAND_ROW, first_column=3, last_column=4)
        sheet.put(GANTT_BAND_ROW, 3, BASELINE_LEGEND, baseline)


def _gantt_header(
    sheet: Sheet, headers: Sequence[str], periods: Sequence[date], *, weekly: bool, first_col: int
) -> None:
    sheet.put_row(GANTT_HEADER_ROW, headers, [HEADER_STYLE] * len(headers))
    band_styles = [
        CellStyle(font=BOLD, fill=_solid(colour), alignment=Alignment(horizontal="left")) for colour in BAND_COLOURS
    ]
    day_styles = [
        CellStyle(
            font=Font(size=8, color="4B5563"),
            fill=_solid(colour),
            border=HEADER_BORDER,
            alignment=Alignment(horizontal="center"),
            number_format="d" if weekly else "mmm",
        )
        for colour in BAND_COLOURS
    ]
    # Weeks are grouped under their month, months under their year, in alternating shades.
    groups: list[tuple[str, int, int]] = []
    for column, day in enumerate(periods, start=first_col):
        label = f"{MONTH_NAMES[day.month - 1]} {day.year}" if weekly else str(day.year)
        if groups and groups[-1][0] == label:
            groups[-1] = (label, groups[-1][1], column)
        else:
            groups.append((label, column, column))
    for index, (label, first, last) in enumerate(groups):
        if last > first:
            sheet.merge(row=GANTT_BAND_ROW, first_column=first, last_column=last)
        sheet.put(GANTT_BAND_ROW, first, label, band_styles[index % 2])
        for column in range(first, last + 1):
            sheet.put(GANTT_HEADER_ROW, column, periods[column - first_col], day_styles[index % 2])


def _gantt_rules(ws: Any, *, first_col: int, last_col: int, last_row: int, weekly: bool, baseline: bool) -> None:
    """Bars, milestones and today as conditional formats over the whole grid, so they follow the date cells."""
    first, last = get_column_letter(first_col), get_column_letter(last_col)
    grid = f"{first}{GANTT_FIRST_ROW}:{last}{last_row}"
    row = GANTT_FIRST_ROW
    period_start = f"{first}${GANTT_HEADER_ROW}"
    period_end = f"{period_start}+7" if weekly else f"DATE(YEAR({period_start}),MONTH({period_start})+1,1)"
    # Listed first, so that a milestone wins over a bar when an edited End date falls inside one.
    ws.conditional_formatting.add(
        grid,
        FormulaRule(
            formula=[f'AND($E{row}<>"",$D{row}>={period_start},$D{row}<{period_end})'],
            fill=_solid(GATE_COLOUR),
            font=Font(bold=True, color="FFFFFF"),
        ),
    )
    for phase in PhaseName:
        ws.conditional_formatting.add(
            grid,
            FormulaRule(
                formula=[f'AND($B{row}="{PHASE_LABELS[phase]}",$C{row}<{period_end},$D{row}>{period_start})'],
                fill=_solid(PHASE_COLOURS[phase]),
            ),
        )
    if baseline:
        since, until = (get_column_letter(len(GANTT_HEADERS) + k) for k in (1, 2))
        # After the bars: where a bar covers the baseline, Excel keeps the bar's colour and adds the baseline's
        # edge; where the plan moved away from the baseline, the cell is grey.
        ws.conditional_formatting.add(
            grid,
            FormulaRule(
                formula=[f'AND(${since}{row}<>"",${since}{row}<{period_end},${until}{row}>{period_start})'],
                fill=_solid(BASELINE_COLOUR),
                border=Border(bottom=BorderSide(style="thin", color=BASELINE_EDGE_COLOUR)),
            ),
        )
    red = TODAY_COLOUR.lstrip("#")
    side = BorderSide(style="thin", color=red)
    ws.conditional_formatting.add(
        f"{first}{GANTT_HEADER_ROW}:{last}{last_row}",
        FormulaRule(
            formula=[f"AND(TODAY()>={period_start},TODAY()<{period_end})"],
            fill=_solid(TODAY_FILL_COLOUR),
            border=Border(left=side, right=side),
        ),
    )
