"""Excel and CSV export: a workbook a sponsor can read without instructions, and a roadmap CSV.

The workbook also carries the workshop JSON on a very hidden sheet, so the importer can read it back losslessly.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles import Side as BorderSide
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from planner.domain.analysis import Analysis
from planner.domain.checklists import (
    KPI_STATUS_LABELS,
    ORGANISATION,
    Risk,
    checklist,
    kpi_status,
    progress,
)
from planner.domain.models import (
    DECISION_LABELS,
    GATE_LABELS,
    GUIDANCE_MONTHS,
    PHASE_LABELS,
    QUADRANT_LABELS,
    SCHEMA_VERSION,
    WEEKS_PER_MONTH,
    CriterionContribution,
    Direction,
    Gate,
    Objective,
    Phase,
    PhaseName,
    Roadmap,
    Stage,
    UseCase,
    UseCaseScore,
    Workshop,
)
from planner.domain.plan_state import ASSESSMENT_MILESTONE
from planner.domain.schedule import phases_in_order
from planner.domain.scoring import normalised, sensitivity_label
from planner.domain.use_case_rows import to_row
from planner.formats.sheet_layout import (
    GANTT_FIRST_ROW,
    GANTT_HEADERS,
    GANTT_SHEET,
    GATES_SHEET,
    LISTS_SHEET,
    META_CHUNK,
    META_FIRST_ROW,
    META_SHEET,
    META_VERSION_CELL,
    PRIORITIES_SHEET,
    PRIORITIES_TABLE,
    ROADMAP_COLUMNS,
    ROADMAP_END_COLUMN,
    ROADMAP_SHEET,
    ROADMAP_START_COLUMN,
    ROADMAP_TABLE,
    SUMMARY_SHEET,
    USE_CASES_SHEET,
    USE_CASES_TABLE,
    use_case_columns,
)
from planner.formats.workshop_json import dump_workshop
from planner.rendering.palette import GATE_COLOURS, PHASE_COLOURS, TODAY_COLOUR

# Excel and LibreOffice run a cell as a formula when its text starts with one of these (OWASP CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these at all; the lossless copy of such text is the JSON on the _meta sheet.
ILLEGAL_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ILLEGAL_XML_REPLACEMENT = "\ufffd"

DATE_FORMAT = "yyyy-mm-dd"
TABLE_STYLE = "TableStyleMedium2"
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
DATE_COLUMN_WIDTH = 11.5
LINE_HEIGHT = 15
# Roughly how many characters fit in one unit of Excel column width, in body text and in bold headings.
CHARS_PER_WIDTH = 1.15
CHARS_PER_WIDTH_BOLD = 0.85


@dataclass(frozen=True)
class CellStyle:
    """How a cell looks; each one is registered once per export in the workbook's stylesheet."""

    font: Font | None = None
    fill: PatternFill | None = None
    border: Border | None = None
    alignment: Alignment | None = None
    number_format: str | None = None


def _solid(colour: str) -> PatternFill:
    colour = colour.lstrip("#").upper()
    # Cell fills use the foreground colour, conditional formats the background: set both.
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour, bgColor=colour)


BOLD = Font(bold=True)
MUTED_FONT = Font(italic=True, color="6B7280")
WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center")
HEADER_FILL = _solid("E5E7EB")
HEADER_BORDER = Border(bottom=BorderSide(style="thin", color="9CA3AF"))

PLAIN_STYLE = CellStyle()
DATE_STYLE = CellStyle(number_format=DATE_FORMAT)
SCORE_STYLE = CellStyle(number_format="0.0")
SHARE_STYLE = CellStyle(number_format="0%")
HEADING_STYLE = CellStyle(font=Font(bold=True, size=16, color="1F2937"))
SECTION_STYLE = CellStyle(font=Font(bold=True, size=13, color="1F2937"))
LABEL_STYLE = CellStyle(font=BOLD, alignment=Alignment(vertical="top"))
NOTE_STYLE = CellStyle(font=MUTED_FONT)
WRAP_STYLE = CellStyle(alignment=WRAP)
LEFT_STYLE = CellStyle(alignment=LEFT)
LEFT_DATE_STYLE = CellStyle(alignment=LEFT, number_format=DATE_FORMAT)
WRAP_DATE_STYLE = CellStyle(alignment=WRAP, number_format=DATE_FORMAT)
CENTRED_DATE_STYLE = CellStyle(alignment=Alignment(horizontal="center"), number_format=DATE_FORMAT)
INDEX_STYLE = CellStyle(alignment=LEFT, number_format='0.0" / 100"')
DIMENSION_SCORE_STYLE = CellStyle(alignment=LEFT, number_format='0.00" / 5"')
HEADER_STYLE = CellStyle(font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER)
HEADER_WRAP_STYLE = CellStyle(font=BOLD, fill=HEADER_FILL, border=HEADER_BORDER, alignment=WRAP)
RISK_LEVEL_STYLES: Mapping[str, CellStyle] = MappingProxyType(
    {
        level: CellStyle(font=Font(bold=True, color=colour), alignment=WRAP)
        for level, colour in (("high", "B91C1C"), ("medium", "B45309"), ("low", "047857"))
    }
)

