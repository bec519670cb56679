"""Time the Excel and CSV exports for 100, 1,000 and 5,000 use cases; prints the figures.

Run: python -m benchmarks.bench_export
Goal: the workbook for 1,000 use cases in under 1 s.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from benchmarks.synthetic import synthetic_workshop
from planner.domain.analysis import analyse
from planner.domain.models import Workshop
from planner.formats.excel import build_workbook, roadmap_csv

SIZES = (100, 1_000, 5_000)


def _median_ms(fn: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(fn())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def _workbook(workshop: Workshop, today: date) -> bytes:
    return build_workbook(analyse(workshop, today=today))


def _csv(workshop: Workshop, today: date) -> bytes:
    return roadmap_csv(analyse(workshop, today=today))


def main() -> None:
    print("workbook = build_workbook (ranking, sensitivity, schedule, risks and all eight sheets); csv = roadmap_csv")
    print(f"{'use cases':>10} {'workbook ms':>12} {'workbook KB':>12} {'csv ms':>8} {'csv KB':>8}")
    for n in SIZES:
        workshop = synthetic_workshop(n)
        repeat = 5 if n <= 1_000 else 3
        today = date.today()
        # Analysis included in both: that is what a download costs the first time after a change.
        xlsx_ms, xlsx_size = _median_ms(partial(_workbook, workshop, today), repeat)
        csv_ms, csv_size = _median_ms(partial(_csv, workshop, today), repeat)
        print(f"{n:>10,} {xlsx_ms:>12.0f} {xlsx_size / 1024:>12,.0f} {csv_ms:>8.0f} {csv_size / 1024:>8,.0f}")


if __name__ == "__main__":
    main()
