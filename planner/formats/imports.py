"""Import use cases from spreadsheets: our own workbook back, and CSV/xlsx lists from other tools.

Files are untrusted: size, zip structure and row counts are checked before anything is parsed,
every value is read as text, and each problem names its row, column, value and what was expected.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.library import slugify
from planner.domain.models import (
    ID_PATTERN,
    LONG_TEXT,
    SHORT_TEXT,
    WEEKS_PER_MONTH,
    Criterion,
    Objective,
    Phase,
    PhaseName,
    PhaseOverride,
    Stage,
    UseCase,
    Workshop,
)
from planner.domain.schedule import build_roadmap, phases_in_order
from planner.domain.use_case_rows import FALSE_WORDS, from_row
from planner.formats.numbers import Decimal, guess_decimal, parse_number
from planner.formats.sheet_layout import (
    GANTT_END_COLUMN,
    GANTT_FIRST_ROW,
    GANTT_SHEET,
    GANTT_START_COLUMN,
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
from planner.formats.workshop_json import parse_workshop

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# What an xlsx sheet may make us read, counted in its XML as it is read, not as the file declares: blank
# rows and styled empty cells cost as much to parse as real ones.
MAX_SHEET_CELLS = 400_000
MAX_SHEET_ROWS = 100_000
MAX_ZIP_MEMBERS = 500
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
FORBIDDEN_ZIP_PARTS = ("vbaproject.bin", "activex", "embeddings/", "oleobject", "vbadata.xml")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Mode = Literal["replace", "append"]

# Header words that suggest each field; compared after lower-casing and dropping punctuation.
FIELD_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "key", "ref", "reference", "use case id", "code"),
    "name": ("name", "use case", "use case name", "title", "initiative", "project", "idea", "project name"),
    "description": ("description", "problem", "summary", "details", "problem statement", "what"),
    "owner": ("owner", "lead", "contact", "responsible", "accountable", "product owner"),
    "department": ("department", "bureau", "team", "function", "business unit", "unit", "division", "agency"),
    "objective": ("objective", "business objective", "goal", "benefit type", "value driver"),
    "stage": ("stage", "status", "phase", "lifecycle", "lifecycle stage", "development stage"),
    "annual_value": ("value per year k", "annual value", "value", "benefit", "expected value", "annual benefit"),
    "on_roadmap": ("on roadmap", "selected", "in scope", "include"),
    "depends_on": ("depends on", "dependencies", "prerequisites", "depends"),
}
STAGE_WORDS: Mapping[Stage, tuple[str, ...]] = {
    Stage.IDEA: ("idea", "planned", "planning", "proposed", "backlog", "new", "initiated", "concept", "pre-planning"),
    Stage.ASSESSMENT: ("assessment", "evaluation", "evaluating", "discovery", "analysis", "feasibility", "research"),
    Stage.PILOT: ("pilot", "piloting", "poc", "proof of concept", "prototype", "testing", "trial", "development"),
    Stage.SCALING: ("scaling", "pre-deployment", "rollout", "roll-out", "implementation", "acquisition", "deploying"),
    Stage.PRODUCTION: (
        "production",
        "in production",
        "deployed",
        "operational",
        "live",
        "in use",
        "operation and maintenance",
        "implemented",
    ),
    Stage.RETIRED: ("retired", "decommissioned", "cancelled", "canceled", "stopped", "discontinued", "archived"),
}
OBJECTIVE_WORDS: Mapping[Objective, tuple[str, ...]] = {
    Objective.COST_REDUCTION: ("cost reduction", "cost", "costs", "savings", "cost saving", "reduce cost"),
    Objective.REVENUE_GROWTH: ("revenue growth", "revenue", "growth", "sales", "income"),
    Objective.CUSTOMER_EXPERIENCE: ("customer experience", "customer", "cx", "service quality", "citizen experience"),
    Objective.OPERATIONAL_EFFICIENCY: ("operational efficiency", "efficiency", "productivity", "operations", "speed"),
    Objective.OTHER: ("other",),
}


class UnsafeFileError(WorkshopInputError):
    """A file refused before parsing: too big, not a spreadsheet, macros, or a zip that expands too far."""


class Table(BaseModel):
    """A rectangular block of text cells read from a file; `first_row` is the sheet row of rows[0]."""

    source: str
    sheet: str | None = None
    headers: list[str]
    rows: list[list[str]]
    first_row: int = 2
    notes: list[str] = Field(default_factory=list)
    delimiter: str | None = Field(default=None, description="The CSV's field separator; None for a workbook")


class RowProblem(BaseModel):
    row: int
    column: str
    value: str
    expected: str
    blocking: bool = Field(description="True when the row is left out; False when a default was used")

    def message(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
        action = "row left out" if self.blocking else "default used"
        return f"Row {self.row}, column '{self.column}': got '{shown}', expected {self.expected} ({action})"


class ImportResult(BaseModel):
    use_cases: list[UseCase]
    problems: list[RowProblem]
    rows_read: int


def clean_text(value: str) -> str:
    return CONTROL_CHARS.sub("", value)


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", text).replace("_", " ")).strip()


# Reading files


def check_upload(name: str, data: bytes, *, limit: int = MAX_UPLOAD_BYTES) -> Literal["csv", "xlsx"]:
    """Refuse what should never be parsed; return the kind of spreadsheet otherwise."""
    if len(data) > limit:
        raise UnsafeFileError([f"{name}: the file is {len(data) / 1e6:.1f} MB; the limit is {limit // 2**20} MB"])
    if not data.strip():
        raise UnsafeFileError([f"{name}: the file is empty"])
    lower = name.lower()
    if data.startswith(OLE_SIGNATURE) or lower.endswith(".xls"):
        raise UnsafeFileError(
            [f"{name}: this is an old-style .xls workbook; open it in Excel and save it as .xlsx or .csv first"]
        )
    if data.startswith(ZIP_SIGNATURE):
        _check_zip(name, data)
        return "xlsx"
    if lower.endswith((".xlsx", ".xlsm", ".zip")):
        raise UnsafeFileError([f"{name}: this is not a real .xlsx file (it is not a zip archive); save it again"])
    if lower.endswith((".ods", ".numbers")):
        raise UnsafeFileError([f"{name}: this app reads .xlsx and .csv; save the file in one of those formats first"])
    if lower.endswith(".json") or data.lstrip()[:1] == b"{":
        raise UnsafeFileError(
            [f"{name}: this looks like a workshop file (JSON); open it on the Workshop page, not as a spreadsheet"]
        )
    if _utf16(data) is not None:
        return "csv"
    sample = data[:4096]
    # Text has almost no control bytes; binary files are full of them.
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) / 100 + 1:
        raise UnsafeFileError([f"{name}: this is not a spreadsheet or a CSV text file"])
    return "csv"


def _check_zip(name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnsafeFileError([f"{name}: the file is damaged (not a readable .xlsx)"]) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise UnsafeFileError([f"{name}: the workbook has {len(members)} parts; at most {MAX_ZIP_MEMBERS}"])
        total = sum(m.file_size for m in members)
        packed = max(1, sum(m.compress_size for m in members))
        if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
            raise UnsafeFileError(
                [
                    f"{name}: the workbook would expand to {total / 1e6:.0f} MB; "
                    "this looks like a zip bomb and is refused"
                ]
            )
        names = [m.filename.lower() for m in members]
        for forbidden in FORBIDDEN_ZIP_PARTS:
            if any(forbidden in n for n in names):
                raise UnsafeFileError(
                    [
                        f"{name}: the workbook contains macros or embedded objects ({forbidden.strip('/')}); "
                        "save a copy as a plain .xlsx without macros and import that"
                    ]
                )
        if "xl/workbook.xml" not in names:
            raise UnsafeFileError([f"{name}: this zip file is not an Excel workbook"])
        for member in members:
            if member.filename.lower().startswith("xl/worksheets/") and member.filename.lower().endswith(".xml"):
                # Before openpyxl opens anything: it parses a whole sheet just to learn its size.
                cells = _count_sheet_cells(archive, member.filename)
                if cells > MAX_SHEET_CELLS:
                    raise UnsafeFileError(
                        [
                            f"{name}: a sheet holds more than {MAX_SHEET_CELLS:,} cells (formatted empty ones count "
                            "too), and no more are read. Copy just the table to a new sheet or file and import "
                            "that."
                        ]
                    )
        content_types = archive.read("[Content_Types].xml") if "[content_types].xml" in names else b""
        if b"macroEnabled" in content_types:
            raise UnsafeFileError([f"{name}: this is a macro-enabled workbook (.xlsm); save it as .xlsx first"])


def _utf16(data: bytes) -> str | None:
    """The UTF-16 encoding of a text file, which Excel writes for "Unicode text": by its BOM, else by its zeros."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.4 and even == 0:
            return "utf-16-le"
        if even > len(sample) * 0.4 and odd == 0:
            return "utf-16-be"
    return None