SUMMARY_WIDTHS = (40, 16, 22, 18, 80)
SUMMARY_MAX_USE_CASES = 30
SUMMARY_MAX_WARNINGS = 10
SUMMARY_TOP_RISKS = 5
SHEET_GUIDE: tuple[tuple[str, str], ...] = (
    (SUMMARY_SHEET, "This page: the workshop, readiness, key dates, the chosen use cases, top risks and warnings."),
    (USE_CASES_SHEET, "Every idea from the workshop with its scores (1 = low, 5 = high). Edit here and import back."),
    (PRIORITIES_SHEET, "All ideas ranked by priority, with their quadrant and how firmly they hold a top place."),
    (ROADMAP_SHEET, "Every phase of the plan with its dates, its length in months and its status today."),
    (GANTT_SHEET, "The plan as a timeline. The bars follow the Start and End dates: change a date and the bar moves."),
    (GATES_SHEET, "Checklists for each phase, the gate decisions taken so far, and the KPIs with their status."),
)

GANTT_TITLE_ROW = 1
GANTT_NOTE_ROW = 2
GANTT_LEGEND_ROW = 3
GANTT_BAND_ROW = 4
GANTT_HEADER_ROW = 5
GANTT_FIRST_GRID_COLUMN = 6
GANTT_WIDTHS = (34, 22, DATE_COLUMN_WIDTH, DATE_COLUMN_WIDTH, 26)
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
MILESTONES: Mapping[PhaseName, str] = MappingProxyType(
    {
        PhaseName.ASSESSMENT: ASSESSMENT_MILESTONE,
        PhaseName.PILOT: GATE_LABELS[Gate.GO_NO_GO],
        PhaseName.SCALING: GATE_LABELS[Gate.PRODUCTION_READINESS],
    }
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
META_NOTE = "The workshop as JSON, split over column A from row 3. Roadmap Planner reads it back: do not edit."


@dataclass(frozen=True)
class Formula:
    """A cell that computes its value in Excel; `cached` is what the file shows before any recalculation."""

    text: str
    cached: date


CellValue = str | int | float | bool | date | Formula | None


def _sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


EXCEL_EPOCH = date(1899, 12, 30)
SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)
DIMENSION = re.compile(r'<dimension ref="[^"]*"')


def safe_text(value: str) -> str:
    """Text for a CSV cell: a leading "'" keeps a spreadsheet from running text that looks like a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _xml_text(value: str) -> str:
    return ILLEGAL_XML_CHARACTERS.sub(ILLEGAL_XML_REPLACEMENT, value)


# Writing cells


class _Styles:
    """Style ids of one workbook, keyed by the identity of the long-lived CellStyle objects."""

    def __init__(self, wb: Any) -> None:
        self._wb = wb
        self._ids: dict[tuple[int, bool], tuple[CellStyle, str]] = {}

    def attribute(self, style: CellStyle, *, quote_prefix: bool = False) -> str:
        """The cell's style attribute, ` s="7"`, registering the style on first use."""
        key = (id(style), quote_prefix)
        if key not in self._ids:
            # A detached cell registers the style in the stylesheet without becoming part of any sheet.
            cell = Cell(self._wb.active)
            for attribute in ("font", "fill", "border", "alignment", "number_format"):
                value = getattr(style, attribute)
                if value is not None:
                    setattr(cell, attribute, value)
            if quote_prefix:
                cell.quotePrefix = True
            # Holding the style keeps its id() from being reused by another object.
            self._ids[key] = (style, f' s="{cell.style_id}"')
        return self._ids[key][1]


