"""Plotly figures for the roadmap Gantt, the readiness radar and the impact/feasibility matrix.

Builders are pure: they take planner data and return a `go.Figure`; only the Streamlit pages draw them.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from planner.domain.models import (
    ASSESSMENT_KEY,
    DAYS_PER_MONTH,
    GATE_LABELS,
    OBJECTIVE_LABELS,
    PHASE_LABELS,
    QUADRANT_LABELS,
    Gate,
    Objective,
    Phase,
    PhaseName,
    Quadrant,
    Roadmap,
    ScoringSettings,
    UseCase,
    UseCaseScore,
)
from planner.domain.readiness import BLOCKER_THRESHOLD, ReadinessResult
from planner.rendering.palette import (
    GATE_COLOURS,
    MUTED_COLOUR,
    OBJECTIVE_COLOURS,
    PHASE_COLOURS,
    TEXT_COLOUR,
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
CHART_FONT_SIZE = 16
CHART_FONT_FAMILY = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
CHART_TEMPLATE = "plotly_white"

ROW_HEIGHT = 40
GANTT_MIN_HEIGHT = 320
GANTT_MARGIN = MappingProxyType({"l": 10, "r": 30, "t": 110, "b": 60})
GANTT_BAR_WIDTH = 0.62
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

RADAR_HEIGHT = 520
RADAR_MAX = 5
RADAR_LINE_COLOUR = "#0072B2"
RADAR_BLOCKER_COLOUR = "#D55E00"
RADAR_UNANSWERED_COLOUR = "#9CA3AF"
NOT_ANSWERED = "(not answered)"

MATRIX_HEIGHT = 560
# The legend sits below the plot, clear of the tool buttons at the top right (Box Select sat on it).
MATRIX_MARGIN = MappingProxyType({"l": 70, "r": 30, "t": 36, "b": 110})
MATRIX_X_RANGE = (-6, 106)
# Bands above 100 and below 0 hold the quadrant names, clear of the bubbles.
MATRIX_Y_RANGE = (-12, 112)
# Only used to guess where labels would collide; the real width is the page's.
MATRIX_ASSUMED_PLOT_WIDTH = 600  # the plot at 1280 px wide, beside the selection column
BUBBLE_MIN_SIZE = 14
BUBBLE_MAX_SIZE = 42
BUBBLE_DEFAULT_SIZE = 20
MATRIX_LABEL_CHARS = 28
MATRIX_LABEL_FONT_SIZE = 14
LABEL_CHAR_WIDTH_EM = 0.55
LABEL_LINE_HEIGHT_EM = 1.3
LABEL_GAP_PX = 3
LABEL_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
LABEL_OUTSIDE_PENALTY = 4.0
# A label nearer another bubble than its own reads as that bubble's name: as bad as covering a whole label.
LABEL_AMBIGUITY_PENALTY = 1.0
SELECTED_OUTLINE_COLOUR = "#111827"
SELECTED_OUTLINE_WIDTH = 3
UNSELECTED_OUTLINE_COLOUR = "#FFFFFF"
UNSELECTED_OUTLINE_WIDTH = 1
UNSELECTED_OPACITY = 0.45
SELECTED_OPACITY = 0.95
QUADRANT_LINE_COLOUR = "#9CA3AF"
QUADRANT_CORNERS: Mapping[Quadrant, tuple[float, float, str, str]] = MappingProxyType(
    {
        Quadrant.QUICK_WIN: (100, 100, "right", "bottom"),
        Quadrant.STRATEGIC_BET: (0, 100, "left", "bottom"),
        Quadrant.FILL_IN: (100, 0, "right", "top"),
        Quadrant.DEPRIORITISE: (0, 0, "left", "top"),
    }
)

HTML_CONFIG = MappingProxyType({"displaylogo": False, "responsive": True})


def chart_text(text: str) -> str:
    """Text for plotly, which reads a little HTML (<b>, <br>, <a href>) and a few entities: `<`, `>` and `&` are
    escaped, quotes are not (plotly shows "&quot;" as it is)."""
    return html.escape(text, quote=False)


def truncate(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + "…"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": CHART_TEMPLATE,
        "font": {"size": CHART_FONT_SIZE, "family": CHART_FONT_FAMILY, "color": TEXT_COLOUR},
        "hoverlabel": {"font": {"size": CHART_FONT_SIZE}},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "xref": "container",
            # Entries sized by their own text pack more to a row than plotly's equal-width columns.
            "entrywidth": 0,
            "entrywidthmode": "pixels",
            "x": 0,
            "xanchor": "left",
            "font": {"size": CHART_FONT_SIZE},
        },
    }
    layout.update(extra)
    return layout


# Gantt


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
        lines.append(f"From {_day(phase.start)}, ongoing (drawn to {_day(phase.end)})")
    else:
        lines.append(f"{_day(phase.start)} – {_day(phase.end)}")
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
                hovertext=[f"<b>{chart_text(m.name)}</b><br>{_day(m.date)}" for m in milestones],
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


def gantt_height(rows: int) -> int:
    """Pixel height that gives each row about ROW_HEIGHT px, never less than GANTT_MIN_HEIGHT."""
    return max(GANTT_MIN_HEIGHT, rows * ROW_HEIGHT + GANTT_MARGIN["t"] + GANTT_MARGIN["b"])


def build_gantt_figure(roadmap: Roadmap, *, today: date | None = None, height: int | None = None) -> go.Figure:
    """One row per use case in priority order under the assessment row; a bar per phase, a diamond per gate."""
    rows, names = _gantt_rows(roadmap)
    fig = go.Figure()
    for phase_name in PhaseName:
        # Plotly draws a trace's legend swatch from its first bar: keep a hand-set (outlined) one from going first.
        phases = sorted((p for p in roadmap.phases if p.phase == phase_name), key=lambda p: p.overridden)
        if phases:
            fig.add_trace(_phase_trace(phase_name, phases))
    for trace in _gate_traces(roadmap, rows):
        fig.add_trace(trace)

    first = min((p.start for p in roadmap.phases), default=roadmap.summary.start)
    last = max((p.end for p in roadmap.phases), default=roadmap.summary.horizon_end)
    span_months = (last - first).days / DAYS_PER_MONTH
    tick_months = 1 if span_months <= MONTHLY_TICKS_UP_TO_MONTHS else 3
    fig.update_layout(
        _base_layout(
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
        dtick=f"M{tick_months}",
        tick0=date(first.year, 1, 1).isoformat(),
        ticklabelstep=max(1, math.ceil(span_months / tick_months / MAX_MONTH_LABELS)),
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
        ticktext=[chart_text(truncate(names[key], ROW_LABEL_CHARS)) for key in rows],
        autorange="reversed",
        showgrid=False,
        automargin=True,
        ticks="",
        ticksuffix="  ",
    )
    if today is not None and first <= today <= last:
        _add_today_marker(fig, today)
    return fig


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


# Readiness radar


def _radar_label(label: str) -> str:
    # Two short lines fit beside the polygon in a half-width column; one long line gets clipped.
    return label.replace(" & ", " &<br>")


def build_radar_figure(result: ReadinessResult) -> go.Figure:
    """Dimension scores 1–5 as a closed polygon, unanswered ones at 0, with the blocker threshold as a dashed ring."""
    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    hover: list[str] = []
    for dim in result.dimensions:
        if dim.score is None:
            labels.append(f"{_radar_label(dim.label)}<br>{NOT_ANSWERED}")
            values.append(0.0)
            colours.append(RADAR_UNANSWERED_COLOUR)
            hover.append(f"<b>{chart_text(dim.label)}</b><br>Not answered yet (0 of {dim.total} questions)")
            continue
        labels.append(_radar_label(dim.label))
        values.append(dim.score)
        colours.append(RADAR_BLOCKER_COLOUR if dim.score <= BLOCKER_THRESHOLD else RADAR_LINE_COLOUR)
        note = "<br>Blocker: fix during assessment" if dim.score <= BLOCKER_THRESHOLD else ""
        hover.append(
            f"<b>{chart_text(dim.label)}</b><br>{dim.score:.1f} / {RADAR_MAX}"
            f" ({dim.answered} of {dim.total} questions answered){note}"
        )
    closed_labels = [*labels, *labels[:1]]
    fig = go.Figure()
    fig.add_trace(
        go.Scatterpolar(
            name=f"Blocker threshold ({BLOCKER_THRESHOLD:g})",
            r=[BLOCKER_THRESHOLD] * len(closed_labels),
            theta=closed_labels,
            mode="lines",
            line={"color": RADAR_BLOCKER_COLOUR, "dash": "dash", "width": 2},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatterpolar(
            name="Readiness",
            r=[*values, *values[:1]],
            theta=closed_labels,
            mode="lines+markers",
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.18)",
            line={"color": RADAR_LINE_COLOUR, "width": 3},
            marker={"size": 11, "color": [*colours, *colours[:1]], "line": {"color": "#FFFFFF", "width": 1.5}},
            hovertext=[*hover, *hover[:1]],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_layout(
        _base_layout(
            height=RADAR_HEIGHT,
            margin={"l": 125, "r": 125, "t": 70, "b": 50},  # room for two-line axis labels left and right
            polar={
                "gridshape": "linear",
                "radialaxis": {
                    "range": [0, RADAR_MAX],
                    "tickvals": list(range(1, RADAR_MAX + 1)),
                    # Polygon grids snap the radial axis onto a spoke: use the top one, numbers on its left.
                    "angle": 90,
                    "tickangle": 90,
                    "side": "counterclockwise",
                    "tickfont": {"size": CHART_FONT_SIZE - 2, "color": MUTED_COLOUR},
                    "gridcolor": "#D1D5DB",
                },
                "angularaxis": {
                    "direction": "clockwise",
                    "rotation": 90,
                    "gridcolor": "#D1D5DB",
                    # Outside ticks push the dimension names clear of the outer ring and its "5".
                    "ticks": "outside",
                    "ticklen": 10,
                    "tickcolor": "rgba(0, 0, 0, 0)",
                },
            },
        )
    )
    return fig


# Impact / feasibility matrix

_Box = tuple[float, float, float, float]


def _bubble_sizes(values: Sequence[float | None]) -> list[float]:
    """Diameter in px, so that a bubble's area grows with its annual value."""
    known = [v for v in values if v is not None and v > 0]
    top = math.sqrt(max(known)) if known else 0.0
    sizes: list[float] = []
    for value in values:
        if value is None or top == 0:
            sizes.append(BUBBLE_DEFAULT_SIZE)
        else:
            sizes.append(BUBBLE_MIN_SIZE + (BUBBLE_MAX_SIZE - BUBBLE_MIN_SIZE) * math.sqrt(value) / top)
    return sizes


