"""Seeded synthetic workshops of any size, for benchmarks."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from planner.domain.models import Costs, FinanceSettings, PlanSettings, UseCase, Workshop
from planner.domain.readiness_questions import questions
from planner.domain.vocabulary import Objective, Stage

CRITERIA = ("business_value", "strategic_importance", "data_readiness", "technical_complexity", "integration_effort")


def synthetic_workshop(n: int, *, seed: int = 7, pilots: int = 5, scaling: int = 5) -> Workshop:
    rng = random.Random(seed)
    objectives = list(Objective)
    cases = []
    for i in range(n):
        deps = [f"uc-{rng.randrange(i)}"] if i > 10 and rng.random() < 0.05 else []
        cases.append(
            UseCase(
                id=f"uc-{i}",
                name=f"Use case {i}",
                department=rng.choice(["Sales", "Finance", "Operations", "Service"]),
                objective=rng.choice(objectives),
                stage=Stage.PILOT if i < pilots // 2 else Stage.IDEA,
                scores={c: rng.randint(1, 5) for c in CRITERIA},
                annual_value=rng.randint(50, 2000),
                depends_on=deps,
            )
        )
    return Workshop(
        name=f"Synthetic {n}",
        start_date=date(2027, 1, 11),
        readiness={q.id: rng.randint(1, 5) for q in questions()},
        use_cases=cases,
        plan=PlanSettings(max_parallel_pilots=pilots, max_parallel_scaling=scaling, horizon_months=120),
    )


def median_ms(fn: Callable[[], object], repeat: int = 3) -> float:
    """The median time of `repeat` calls, in milliseconds: what every benchmark here prints."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


PORTFOLIO_STAGES = (Stage.PRODUCTION, Stage.PILOT, Stage.SCALING, Stage.IDEA)
PORTFOLIO_SHARES = (0.30, 0.20, 0.10, 0.40)
LONG_NAME = "{area}: machine-learning assisted {task} for the {team} team across every regional site, pilot {i}"
AREAS = ("Claims", "Procurement", "Field service", "Customer care", "Payroll", "Fraud", "Logistics", "Pricing")
TASKS = ("triage", "forecasting", "document extraction", "anomaly detection", "routing", "summarisation")


def realistic_portfolio(n: int, *, seed: int = 7, departments: int | None = None) -> Workshop:
    """An inventory shaped like the ones organisations keep: about 30% in production, 20% in pilot, 10% scaling
    and 40% ideas; 20 to 60 departments; long names; a few dependencies. Most of it is already under way, which
    is what a benchmark of fresh ideas never exercises."""
    rng = random.Random(seed)
    teams = [f"Department {k:02d}" for k in range(departments or rng.randint(20, 60))]
    objectives = list(Objective)
    cases = []
    for i in range(n):
        team = rng.choice(teams)
        deps = [f"uc-{rng.randrange(i)}"] if i > 10 and rng.random() < 0.05 else []
        cases.append(
            UseCase(
                id=f"uc-{i}",
                name=LONG_NAME.format(area=rng.choice(AREAS), task=rng.choice(TASKS), team=team, i=i),
                department=team,
                objective=rng.choice(objectives),
                stage=rng.choices(PORTFOLIO_STAGES, PORTFOLIO_SHARES)[0],
                scores={c: rng.randint(1, 5) for c in CRITERIA},
                annual_value=rng.randint(50, 2000),
                depends_on=deps,
            )
        )
    # Costs from a generator of their own, so the rest of the portfolio stays as it was before costs existed:
    # four in five use cases have their own figures, the others take the organisation's defaults.
    money = random.Random(seed + 1)
    for index, uc in enumerate(cases):
        if money.random() < 0.8:
            own = Costs(
                pilot=money.randint(20, 400), scaling=money.randint(50, 800), run_per_year=money.randint(10, 200)
            )
            cases[index] = uc.model_copy(update={"costs": own})
    return Workshop(
        name=f"Portfolio {n}",
        start_date=date(2027, 1, 11),
        readiness={q.id: rng.randint(1, 5) for q in questions()},
        use_cases=cases,
        plan=PlanSettings(max_parallel_pilots=50, max_parallel_scaling=50, horizon_months=120),
        finance=FinanceSettings(
            default_costs=Costs(pilot=150, scaling=300, run_per_year=60), ramp_months=3, ramp_share=0.5
        ),
    )