class _Sheet:
    """One worksheet: openpyxl keeps its settings (widths, merges, tables, rules) and this class its cells.

    openpyxl's cell writer takes about 25 µs a cell, too slow for a workshop of 1,000 use cases, so the
    cells are rendered here as XML and put into the file openpyxl saved by `_splice`.
    """

    def __init__(self, ws: Any, styles: _Styles) -> None:
        self.ws = ws
        self._styles = styles
        self._rows: dict[int, dict[int, str]] = {}
        self._heights: dict[int, float] = {}

    def put(self, row: int, column: int, value: CellValue, style: CellStyle | None = None) -> None:
        """Write one value. Text always stays text; text that looks like a formula also gets a quote prefix."""
        if isinstance(value, date | Formula) and style is None:
            style = DATE_STYLE
        quote_prefix = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        attributes = ""
        if style is not None or quote_prefix:
            attributes = self._styles.attribute(style or PLAIN_STYLE, quote_prefix=quote_prefix)
        xml = _cell_xml(f"{get_column_letter(column)}{row}", value, attributes)
        if xml:
            self._rows.setdefault(row, {})[column] = xml

    def put_row(self, row: int, values: Sequence[CellValue], styles: Sequence[CellStyle | None] = ()) -> None:
        for column, value in enumerate(values, start=1):
            self.put(row, column, value, styles[column - 1] if column <= len(styles) else None)

    def height(self, row: int, height: float) -> None:
        self._heights[row] = height

    def fit_height(self, row: int, texts: Sequence[tuple[str, float]], *, bold: bool = False) -> None:
        """Make a row tall enough for its wrapped texts, given as (text, column width)."""
        lines = max((_lines(text, width, bold=bold) for text, width in texts), default=1)
        if lines > 1:
            self.height(row, LINE_HEIGHT * lines)

    def merge(self, *, row: int, first_column: int, last_column: int) -> None:
        # Only the range is recorded: ws.merge_cells would add placeholder cells for openpyxl to write.
        first, last = get_column_letter(first_column), get_column_letter(last_column)
        self.ws.merged_cells.add(CellRange(f"{first}{row}:{last}{row}"))

    def widths(self, widths: Sequence[float], *, first_column: int = 1) -> None:
        for offset, width in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(first_column + offset)].width = width

    def sheet_data(self) -> str:
        parts = ["<sheetData>"]
        for row in sorted(self._rows.keys() | self._heights.keys()):
            height = self._heights.get(row)
            extra = f' ht="{height:g}" customHeight="1"' if height else ""
            cells = self._rows.get(row, {})
            parts.append(f'<row r="{row}"{extra}>{"".join(cells[c] for c in sorted(cells))}</row>')
        parts.append("</sheetData>")
        return "".join(parts)

    def dimension(self) -> str:
        last_row = max(self._rows, default=1)
        last_column = max((max(cells) for cells in self._rows.values()), default=1)
        return f"A1:{get_column_letter(last_column)}{last_row}"


def _cell_xml(ref: str, value: CellValue, attributes: str) -> str:
    if value is None or value == "":
        return f'<c r="{ref}"{attributes}/>' if attributes else ""
    if isinstance(value, str):
        # A character reference keeps a carriage return, which XML parsers would otherwise turn into a newline.
        text = xml_escape(_xml_text(value)).replace("\r", "&#13;")
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{attributes} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{attributes} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Formula):
        cached = (value.cached - EXCEL_EPOCH).days
        return f'<c r="{ref}"{attributes}><f>{xml_escape(value.text)}</f><v>{cached}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{attributes}><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return _cell_xml(ref, str(value), attributes)
    return f'<c r="{ref}"{attributes}><v>{value!r}</v></c>'


def _with_cells(xml: str, sheet: _Sheet) -> str:
    data = sheet.sheet_data()
    xml = SHEET_DATA.sub(lambda _: data, xml, count=1)
    return DIMENSION.sub(f'<dimension ref="{sheet.dimension()}"', xml, count=1)


def _splice(xlsx: bytes, sheets: Sequence[_Sheet]) -> bytes:
    """Put each sheet's cells into the file openpyxl saved; openpyxl held no cells, so its sheetData is empty."""
    by_path = {sheet.ws.path.lstrip("/"): sheet for sheet in sheets}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            sheet = by_path.get(info.filename)
            if sheet is not None:
                content = _with_cells(content.decode("utf-8"), sheet).encode("utf-8")
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# Small helpers