def _overlap(a: _Box, b: _Box) -> float:
    width = min(a[1], b[1]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[2], b[2])
    return width * height if width > 0 and height > 0 else 0.0


def _label_box(position: str, cx: float, cy: float, radius: float, width: float, height: float) -> _Box:
    vertical, horizontal = position.split()
    # Plotly pulls diagonal labels in towards the marker, roughly onto the circle rather than its bounding box.
    pull = 0.7 if vertical != "middle" and horizontal != "center" else 1.0
    if horizontal == "center":
        x0 = cx - width / 2
    elif horizontal == "right":
        x0 = cx + radius * pull
    else:
        x0 = cx - radius * pull - width
    if vertical == "middle":
        y0 = cy - height / 2
    elif vertical == "top":
        y0 = cy + radius * pull
    else:
        y0 = cy - radius * pull - height
    return (x0, x0 + width, y0, y0 + height)


def _matrix_scale() -> tuple[float, float, float, float]:
    """Approximate px per data unit on each axis, and the plot area's size in px."""
    plot_height = MATRIX_HEIGHT - MATRIX_MARGIN["t"] - MATRIX_MARGIN["b"]
    sx = MATRIX_ASSUMED_PLOT_WIDTH / (MATRIX_X_RANGE[1] - MATRIX_X_RANGE[0])
    sy = plot_height / (MATRIX_Y_RANGE[1] - MATRIX_Y_RANGE[0])
    return sx, sy, MATRIX_ASSUMED_PLOT_WIDTH, plot_height


