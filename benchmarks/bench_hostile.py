"""Time what a hostile or careless file costs now that everything a file can say is bounded.

Run: python -m benchmarks.bench_hostile
Goals: each refusal in under 2 s; the largest workshop the models accept is planned and exported in under 20 s;
20 tabs racing to save one workshop lose no edit.
"""

from __future__ import annotations

import io
import json
import tempfile
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from planner.domain.analysis import analyse
from planner.domain.errors import RevisionConflict, WorkshopInputError
from planner.domain.models import Workshop
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import MAX_USE_CASES
from planner.formats.excel import build_workbook
from planner.formats.spreadsheets import read_table
from planner.formats.workshop_json import parse_workshop
from planner.storage.store import Store


def _timed(label: str, action: Callable[[], object]) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        action()
        outcome = "accepted"
    except WorkshopInputError as exc:
        outcome = "refused: " + exc.problems[0][:70]
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {seconds:>7.2f} s {peak / 2**20:>8.0f} MB  {outcome}")


def stray_cell_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name"])
    ws.append(["Churn model"])
    ws.cell(row=1_048_576, column=1, value="stray")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def formatted_blank_xlsx(rows: int = 150_000, columns: int = 20) -> bytes:
    wb = Workbook()
    wb.active.append(["Name"])
    buffer = io.BytesIO()
    wb.save(buffer)
    letters = [chr(ord("A") + i) for i in range(columns)]
    body = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="0"/>' % (c.encode(), r) for c in letters) + b"</row>"
        for r in range(1, rows + 1)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + body + b"</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    return out.getvalue()


def huge_json(n: int = 100_000) -> str:
    return json.dumps(
        {"name": "Huge", "start_date": "2027-01-11", "use_cases": [{"id": f"u{i}", "name": f"U {i}"} for i in range(n)]}
    )


def largest_allowed() -> Workshop:
    return Workshop.model_validate(
        {
            "name": "Largest",
            "start_date": "2100-12-31",
            "plan": {"max_parallel_pilots": 1, "max_parallel_scaling": 1, "horizon_months": 120},
            "use_cases": [
                {"id": f"u{i}", "name": f"Use case {i} " + "x" * 180, "overrides": {"pilot": {"months": 36}}}
                for i in range(MAX_USE_CASES)
            ],
        }
    )


def race(tabs: int = 20) -> tuple[int, int, float]:
    """Each tab adds its own use case, re-reading and retrying on a conflict: (edits kept, conflicts, seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'race.db'}")
        access = store.create(Workshop(name="Race"))
        conflicts = [0]
        barrier = threading.Barrier(tabs)

        def tab(i: int) -> None:
            barrier.wait()
            while True:
                current, revision = store.load_with_revision(access)
                data = current.model_dump()
                data["use_cases"].append({"id": f"u{i}", "name": f"U{i}"})
                try:
                    store.save(access, Workshop.model_validate(data), label="add", base_revision=revision)
                    return
                except RevisionConflict:
                    conflicts[0] += 1

        start = time.perf_counter()
        threads = [threading.Thread(target=tab, args=(i,)) for i in range(tabs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        kept = len(store.load(access).use_cases)
        store.dispose()
    return kept, conflicts[0], seconds


def main() -> None:
    stray, blank = stray_cell_xlsx(), formatted_blank_xlsx()
    print(f"{'file':<44} {'time':>9} {'peak':>11}  outcome")
    _timed(f"xlsx, a cell at row 1,048,576 ({len(stray) / 1024:.1f} KB)", lambda: read_table("stray.xlsx", stray))
    _timed(f"xlsx, 3M formatted empty cells ({len(blank) / 2**20:.1f} MB)", lambda: read_table("blank.xlsx", blank))
    text = huge_json()
    _timed(f"workshop JSON, 100,000 use cases ({len(text) / 2**20:.1f} MB)", lambda: parse_workshop(text))
    _timed("workshop JSON, start date 9999-12-01", lambda: parse_workshop(json.dumps({"start_date": "9999-12-01"})))
    big = largest_allowed()
    _timed("largest allowed: 10,000 through 1 slot, plan", lambda: build_roadmap(big))
    _timed("largest allowed: Excel workbook", lambda: build_workbook(analyse(big, today=date.today())))
    kept, conflicts, seconds = race()
    print(
        f"20 tabs racing to save one workshop: {kept} of 20 edits kept, {conflicts} conflicts retried, {seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