def _print_one_page_wide(ws: Any) -> None:
    """Landscape, as many pages down as needed but never more than one across."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(text: str, width: float, *, bold: bool = False) -> int:
    per_line = max(1, int(width * (CHARS_PER_WIDTH_BOLD if bold else CHARS_PER_WIDTH)))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _display_width(value: CellValue) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return max(len(line) for line in str(value).split("\n"))


def _fit_widths(sheet: _Sheet, rows: Sequence[Sequence[CellValue]], headers: Sequence[str]) -> None:
    widths = [len(h) + 4 for h in headers]  # room for the table's filter button
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _display_width(value) + 2)
    sheet.widths([min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, w)) for w in widths])


def _add_table(sheet: _Sheet, *, name: str, headers: Sequence[str], rows: int) -> None:
    # An Excel table needs at least one data row, even an empty one.
    table = Table(displayName=name, ref=f"A1:{get_column_letter(len(headers))}{max(rows, 1) + 1}")
    table._initialise_columns()  # also sets the filter buttons
    # Named here because openpyxl would read the names from header cells, and it holds no cells.
    table.tableColumns = [TableColumn(id=i, name=_xml_text(h)) for i, h in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    sheet.ws.add_table(table)


def _unique_headers(headers: Sequence[str]) -> list[str]:
    """Excel tables need distinct, one-line column names (ignoring case): a repeated criterion label gets a number."""
    seen: set[str] = set()
    result: list[str] = []
    for text in headers:
        # A line break would not survive in the table's XML, and a header that differs from its name is "repaired".
        header = " ".join(text.split())
        candidate, n = header, 2
        while candidate.casefold() in seen:
            candidate, n = f"{header} ({n})", n + 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _months(phase: Phase) -> float:
    return round(phase.weeks / WEEKS_PER_MONTH, 1)


def _status(phase: Phase, today: date) -> str:
    if phase.ongoing:
        return "ongoing"
    if phase.end <= today:
        return "done"
    if phase.start <= today:
        return "in progress"
    return "planned"


def _why(score: UseCaseScore, higher_is_better: Mapping[str, bool]) -> str:
    """One line on why a use case ranks where it does: both sides, then its strongest and weakest criterion."""
    text = f"Impact {score.impact:.0f} and feasibility {score.feasibility:.0f} out of 100"
    rated = [
        (normalised(c.score, higher_is_better=higher_is_better.get(c.criterion_id, True)), c.weight, c)
        for c in score.contributions
        if c.score is not None
    ]
    if rated:
        best = max(rated, key=lambda r: (r[0], r[1]))
        worst = min(rated, key=lambda r: (r[0], -r[1]))
        if best[0] == worst[0]:
            text += "; even across the criteria"
        else:
            text += f"; strongest: {_rated(best[2], higher_is_better)}; weakest: {_rated(worst[2], higher_is_better)}"
    if score.missing:
        count = len(score.missing)
        text += f"; {count} {'criterion' if count == 1 else 'criteria'} not scored yet (counted as 3)"
    return text + "."


def _rated(contribution: CriterionContribution, higher_is_better: Mapping[str, bool]) -> str:
    low_is_good = "" if higher_is_better.get(contribution.criterion_id, True) else " (low is good)"
    return f"{contribution.label} {contribution.score}/5{low_is_good}"


# Summary


def _section(sheet: _Sheet, row: int, title: str) -> int:
    sheet.put(row, 1, title, SECTION_STYLE)
    return row + 1


def _header_row(sheet: _Sheet, row: int, headers: Sequence[str], *, style: CellStyle = HEADER_STYLE) -> int:
    sheet.put_row(row, headers, [style] * len(headers))
    return row + 1


def _summary_sheet(sheet: _Sheet, ex: Analysis) -> None:
    workshop, summary = ex.workshop, ex.roadmap.summary
    sheet.widths(SUMMARY_WIDTHS)
    sheet.put(1, 1, f"AI roadmap: {workshop.name}", HEADING_STYLE)
    sheet.put(
        2, 1, "From a list of AI ideas to a phased plan: assessment, pilots, scaling, then production.", NOTE_STYLE
    )

    row = _section(sheet, 4, "About the workshop")
    for label, value in (
        ("Workshop", workshop.name),
        ("Organisation", workshop.organisation),
        ("Facilitator", workshop.facilitator),
        ("Workshop start date", workshop.start_date),
        ("Exported on", ex.today),
    ):
        sheet.put_row(row, (label, value), (LABEL_STYLE, LEFT_DATE_STYLE if isinstance(value, date) else LEFT_STYLE))
        row += 1

    row = _section(sheet, row + 1, "Key dates")
    low, high = GUIDANCE_MONTHS
    first_note = "" if summary.months_to_first_production is None else f"{summary.months_to_first_production:g}"
    all_note = "" if summary.total_months is None else f"{summary.total_months:g}"
    key_dates: tuple[tuple[str, CellValue, str], ...] = (
        ("Assessment and planning ends", summary.assessment_end, "The first pilots can start from here."),
        (
            "First use case in production",
            summary.first_production or "Not scheduled",
            first_note and f"{first_note} months after the start",
        ),
        (
            "All chosen use cases in production",
            summary.all_in_production or "Not scheduled",
            all_note and f"{all_note} months after the start",
        ),
        (
            f"Within the usual {low}–{high} months?",
            "Not known yet" if summary.within_guidance is None else _yes_no(summary.within_guidance),
            f"Most organisations take {low} to {high} months to bring their chosen use cases into production.",
        ),
        ("Use cases on the roadmap", summary.scheduled_use_cases, ""),
        ("Plan horizon ends", summary.horizon_end, "Live use cases keep being optimised until then."),
    )
    for label, shown, note in key_dates:
        value_style = LEFT_DATE_STYLE if isinstance(shown, date) else LEFT_STYLE
        sheet.put_row(row, (label, shown, note), (LABEL_STYLE, value_style, NOTE_STYLE))
        row += 1

    row = _section(sheet, row + 1, "Readiness of the organisation")
    readiness = ex.readiness
    index: CellValue = readiness.index if readiness.index is not None else "Not answered yet"
    note = "0 = nothing in place, 100 = fully ready; from the readiness questionnaire."
    sheet.put_row(row, ("Readiness index", index, note), (LABEL_STYLE, INDEX_STYLE, NOTE_STYLE))
    row += 1
    blockers = {b.dimension_id for b in readiness.blockers}
    for dim in readiness.dimensions:
        score: CellValue = dim.score if dim.score is not None else "Not answered yet"
        note = f"{dim.answered} of {dim.total} questions answered"
        if dim.id in blockers:
            note += "; weak: act on it during assessment"
        sheet.put_row(row, (dim.label, score, note), (None, DIMENSION_SCORE_STYLE, NOTE_STYLE))
        row += 1

    row = _section(sheet, row + 1, "Use cases on the roadmap")
    row = _summary_use_cases(sheet, row, ex)
    row = _section(sheet, row + 1, f"Top {SUMMARY_TOP_RISKS} risks")
    row = _summary_risks(sheet, row, ex.risks[:SUMMARY_TOP_RISKS])

    row = _section(sheet, row + 1, "Warnings from the planner")
    warnings = ex.roadmap.warnings or ["None: the plan fits the capacity, the dependencies and the usual timescales."]
    for warning in warnings[:SUMMARY_MAX_WARNINGS]:
        row = _long_text_row(sheet, row, warning)
    if len(warnings) > SUMMARY_MAX_WARNINGS:
        more = len(warnings) - SUMMARY_MAX_WARNINGS
        sheet.put(row, 1, f"… and {more} more: open the workshop in Roadmap Planner to see them all.", NOTE_STYLE)
        row += 1

    row = _section(sheet, row + 1, "What is in this workbook")
    for name, description in SHEET_GUIDE:
        sheet.put_row(row, (name, description), (LABEL_STYLE,))
        row += 1
    sheet.ws.sheet_view.showGridLines = False


def _long_text_row(sheet: _Sheet, row: int, text: str) -> int:
    sheet.merge(row=row, first_column=1, last_column=len(SUMMARY_WIDTHS))
    sheet.put(row, 1, text, WRAP_STYLE)
    sheet.fit_height(row, [(text, sum(SUMMARY_WIDTHS))])
    return row + 1


def _summary_use_cases(sheet: _Sheet, row: int, ex: Analysis) -> int:
    scheduled = set(ex.roadmap.order)
    chosen = [s for s in ex.ranking if s.use_case_id in scheduled]
    if not chosen:
        sheet.put(row, 1, "No use case is on the roadmap yet.", NOTE_STYLE)
        return row + 1
    production = {p.use_case_id: p.start for p in ex.roadmap.phases if p.phase == PhaseName.OPTIMIZATION}
    higher = {c.id: c.higher_is_better for c in ex.workshop.criteria}
    row = _header_row(sheet, row, ("Use case", "Rank", "Quadrant", "In production from", "Why it ranks here"))
    styles = (WRAP_STYLE, LEFT_STYLE, WRAP_STYLE, WRAP_DATE_STYLE, WRAP_STYLE)
    for score in chosen[:SUMMARY_MAX_USE_CASES]:
        why = _why(score, higher)
        values = (score.name, score.rank, QUADRANT_LABELS[score.quadrant], production.get(score.use_case_id), why)
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(score.name, SUMMARY_WIDTHS[0]), (why, SUMMARY_WIDTHS[4])])
        row += 1
    if len(chosen) > SUMMARY_MAX_USE_CASES:
        more = len(chosen) - SUMMARY_MAX_USE_CASES
        sheet.put(row, 1, f"… and {more} more: see the Priorities and Roadmap sheets.", NOTE_STYLE)
        row += 1
    return row


def _summary_risks(sheet: _Sheet, row: int, risks: Sequence[Risk]) -> int:
    if not risks:
        sheet.put(row, 1, "No risk stands out from the readiness answers and the use cases.", NOTE_STYLE)
        return row + 1
    row = _header_row(sheet, row, ("Risk", "Level", "Affects", "Severity", "What to do about it"))
    for risk in risks:
        values = (risk.title, risk.level.capitalize(), risk.use_case, f"{risk.severity} of 25", risk.mitigation)
        sheet.put_row(row, values, (WRAP_STYLE, RISK_LEVEL_STYLES[risk.level], WRAP_STYLE, WRAP_STYLE, WRAP_STYLE))
        texts = [(risk.title, SUMMARY_WIDTHS[0]), (risk.use_case, SUMMARY_WIDTHS[2]), (risk.mitigation, 80.0)]
        sheet.fit_height(row, texts)
        row += 1
    return row


# Use cases, Priorities, Roadmap: one Excel table each, with its header in row 1.


def _use_cases_sheet(sheet: _Sheet, workshop: Workshop) -> None:
    columns = use_case_columns(workshop.criteria)
    fields = [field for field, _ in columns]
    headers = _unique_headers([header for _, header in columns])
    sheet.put_row(1, headers)
    rows: list[list[CellValue]] = [
        [row[field] for field in fields] for row in (to_row(uc, workshop.criteria) for uc in workshop.use_cases)
    ]
    for offset, values in enumerate(rows, start=2):
        sheet.put_row(offset, values)
    _add_table(sheet, name=USE_CASES_TABLE, headers=headers, rows=len(rows))
    sheet.ws.freeze_panes = "C2"
    _fit_widths(sheet, rows, headers)
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
            promptTitle=_xml_text(criterion.label)[:32],
            prompt=_xml_text(criterion.help)[:255] or None,
        )
        dv.add(_column_range(fields, criterion.id, last_row))
        ws.add_data_validation(dv)


def _priorities_sheet(sheet: _Sheet, ex: Analysis) -> None:
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
            _yes_no(score.use_case_id in scheduled),
        ]
        sheet.put_row(offset, values, styles)
        rows.append(values)
    _add_table(sheet, name=PRIORITIES_TABLE, headers=headers, rows=len(rows))
    sheet.ws.freeze_panes = "D2"
    _fit_widths(sheet, rows, headers)


def _roadmap_rows(roadmap: Roadmap, today: date) -> list[list[CellValue]]:
    return [
        [p.use_case_id or "", p.use_case, p.phase.value, p.start, p.end, _months(p), _status(p, today)]
        for p in roadmap.phases
    ]


def _roadmap_sheet(sheet: _Sheet, ex: Analysis) -> None:
    sheet.put_row(1, ROADMAP_COLUMNS)
    rows = _roadmap_rows(ex.roadmap, ex.today)
    for offset, values in enumerate(rows, start=2):
        sheet.put_row(offset, values)
    _add_table(sheet, name=ROADMAP_TABLE, headers=ROADMAP_COLUMNS, rows=len(rows))
    sheet.ws.freeze_panes = "A2"
    _fit_widths(sheet, rows, ROADMAP_COLUMNS)


# Gantt


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


def _gantt_sheet(sheet: _Sheet, ex: Analysis) -> None:
    phases = phases_in_order(ex.roadmap)
    # Each Gantt date reads its Roadmap cell: a date typed on the Roadmap sheet moves the bar too.
    roadmap_rows = {(p.use_case_id, p.phase): row for row, p in enumerate(ex.roadmap.phases, start=2)}
    periods, weekly = _gantt_periods(min(p.start for p in phases), max(p.end for p in phases))
    first_col, last_col = GANTT_FIRST_GRID_COLUMN, GANTT_FIRST_GRID_COLUMN + len(periods) - 1
    last_row = GANTT_FIRST_ROW + len(phases) - 1

    sheet.put(GANTT_TITLE_ROW, 1, f"Roadmap timeline: {ex.workshop.name}", HEADING_STYLE)
    sheet.put(GANTT_NOTE_ROW, 1, GANTT_NOTE, NOTE_STYLE)
    _gantt_legend(sheet)
    _gantt_header(sheet, periods, weekly=weekly)
    for row, phase in enumerate(phases, start=GANTT_FIRST_ROW):
        source = roadmap_rows[(phase.use_case_id, phase.phase)]
        values = (
            phase.use_case,
            PHASE_LABELS[phase.phase],
            Formula(f"{_sheet_ref(ROADMAP_SHEET)}!{get_column_letter(ROADMAP_START_COLUMN)}{source}", phase.start),
            Formula(f"{_sheet_ref(ROADMAP_SHEET)}!{get_column_letter(ROADMAP_END_COLUMN)}{source}", phase.end),
            MILESTONES.get(phase.phase),
        )
        sheet.put_row(row, values, (None, None, CENTRED_DATE_STYLE, CENTRED_DATE_STYLE))
    _gantt_rules(sheet.ws, first_col=first_col, last_col=last_col, last_row=last_row, weekly=weekly)

    sheet.widths(GANTT_WIDTHS)
    sheet.widths([WEEK_COLUMN_WIDTH if weekly else MONTH_COLUMN_WIDTH] * len(periods), first_column=first_col)
    sheet.ws.freeze_panes = f"{get_column_letter(first_col)}{GANTT_FIRST_ROW}"
    sheet.ws.print_title_rows = f"{GANTT_LEGEND_ROW}:{GANTT_HEADER_ROW}"


def _gantt_legend(sheet: _Sheet) -> None:
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


def _gantt_header(sheet: _Sheet, periods: Sequence[date], *, weekly: bool) -> None:
    sheet.put_row(GANTT_HEADER_ROW, GANTT_HEADERS, [HEADER_STYLE] * len(GANTT_HEADERS))
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
    for column, day in enumerate(periods, start=GANTT_FIRST_GRID_COLUMN):
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
            sheet.put(GANTT_HEADER_ROW, column, periods[column - GANTT_FIRST_GRID_COLUMN], day_styles[index % 2])


def _gantt_rules(ws: Any, *, first_col: int, last_col: int, last_row: int, weekly: bool) -> None:
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


# Gates & KPIs


def _gates_sheet(sheet: _Sheet, ex: Analysis) -> None:
    workshop, roadmap = ex.workshop, ex.roadmap
    sheet.widths(GATES_WIDTHS)
    sheet.put(1, 1, "Gates, checklists and KPIs", HEADING_STYLE)
    sheet.put(2, 1, "A phase is ready for its gate when its checklist is done and its KPIs are measured.", NOTE_STYLE)
    status_ranges: list[str] = []

    title = f"{PHASE_LABELS[PhaseName.ASSESSMENT]} checklist, for the {ORGANISATION.lower()}"
    row = _section(sheet, 4, title)
    done, total = progress(workshop.assessment_checklist, PhaseName.ASSESSMENT)
    sheet.put(row, 1, f"{done} of {total} done", NOTE_STYLE)
    sheet.merge(row=row + 1, first_column=3, last_column=len(GATES_WIDTHS))
    row = _header_row(sheet, row + 1, ("Item", "Status", "Why it matters", *[""] * (len(GATES_WIDTHS) - 3)))
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
        row = _section(sheet, row + 1, f"{PHASE_LABELS[phase_name]} checklist, per use case")
        row, status_range = _phase_checklist(sheet, row, phase_name, reaching[phase_name])
        if status_range:
            status_ranges.append(status_range)

    row = _section(sheet, row + 1, "Gate decisions")
    row = _gate_decisions(sheet, row, [by_id[i] for i in roadmap.order])
    row = _section(sheet, row + 1, "KPIs")
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


def _phase_checklist(sheet: _Sheet, row: int, phase: PhaseName, use_cases: Sequence[UseCase]) -> tuple[int, str]:
    """One row per use case and one column per checklist item, each cell "done" or "open"."""
    if not use_cases:
        sheet.put(row, 1, "No use case reaches this phase on the roadmap.", NOTE_STYLE)
        return row + 1, ""
    items = checklist(phase)
    _header_row(sheet, row, ("Use case", "Done", *(item.text for item in items)), style=HEADER_WRAP_STYLE)
    sheet.fit_height(row, [(item.text, GATES_WIDTHS[2]) for item in items], bold=True)
    first = row + 1
    for offset, uc in enumerate(use_cases, start=first):
        ticked = set(uc.checklist)
        done, total = progress(ticked, phase)
        statuses = (DONE if item.id in ticked else OPEN for item in items)
        sheet.put_row(offset, (uc.name, f"{done} of {total}", *statuses))
    last = first + len(use_cases) - 1
    return last + 1, f"C{first}:{get_column_letter(2 + len(items))}{last}"


def _gate_decisions(sheet: _Sheet, row: int, use_cases: Sequence[UseCase]) -> int:
    decisions = [(uc, d) for uc in use_cases for d in uc.gate_decisions]
    if not decisions:
        sheet.put(row, 1, "No gate decision recorded yet.", NOTE_STYLE)
        return row + 1
    row = _header_row(sheet, row, ("Use case", "Gate", "Decision", "Date", "Note"))
    note_width = sum(GATES_WIDTHS[4:])
    styles = (WRAP_STYLE, WRAP_STYLE, LEFT_STYLE, LEFT_DATE_STYLE, WRAP_STYLE)
    for uc, decision in decisions:
        sheet.merge(row=row, first_column=5, last_column=len(GATES_WIDTHS))
        values = (uc.name, GATE_LABELS[decision.gate], DECISION_LABELS[decision.decision], decision.date, decision.note)
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(uc.name, GATES_WIDTHS[0]), (decision.note, note_width)])
        row += 1
    return row


def _kpis(sheet: _Sheet, row: int, ex: Analysis) -> int:
    order = {uc_id: i for i, uc_id in enumerate(ex.roadmap.order)}
    use_cases = sorted(ex.workshop.use_cases, key=lambda uc: order.get(uc.id, len(order)))
    kpis = [(uc, kpi) for uc in use_cases for kpi in uc.kpis]
    if not kpis:
        sheet.put(row, 1, "No KPI defined yet: agree a baseline and a target before each pilot starts.", NOTE_STYLE)
        return row + 1
    headers = ("Use case", "Metric", "Baseline", "Target", "Latest", "Unit", "Direction", "Status", "On roadmap")
    row = _header_row(sheet, row, headers)
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
            _yes_no(uc.id in order),
        ]
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(uc.name, GATES_WIDTHS[0]), (kpi.metric, GATES_WIDTHS[1])])
        row += 1
    return row


# Lists and _meta


def _lists_sheet(sheet: _Sheet) -> None:
    for column_index, (name, column, label, values) in enumerate(LISTS, start=1):
        sheet.put(1, column_index, label, LABEL_STYLE)
        for row, value in enumerate(values, start=2):
            sheet.put(row, column_index, value)
        sheet.ws.parent.defined_names[name] = DefinedName(name, attr_text=_list_range(column, len(values)))
    sheet.widths([16] * len(LISTS))
    sheet.ws.sheet_state = "hidden"


def _meta_sheet(sheet: _Sheet, workshop: Workshop) -> None:
    sheet.put(1, 1, META_LABEL)
    version = CellRange(META_VERSION_CELL)
    sheet.put(version.min_row, version.min_col, SCHEMA_VERSION)
    sheet.put(2, 1, META_NOTE)
    # JSON escapes control characters itself; these two are legal JSON but not legal XML, so escape them too.
    text = dump_workshop(workshop).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    for row, offset in enumerate(range(0, len(text), META_CHUNK), start=META_FIRST_ROW):
        sheet.put(row, 1, text[offset : offset + META_CHUNK])
    sheet.ws.sheet_state = "veryHidden"


def build_workbook(ex: Analysis) -> bytes:
    """The workshop as .xlsx bytes: summary, editable use cases, priorities, roadmap, Gantt, gates and KPIs."""
    workshop = ex.workshop
    wb = Workbook()
    styles = _Styles(wb)
    wb.active.title = SUMMARY_SHEET
    sheets = [_Sheet(wb.active, styles)]
    titles = (USE_CASES_SHEET, PRIORITIES_SHEET, ROADMAP_SHEET, GANTT_SHEET, GATES_SHEET, LISTS_SHEET, META_SHEET)
    sheets += [_Sheet(wb.create_sheet(title), styles) for title in titles]
    summary, use_cases, priorities, roadmap, gantt, gates, lists, meta = sheets
    _summary_sheet(summary, ex)
    _use_cases_sheet(use_cases, workshop)
    _priorities_sheet(priorities, ex)
    _roadmap_sheet(roadmap, ex)
    _gantt_sheet(gantt, ex)
    _gates_sheet(gates, ex)
    _lists_sheet(lists)
    _meta_sheet(meta, workshop)
    for sheet in (summary, use_cases, priorities, roadmap, gantt, gates):
        _print_one_page_wide(sheet.ws)
    wb.properties.title = _xml_text(workshop.name)
    wb.properties.creator = "Roadmap Planner"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _splice(buffer.getvalue(), sheets)


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