def _px(x: float, y: float) -> tuple[float, float]:
    sx, sy, _, _ = _matrix_scale()
    return (x - MATRIX_X_RANGE[0]) * sx, (y - MATRIX_Y_RANGE[0]) * sy


def _corner_boxes() -> list[_Box]:
    boxes: list[_Box] = []
    height = CHART_FONT_SIZE * LABEL_LINE_HEIGHT_EM
    for quadrant_name, (x, y, xanchor, yanchor) in QUADRANT_CORNERS.items():
        width = len(QUADRANT_LABELS[quadrant_name]) * CHART_FONT_SIZE * LABEL_CHAR_WIDTH_EM * 1.1
        cx, cy = _px(x, y)
        x0 = cx if xanchor == "left" else cx - width
        y0 = cy if yanchor == "bottom" else cy - height
        boxes.append((x0, x0 + width, y0, y0 + height))
    return boxes


def label_positions(points: Sequence[tuple[float, float, float, str]]) -> list[str]:
    """A text position per (feasibility, impact, diameter px, label) point that keeps labels apart.

    Points are placed in the order given (best first), each at the first position in LABEL_POSITIONS
    that collides least with bubbles, quadrant names and labels already placed. Pixel sizes are estimates.
    """
    _, _, plot_width, plot_height = _matrix_scale()
    centres = [(*_px(x, y), size / 2) for x, y, size, _ in points]
    bubbles: list[_Box] = [(cx - r, cx + r, cy - r, cy + r) for cx, cy, r in centres]
    placed: list[_Box] = _corner_boxes()
    positions: list[str] = []
    height = MATRIX_LABEL_FONT_SIZE * LABEL_LINE_HEIGHT_EM
    for index, ((cx, cy, radius), (_, _, _, text)) in enumerate(zip(centres, points, strict=True)):
        width = len(text) * MATRIX_LABEL_FONT_SIZE * LABEL_CHAR_WIDTH_EM
        best_position, best_box, best_cost = LABEL_POSITIONS[0], (0.0, 0.0, 0.0, 0.0), math.inf
        for position in LABEL_POSITIONS:
            box = _label_box(position, cx, cy, radius + LABEL_GAP_PX, width, height)
            cost = sum(_overlap(box, other) for other in placed)
            cost += sum(_overlap(box, bubble) for i, bubble in enumerate(bubbles) if i != index)
            inside = _overlap(box, (0.0, plot_width, 0.0, plot_height))
            cost += LABEL_OUTSIDE_PENALTY * max(0.0, width * height - inside)
            cost += LABEL_AMBIGUITY_PENALTY * width * height * _nearer_others(box, index, centres)
            # Whole-pixel costs, so float noise never beats the preferred position.
            cost = round(cost)
            if cost < best_cost:
                best_position, best_box, best_cost = position, box, cost
            if cost == 0:
                break
        positions.append(best_position)
        placed.append(best_box)
    return positions


