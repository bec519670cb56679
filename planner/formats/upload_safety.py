"""Upload safety: what an untrusted file must pass before anything parses it (size, type, zip structure)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Literal

from planner.domain.errors import WorkshopInputError

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


class UnsafeFileError(WorkshopInputError):
    """A file refused before parsing: too big, not a spreadsheet, macros, or a zip that expands too far."""


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
    if utf16(data) is not None:
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


def utf16(data: bytes) -> str | None:
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
