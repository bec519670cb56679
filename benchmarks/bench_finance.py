"""Time the finance read off a realistic portfolio's roadmap, beside the schedule it reads; prints the figures.

Run: python -m benchmarks.bench_finance
Goal: finance for 1,000 use cases in 50 ms or less. "Budget" is the schedule again with a spend limit per quarter
of a fifth of what the unlimited plan spends in its busiest quarter, so phases wait for money as well as capacity.
"""

from __future__ import annotations

from functools import partial

from benchmarks.synthetic import median_ms, realistic_portfolio
from planner.domain.finance import build_finance
from planner.domain.schedule import build_roadmap

SIZES = (1_000, 3_600, 10_000)
GOAL_MS = 50


def main() -> None:
    print(f"{'use cases':>10}  {'schedule ms':>11}  {'finance ms':>10}  {'with budget ms':>14}  {'months':>6}")
    for n in SIZES:
        workshop = realistic_portfolio(n)
        roadmap = build_roadmap(workshop)
        schedule = median_ms(partial(build_roadmap, workshop))
        finance = median_ms(partial(build_finance, workshop, roadmap))
        busiest = max(q.investment for q in build_finance(workshop, roadmap).quarters)
        limited = workshop.model_copy(
            update={"plan": workshop.plan.model_copy(update={"budget_per_quarter": round(busiest / 5)})}
        )
        budget = median_ms(partial(build_roadmap, limited), repeat=1)
        months = len(build_finance(workshop, roadmap).months)
        print(f"{n:>10,}  {schedule:>11.0f}  {finance:>10.1f}  {budget:>14.0f}  {months:>6}")
    print(f"Goal: finance for 1,000 use cases in {GOAL_MS} ms or less.")


if __name__ == "__main__":
    main()
