"""Time scoring and scheduling for 100, 1,000 and 10,000 use cases; prints the figures.

Run: python -m benchmarks.bench_planner
Goal: 1,000 use cases in under 50 ms, with growth close to n log n.
"""

from __future__ import annotations

import math
import statistics
import time

from benchmarks.synthetic import synthetic_workshop
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases, sensitivity

SIZES = (100, 1_000, 10_000)


def _median_ms(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    print("score = ranking with per-criterion explanations; plan = ranking + schedule (what build_roadmap does)")
    print(f"{'use cases':>10} {'score ms':>10} {'plan ms':>12} {'sensitivity ms':>15} {'plan / (n log n) x1e3':>22}")
    for n in SIZES:
        w = synthetic_workshop(n)
        repeat = 7 if n <= 1_000 else 3
        score = _median_ms(lambda w=w: rank_use_cases(w), repeat)
        # build_roadmap ranks as well, so its time is score + schedule together.
        both = _median_ms(lambda w=w: build_roadmap(w), repeat)
        sens = _median_ms(lambda w=w: sensitivity(w), repeat)
        print(f"{n:>10,} {score:>10.1f} {both:>12.1f} {sens:>15.1f} {both / (n * math.log2(n)) * 1e3:>22.3f}")


if __name__ == "__main__":
    main()