def _nearer_others(box: _Box, index: int, centres: Sequence[tuple[float, float, float]]) -> int:
    """How many other bubbles' edges are nearer the label's closest point than its own bubble's edge is."""

    def gap(cx: float, cy: float, r: float) -> float:
        dx = max(box[0] - cx, 0.0, cx - box[1])
        dy = max(box[2] - cy, 0.0, cy - box[3])
        return max(0.0, math.hypot(dx, dy) - r)

    own = gap(*centres[index])
    return sum(1 for i, centre in enumerate(centres) if i != index and gap(*centre) < own)


def shared_labels(points: Sequence[tuple[float, float, float, str]]) -> list[str]:
    """Labels for bubbles that sit on top of each other: the first (best ranked) carries every name, joined,
    and the others none, so no name sits beside a bubble that is not its own."""
    centres = [(*_px(x, y), size / 2) for x, y, size, _ in points]
    labels = [text for *_, text in points]
    owner = list(range(len(points)))
    for i, (xi, yi, ri) in enumerate(centres):
        for j in range(i):
            xj, yj, rj = centres[owner[j]]
            if owner[j] == j and math.hypot(xi - xj, yi - yj) < max(ri, rj) * 0.5:
                owner[i] = j
                break
    joined = ["" for _ in points]
    for i, text in enumerate(labels):
        head = owner[i]
        joined[head] = f"{joined[head]} + {text}" if joined[head] else text
    return joined


def _matrix_hover(score: UseCaseScore, use_case: UseCase | None, *, selected: bool) -> str:
    lines = [
        f"<b>{chart_text(score.name)}</b>",
        f"Impact {score.impact:.0f} · Feasibility {score.feasibility:.0f}",
        f"Priority {score.priority:.0f} · Rank {score.rank}",
        QUADRANT_LABELS[score.quadrant],
    ]
    if use_case is not None and use_case.annual_value is not None:
        lines.append(f"Value {use_case.annual_value:,.0f}k per year")
    lines.append("On the roadmap" if selected else "Not on the roadmap")
    return "<br>".join(lines)


