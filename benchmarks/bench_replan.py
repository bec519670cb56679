"""Time re-planning a portfolio with actuals against the plain schedule; prints the figures.

Run: python -m benchmarks.bench_replan
Goal: re-planning 1,000 use cases with actuals (build_roadmap with as_of) costs no more than 1.5x the plain schedule.

The portfolio is shaped like one a programme team reopens three years in: most use cases are under way or
done, with recorded dates that drift a few weeks from the plan, long names, and a baseline to track against.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import partial

from benchmarks.synthetic import median_ms, synthetic_workshop
from planner.domain.models import PhaseActual, Workshop
from planner.domain.schedule import build_roadmap
from planner.domain.tracking import take_baseline, track
from planner.domain.vocabulary import PhaseName

SIZES = (1_000, 5_000)
GOAL = 1.5


def tracked_portfolio(n: int, *, under_way_share: float = 0.7, seed: int = 11) -> tuple[Workshop, date]:
    """The synthetic portfolio with a baseline, and actuals on `under_way_share` of its use cases."""
    rng = random.Random(seed)
    plain = synthetic_workshop(n, pilots=50, scaling=50)
    plain = plain.model_copy(
        update={
            "use_cases": [
                uc.model_copy(
                    update={"name": f"{uc.name}: predictive maintenance of the press lines at plant {i % 40}"}
                )
                for i, uc in enumerate(plain.use_cases)
            ]
        }
    )
    drawn = build_roadmap(plain)
    as_of = plain.start_date + timedelta(weeks=156)
    phases = {(p.use_case_id, p.phase): p for p in drawn.phases}
    cases = []
    for uc in plain.use_cases:
        pilot = phases.get((uc.id, PhaseName.PILOT))
        if pilot is None or rng.random() > under_way_share or pilot.start >= as_of:
            cases.append(uc)
            continue
        began = pilot.start + timedelta(weeks=rng.randint(0, 4))
        actuals = {PhaseName.PILOT: PhaseActual(start=began, percent_complete=rng.choice([25, 50, 80]))}
        if pilot.end + timedelta(weeks=6) < as_of:
            actuals[PhaseName.PILOT] = PhaseActual(start=began, end=pilot.end + timedelta(weeks=rng.randint(0, 6)))
            scaling = phases.get((uc.id, PhaseName.SCALING))
            if scaling is not None and scaling.start + timedelta(weeks=8) < as_of:
                actuals[PhaseName.SCALING] = PhaseActual(
                    start=scaling.start + timedelta(weeks=6), percent_complete=rng.choice([10, 60, 90])
                )
        cases.append(uc.model_copy(update={"actuals": actuals}))
    baseline = take_baseline(drawn, name="Board approval", taken=plain.start_date)
    return plain.model_copy(update={"use_cases": cases, "baselines": [baseline]}), as_of


def main() -> None:
    print(f"Goal: re-planning with actuals costs at most {GOAL}x the plain schedule.")
    print(f"{'use cases':>10} {'with actuals':>13} {'plain':>10} {'re-plan':>10} {'ratio':>6} {'+ track':>9}")
    for n in SIZES:
        tracked, as_of = tracked_portfolio(n)
        recorded = sum(1 for uc in tracked.use_cases if uc.actuals)
        plain = tracked.model_copy(
            update={"use_cases": [uc.model_copy(update={"actuals": {}}) for uc in tracked.use_cases]}
        )
        repeat = 7 if n <= 1_000 else 3
        plain_ms = median_ms(partial(build_roadmap, plain), repeat)
        replan_ms = median_ms(partial(build_roadmap, tracked, as_of=as_of), repeat)
        roadmap = build_roadmap(tracked, as_of=as_of)
        track_ms = median_ms(partial(track, roadmap, tracked.baseline(), as_of=as_of), repeat)
        ratio = replan_ms / plain_ms
        verdict = "ok" if ratio <= GOAL else "OVER"
        times = f"{plain_ms:>8.0f}ms {replan_ms:>8.0f}ms {ratio:>5.2f}x {track_ms:>7.0f}ms"
        print(f"{n:>10,} {recorded:>13,} {times}  {verdict}")


if __name__ == "__main__":
    main()