def _decode(name: str, data: bytes) -> str:
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16)
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


def _cell_text(value: Any) -> str:
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


def _open_workbook(name: str, data: bytes) -> Any:
    from openpyxl import load_workbook  # slow to import; only xlsx imports need it

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds of error on malformed files
        raise _unreadable(name, exc) from None


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?c[\s/>]")  # `<c `, `<c>`, `<c/>`, `<x:c\t`, ...
_CELL_TAG_TAIL = 40  # longer than any match, so a tag split between two chunks is still seen


def _count_sheet_cells(archive: zipfile.ZipFile, path: str, *, limit: int = MAX_SHEET_CELLS) -> int:
    """Cells in a sheet's XML, counted while streaming it; counting stops soon after `limit` is passed."""
    cells, tail = 0, b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            buffer = tail + chunk
            # Tags that lay wholly in the tail were counted with the previous chunk.
            cells += sum(1 for m in _CELL_TAG.finditer(buffer) if m.end() > len(tail))
            if cells > limit:
                return cells
            tail = buffer[-_CELL_TAG_TAIL:]
    return cells


def _read_sheet(worksheet: Any, *, name: str, sheet: str) -> Table:
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
        texts = [_cell_text(v) for v in values]
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
    workbook = _open_workbook(name, data)
    try:
        visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if sheet is None:
            sheet = USE_CASES_SHEET if USE_CASES_SHEET in visible else (visible[0] if visible else None)
        if sheet is None or sheet not in workbook.sheetnames:
            raise WorkshopInputError([f"{name}: no sheet called '{sheet}'; sheets: {', '.join(visible)}"])
        try:
            return _read_sheet(workbook[sheet], name=name, sheet=sheet)
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
    workbook = _open_workbook(name, data)
    try:
        return [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()


# Mapping columns to fields


def mappable_fields(criteria: Sequence[Criterion]) -> list[str]:
    return [*FIELD_SYNONYMS, *(c.id for c in criteria)]


def suggest_mapping(headers: Sequence[str], criteria: Sequence[Criterion]) -> dict[str, str | None]:
    """Best guess of which column holds each field; the user confirms or edits it."""
    normalised = {h: _normalise_header(h) for h in headers}
    synonyms: dict[str, tuple[str, ...]] = dict(FIELD_SYNONYMS)
    for c in criteria:
        synonyms[c.id] = (_normalise_header(c.label), _normalise_header(c.id))
    mapping: dict[str, str | None] = dict.fromkeys(synonyms)
    taken: set[str] = set()
    # Exact matches first, then headers that contain a synonym, so "Use case name" beats "Name of owner".
    for exact in (True, False):
        for field, words in synonyms.items():
            if mapping[field] is not None:
                continue
            for word in words:
                match = next(
                    (
                        h
                        for h, n in normalised.items()
                        if h not in taken and (n == word if exact else re.search(rf"\b{re.escape(word)}\b", n))
                    ),
                    None,
                )
                if match:
                    mapping[field] = match
                    taken.add(match)
                    break
    return mapping


def map_stage(text: str) -> Stage | None:
    key = _normalise_header(text)
    if not key:
        return None
    for stage, words in STAGE_WORDS.items():
        if key == stage.value or key in words:
            return stage
    for stage, words in STAGE_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", key) for w in words):
            return stage
    return None


def map_objective(text: str) -> Objective | None:
    key = _normalise_header(text)
    if not key:
        return None
    for objective, words in OBJECTIVE_WORDS.items():
        if key == objective.value.replace("_", " ") or key in words:
            return objective
    for objective, words in OBJECTIVE_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", key) for w in words):
            return objective
    return None


def _number(text: str) -> float | None:
    """A number in our own workbook, whose numeric cells always come with a decimal point."""
    return parse_number(text, ".")


def number_fields(criteria: Sequence[Criterion]) -> list[str]:
    """The fields whose columns hold numbers: the value per year and the criteria's scores."""
    return ["annual_value", *(c.id for c in criteria)]


def guess_table_decimal(table: Table, mapping: Mapping[str, str | None], criteria: Sequence[Criterion]) -> Decimal:
    """The decimal separator the table's number columns use; a semicolon CSV leans to the decimal comma."""
    position = {h: i for i, h in enumerate(table.headers)}
    columns = [position[c] for f in number_fields(criteria) if (c := mapping.get(f)) is not None and c in position]
    values = (row[i] for row in table.rows for i in columns)
    return guess_decimal(values, default="," if table.delimiter == ";" else ".")


def shorten_name(name: str, description: str) -> tuple[str, str]:
    """A name cut to fit at a word boundary (with an ellipsis), and a description that starts with the full name."""
    cut = name[: SHORT_TEXT - 1]
    if " " in cut[SHORT_TEXT // 2 :]:
        cut = cut[: cut.rindex(" ")]
    full = f"Full name: {name}"
    return cut.rstrip(" ,;:-") + "…", f"{full}\n\n{description}" if description else full


def rows_to_use_cases(
    table: Table,
    mapping: Mapping[str, str | None],
    *,
    criteria: Sequence[Criterion],
    default_stage: Stage = Stage.IDEA,
    default_objective: Objective = Objective.OTHER,
    existing_ids: Iterable[str] = (),
    decimal: Decimal = ".",
) -> ImportResult:
    """Turn mapped rows into use cases, collecting one problem per bad cell instead of failing.

    Numbers are read with the given decimal separator (see `guess_table_decimal`); a cell that does not fit it
    is reported, never misread.
    """
    if not mapping.get("name"):
        raise WorkshopInputError(
            [
                f"{table.source}: no column looks like the use case name (headers: {', '.join(table.headers[:12])}). "
                "Choose the name column in the mapping."
            ]
        )
    position = {h: i for i, h in enumerate(table.headers)}
    for field, column in mapping.items():
        if column is not None and column not in position:
            raise WorkshopInputError(
                [f"{table.source}: the mapping for {field} names a column that does not exist: '{column}'"]
            )
    criterion_ids = {c.id for c in criteria}
    ids = set(existing_ids)
    problems: list[RowProblem] = []
    cases: list[UseCase] = []
    pending_dependencies: list[tuple[int, int, list[str]]] = []

    def problem(row: int, field: str, value: str, expected: str, *, blocking: bool) -> RowProblem:
        return RowProblem(
            row=row, column=str(mapping.get(field) or field), value=value, expected=expected, blocking=blocking
        )

    def cell(row: list[str], field: str) -> str:
        column = mapping.get(field)
        return clean_text(row[position[column]]).strip() if column else ""

    for offset, row in enumerate(table.rows):
        number = table.first_row + offset
        row_problems: list[RowProblem] = []
        name = cell(row, "name")
        if not name:
            problems.append(problem(number, "name", "", "a name", blocking=True))
            continue
        fields: dict[str, Any] = {"name": name}
        for field in ("description", "owner", "department"):
            fields[field] = cell(row, field)
        if len(name) > SHORT_TEXT:
            fields["name"], fields["description"] = shorten_name(name, fields["description"])
            row_problems.append(
                problem(
                    number,
                    "name",
                    name[:40],
                    f"at most {SHORT_TEXT} characters (it has {len(name):,}); shortened, with the full name kept "
                    "at the start of the description",
                    blocking=False,
                )
            )
        limits = {"name": SHORT_TEXT, "description": LONG_TEXT, "owner": SHORT_TEXT, "department": SHORT_TEXT}
        for field, limit in limits.items():
            if len(fields[field]) > limit:
                row_problems.append(
                    problem(
                        number,
                        field,
                        fields[field][:40],
                        f"at most {limit:,} characters (it has {len(fields[field]):,})",
                        blocking=True,
                    )
                )
        stage_text = cell(row, "stage")
        stage = map_stage(stage_text)
        if stage is None and stage_text:
            row_problems.append(
                problem(number, "stage", stage_text, f"a stage; set to {default_stage.value}", blocking=False)
            )
        fields["stage"] = stage or default_stage
        objective_text = cell(row, "objective")
        objective = map_objective(objective_text)
        if objective is None and objective_text:
            row_problems.append(
                problem(
                    number,
                    "objective",
                    objective_text,
                    f"an objective; set to {default_objective.value}",
                    blocking=False,
                )
            )
        fields["objective"] = objective or default_objective
        scores: dict[str, int] = {}
        for criterion_id in criterion_ids:
            text = cell(row, criterion_id)
            if not text:
                continue
            value = parse_number(text, decimal)
            if value is None or not value.is_integer() or not 1 <= value <= 5:
                row_problems.append(
                    problem(number, criterion_id, text, "a whole number from 1 to 5; left empty", blocking=False)
                )
                continue
            scores[criterion_id] = int(value)
        fields["scores"] = scores
        value_text = cell(row, "annual_value")
        if value_text:
            amount = parse_number(value_text, decimal)
            if amount is None or amount < 0:
                example = "1.234,5" if decimal == "," else "1,234.5"
                row_problems.append(
                    problem(
                        number,
                        "annual_value",
                        value_text,
                        f"a number of thousands per year written like {example}; left empty",
                        blocking=False,
                    )
                )
            else:
                fields["annual_value"] = amount
        roadmap_text = cell(row, "on_roadmap").casefold()
        fields["on_roadmap"] = roadmap_text not in FALSE_WORDS if roadmap_text else True
        wanted_id = cell(row, "id").casefold()
        if wanted_id and re.fullmatch(ID_PATTERN, wanted_id) and wanted_id not in ids:
            fields["id"] = wanted_id
        else:
            fields["id"] = slugify(wanted_id or name, existing_ids=ids)
        if any(p.blocking for p in row_problems):
            problems.extend(row_problems)
            continue
        try:
            use_case = UseCase.model_validate(fields)
        except ValidationError as exc:
            for line in format_validation_error(exc):
                field, _, message = line.partition(": ")
                problems.append(
                    RowProblem(
                        row=number,
                        column=str(mapping.get(field.split(".")[0]) or field),
                        value="",
                        expected=message,
                        blocking=True,
                    )
                )
            continue
        problems.extend(row_problems)
        ids.add(use_case.id)
        dependencies = [d.strip().casefold() for d in re.split(r"[,;]", cell(row, "depends_on")) if d.strip()]
        if dependencies:
            pending_dependencies.append((len(cases), number, dependencies))
        cases.append(use_case)
    known = {uc.id for uc in cases} | set(existing_ids)
    for index, number, dependencies in pending_dependencies:
        valid = [d for d in dependencies if d in known and d != cases[index].id]
        for missing in (d for d in dependencies if d not in valid):
            problems.append(
                problem(number, "depends_on", missing, "the id of another use case; dependency dropped", blocking=False)
            )
        cases[index] = cases[index].model_copy(update={"depends_on": valid})
    return ImportResult(use_cases=cases, problems=problems, rows_read=len(table.rows))


def apply_import(workshop: Workshop, use_cases: Sequence[UseCase], *, mode: Mode) -> Workshop:
    """Replace the workshop's use cases with the imported ones, or append them (ids kept unique)."""
    if mode == "replace":
        return updated(workshop, use_cases=[uc.model_dump() for uc in use_cases])
    taken = {uc.id for uc in workshop.use_cases}
    renamed: dict[str, str] = {}
    added: list[UseCase] = []
    for uc in use_cases:
        new_id = uc.id if uc.id not in taken else slugify(uc.id, existing_ids=taken)
        renamed[uc.id] = new_id
        taken.add(new_id)
        added.append(uc.model_copy(update={"id": new_id}))
    added = [uc.model_copy(update={"depends_on": [renamed.get(d, d) for d in uc.depends_on]}) for uc in added]
    return updated(
        workshop, use_cases=[*(uc.model_dump() for uc in workshop.use_cases), *(u.model_dump() for u in added)]
    )


# Our own workbook


def is_own_workbook(name: str, data: bytes) -> bool:
    if check_upload(name, data) != "xlsx":
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    return f'name="{META_SHEET}"'.encode() in workbook_xml


def read_own_workbook(name: str, data: bytes) -> tuple[Workshop, list[str]]:
    """A workbook exported by the app -> the workshop, with edits made in Excel applied on top.

    Edits to the Use cases sheet win over the hidden copy; changed pilot or scaling dates on the
    Roadmap sheet become manual overrides. The second value lists every change, in plain words.
    """
    workbook = _open_workbook(name, data)
    try:
        if META_SHEET not in workbook.sheetnames:
            raise WorkshopInputError([f"{name}: this workbook was not exported by Roadmap Planner"])
        meta = workbook[META_SHEET]
        meta.reset_dimensions()
        meta_rows = meta.iter_rows(min_row=META_FIRST_ROW, max_row=MAX_SHEET_ROWS, max_col=1, values_only=True)
        chunks = [str(row[0]) for row in meta_rows if row[0]]
        version_cell = meta[META_VERSION_CELL].value
        try:
            original = parse_workshop("".join(chunks))
        except WorkshopInputError as exc:
            raise WorkshopInputError([f"{name}, sheet {META_SHEET}: {p}" for p in exc.problems]) from None
        if version_cell is not None and str(version_cell) != str(original.schema_version):
            raise WorkshopInputError([f"{name}: schema version {version_cell} does not match the stored workshop"])
        use_case_table = (
            _read_sheet(workbook[USE_CASES_SHEET], name=name, sheet=USE_CASES_SHEET)
            if USE_CASES_SHEET in workbook.sheetnames
            else None
        )
        roadmap_table = (
            _read_sheet(workbook[ROADMAP_SHEET], name=name, sheet=ROADMAP_SHEET)
            if ROADMAP_SHEET in workbook.sheetnames
            else None
        )
        gantt_rows = phases_in_order(build_roadmap(original))
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
        workshop, date_changes = _apply_roadmap_sheet(workshop, roadmap_table)
        changes.extend(date_changes)
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
            candidate = UseCase.model_validate(from_row(cells, workshop.criteria, base=base, read_number=_number))
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
    return [(_cell_text(start), _cell_text(end)) for start, end, *_ in rows]


def _gantt_edits_into_roadmap(
    table: Table, phases: Sequence[Phase], dates: Sequence[tuple[str, str]]
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


def _apply_roadmap_sheet(workshop: Workshop, table: Table) -> tuple[Workshop, list[str]]:
    if list(table.headers[: len(ROADMAP_COLUMNS)]) != list(ROADMAP_COLUMNS):
        return workshop, [f"The '{ROADMAP_SHEET}' sheet's columns were changed; its dates were not read back."]
    planned = {(p.use_case_id, p.phase): p for p in build_roadmap(workshop).phases}
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
