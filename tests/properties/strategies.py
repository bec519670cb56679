"""Bounded hypothesis strategies for valid workshops."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from planner.domain.models import MonthRange, PlanSettings, ScoringSettings, Stage, UseCase, Workshop
from tests.builders import GOOD_READINESS

CRITERIA = ("business_value", "strategic_importance", "data_readiness", "technical_complexity", "integration_effort")
scores = st.fixed_dictionaries({c: st.integers(1, 5) for c in CRITERIA})
stages = st.sampled_from(
    [Stage.IDEA, Stage.IDEA, Stage.ASSESSMENT, Stage.PILOT, Stage.SCALING, Stage.PRODUCTION, Stage.RETIRED]
)
readiness = st.dictionaries(st.sampled_from(sorted(GOOD_READINESS)), st.integers(1, 5))
month_ranges = st.tuples(st.integers(1, 8), st.integers(0, 4)).map(lambda t: MonthRange(min=t[0], max=t[0] + t[1]))


@st.composite
def workshops(draw: st.DrawFn, *, max_use_cases: int = 14) -> Workshop:
    n = draw(st.integers(0, max_use_cases))
    cases: list[UseCase] = []
    for i in range(n):
        # Depending only on earlier use cases keeps the graph acyclic.
        deps = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        cases.append(
            UseCase(
                id=f"u{i}",
                name=draw(st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])) + f" {i % 3}",
                stage=draw(stages),
                scores=draw(scores),
                depends_on=[f"u{d}" for d in deps],
                on_roadmap=draw(st.booleans() | st.just(True)),
            )
        )
    return Workshop(
        name="Property workshop",
        start_date=draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))),
        readiness=draw(readiness),
        use_cases=cases,
        plan=PlanSettings(
            max_parallel_pilots=draw(st.integers(1, 4)),
            max_parallel_scaling=draw(st.integers(1, 4)),
            assessment_months=draw(month_ranges),
            pilot_months=draw(month_ranges),
            scaling_months=draw(month_ranges),
            horizon_months=draw(st.integers(6, 60)),
        ),
        scoring=ScoringSettings(
            impact_threshold=draw(st.integers(0, 100)),
            feasibility_threshold=draw(st.integers(0, 100)),
            impact_share=draw(st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0])),
        ),
    )
