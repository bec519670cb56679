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
    stages = [stage for stage in FUNNEL_STAGES if stage != Stage.RETIRED]
    figure = go.Figure(
        go.Funnel(
            y=[STAGE_LABELS[stage] for stage in stages],
            x=[counts.get(stage, 0) for stage in stages],
            textinfo="value+percent initial",
            marker={"color": [STAGE_COLOURS[stage] for stage in stages]},
            connector={"line": {"color": "#D1D5DB"}},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(base_layout(height=360, margin={"l": 10, "r": 10, "t": 20, "b": 10}, showlegend=False))
    return figure


def breakdown_figure(groups: Sequence[Group]) -> go.Figure:
    """One stacked bar per group, a segment per stage, the largest group on top."""
    names = [chart_text(truncate(group.name, GROUP_LABEL_CHARS)) for group in groups]
    figure = go.Figure()
    for stage in FUNNEL_STAGES:
        figure.add_trace(
            go.Bar(
                name=STAGE_LABELS[stage],
                orientation="h",
                y=names,
                x=[group.counts[stage] for group in groups],
                marker={"color": STAGE_COLOURS[stage]},
                hovertemplate=f"%{{y}}: %{{x}} {chart_text(STAGE_LABELS[stage].lower())}<extra></extra>",
            )
        )
    figure.update_layout(
        base_layout(
            height=max(320, 34 * len(groups) + 120),
            margin={"l": 10, "r": 10, "t": 60, "b": 10},
            barmode="stack",
            showlegend=True,
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True, ticksuffix="  ")
    return figure
