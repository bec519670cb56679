"""The portfolio funnel and its breakdown by department or objective, as plotly figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import plotly.graph_objects as go

from planner.domain.portfolio import FUNNEL_STAGES, Group
from planner.domain.vocabulary import STAGE_LABELS, Stage
from planner.rendering.charts import base_layout, chart_text, truncate

# From pale to strong as a use case matures; retired is grey.
STAGE_COLOURS: Mapping[Stage, str] = MappingProxyType(
    {
        Stage.IDEA: "#BFD7EA",
        Stage.ASSESSMENT: "#7FB3D5",
        Stage.PILOT: "#0072B2",
        Stage.SCALING: "#E69F00",
        Stage.PRODUCTION: "#009E73",
        Stage.RETIRED: "#9CA3AF",
    }
)
GROUP_LABEL_CHARS = 32


def funnel_figure(counts: Mapping[Stage, int]) -> go.Figure:
    """How many use cases have reached each stage (are at it now or beyond it): a funnel narrows where use cases
    stop. Retired use cases are left out."""
    stages = [stage for stage in FUNNEL_STAGES if stage != Stage.RETIRED]
    reached = [sum(counts.get(later, 0) for later in stages[index:]) for index in range(len(stages))]
    figure = go.Figure(
        go.Funnel(
            y=[STAGE_LABELS[stage] for stage in stages],
            x=reached,
            customdata=[counts.get(stage, 0) for stage in stages],
            textinfo="value+percent initial",
            marker={"color": [STAGE_COLOURS[stage] for stage in stages]},
            connector={"line": {"color": "#D1D5DB"}},
            hovertemplate="%{y}: %{x} reached it, %{customdata} there now<extra></extra>",
        )
    )
    figure.update_layout(base_layout(height=360, margin={"l": 10, "r": 10, "t": 20, "b": 10}, showlegend=False))
    return figure


def breakdown_figure(groups: Sequence[Group]) -> go.Figure:
    """One bar per group showing its mix of stages as shares of 100%, its size in its label, the largest on top."""
    names = [chart_text(f"{truncate(group.name, GROUP_LABEL_CHARS)} ({group.total:,})") for group in groups]
    figure = go.Figure()
    for stage in FUNNEL_STAGES:
        figure.add_trace(
            go.Bar(
                name=STAGE_LABELS[stage],
                orientation="h",
                y=names,
                x=[group.counts[stage] for group in groups],
                marker={"color": STAGE_COLOURS[stage]},
                customdata=[group.counts[stage] for group in groups],
                hovertemplate=f"%{{y}}: %{{customdata}} {chart_text(STAGE_LABELS[stage].lower())} "
                "(%{x:.0f}%)<extra></extra>",
            )
        )
    figure.update_layout(
        base_layout(
            height=max(320, 34 * len(groups) + 120),
            margin={"l": 10, "r": 10, "t": 60, "b": 10},
            barmode="stack",
            barnorm="percent",
            showlegend=True,
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True, ticksuffix="  ")
    figure.update_xaxes(ticksuffix="%", range=[0, 100])
    return figure
