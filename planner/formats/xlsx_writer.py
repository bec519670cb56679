"""Writing .xlsx cells fast: styles, a sheet that renders its own cell XML, and the helpers every sheet uses.

openpyxl keeps each sheet's settings (widths, merges, tables, rules, validations) and saves the file; the cells are
rendered here as XML and spliced into that file, because openpyxl's own cell writer is too slow for big workshops.
Only public openpyxl API is used.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles import Side as BorderSide
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from planner.domain.results import Phase
from planner.domain.vocabulary import WEEKS_PER_MONTH

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
MONEY_STYLE = CellStyle(number_format="#,##0")  # thousands, as the app shows them
LEFT_MONEY_STYLE = CellStyle(alignment=LEFT, number_format="#,##0")
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


@dataclass(frozen=True)
class Formula:
    """A cell that computes its value in Excel; `cached` is what the file shows before any recalculation."""

    text: str
    cached: date | float | str | None  # None: the formula shows an empty text


CellValue = str | int | float | bool | date | Formula | None


def sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


EXCEL_EPOCH = date(1899, 12, 30)
SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)
DIMENSION = re.compile(r'<dimension ref="[^"]*"')


def safe_text(value: str) -> str:
    """Text for a CSV cell: a leading "'" keeps a spreadsheet from running text that looks like a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_text(value: str) -> str:
    return ILLEGAL_XML_CHARACTERS.sub(ILLEGAL_XML_REPLACEMENT, value)


class Styles:
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


class Sheet:
    """One worksheet: openpyxl keeps its settings (widths, merges, tables, rules) and this class its cells.

    openpyxl's cell writer takes about 25 µs a cell, too slow for a workshop of 1,000 use cases, so the
    cells are rendered here as XML and put into the file openpyxl saved by `splice`.
    """

    def __init__(self, ws: Any, styles: Styles) -> None:
        self.ws = ws
        self._styles = styles
        self._rows: dict[int, dict[int, str]] = {}
        self._heights: dict[int, float] = {}
        self._grouped: dict[int, str] = {}

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

    def group(self, rows: range, *, summary: int) -> None:
        """Fold these rows (outline level 1, closed) under the row `summary` above them, which Excel shows with a +
        to open them. The sheet's outline properties must say summaries are above (summaryBelow off)."""
        for row in rows:
            self._grouped[row] = ' outlineLevel="1" hidden="1"'
        self._grouped[summary] = ' collapsed="1"'

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
        for row in sorted(self._rows.keys() | self._heights.keys() | self._grouped.keys()):
            height = self._heights.get(row)
            extra = (f' ht="{height:g}" customHeight="1"' if height else "") + self._grouped.get(row, "")
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
        text = xml_escape(xml_text(value)).replace("\r", "&#13;")
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{attributes} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{attributes} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Formula):
        formula = f"<f>{xml_escape(value.text)}</f>"
        if value.cached is None or isinstance(value.cached, str):
            return f'<c r="{ref}"{attributes} t="str">{formula}<v>{xml_escape(xml_text(value.cached or ""))}</v></c>'
        if isinstance(value.cached, date):
            return f'<c r="{ref}"{attributes}>{formula}<v>{(value.cached - EXCEL_EPOCH).days}</v></c>'
        return f'<c r="{ref}"{attributes}>{formula}<v>{float(value.cached)!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{attributes}><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return _cell_xml(ref, str(value), attributes)
    return f'<c r="{ref}"{attributes}><v>{value!r}</v></c>'


def _with_cells(xml: str, sheet: Sheet) -> str:
    data = sheet.sheet_data()
    xml = SHEET_DATA.sub(lambda _: data, xml, count=1)
    return DIMENSION.sub(f'<dimension ref="{sheet.dimension()}"', xml, count=1)


def splice(xlsx: bytes, sheets: Sequence[Sheet]) -> bytes:
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


def print_one_page_wide(ws: Any) -> None:
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


def fit_widths(sheet: Sheet, rows: Sequence[Sequence[CellValue]], headers: Sequence[str]) -> None:
    widths = [len(h) + 4 for h in headers]  # room for the table's filter button
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _display_width(value) + 2)
    sheet.widths([min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, w)) for w in widths])


def add_table(sheet: Sheet, *, name: str, headers: Sequence[str], rows: int) -> None:
    # An Excel table needs at least one data row, even an empty one.
    table = Table(displayName=name, ref=f"A1:{get_column_letter(len(headers))}{max(rows, 1) + 1}")
    # Columns are named here because openpyxl would read the names from header cells, and it holds no cells.
    table.autoFilter = AutoFilter(ref=table.ref)  # the filter buttons in the header row
    table.tableColumns = [TableColumn(id=i, name=xml_text(h)) for i, h in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    sheet.ws.add_table(table)


def unique_headers(headers: Sequence[str]) -> list[str]:
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


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def months_of(phase: Phase) -> float:
    return round(phase.weeks / WEEKS_PER_MONTH, 1)


def section(sheet: Sheet, row: int, title: str) -> int:
    sheet.put(row, 1, title, SECTION_STYLE)
    return row + 1


def header_row(sheet: Sheet, row: int, headers: Sequence[str], *, style: CellStyle = HEADER_STYLE) -> int:
    sheet.put_row(row, headers, [style] * len(headers))
    return row + 1
