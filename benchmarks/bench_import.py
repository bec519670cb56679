"""Time imports: a foreign CSV and xlsx of 1,000 and 5,000 rows, and our own workbook read back.

Run: python -m benchmarks.bench_import
Goal: a 5,000-row CSV or xlsx imports in under 2 s.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import partial

from openpyxl import Workbook as XlsxWorkbook

from benchmarks.synthetic import median_ms, synthetic_workshop
from planner.domain.analysis import analyse
from planner.domain.models import Workshop
from planner.formats.excel import build_workbook
from planner.formats.header_mapping import suggest_mapping
from planner.formats.imports import apply_import, rows_to_use_cases
from planner.formats.roundtrip import read_own_workbook
from planner.formats.spreadsheets import read_table

HEADERS = ["Use Case Name", "Summary", "Bureau", "Development Stage", "Business value", "Data readiness"]
STAGES = ["Planned", "Pilot", "Deployed", "Operation and Maintenance", "Retired", "on hold"]


def _rows(n: int) -> list[list[str]]:
    return [
        [f"Use case {i}", f"Does thing {i}", f"Bureau {i % 9}", STAGES[i % 6], str(1 + i % 5), "3"] for i in range(n)
    ]


def csv_bytes(n: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(_rows(n))
    return buffer.getvalue().encode()


def xlsx_bytes(n: int) -> bytes:
    wb = XlsxWorkbook(write_only=True)
    ws = wb.create_sheet("Inventory")
    ws.append(HEADERS)
    for row in _rows(n):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def foreign_import(name: str, data: bytes) -> Workshop:
    base = Workshop(name="Bench")
    table = read_table(name, data)
    result = rows_to_use_cases(table, suggest_mapping(table.headers, base.criteria), criteria=base.criteria)
    return apply_import(base, result.use_cases, mode="replace")


def main() -> None:
    print(f"{'rows':>6} {'csv ms':>8} {'xlsx ms':>8} {'own workbook ms':>16}")
    for n in (1_000, 5_000):
        as_csv, as_xlsx = csv_bytes(n), xlsx_bytes(n)
        own = build_workbook(analyse(synthetic_workshop(n), today=date.today()))
        csv_ms = median_ms(partial(foreign_import, "list.csv", as_csv))
        xlsx_ms = median_ms(partial(foreign_import, "list.xlsx", as_xlsx))
        own_ms = median_ms(partial(read_own_workbook, "own.xlsx", own))
        print(f"{n:>6,} {csv_ms:>8.0f} {xlsx_ms:>8.0f} {own_ms:>16.0f}")


if __name__ == "__main__":
    main()
