from datetime import timedelta

from benchmarks.synthetic import realistic_portfolio
from planner.domain.gantt_view import GANTT_MAX_ROWS, beyond, needs_grouping, subset, team_spans, team_use_cases
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PhaseName
from planner.rendering.gantt import build_gantt_figure, build_team_gantt_figure


def _portfolio():
    w = realistic_portfolio(300, departments=12)
    return w, build_roadmap(w)


def test_a_large_plan_is_one_row_per_team_covering_every_use_case():
    w, roadmap = _portfolio()
    assert needs_grouping(roadmap)
    spans = team_spans(w, roadmap)
    assert len(spans) <= 12 and sum(span.use_cases for span in spans) == len(roadmap.order)
    for span in spans:
        ids = set(team_use_cases(w, roadmap, span.team))
        pilots = [p for p in roadmap.phases if p.use_case_id in ids and p.phase == PhaseName.PILOT]
        if pilots:
            assert span.spans[PhaseName.PILOT] == (min(p.start for p in pilots), max(p.end for p in pilots))
    figure = build_team_gantt_figure(spans)
    assert list(figure.layout.yaxis.categoryarray) == [span.team for span in spans]
    assert figure.layout.yaxis.ticktext[0].endswith(f"({spans[0].use_cases})")


def test_a_team_opened_a_page_at_a_time_keeps_only_its_rows():
    w, roadmap = _portfolio()
    team = team_spans(w, roadmap)[0].team
    page = team_use_cases(w, roadmap, team)[:GANTT_MAX_ROWS]
    part = subset(roadmap, page)
    assert part.order == page
    assert {p.use_case_id for p in part.phases} == {None, *page}  # the assessment row stays
    figure = build_gantt_figure(part)
    assert len(figure.layout.yaxis.categoryarray) == len(page) + 1 <= GANTT_MAX_ROWS + 1


def test_the_axis_stops_at_the_horizon_and_what_lies_beyond_is_counted():
    _, roadmap = _portfolio()
    horizon = roadmap.summary.start + timedelta(weeks=52)
    figure = build_gantt_figure(roadmap, until=horizon)
    assert figure.layout.xaxis.range[1] == (horizon + timedelta(days=14)).isoformat()
    live = {p.use_case_id: p.start for p in roadmap.phases if p.phase == PhaseName.OPTIMIZATION}
    expected = sum(1 for uc_id in roadmap.order if uc_id not in live or live[uc_id] > horizon)
    assert beyond(roadmap.phases, horizon) == expected > 0


def test_a_small_plan_is_drawn_as_it_is():
    w = realistic_portfolio(30)
    assert not needs_grouping(build_roadmap(w))


def test_exports_and_the_viewer_get_the_plan_on_one_screen():
    from planner.rendering.gantt import plan_gantt_figure

    w, roadmap = _portfolio()
    grouped = plan_gantt_figure(w, roadmap)
    assert list(grouped.layout.yaxis.categoryarray) == [span.team for span in team_spans(w, roadmap)]
    small = realistic_portfolio(20)
    plain = plan_gantt_figure(small, build_roadmap(small))
    assert len(plain.layout.yaxis.categoryarray) == len(build_roadmap(small).order) + 1
