"""The roadmap as a Gantt chart: one row per use case, a bar per phase, a diamond per gate, a line for today."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType

import plotly.graph_objects as go

from planner.domain.gantt_view import TeamSpan, needs_grouping, team_spans
from planner.domain.models import Baseline, Workshop
from planner.domain.results import Phase, Roadmap
from planner.domain.vocabulary import ASSESSMENT_KEY, DAYS_PER_MONTH, GATE_LABELS, PHASE_LABELS, Gate, PhaseName
from planner.rendering.charts import CHART_FONT_SIZE, base_layout, chart_text, day, truncate
from planner.rendering.palette import (
    GATE_COLOURS,
    PHASE_COLOURS,
    TODAY_COLOUR,
)

# Keyed by gate; None is the organisation-wide assessment milestone.
GATE_SYMBOLS: Mapping[Gate | None, str] = MappingProxyType(
    {
        None: "diamond",
        Gate.GO_NO_GO: "diamond",
        Gate.PRODUCTION_READINESS: "diamond",
    }
)

ROW_HEIGHT = 40
# Above COMPACT_FROM rows the rows close up to COMPACT_ROW_HEIGHT, so the largest Gantt a page draws (about 40
# team rows) stays near one projector screen (1080 px) instead of running to 1,800 px.
COMPACT_FROM = 20
COMPACT_ROW_HEIGHT = 22
GANTT_MIN_HEIGHT = 320
GANTT_MARGIN = MappingProxyType({"l": 10, "r": 30, "t": 110, "b": 60})
GANTT_BAR_WIDTH = 0.62
# The baseline: a thin grey bar just under each phase; progress: a darker band through the middle of the bar.
BASELINE_BAR_WIDTH = 0.14
BASELINE_COLOUR = "#6B7280"
BASELINE_LABEL = "Baseline"
PROGRESS_BAR_WIDTH = 0.22
PROGRESS_COLOUR = "#1F2937"
PROGRESS_LABEL = "Done so far"
GANTT_AXIS_PADDING = timedelta(days=14)
ROW_LABEL_CHARS = 40
ONGOING_OPACITY = 0.6
ONGOING_PATTERN = "/"
OVERRIDE_OUTLINE_COLOUR = "#111827"
OVERRIDE_OUTLINE_WIDTH = 3
GATE_MARKER_SIZE = 15
MONTHLY_TICKS_UP_TO_MONTHS = 24

# More month names than this do not fit a laptop-width page at projector font size; gridlines stay monthly.
MAX_MONTH_LABELS = 13
TODAY_LABEL = "Today"
ASSESSMENT_ROW_KEY = ASSESSMENT_KEY
MS_PER_DAY = 86_400_000
TEAM_BAR_WIDTH = 0.24
TEAM_BAR_OFFSETS: Mapping[PhaseName, float] = MappingProxyType(
    {PhaseName.ASSESSMENT: -0.4, PhaseName.PILOT: -0.38, PhaseName.SCALING: -0.12, PhaseName.OPTIMIZATION: 0.14}
)


def _row_key(use_case_id: str | None) -> str:
    return ASSESSMENT_ROW_KEY if use_case_id is None else use_case_id


def _gantt_rows(roadmap: Roadmap) -> tuple[list[str], dict[str, str]]:
    """Row keys top to bottom (assessment first, then priority order) and each row's full name."""
    names: dict[str, str] = {}
    for phase in roadmap.phases:
        names.setdefault(_row_key(phase.use_case_id), phase.use_case)
    rows = [ASSESSMENT_ROW_KEY] if ASSESSMENT_ROW_KEY in names else []
    rows += [uc_id for uc_id in roadmap.order if uc_id in names]
    # A phase whose use case is missing from `order` still gets a row, at the bottom, rather than vanishing.
    rows += [key for key in names if key not in rows]
    return rows, names


