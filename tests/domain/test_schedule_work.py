"""Count the scheduler's work on a portfolio mostly under way: it must grow like n log n, not n².

Fixed phases (use cases in pilot or scaling) used to be rescanned for every placement, an O(n²) that a benchmark
of fresh ideas never saw. This test counts the lines of planner code that scheduling runs, which does not depend on
the machine's speed or on how the scheduler is written, and compares a portfolio with four times as many use cases.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks.synthetic import realistic_portfolio
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import Stage

PLANNER = str(Path(build_roadmap.__code__.co_filename).parent)


def _lines_run(n: int) -> int:
    workshop = realistic_portfolio(n, departments=30)
    under_way = sum(1 for uc in workshop.use_cases if uc.stage in (Stage.PILOT, Stage.SCALING, Stage.PRODUCTION))
    assert under_way > n / 2  # mostly under way, as real inventories are
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(PLANNER) else None

    sys.settrace(calls)
    try:
        build_roadmap(workshop)
    finally:
        sys.settrace(None)
    return count


def test_scheduling_work_grows_like_n_log_n_with_most_use_cases_under_way():
    small, large = 200, 800
    n_log_n = (large * math.log2(large)) / (small * math.log2(small))  # about 5; n² would be 16
    assert _lines_run(large) / _lines_run(small) <= n_log_n
