"""Time an AppTest rerun of each page, for the example workshop and for 200 use cases.

Run: python -m benchmarks.bench_pages
A one-line Streamlit page is timed in the same run as the baseline.
Goal: at 200 use cases, every page reruns within 3x the one-line page plus 150 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import synthetic_workshop
from planner.domain.models import Workshop
from planner.formats.workshop_json import load_sample_workshop

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("workshop", "readiness", "use_cases", "prioritise", "roadmap", "gates", "share")
REPEAT = 5


def _rerun_ms(at: AppTest) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return statistics.median(times)


def page_ms(page: str, workshop: Workshop) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["workshop"] = workshop
    at.run()
    at.switch_page(f"pages/facilitator/{page}.py").run()
    return _rerun_ms(at)


def baseline_ms() -> float:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "one_line.py"
        script.write_text('import streamlit as st\nst.write("hello")\n')
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        return _rerun_ms(at)


def main() -> None:
    base = baseline_ms()
    budget = 3 * base + 150
    print(f"one-line page: {base:.1f} ms; budget at 200 use cases: {budget:.1f} ms")
    print(f"{'page':<12} {'example ms':>11} {'200 ms':>9} {'ratio':>7} {'within':>7}")
    example, large = load_sample_workshop(), synthetic_workshop(200, pilots=4, scaling=3)
    for page in PAGES:
        small_ms, large_ms = page_ms(page, example), page_ms(page, large)
        print(f"{page:<12} {small_ms:>11.1f} {large_ms:>9.1f} {large_ms / base:>7.1f} {large_ms <= budget!s:>7}")


if __name__ == "__main__":
    main()
