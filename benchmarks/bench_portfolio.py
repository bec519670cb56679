"""Time scheduling a realistic portfolio (mostly under way, 20-60 departments, long names); prints the figures.

Run: python -m benchmarks.bench_portfolio
Goal: scheduling stays O(n log n) with use cases under way; the growth ratio is the time per use case at each size
over the time per use case at 1,000 (1.0 is linear; n log n from 1,000 to 10,000 would be 1.33). "Per team" is the
same portfolio with at most 2 pilots and 2 scaling phases per department, under the organisation-wide cap of 50.
"""

from __future__ import annotations

from functools import partial

from benchmarks.synthetic import median_ms, realistic_portfolio
from planner.domain.analysis import analyse
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import Stage

SIZES = (1_000, 5_000, 10_000)


def main() -> None:
    print(
        f"{'use cases':>10}  {'under way':>9}  {'schedule ms':>11}  {'per team ms':>11}  {'analysis ms':>11}  "
        f"{'growth':>6}"
    )
    first = None
    for n in SIZES:
        workshop = realistic_portfolio(n)
        under_way = sum(1 for uc in workshop.use_cases if uc.stage in (Stage.PILOT, Stage.SCALING, Stage.PRODUCTION))
        schedule = median_ms(partial(build_roadmap, workshop))
        teams = workshop.model_copy(
            update={"plan": workshop.plan.model_copy(update={"team_pilots": 2, "team_scaling": 2})}
        )
        per_team = median_ms(partial(build_roadmap, teams))
        whole = median_ms(partial(analyse, workshop, today=workshop.start_date), repeat=1)
        per_use_case = schedule / n
        first = first or per_use_case
        print(
            f"{n:>10,}  {under_way / n:>9.0%}  {schedule:>11.0f}  {per_team:>11.0f}  {whole:>11.0f}  "
            f"{per_use_case / first:>6.2f}"
        )


if __name__ == "__main__":
    main()
