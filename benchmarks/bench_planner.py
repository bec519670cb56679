"""Time scoring and scheduling for 100, 1,000 and 10,000 use cases; prints the figures.

Run: python -m benchmarks.bench_planner
Goal: 1,000 use cases in under 50 ms, with growth close to n log n.
"""

from __future__ import annotations

import math
from functools import partial

from benchmarks.synthetic import median_ms, synthetic_workshop
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases, sensitivity

SIZES = (100, 1_000, 10_000)


def main() -> None:
    print("score = ranking with per-criterion explanations; plan = ranking + schedule (what build_roadmap does)")
    print(f"{'use cases':>10} {'score ms':>10} {'plan ms':>12} {'sensitivity ms':>15} {'plan / (n log n) x1e3':>22}")
    for n in SIZES:
        w = synthetic_workshop(n)
        repeat = 7 if n <= 1_000 else 3
        score = median_ms(partial(rank_use_cases, w), repeat)
        # build_roadmap ranks as well, so its time is score + schedule together.
        both = median_ms(partial(build_roadmap, w), repeat)
        sens = median_ms(partial(sensitivity, w), repeat)
        print(f"{n:>10,} {score:>10.1f} {both:>12.1f} {sens:>15.1f} {both / (n * math.log2(n)) * 1e3:>22.3f}")


if __name__ == "__main__":
    main()