def _phase_hover(phase: Phase) -> str:
    lines = [f"<b>{chart_text(phase.use_case)}</b>", PHASE_LABELS[phase.phase]]
    if phase.ongoing:
        lines.append(f"From {day(phase.start)}, ongoing (drawn to {day(phase.end)})")
    else:
        lines.append(f"{day(phase.start)} – {day(phase.end)}")
    lines.append(f"{phase.weeks} weeks")
    if phase.overridden:
        lines.append("(set by hand)")
    return "<br>".join(lines)


def _phase_trace(phase_name: PhaseName, phases: Sequence[Phase]) -> go.Bar:
    colour = PHASE_COLOURS[phase_name]
    return go.Bar(
        name=PHASE_LABELS[phase_name],
        orientation="h",
        y=[_row_key(p.use_case_id) for p in phases],
        base=[p.start.isoformat() for p in phases],
        x=[(p.end - p.start).days * MS_PER_DAY for p in phases],
        width=GANTT_BAR_WIDTH,
        customdata=[p.use_case_id or "" for p in phases],
        hovertext=[_phase_hover(p) for p in phases],
        hovertemplate="%{hovertext}<extra></extra>",
        marker={
            "color": colour,
            "opacity": [ONGOING_OPACITY if p.ongoing else 1.0 for p in phases],
            "line": {
                "color": [OVERRIDE_OUTLINE_COLOUR if p.overridden else colour for p in phases],
                "width": [OVERRIDE_OUTLINE_WIDTH if p.overridden else 0 for p in phases],
            },
            "pattern": {
                "shape": [ONGOING_PATTERN if p.ongoing else "" for p in phases],
                "fgcolor": "#FFFFFF",
                "fgopacity": 0.5,
                "size": 10,
                "solidity": 0.25,
            },
        },
    )


def _gate_traces(roadmap: Roadmap, rows: Collection[str]) -> list[go.Scatter]:
    traces: list[go.Scatter] = []
    kinds: list[Gate | None] = [None, *Gate]
    for kind in kinds:
        milestones = [
            m
            for m in roadmap.milestones
            if m.gate == kind and (kind is not None or m.use_case_id is None) and _row_key(m.use_case_id) in rows
        ]
        if not milestones:
            continue
        name = GATE_LABELS[kind] if kind is not None else milestones[0].name
        traces.append(
            go.Scatter(
                name=name,
                mode="markers",
                x=[m.date.isoformat() for m in milestones],
                y=[_row_key(m.use_case_id) for m in milestones],
                customdata=[m.use_case_id or "" for m in milestones],
                hovertext=[f"<b>{chart_text(m.name)}</b><br>{day(m.date)}" for m in milestones],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "symbol": GATE_SYMBOLS[kind],
                    "size": GATE_MARKER_SIZE,
                    "color": GATE_COLOURS[kind][0],
                    "line": {"color": GATE_COLOURS[kind][1], "width": 2},
                },
            )
        )
    return traces


def _baseline_trace(baseline: Baseline, rows: Collection[str]) -> go.Bar | None:
    phases = [p for p in baseline.phases if not p.ongoing and _row_key(p.use_case_id) in rows]
    if not phases:
        return None
    return go.Bar(
        name=f"{BASELINE_LABEL}: {chart_text(truncate(baseline.name, ROW_LABEL_CHARS))}",
        orientation="h",
        y=[_row_key(p.use_case_id) for p in phases],
        base=[p.start.isoformat() for p in phases],
        x=[(p.end - p.start).days * MS_PER_DAY for p in phases],
        width=BASELINE_BAR_WIDTH,
        offset=GANTT_BAR_WIDTH / 2,  # under the phase's own bar (the rows run top to bottom)
        hovertext=[
            f"<b>{chart_text(p.use_case)}</b><br>{PHASE_LABELS[p.phase]} in the baseline<br>"
            f"{day(p.start)} – {day(p.end)}"
            for p in phases
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"color": BASELINE_COLOUR},
    )


