"""Tests for the chart builders: they inspect the returned figures' traces, shapes, annotations and layout."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from planner.domain.models import PhaseOverride, PlanSettings, ScoringSettings
from planner.domain.plan_state import ASSESSMENT_MILESTONE, ASSESSMENT_ROW
from planner.domain.readiness import BLOCKER_THRESHOLD, assess
from planner.domain.readiness_questions import DIMENSIONS
from planner.domain.results import Roadmap
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import (
    GATE_LABELS,
    OBJECTIVE_LABELS,
    PHASE_LABELS,
    QUADRANT_LABELS,
    Gate,
    Objective,
    PhaseName,
)
from planner.formats.workshop_json import load_sample_workshop
from planner.rendering.charts import CHART_FONT_SIZE, chart_text
from planner.rendering.export import figure_to_html
from planner.rendering.gantt import (
    ASSESSMENT_ROW_KEY,
    GANTT_MIN_HEIGHT,
    ROW_HEIGHT,
    ROW_LABEL_CHARS,
    build_gantt_figure,
)
from planner.rendering.matrix import (
    BUBBLE_DEFAULT_SIZE,
    BUBBLE_MAX_SIZE,
    BUBBLE_MIN_SIZE,
    add_disagreement,
    build_matrix_figure,
    label_positions,
    shared_labels,
)
from planner.rendering.palette import OBJECTIVE_COLOURS, PHASE_COLOURS
from planner.rendering.radar import NOT_ANSWERED, build_radar_figure
from tests.builders import GOOD_READINESS, use_case, workshop

MS_PER_DAY = 86_400_000
PHASE_BY_LABEL = {label: phase for phase, label in PHASE_LABELS.items()}


@pytest.fixture(scope="module")
def sample_roadmap() -> Roadmap:
    return build_roadmap(load_sample_workshop())


def bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def diamonds(fig):
    return [t for t in fig.data if t.type == "scatter"]


def bar_for(fig, phase: PhaseName):
    (trace,) = [t for t in bars(fig) if t.name == PHASE_LABELS[phase]]
    return trace


# Gantt


def test_gantt_has_one_bar_trace_per_phase_kind_with_a_bar_per_phase(sample_roadmap):
    fig = build_gantt_figure(sample_roadmap)
    expected = Counter(p.phase for p in sample_roadmap.phases)
    names = [t.name for t in bars(fig)]
    assert len(names) == len(set(names)) == len(expected)
    for trace in bars(fig):
        phase = PHASE_BY_LABEL[trace.name]
        assert trace.orientation == "h"
        assert len(trace.y) == len(trace.base) == len(trace.x) == expected[phase]
        assert trace.marker.color == PHASE_COLOURS[phase]


def test_gantt_bars_start_and_end_on_the_phase_dates(sample_roadmap):
    fig = build_gantt_figure(sample_roadmap)
    drawn = set()
    for trace in bars(fig):
        phase = PHASE_BY_LABEL[trace.name]
        for row, base, length in zip(trace.y, trace.base, trace.x, strict=True):
            start = date.fromisoformat(base)
            drawn.add((row, phase, start, start + timedelta(days=length / MS_PER_DAY)))
    expected = {(p.use_case_id or ASSESSMENT_ROW_KEY, p.phase, p.start, p.end) for p in sample_roadmap.phases}
    assert drawn == expected
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.barmode == "overlay"


def test_gantt_rows_follow_priority_order_under_the_assessment_row(sample_roadmap):
    yaxis = build_gantt_figure(sample_roadmap).layout.yaxis
    assert list(yaxis.categoryarray) == [ASSESSMENT_ROW_KEY, *sample_roadmap.order]
    assert yaxis.categoryorder == "array"
    assert yaxis.autorange == "reversed"
    assert list(yaxis.tickvals) == list(yaxis.categoryarray)
    assert yaxis.ticktext[0] == ASSESSMENT_ROW
    names = {p.use_case_id: p.use_case for p in sample_roadmap.phases}
    assert list(yaxis.ticktext[1:]) == [names[uc_id] for uc_id in sample_roadmap.order]


def test_gantt_row_order_changes_with_priority():
    strong = use_case("strong", scores={"business_value": 5, "data_readiness": 5})
    weak = use_case("weak", scores={"business_value": 1})
    fig = build_gantt_figure(build_roadmap(workshop(weak, strong)))
    assert list(fig.layout.yaxis.categoryarray) == [ASSESSMENT_ROW_KEY, "strong", "weak"]


def test_gantt_draws_a_diamond_per_gate_and_one_for_the_assessment_milestone(sample_roadmap):
    fig = build_gantt_figure(sample_roadmap)
    gates = [m for m in sample_roadmap.milestones if m.gate is not None]
    points = sum(len(t.x) for t in diamonds(fig))
    assert points == len(gates) + 1
    assert {t.name for t in diamonds(fig)} == {*GATE_LABELS.values(), ASSESSMENT_MILESTONE}
    for trace in diamonds(fig):
        assert trace.mode == "markers"
        assert "diamond" in trace.marker.symbol
    (go_no_go,) = [t for t in diamonds(fig) if t.name == GATE_LABELS[Gate.GO_NO_GO]]
    expected = sorted((m.use_case_id, m.date.isoformat()) for m in gates if m.gate == Gate.GO_NO_GO)
    assert sorted(zip(go_no_go.y, go_no_go.x, strict=True)) == expected
    (assessment,) = [t for t in diamonds(fig) if t.name == ASSESSMENT_MILESTONE]
    assert list(assessment.y) == [ASSESSMENT_ROW_KEY]


def test_gantt_legend_shows_each_phase_and_gate_once(sample_roadmap):
    fig = build_gantt_figure(sample_roadmap)
    names = [t.name for t in fig.data]
    assert len(names) == len(set(names))
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.font.size >= 14
    assert CHART_FONT_SIZE >= 14


def test_today_is_a_dashed_line_across_the_plot_with_a_separate_label(sample_roadmap):
    today = sample_roadmap.summary.start + timedelta(days=100)
    fig = build_gantt_figure(sample_roadmap, today=today)
    (line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert (line.xref, line.yref, line.y0, line.y1) == ("x", "paper", 0, 1)
    assert line.x0 == line.x1 == today.isoformat()
    assert line.line.dash == "dash"
    (label,) = [a for a in fig.layout.annotations if a.text == "Today"]
    assert label.x == today.isoformat()
    assert label.yref == "paper"


def test_no_today_line_without_today_or_outside_the_plan(sample_roadmap):
    for today in (None, sample_roadmap.summary.start - timedelta(days=400), date(2099, 1, 1)):
        fig = build_gantt_figure(sample_roadmap, today=today)
        assert not fig.layout.shapes
        assert not [a for a in fig.layout.annotations if a.text == "Today"]


def test_short_plans_get_monthly_ticks_and_long_plans_ticks_spaced_by_the_chart_width():
    short = build_roadmap(workshop(use_case("a"), plan=PlanSettings(horizon_months=6)))
    long = build_roadmap(workshop(use_case("a"), plan=PlanSettings(horizon_months=48)))
    short_axis = build_gantt_figure(short).layout.xaxis
    assert short_axis.dtick == "M1"
    assert short_axis.ticklabelstep == 1
    assert "%b" in short_axis.tickformat
    long_axis = build_gantt_figure(long).layout.xaxis
    assert long_axis.dtick is None and long_axis.tickmode == "auto" and long_axis.nticks == 0


def test_overridden_phases_are_outlined_and_say_so_on_hover():
    pinned = use_case("pinned", overrides={PhaseName.PILOT: PhaseOverride(months=4)})
    roadmap = build_roadmap(workshop(pinned, use_case("planned")))
    pilot = bar_for(build_gantt_figure(roadmap), PhaseName.PILOT)
    by_row = dict(zip(pilot.y, range(len(pilot.y)), strict=True))
    outlined, plain = by_row["pinned"], by_row["planned"]
    assert pilot.marker.line.width[outlined] > 0 == pilot.marker.line.width[plain]
    assert "(set by hand)" in pilot.hovertext[outlined]
    assert "(set by hand)" not in pilot.hovertext[plain]


def test_hover_names_the_use_case_phase_dates_and_weeks(sample_roadmap):
    pilot = bar_for(build_gantt_figure(sample_roadmap), PhaseName.PILOT)
    phase = next(p for p in sample_roadmap.phases if p.phase == PhaseName.PILOT)
    text = pilot.hovertext[list(pilot.y).index(phase.use_case_id)]
    assert phase.use_case in text
    assert PHASE_LABELS[PhaseName.PILOT] in text
    assert f"{phase.start.day} {phase.start:%b %Y}" in text
    assert f"{phase.end.day} {phase.end:%b %Y}" in text
    assert f"{phase.weeks} weeks" in text
    assert pilot.hovertemplate == "%{hovertext}<extra></extra>"


def test_ongoing_optimisation_is_drawn_lighter(sample_roadmap):
    fig = build_gantt_figure(sample_roadmap)
    optimisation = bar_for(fig, PhaseName.OPTIMIZATION)
    pilot = bar_for(fig, PhaseName.PILOT)
    assert all(o < 1 for o in optimisation.marker.opacity)
    assert all(o == 1 for o in pilot.marker.opacity)
    assert all(optimisation.marker.pattern.shape)
    assert not any(pilot.marker.pattern.shape)


def test_long_names_are_shortened_on_the_axis_but_whole_in_the_hover():
    name = "Automated reconciliation of intercompany invoices across all subsidiaries"
    fig = build_gantt_figure(build_roadmap(workshop(use_case("long", name=name))))
    label = fig.layout.yaxis.ticktext[1]
    assert len(label) <= ROW_LABEL_CHARS
    assert label.endswith("…")
    assert name.startswith(label[:-1])
    assert name in bar_for(fig, PhaseName.PILOT).hovertext[0]


def test_names_with_markup_are_escaped():
    fig = build_gantt_figure(build_roadmap(workshop(use_case("x", name="Bots <b>now</b>"))))
    assert fig.layout.yaxis.ticktext[1] == "Bots &lt;b&gt;now&lt;/b&gt;"
    assert "<b>now</b>" not in bar_for(fig, PhaseName.PILOT).hovertext[0]


QUOTED = 'Say "hi" <b>x</b> & it\'s'
# Plotly reads <b>, <br>, <a href> and &lt; &gt; &amp;, but shows "&quot;" and "&#x27;" as they are.
QUOTED_FOR_PLOTLY = 'Say "hi" &lt;b&gt;x&lt;/b&gt; &amp; it\'s'


def test_quotes_stay_quotes_and_markup_is_escaped_everywhere_a_name_is_drawn():
    w = workshop(use_case("q", name=QUOTED))
    gantt = build_gantt_figure(build_roadmap(w))
    assert gantt.layout.yaxis.ticktext[1] == QUOTED_FOR_PLOTLY
    assert bar_for(gantt, PhaseName.PILOT).hovertext[0].startswith(f"<b>{QUOTED_FOR_PLOTLY}</b><br>")
    scores = rank_use_cases(w)
    matrix = build_matrix_figure(scores, w.use_cases, w.scoring)
    (trace,) = matrix_points(matrix)
    assert trace.hovertext[0].startswith(f"<b>{QUOTED_FOR_PLOTLY}</b><br>")
    assert trace.text[0] == QUOTED_FOR_PLOTLY
    ringed = add_disagreement(matrix, scores, {"q": "low"})
    assert ringed.data[-1].hovertext[0].startswith(f"<b>{QUOTED_FOR_PLOTLY}</b><br>")
    for figure in (gantt, ringed):
        drawn = repr(figure.to_plotly_json())
        assert "&quot;" not in drawn and "&#x27;" not in drawn and "<b>x</b>" not in drawn


def test_chart_text_escapes_only_what_plotly_reads_as_markup():
    assert chart_text('"a" \'b\' <br> & <a href="http://x">c</a>') == (
        '"a" \'b\' &lt;br&gt; &amp; &lt;a href="http://x"&gt;c&lt;/a&gt;'
    )


def test_height_grows_with_the_rows_unless_given():
    few = build_gantt_figure(build_roadmap(workshop(use_case("a"))))
    many = build_gantt_figure(build_roadmap(workshop(*(use_case(f"u{i}") for i in range(15)), pilots=5, scaling=5)))
    assert few.layout.height == GANTT_MIN_HEIGHT
    assert many.layout.height > few.layout.height
    assert many.layout.height >= 16 * ROW_HEIGHT
    assert build_gantt_figure(build_roadmap(workshop(use_case("a"))), height=900).layout.height == 900


def test_a_roadmap_without_use_cases_still_shows_the_assessment():
    fig = build_gantt_figure(build_roadmap(workshop()))
    assert list(fig.layout.yaxis.categoryarray) == [ASSESSMENT_ROW_KEY]
    assert [t.name for t in bars(fig)] == [PHASE_LABELS[PhaseName.ASSESSMENT]]


# Readiness radar


def test_radar_has_a_closed_polygon_with_a_point_per_dimension():
    fig = build_radar_figure(assess(GOOD_READINESS))
    (scores,) = [t for t in fig.data if t.name == "Readiness"]
    assert len(scores.r) == len(scores.theta) == len(DIMENSIONS) + 1
    assert scores.r[0] == scores.r[-1] and scores.theta[0] == scores.theta[-1]
    assert [t.replace("<br>", " ") for t in scores.theta[:-1]] == [d.label for d in DIMENSIONS]
    assert all(r == 4 for r in scores.r)
    assert list(fig.layout.polar.radialaxis.range) == [0, 5]


def test_unanswered_dimensions_sit_at_zero_and_say_so():
    answers = {q: v for q, v in GOOD_READINESS.items() if not q.startswith("culture_")}
    (scores,) = [t for t in build_radar_figure(assess(answers)).data if t.name == "Readiness"]
    culture = list(scores.theta).index(f"Culture &<br>change<br>{NOT_ANSWERED}")
    assert scores.r[culture] == 0
    assert sum(NOT_ANSWERED in theta for theta in scores.theta[:-1]) == 1


def test_radar_draws_the_blocker_threshold_as_a_dashed_ring():
    fig = build_radar_figure(assess(GOOD_READINESS))
    (ring,) = [t for t in fig.data if t.name != "Readiness"]
    assert set(ring.r) == {BLOCKER_THRESHOLD}
    assert len(ring.r) == len(DIMENSIONS) + 1
    assert ring.line.dash == "dash"


# Impact / feasibility matrix


@pytest.fixture(scope="module")
def sample_matrix_inputs():
    sample = load_sample_workshop()
    return rank_use_cases(sample), sample.use_cases, sample.scoring


def matrix_points(fig):
    return [t for t in fig.data if t.type == "scatter"]


def test_matrix_points_carry_their_use_case_id(sample_matrix_inputs):
    scores, use_cases, settings = sample_matrix_inputs
    fig = build_matrix_figure(scores, use_cases, settings)
    ids = [uc_id for t in matrix_points(fig) for uc_id in t.customdata]
    assert sorted(ids) == sorted(s.use_case_id for s in scores)
    by_id = {s.use_case_id: s for s in scores}
    for trace in matrix_points(fig):
        for uc_id, x, y in zip(trace.customdata, trace.x, trace.y, strict=True):
            assert (x, y) == (by_id[uc_id].feasibility, by_id[uc_id].impact)


def test_matrix_has_one_trace_per_objective_present(sample_matrix_inputs):
    scores, use_cases, settings = sample_matrix_inputs
    fig = build_matrix_figure(scores, use_cases, settings)
    present = {uc.objective for uc in use_cases if uc.id in {s.use_case_id for s in scores}}
    assert sorted(t.name for t in matrix_points(fig)) == sorted(OBJECTIVE_LABELS[o] for o in present)
    for trace in matrix_points(fig):
        objective = next(o for o, label in OBJECTIVE_LABELS.items() if label == trace.name)
        assert trace.marker.color == OBJECTIVE_COLOURS[objective]


def _spread(i: int) -> dict[str, int]:
    """Scores that put use case i on a bubble of its own."""
    return {"business_value": 1 + i % 5, "data_readiness": 1 + i // 5 % 5}


def test_names_are_shown_on_the_markers_up_to_the_label_limit():
    few = workshop(*(use_case(f"u{i}", scores=_spread(i)) for i in range(20)))
    many = workshop(*(use_case(f"u{i}", scores=_spread(i)) for i in range(21)))
    shown = build_matrix_figure(rank_use_cases(few), few.use_cases, few.scoring)
    hidden = build_matrix_figure(rank_use_cases(many), many.use_cases, many.scoring)
    (trace,) = matrix_points(shown)
    assert trace.mode == "markers+text"
    assert sorted(trace.text) == sorted(uc.name for uc in few.use_cases)
    (trace,) = matrix_points(hidden)
    assert trace.mode == "markers"
    assert trace.text is None
    assert any(text.startswith("<b>U20</b>") for text in trace.hovertext)


def test_matrix_hover_gives_scores_rank_and_quadrant(sample_matrix_inputs):
    scores, use_cases, settings = sample_matrix_inputs
    fig = build_matrix_figure(scores, use_cases, settings)
    best = min(scores, key=lambda s: s.rank)
    trace = next(t for t in matrix_points(fig) if best.use_case_id in t.customdata)
    text = trace.hovertext[list(trace.customdata).index(best.use_case_id)]
    for part in (best.name, f"Impact {best.impact:.0f}", f"Feasibility {best.feasibility:.0f}", "Rank 1"):
        assert part in text
    assert f"Priority {best.priority:.0f}" in text
    assert QUADRANT_LABELS[best.quadrant] in text


def test_quadrants_are_drawn_at_the_thresholds_and_named_in_the_corners():
    w = workshop(use_case("a"))
    settings = ScoringSettings(feasibility_threshold=60, impact_threshold=40)
    fig = build_matrix_figure(rank_use_cases(w), w.use_cases, settings)
    lines = {(s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes if s.type == "line"}
    assert (60, 60, 0, 100) in lines
    assert (0, 100, 40, 40) in lines
    corners = {a.text.removeprefix("<b>").removesuffix("</b>"): (a.x, a.y) for a in fig.layout.annotations}
    assert corners == {
        "Quick win": (100, 100),
        "Strategic bet": (0, 100),
        "Fill-in": (100, 0),
        "Deprioritise": (0, 0),
    }


def test_selected_use_cases_get_a_thick_dark_outline():
    w = workshop(use_case("on"), use_case("off"))
    fig = build_matrix_figure(rank_use_cases(w), w.use_cases, w.scoring, selected={"on"})
    (trace,) = matrix_points(fig)
    on, off = list(trace.customdata).index("on"), list(trace.customdata).index("off")
    assert trace.marker.line.width[on] > trace.marker.line.width[off]
    assert trace.marker.line.color[on] != trace.marker.line.color[off]
    assert trace.marker.opacity[on] > trace.marker.opacity[off]


def test_bubbles_grow_with_value_and_unvalued_ones_get_the_default_size():
    w = workshop(use_case("big", annual_value=900), use_case("small", annual_value=100), use_case("unknown"))
    (trace,) = matrix_points(build_matrix_figure(rank_use_cases(w), w.use_cases, w.scoring))
    size = dict(zip(trace.customdata, trace.marker.size, strict=True))
    assert size["big"] > size["small"]
    assert size["unknown"] == BUBBLE_DEFAULT_SIZE
    # Area, not diameter, follows the value: nine times the value is three times the extra diameter.
    grow = BUBBLE_MAX_SIZE - BUBBLE_MIN_SIZE
    assert size["small"] - BUBBLE_MIN_SIZE == pytest.approx(grow / 3)


def test_scores_without_a_matching_use_case_fall_under_other():
    w = workshop(use_case("a", objective=Objective.REVENUE_GROWTH))
    fig = build_matrix_figure(rank_use_cases(w), [], w.scoring)
    assert [t.name for t in matrix_points(fig)] == [OBJECTIVE_LABELS[Objective.OTHER]]


def test_bubbles_on_top_of_each_other_share_one_label_so_no_name_sits_beside_another_bubble():
    w = workshop(
        use_case("a", scores={"business_value": 5, "data_readiness": 4}),
        use_case("b", scores={"business_value": 5, "data_readiness": 4}),
        use_case("c", scores={"business_value": 1, "data_readiness": 1}),
    )
    (trace,) = matrix_points(build_matrix_figure(rank_use_cases(w), w.use_cases, w.scoring))
    assert sorted(trace.text) == ["", "A + B", "C"]  # was a label for each, one beside the other's bubble
    assert shared_labels([(50, 50, 20, "A"), (50.5, 50, 20, "B"), (90, 10, 20, "C")]) == ["A + B", "", "C"]


def test_a_label_whose_far_end_reaches_another_bubble_counts_as_ambiguous():
    from planner.rendering.matrix import _nearer_others

    centres = [(100.0, 100.0, 10.0), (260.0, 100.0, 10.0)]
    beside_own = (114.0, 200.0, 95.0, 105.0)  # starts at the first bubble, ends 46 px short of the second
    reaching = (114.0, 248.0, 95.0, 105.0)  # ends 2 px short of the second
    assert _nearer_others(beside_own, 0, centres) == 0
    assert _nearer_others(reaching, 0, centres) == 1


def test_neighbouring_labels_are_placed_apart():
    positions = label_positions([(50, 50, 20, "First use case"), (50, 55, 20, "Second use case")])
    assert positions[0] != positions[1]
    assert label_positions([(50, 50, 20, "Alone")]) == ["top center"]


def test_dragging_on_the_matrix_selects_and_the_legend_is_clear_of_the_tool_buttons(sample_matrix_inputs):
    scores, use_cases, settings = sample_matrix_inputs
    layout = build_matrix_figure(scores, use_cases, settings).layout
    assert layout.dragmode == "select"  # was unset: a drag panned the chart
    assert (layout.legend.y, layout.legend.yanchor) == (0, "bottom")  # the buttons sit at the top right


# HTML export


def test_figure_to_html_is_a_self_contained_page_with_an_escaped_title(sample_roadmap):
    page = figure_to_html(build_gantt_figure(sample_roadmap), title="Plan <script>alert(1)</script>")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<html" in page
    assert "<title>Plan &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "<script>alert(1)" not in page
    assert page.index("<title>") < page.index("</head>")
    assert 'src="https://cdn.plot.ly' not in page
    assert len(page) > 1_000_000  # plotly.js is inlined, so the file opens offline


# Module hygiene


def test_builders_do_not_share_state_between_calls(sample_roadmap):
    today = sample_roadmap.summary.start + timedelta(days=30)
    first = build_gantt_figure(sample_roadmap, today=today)
    second = build_gantt_figure(sample_roadmap)
    assert first.layout.shapes and not second.layout.shapes
    assert date.fromisoformat(first.layout.shapes[0].x0) == today


def test_disagreement_rings_only_low_agreement_use_cases():
    from planner.rendering.matrix import ROOM_DISAGREES, add_disagreement

    w = workshop(use_case("split"), use_case("calm"))
    scores = rank_use_cases(w)
    fig = add_disagreement(
        build_matrix_figure(scores, w.use_cases, w.scoring), scores, {"split": "low", "calm": "high"}
    )
    (ring,) = [t for t in fig.data if t.name == ROOM_DISAGREES]
    assert list(ring.customdata) == ["split"] and ring.marker.symbol == "circle-open"
    plain = add_disagreement(build_matrix_figure(scores, w.use_cases, w.scoring), scores, {"calm": "high"})
    assert ROOM_DISAGREES not in [t.name for t in plain.data]


def test_a_gantt_of_40_rows_stays_near_one_projector_screen():
    from planner.rendering.gantt import gantt_height

    assert gantt_height(20) == 20 * ROW_HEIGHT + 170  # up to 20 rows, as before
    assert gantt_height(40) <= 1080  # 40 team rows once ran to 1,770 px
    assert all(gantt_height(n) <= gantt_height(n + 10) for n in range(1, 200, 10))
