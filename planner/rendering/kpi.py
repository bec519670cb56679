"""One KPI over time: its measurements as a line, with the baseline and the target as reference lines."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from planner.domain.models import KPI
from planner.domain.vocabulary import PhaseName
from planner.rendering.charts import base_layout, chart_text, day, truncate
from planner.rendering.palette import MUTED_COLOUR, PHASE_COLOURS, TODAY_COLOUR

TREND_COLOUR = PHASE_COLOURS[PhaseName.PILOT]
TARGET_COLOUR = PHASE_COLOURS[PhaseName.OPTIMIZATION]
KPI_CHART_HEIGHT = 300
TITLE_LIMIT = 60
X_PAD_DAYS = 30
Y_PAD = 0.15


def _value(value: float, unit: str) -> str:
    return f"{value:g} {chart_text(unit)}".strip()


def kpi_figure(kpi: KPI, *, today: date) -> go.Figure:
    """Measurements in date order, a dashed baseline, a dotted target and a Today line. Reference lines without
    a value are left out; a KPI with no measurement yet shows its references and says so."""
    readings = sorted(kpi.measurements, key=lambda m: m.date)
    figure = go.Figure()
    if readings:
        figure.add_trace(
            go.Scatter(
                x=[m.date for m in readings],
                y=[m.value for m in readings],
                mode="lines+markers",
                name="Measured",
                line={"color": TREND_COLOUR, "width": 3},
                marker={"size": 9},
                customdata=[[day(m.date), chart_text(m.note)] for m in readings],
                hovertemplate="%{customdata[0]}: %{y:g}<br>%{customdata[1]}<extra></extra>",
            )
        )
    for label, value, colour, dash in (
        ("Baseline", kpi.baseline, MUTED_COLOUR, "dash"),
        ("Target", kpi.target, TARGET_COLOUR, "dot"),
    ):
        if value is None:
            continue
        # A line across the whole chart, named in the legend, so it reads on a projector in greyscale too.
        figure.add_hline(y=value, line={"color": colour, "dash": dash, "width": 2})
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=f"{label} {_value(value, kpi.unit)}",
                line={"color": colour, "dash": dash, "width": 2},
            )
        )
    figure.add_vline(x=today, line={"color": TODAY_COLOUR, "width": 1})
    # Reference lines do not widen plotly's autorange, and one reading would zoom the axis to milliseconds: both
    # axes span every reading, the references and today, with some room around them.
    days = [m.date for m in readings] + [today]
    first, last = min(days) - timedelta(days=X_PAD_DAYS), max(days) + timedelta(days=X_PAD_DAYS)
    values = [m.value for m in readings] + [v for v in (kpi.baseline, kpi.target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * Y_PAD or abs(high) * Y_PAD or 1.0
    title = chart_text(truncate(kpi.metric, TITLE_LIMIT))
    layout = base_layout(
        height=KPI_CHART_HEIGHT,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        title={"text": title, "font": {"size": 16}, "y": 0.97, "yref": "container", "yanchor": "top"},
        yaxis={"title": {"text": chart_text(kpi.unit)}, "zeroline": False, "range": [low - pad, high + pad]},
        xaxis={"type": "date", "range": [first.isoformat(), last.isoformat()]},
        showlegend=True,
    )
    layout["legend"] = {**layout["legend"], "y": 0.86}
    figure.update_layout(**layout)
    if not readings:
        figure.add_annotation(text="No measurement yet", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    return figure