def _progress_trace(roadmap: Roadmap) -> go.Bar | None:
    """How much of each phase under way is done: a share of its bar, from its start."""
    phases = [p for p in roadmap.phases if p.percent_complete and p.actual_end is None and not p.ongoing]
    if not phases:
        return None
    return go.Bar(
        name=PROGRESS_LABEL,
        orientation="h",
        y=[_row_key(p.use_case_id) for p in phases],
        base=[p.start.isoformat() for p in phases],
        x=[(p.end - p.start).days * MS_PER_DAY * (p.percent_complete or 0) / 100 for p in phases],
        width=PROGRESS_BAR_WIDTH,
        hovertext=[f"<b>{chart_text(p.use_case)}</b><br>{p.percent_complete:g}% done" for p in phases],
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"color": PROGRESS_COLOUR},
    )


def gantt_height(rows: int) -> int:
    """Pixel height that gives each row about ROW_HEIGHT px (COMPACT_ROW_HEIGHT past COMPACT_FROM rows), never
    less than GANTT_MIN_HEIGHT."""
    area = min(rows * ROW_HEIGHT, max(COMPACT_FROM * ROW_HEIGHT, rows * COMPACT_ROW_HEIGHT))
    return max(GANTT_MIN_HEIGHT, area + GANTT_MARGIN["t"] + GANTT_MARGIN["b"])


def build_gantt_figure(
    roadmap: Roadmap,
    *,
    today: date | None = None,
    height: int | None = None,
    baseline: Baseline | None = None,
    until: date | None = None,
) -> go.Figure:
    """One row per use case in priority order under the assessment row; a bar per phase, a diamond per gate; with
    a baseline, a thin bar under each phase where the baseline had it, and the share done of phases under way.
    With `until`, the date axis stops there (the plan's horizon)."""
    rows, names = _gantt_rows(roadmap)
    fig = go.Figure()
    for phase_name in PhaseName:
        # Plotly draws a trace's legend swatch from its first bar: keep a hand-set (outlined) one from going first.
        phases = sorted((p for p in roadmap.phases if p.phase == phase_name), key=lambda p: p.overridden)
        if phases:
            fig.add_trace(_phase_trace(phase_name, phases))
    extras = [_progress_trace(roadmap), _baseline_trace(baseline, rows) if baseline else None]
    for extra in extras:
        if extra is not None:
            fig.add_trace(extra)
    for trace in _gate_traces(roadmap, rows):
        fig.add_trace(trace)

    first = min((p.start for p in roadmap.phases), default=roadmap.summary.start)
    last = max((p.end for p in roadmap.phases), default=roadmap.summary.horizon_end)
    if until is not None:
        last = max(first, min(last, until))  # the axis stops at the horizon; the page says what lies beyond
    labels = [chart_text(truncate(names[key], ROW_LABEL_CHARS)) for key in rows]
    _lay_out(fig, rows, labels, first=first, last=last, today=today, height=height)
    return fig


def _lay_out(
    fig: go.Figure,
    rows: list[str],
    labels: list[str],
    *,
    first: date,
    last: date,
    today: date | None,
    height: int | None = None,
) -> None:
    """The layout every Gantt shares: rows top to bottom, a date axis from `first` to `last`, and Today."""
    span_months = (last - first).days / DAYS_PER_MONTH
    if span_months <= MONTHLY_TICKS_UP_TO_MONTHS:
        ticks: dict[str, object] = {
            "dtick": "M1",
            "tick0": date(first.year, 1, 1).isoformat(),
            "ticklabelstep": max(1, math.ceil(span_months / MAX_MONTH_LABELS)),
        }
    else:
        # Years of plan: plotly picks the spacing from the chart's width, so a phone shows a label every few years
        # where a projector shows one a quarter or a year (fixed quarterly labels ran together on a phone).
        ticks = {"tickmode": "auto", "nticks": 0}
    fig.update_layout(
        base_layout(
            height=height if height is not None else gantt_height(len(rows)),
            margin=dict(GANTT_MARGIN),
            barmode="overlay",
            bargap=0.3,
            hovermode="closest",
            showlegend=True,
        )
    )
    fig.update_xaxes(
        type="date",
        range=[(first - GANTT_AXIS_PADDING).isoformat(), (last + GANTT_AXIS_PADDING).isoformat()],
        **ticks,
        tickformat="%b\n%Y",
        tickangle=0,
        ticklabelmode="period",
        showgrid=True,
        gridcolor="#E5E7EB",
        automargin=True,
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=rows,
        tickmode="array",
        tickvals=rows,
        ticktext=labels,
        autorange="reversed",
        showgrid=False,
        automargin=True,
        ticks="",
        ticksuffix="  ",
    )
    if today is not None and first <= today <= last:
        _add_today_marker(fig, today)


