"""The impact-feasibility matrix: a bubble per use case, quadrants, labels placed where they do not collide,
and the room's split votes ringed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import plotly.graph_objects as go

from planner.domain.models import ScoringSettings, UseCase
from planner.domain.results import UseCaseScore
from planner.domain.vocabulary import OBJECTIVE_LABELS, QUADRANT_LABELS, Objective, Quadrant
from planner.rendering.charts import CHART_FONT_SIZE, base_layout, chart_text, truncate
from planner.rendering.palette import (
    MUTED_COLOUR,
    OBJECTIVE_COLOURS,
    TEXT_COLOUR,
)

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

_Box = tuple[float, float, float, float]

# Above this many use cases the matrix draws one bubble per small square of scores, sized by how many it holds:
# thousands of bubbles on top of each other read as one blot and slow the browser.
MATRIX_MAX_POINTS = 300
MATRIX_BIN = 5  # points of impact and feasibility per square
BIN_PREFIX = "bin:"
BIN_COLOUR = "#1D4ED8"
BIN_MIN_SIZE = 10
BIN_MAX_SIZE = 46
BIN_NAMES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class MatrixBin:
    """The use cases whose scores fall in one square, best ranked first."""

    key: str
    feasibility: float  # the square's centre
    impact: float
    ids: tuple[str, ...]
    names: tuple[str, ...]
    on_roadmap: int


def matrix_bins(scores: Sequence[UseCaseScore], selected: Collection[str] = ()) -> list[MatrixBin]:
    """Group the scores into MATRIX_BIN-point squares; the key is what a selected bubble's customdata holds."""
    chosen = set(selected)
    squares: dict[tuple[int, int], list[UseCaseScore]] = {}
    for score in sorted(scores, key=lambda s: s.rank):
        column = min(int(score.feasibility // MATRIX_BIN), 100 // MATRIX_BIN - 1)
        row = min(int(score.impact // MATRIX_BIN), 100 // MATRIX_BIN - 1)
        squares.setdefault((column, row), []).append(score)
    return [
        MatrixBin(
            key=f"{BIN_PREFIX}{column}:{row}",
            feasibility=(column + 0.5) * MATRIX_BIN,
            impact=(row + 0.5) * MATRIX_BIN,
            ids=tuple(s.use_case_id for s in members),
            names=tuple(s.name for s in members),
            on_roadmap=sum(1 for s in members if s.use_case_id in chosen),
        )
        for (column, row), members in sorted(squares.items())
    ]


def picked_use_cases(customdata: Sequence[object], scores: Sequence[UseCaseScore]) -> list[str]:
    """The use cases a matrix selection stands for: a bubble's own id, or every use case of a picked square."""
    known = {s.use_case_id for s in scores}
    wanted = {str(value) for value in customdata}
    bins = {b.key: b.ids for b in matrix_bins(scores)} if any(v.startswith(BIN_PREFIX) for v in wanted) else {}
    picked: list[str] = []
    for value in dict.fromkeys(str(v) for v in customdata):
        picked.extend(bins.get(value, (value,) if value in known else ()))
    return list(dict.fromkeys(picked))


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
    """Feasibility against impact, a bubble per use case sized by value and coloured by objective; above
    MATRIX_MAX_POINTS use cases, a bubble per square of scores sized by its count (see `matrix_bins`)."""
    if len(scores) > MATRIX_MAX_POINTS:
        return _binned_figure(scores, settings, selected=selected)
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
    return _framed(fig, settings)


def _binned_figure(
    scores: Sequence[UseCaseScore], settings: ScoringSettings, *, selected: Collection[str]
) -> go.Figure:
    bins = matrix_bins(scores, selected)
    top = math.sqrt(max(len(b.ids) for b in bins))
    share = [b.on_roadmap / len(b.ids) for b in bins]

    def hover(b: MatrixBin) -> str:
        names = "<br>".join(f"· {chart_text(truncate(name, 60))}" for name in b.names[:BIN_NAMES_SHOWN])
        more = len(b.names) - BIN_NAMES_SHOWN
        return (
            f"<b>{len(b.ids):,} use case{'' if len(b.ids) == 1 else 's'}</b> · {b.on_roadmap:,} on the roadmap<br>"
            f"Impact {b.impact - MATRIX_BIN / 2:.0f}–{b.impact + MATRIX_BIN / 2:.0f} · "
            f"Feasibility {b.feasibility - MATRIX_BIN / 2:.0f}–{b.feasibility + MATRIX_BIN / 2:.0f}<br>"
            f"{names}" + (f"<br>and {more:,} more" if more > 0 else "")
        )

    fig = go.Figure(
        go.Scatter(
            name="Use cases (bubble size: how many)",
            x=[b.feasibility for b in bins],
            y=[b.impact for b in bins],
            customdata=[b.key for b in bins],
            mode="markers",
            hovertext=[hover(b) for b in bins],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "size": [BIN_MIN_SIZE + (BIN_MAX_SIZE - BIN_MIN_SIZE) * math.sqrt(len(b.ids)) / top for b in bins],
                "sizemode": "diameter",
                "color": BIN_COLOUR,
                # The more of a square is on the roadmap, the darker its bubble and the thicker its outline.
                "opacity": [UNSELECTED_OPACITY + (SELECTED_OPACITY - UNSELECTED_OPACITY) * f for f in share],
                "line": {
                    "color": [SELECTED_OUTLINE_COLOUR if f > 0 else UNSELECTED_OUTLINE_COLOUR for f in share],
                    "width": [SELECTED_OUTLINE_WIDTH if f > 0 else UNSELECTED_OUTLINE_WIDTH for f in share],
                },
            },
        )
    )
    return _framed(fig, settings)


def _framed(fig: go.Figure, settings: ScoringSettings) -> go.Figure:
    """The matrix's axes, quadrant lines and names, and the layout both kinds of matrix share."""
    _add_quadrants(fig, settings)
    fig.update_layout(
        base_layout(height=MATRIX_HEIGHT, margin=dict(MATRIX_MARGIN), hovermode="closest", showlegend=True),
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