def build_matrix_figure(
    scores: Sequence[UseCaseScore],
    use_cases: Sequence[UseCase],
    settings: ScoringSettings,
    *,
    selected: Collection[str] = (),
    label_limit: int = 20,
) -> go.Figure:
    """Feasibility against impact, a bubble per use case sized by value and coloured by objective."""
    by_id = {uc.id: uc for uc in use_cases}
    chosen = set(selected)
    show_labels = len(scores) <= label_limit
    sizes = _bubble_sizes([by_id[s.use_case_id].annual_value if s.use_case_id in by_id else None for s in scores])
    plain_labels = [truncate(s.name, MATRIX_LABEL_CHARS) for s in scores]
    positions = [LABEL_POSITIONS[0]] * len(scores)
    if show_labels:
        best_first = sorted(range(len(scores)), key=lambda i: (scores[i].rank, i))
        points = [(scores[i].feasibility, scores[i].impact, sizes[i], plain_labels[i]) for i in best_first]
        # Bubbles on top of each other share one label: two labels around one spot would each sit beside the
        # other's bubble.
        shared = shared_labels(points)
        for i, text in zip(best_first, shared, strict=True):
            plain_labels[i] = text
        placed = label_positions([(x, y, size, text) for (x, y, size, _), text in zip(points, shared, strict=True)])
        for i, position in zip(best_first, placed, strict=True):
            positions[i] = position
    labels = [chart_text(label) for label in plain_labels]

    fig = go.Figure()
    for objective in Objective:
        group = [
            i
            for i, s in enumerate(scores)
            if (by_id[s.use_case_id].objective if s.use_case_id in by_id else Objective.OTHER) == objective
        ]
        if not group:
            continue
        picked = [scores[i].use_case_id in chosen for i in group]
        fig.add_trace(
            go.Scatter(
                name=OBJECTIVE_LABELS[objective],
                x=[scores[i].feasibility for i in group],
                y=[scores[i].impact for i in group],
                customdata=[scores[i].use_case_id for i in group],
                mode="markers+text" if show_labels else "markers",
                text=[labels[i] for i in group] if show_labels else None,
                textposition=[positions[i] for i in group] if show_labels else LABEL_POSITIONS[0],
                textfont={"size": MATRIX_LABEL_FONT_SIZE, "color": TEXT_COLOUR},
                hovertext=[
                    _matrix_hover(scores[i], by_id.get(scores[i].use_case_id), selected=p)
                    for i, p in zip(group, picked, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
                marker={
                    "color": OBJECTIVE_COLOURS[objective],
                    "size": [sizes[i] for i in group],
                    "sizemode": "diameter",
                    "opacity": [SELECTED_OPACITY if p else UNSELECTED_OPACITY for p in picked],
                    "line": {
                        "color": [SELECTED_OUTLINE_COLOUR if p else UNSELECTED_OUTLINE_COLOUR for p in picked],
                        "width": [SELECTED_OUTLINE_WIDTH if p else UNSELECTED_OUTLINE_WIDTH for p in picked],
                    },
                },
            )
        )
    _add_quadrants(fig, settings)
    fig.update_layout(
        _base_layout(height=MATRIX_HEIGHT, margin=dict(MATRIX_MARGIN), hovermode="closest", showlegend=True),
        # Dragging draws a selection box, as the page says; panning is not needed on a fixed 0–100 grid.
        dragmode="select",
        legend={"y": 0, "yanchor": "bottom"},  # merged into the base legend: below the plot
    )
    ticks = [0, 25, 50, 75, 100]
    fig.update_xaxes(title_text="Feasibility", range=list(MATRIX_X_RANGE), tickvals=ticks, zeroline=False)
    fig.update_yaxes(title_text="Impact", range=list(MATRIX_Y_RANGE), tickvals=ticks, zeroline=False)
    return fig


def _add_quadrants(fig: go.Figure, settings: ScoringSettings) -> None:
    line = {"color": QUADRANT_LINE_COLOUR, "width": 2, "dash": "dot"}
    feasible, impactful = settings.feasibility_threshold, settings.impact_threshold
    fig.add_shape(type="line", xref="x", yref="y", x0=feasible, x1=feasible, y0=0, y1=100, line=line, layer="below")
    fig.add_shape(type="line", xref="x", yref="y", x0=0, x1=100, y0=impactful, y1=impactful, line=line, layer="below")
    for quadrant_name, (x, y, xanchor, yanchor) in QUADRANT_CORNERS.items():
        fig.add_annotation(
            text=f"<b>{QUADRANT_LABELS[quadrant_name]}</b>",
            x=x,
            y=y,
            xref="x",
            yref="y",
            xanchor=xanchor,
            yanchor=yanchor,
            showarrow=False,
            font={"size": CHART_FONT_SIZE, "color": MUTED_COLOUR},
        )


# Export


def figure_to_html(fig: go.Figure, *, title: str) -> str:
    """A self-contained interactive HTML page (plotly.js inlined) that opens offline in any browser."""
    document: str = fig.to_html(include_plotlyjs=True, full_html=True, config=dict(HTML_CONFIG))
    safe_title = html.escape(title)
    head = f'<head>\n    <title>{safe_title}</title>\n    <meta name="viewport" content="width=device-width" />'
    heading = (
        f'<body>\n    <h1 style="font-family: {html.escape(CHART_FONT_FAMILY)}; font-size: 22px; '
        f'color: {TEXT_COLOUR}; margin: 16px;">{safe_title}</h1>'
    )
    return document.replace("<head>", head, 1).replace("<body>", heading, 1)


SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900  # 16:9, a slide's shape; text drawn at this size reads when projected
SLIDE_FONT_SIZE = 20
SLIDE_FORMATS = ("png", "pdf")
SLIDE_NEEDS = (
    "A picture of the chart is drawn by Chrome or Chromium through the kaleido package: install Chromium "
    "(on Debian or Ubuntu: apt-get install chromium) or Google Chrome. The HTML export works without it."
)


class ImageExportUnavailable(RuntimeError):
    """No browser to draw the picture with; the message says what to install."""


SLIDE_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def image_export_problem() -> str | None:
    """Why a slide picture cannot be made on this machine, or None when it can (kaleido and a browser found)."""
    import importlib.util
    import os
    import shutil

    if importlib.util.find_spec("kaleido") is None:
        return f"The kaleido package is missing. {SLIDE_NEEDS}"
    if os.environ.get("BROWSER_PATH") or any(shutil.which(name) for name in SLIDE_BROWSERS):
        return None
    return f"No Chrome or Chromium was found. {SLIDE_NEEDS}"


def figure_to_slide(fig: go.Figure, *, title: str, image_format: str) -> bytes:
    """The chart as a 16:9 PNG or PDF with a title, sized and lettered to be read on a projected slide."""
    if image_format not in SLIDE_FORMATS:
        raise ValueError(f"image_format must be one of {SLIDE_FORMATS}")
    slide = go.Figure(fig)
    rows = len({y for trace in slide.data for y in (getattr(trace, "y", None) or ())})
    slide.update_layout(
        title={
            "text": chart_text(title),
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - 24 / SLIDE_HEIGHT,
            "yanchor": "top",
            "font": {"size": SLIDE_FONT_SIZE + 10},
        },
        width=SLIDE_WIDTH,
        height=max(SLIDE_HEIGHT, 200 + rows * 34),
        font={"size": SLIDE_FONT_SIZE},
        # The legend goes under the title, not over it.
        legend={"font": {"size": SLIDE_FONT_SIZE - 2}, "y": 1 - 84 / SLIDE_HEIGHT, "yanchor": "top"},
        margin={"t": 190},
    )
    try:
        import kaleido  # noqa: F401  (plotly uses it to draw static images)

        image: bytes = slide.to_image(format=image_format, width=SLIDE_WIDTH, height=slide.layout.height, scale=1)
    except ImportError as exc:
        raise ImageExportUnavailable(f"The kaleido package is missing. {SLIDE_NEEDS}") from exc
    except Exception as exc:  # kaleido raises its own errors when no browser can be started
        raise ImageExportUnavailable(f"The picture could not be drawn ({type(exc).__name__}). {SLIDE_NEEDS}") from exc
    return image


# The room's view


DISAGREEMENT_COLOUR = "#B91C1C"
DISAGREEMENT_RING_SIZE = 46
ROOM_DISAGREES = "Room disagrees"


def add_disagreement(fig: go.Figure, scores: Sequence[UseCaseScore], agreement: Mapping[str, str]) -> go.Figure:
    """Ring the bubbles the room disagrees on (low agreement), so nobody mistakes a split vote for consensus."""
    split = [s for s in scores if agreement.get(s.use_case_id) == "low"]
    if split:
        fig.add_trace(
            go.Scatter(
                name=ROOM_DISAGREES,
                x=[s.feasibility for s in split],
                y=[s.impact for s in split],
                customdata=[s.use_case_id for s in split],
                mode="markers",
                marker={
                    "symbol": "circle-open",
                    "size": DISAGREEMENT_RING_SIZE,
                    "color": DISAGREEMENT_COLOUR,
                    "line": {"width": 3, "color": DISAGREEMENT_COLOUR},
                },
                hovertext=[f"<b>{chart_text(s.name)}</b><br>The room's scores are far apart" for s in split],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return fig