def _add_today_marker(fig: go.Figure, today: date) -> None:
    # A shape plus a separate annotation: add_vline(annotation_text=...) breaks on date axes.
    fig.add_shape(
        type="line",
        xref="x",
        yref="paper",
        x0=today.isoformat(),
        x1=today.isoformat(),
        y0=0,
        y1=1,
        line={"color": TODAY_COLOUR, "width": 2, "dash": "dash"},
        layer="above",
    )
    fig.add_annotation(
        text=TODAY_LABEL,
        xref="x",
        yref="paper",
        x=today.isoformat(),
        y=1,
        yanchor="bottom",
        showarrow=False,
        font={"color": TODAY_COLOUR, "size": CHART_FONT_SIZE},
    )


def build_team_gantt_figure(
    spans: Sequence[TeamSpan], *, today: date | None = None, until: date | None = None
) -> go.Figure:
    """One summary row per team: a bar per phase from the team's first start to its last end, and the number of
    its use cases in the row's label. What a plan of hundreds of use cases looks like on one screen."""
    rows = [span.team for span in spans]
    labels = [chart_text(f"{truncate(span.team, ROW_LABEL_CHARS - 6)} ({span.use_cases})") for span in spans]
    fig = go.Figure()
    for phase_name in PhaseName:
        shown = [span for span in spans if phase_name in span.spans]
        if not shown:
            continue
        colour = PHASE_COLOURS[phase_name]
        fig.add_trace(
            go.Bar(
                name=PHASE_LABELS[phase_name],
                orientation="h",
                y=[span.team for span in shown],
                base=[span.spans[phase_name][0].isoformat() for span in shown],
                x=[(span.spans[phase_name][1] - span.spans[phase_name][0]).days * MS_PER_DAY for span in shown],
                # Three thin bars per team, one under the other, so an early pilot is not hidden by a long run.
                width=TEAM_BAR_WIDTH,
                offset=TEAM_BAR_OFFSETS[phase_name],
                customdata=[span.team for span in shown],
                hovertext=[
                    f"<b>{chart_text(span.team)}</b>: {span.use_cases} use cases<br>{PHASE_LABELS[phase_name]}: "
                    f"{day(span.spans[phase_name][0])} – {day(span.spans[phase_name][1])}"
                    for span in shown
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={"color": colour, "opacity": ONGOING_OPACITY if phase_name == PhaseName.OPTIMIZATION else 1},
            )
        )
    starts = [start for span in spans for start, _ in span.spans.values()]
    ends = [end for span in spans for _, end in span.spans.values()]
    first, last = (min(starts), max(ends)) if starts else (today or date.today(),) * 2
    if until is not None:
        last = max(first, min(last, until))
    _lay_out(fig, rows, labels, first=first, last=last, today=today)
    return fig


def plan_gantt_figure(
    workshop: Workshop, roadmap: Roadmap, *, today: date | None = None, baseline: Baseline | None = None
) -> go.Figure:
    """The whole plan on one screen, for exports and the viewer: every use case up to GANTT_MAX_ROWS, one summary
    row per team beyond; the axis stops at the horizon either way."""
    horizon = roadmap.summary.horizon_end
    if needs_grouping(roadmap):
        return build_team_gantt_figure(team_spans(workshop, roadmap), today=today, until=horizon)
    return build_gantt_figure(roadmap, today=today, baseline=baseline, until=horizon)
