"""Readiness as a radar: one spoke per dimension, blockers marked, unanswered dimensions said so."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.domain.readiness import BLOCKER_THRESHOLD, ReadinessResult
from planner.rendering.charts import CHART_FONT_SIZE, base_layout, chart_text
from planner.rendering.palette import (
    MUTED_COLOUR,
)

RADAR_HEIGHT = 520
RADAR_MAX = 5
RADAR_LINE_COLOUR = "#0072B2"
RADAR_BLOCKER_COLOUR = "#D55E00"
RADAR_UNANSWERED_COLOUR = "#9CA3AF"
NOT_ANSWERED = "(not answered)"


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
        base_layout(
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
