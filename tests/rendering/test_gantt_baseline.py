"""The Gantt with a baseline: a thin bar where the baseline had each phase, and the share done of phases under way."""

from datetime import date, timedelta

from planner.domain.models import PhaseActual
from planner.domain.schedule import build_roadmap
from planner.domain.tracking import take_baseline
from planner.domain.vocabulary import PhaseName
from planner.rendering.gantt import BASELINE_LABEL, PROGRESS_LABEL, build_gantt_figure
from tests.builders import use_case, workshop

MS_PER_DAY = 86_400_000


def _trace(fig, prefix: str):
    return next((t for t in fig.data if t.name.startswith(prefix)), None)


def test_the_baseline_bars_sit_where_the_baseline_had_each_phase_and_progress_fills_its_share():
    w = workshop(use_case("a", name="Churn alerts"), use_case("b"))
    drawn = build_roadmap(w)
    baseline = take_baseline(drawn, name="Board <b>approval</b>", taken=w.start_date)
    pilot = next(p for p in drawn.phases if p.use_case_id == "a" and p.phase == PhaseName.PILOT)
    began = pilot.start + timedelta(weeks=4)
    tracked = w.model_copy(
        update={
            "use_cases": [
                w.use_cases[0].model_copy(
                    update={"actuals": {PhaseName.PILOT: PhaseActual(start=began, percent_complete=50)}}
                ),
                w.use_cases[1],
            ]
        }
    )
    as_of = began + timedelta(weeks=2)
    roadmap = build_roadmap(tracked, as_of=as_of)
    fig = build_gantt_figure(roadmap, today=as_of, baseline=baseline)

    bars = _trace(fig, BASELINE_LABEL)
    assert bars.name == "Baseline: Board &lt;b&gt;approval&lt;/b&gt;"  # a user's text is never markup on the chart
    frozen = {(row, base): x for row, base, x in zip(bars.y, bars.base, bars.x, strict=True)}
    assert frozen[("a", pilot.start.isoformat())] == (pilot.end - pilot.start).days * MS_PER_DAY
    assert len(bars.y) == sum(1 for p in drawn.phases if not p.ongoing)

    done = _trace(fig, PROGRESS_LABEL)
    now = next(p for p in roadmap.phases if p.use_case_id == "a" and p.phase == PhaseName.PILOT)
    assert list(done.y) == ["a"] and list(done.base) == [began.isoformat()]
    assert list(done.x) == [(now.end - now.start).days * MS_PER_DAY / 2]


def test_without_a_baseline_or_progress_the_gantt_has_neither():
    w = workshop(use_case("a"))
    fig = build_gantt_figure(build_roadmap(w), today=date(2027, 3, 1))
    assert _trace(fig, BASELINE_LABEL) is None and _trace(fig, PROGRESS_LABEL) is None
