"""Reading CSV and xlsx files into a plain table of text: encodings, delimiters, sheets, repeated headers.

Every value is read as text; what a column means is decided later (header_mapping.py, imports.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from planner.domain.errors import WorkshopInputError
from planner.formats.sheet_layout import (
    USE_CASES_SHEET,
)
from planner.formats.upload_safety import MAX_COLUMNS, MAX_ROWS, MAX_SHEET_ROWS, UnsafeFileError, check_upload, utf16

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Table(BaseModel):
    """A rectangular block of text cells read from a file; `first_row` is the sheet row of rows[0]."""

    source: str
    sheet: str | None = None
    headers: list[str]
    rows: list[list[str]]
    first_row: int = 2
    notes: list[str] = Field(default_factory=list)
    delimiter: str | None = Field(default=None, description="The CSV's field separator; None for a workbook")


def clean_text(value: str) -> str:
    return CONTROL_CHARS.sub("", value)


def _decode(name: str, data: bytes) -> str:
    encoding = utf16(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise WorkshopInputError(
                [f"{name}: the file looks like UTF-16 (Unicode) text but cannot be read as it; save it as CSV UTF-8"]
            ) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    first_lines = text[:20_000].splitlines()[:20]
    sample = "\n".join(first_lines)
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _dedupe_headers(raw: Sequence[str], notes: list[str]) -> list[str]:
    headers: list[str] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(raw):
        text = clean_text(header).strip()
        if not text:
            text = f"Column {_column_letter(index)}"
            notes.append(f"Column {_column_letter(index)} has no header (merged or empty cell); it is called '{text}'.")
        key = text.casefold()
        if key in seen:
            seen[key] += 1
            renamed = f"{text} ({seen[key]})"
            notes.append(
                f"The header '{text}' appears more than once; the copy in column {_column_letter(index)} "
                f"is called '{renamed}'."
            )
            text = renamed
        else:
            seen[key] = 1
        headers.append(text)
    return headers


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_csv(name: str, data: bytes) -> Table:
    text = _decode(name, data).replace("\x00", "")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise WorkshopInputError([f"{name}: the file has no rows"])
        if len(header) > MAX_COLUMNS:
            raise WorkshopInputError([f"{name}: {len(header)} columns; at most {MAX_COLUMNS}"])
        notes: list[str] = []
        headers = _dedupe_headers(header, notes)
        rows: list[list[str]] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= MAX_ROWS:
                raise WorkshopInputError(
                    [f"{name}: more than {MAX_ROWS:,} rows; split the file and import it in parts"]
                )
            rows.append(row[: len(headers)] + [""] * (len(headers) - len(row)))
    except csv.Error as exc:
        raise WorkshopInputError([f"{name}: line {reader.line_num}: the CSV cannot be read ({exc})"]) from None
    return Table(source=name, headers=headers, rows=rows, notes=notes, delimiter=delimiter)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _unreadable(name: str, exc: BaseException) -> WorkshopInputError:
    """Explain why openpyxl (through defusedxml) refused a workbook; XML entities get their own message."""
    chain: BaseException | None = exc
    while chain is not None:
        kind = type(chain).__name__
        if "Entities" in kind or "DTD" in kind or "ExternalReference" in kind:
            return UnsafeFileError(
                [f"{name}: the workbook declares XML entities, which spreadsheets never need; it is refused"]
            )
        chain = chain.__cause__ or chain.__context__
    return WorkshopInputError(
        [f"{name}: the workbook cannot be read ({type(exc).__name__}); open it in Excel, save it, and try again"]
    )


def open_workbook(name: str, data: bytes) -> Any:
    from openpyxl import load_workbook  # slow to import; only xlsx imports need it

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds of error on malformed files
        raise _unreadable(name, exc) from None


def read_sheet(worksheet: Any, *, name: str, sheet: str) -> Table:
    worksheet.reset_dimensions()  # the declared size is what the file claims, not what it holds
    rows_iter = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    header: list[str] | None = None
    header_row = 0
    rows: list[list[str]] = []
    for number, values in enumerate(rows_iter, start=1):
        if number > MAX_SHEET_ROWS:
            # Gaps are read as blank rows, so one cell far down the sheet would cost a million of them.
            raise WorkshopInputError(
                [
                    f"{name}, sheet '{sheet}': something is written below row {MAX_SHEET_ROWS:,}; at most "
                    f"{MAX_SHEET_ROWS:,} rows are read. Delete the rows below the table (select them, then "
                    "Delete rows) and save again."
                ]
            )
        if not any(v is not None and v != "" for v in values):
            continue
        texts = [cell_text(v) for v in values]
        if header is None:
            if any(t.strip() for t in texts):
                while texts and not texts[-1].strip():
                    texts.pop()
                if len(texts) > MAX_COLUMNS:
                    raise WorkshopInputError([f"{name}, sheet '{sheet}': more than {MAX_COLUMNS} columns"])
                header, header_row = texts, number
            continue
        if not any(t.strip() for t in texts):
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkshopInputError(
                [f"{name}, sheet '{sheet}': more than {MAX_ROWS:,} rows; split the file and import it in parts"]
            )
        width = len(header)
        rows.append(texts[:width] + [""] * (width - len(texts)))
    if header is None:
        raise WorkshopInputError([f"{name}, sheet '{sheet}': the sheet is empty"])
    notes: list[str] = []
    headers = _dedupe_headers(header, notes)
    return Table(source=name, sheet=sheet, headers=headers, rows=rows, first_row=header_row + 1, notes=notes)


def read_xlsx(name: str, data: bytes, *, sheet: str | None = None) -> Table:
    workbook = open_workbook(name, data)
    try:
        visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if sheet is None:
            sheet = USE_CASES_SHEET if USE_CASES_SHEET in visible else (visible[0] if visible else None)
        if sheet is None or sheet not in workbook.sheetnames:
            raise WorkshopInputError([f"{name}: no sheet called '{sheet}'; sheets: {', '.join(visible)}"])
        try:
            return read_sheet(workbook[sheet], name=name, sheet=sheet)
        except WorkshopInputError:
            raise
        except Exception as exc:  # worksheets are parsed lazily in read-only mode
            raise _unreadable(name, exc) from None
    finally:
        workbook.close()


def read_table(name: str, data: bytes, *, sheet: str | None = None) -> Table:
    """Any CSV or xlsx upload -> a Table of text, after the safety checks."""
    kind = check_upload(name, data)
    return read_xlsx(name, data, sheet=sheet) if kind == "xlsx" else read_csv(name, data)


def sheet_names(name: str, data: bytes) -> list[str]:
    if check_upload(name, data) != "xlsx":
        return []
    workbook = open_workbook(name, data)
    try:
        return [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()
