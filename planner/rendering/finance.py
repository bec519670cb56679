"""The investment view as plotly figures: spend and value by month, the cumulative curves with the payback point,
and spend per quarter against the budget."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.domain.finance import Finance
from planner.domain.vocabulary import PhaseName
from planner.rendering.charts import base_layout, day
from planner.rendering.palette import MUTED_COLOUR, PHASE_COLOURS, TEXT_COLOUR, TODAY_COLOUR

VALUE_COLOUR = PHASE_COLOURS[PhaseName.OPTIMIZATION]
RUN_COLOUR = "#CC79A7"
SPEND_LINE = "#B45309"
MARGIN = {"l": 10, "r": 10, "t": 70, "b": 10}


def _thousands(figure: go.Figure) -> None:
    figure.update_yaxes(tickformat=",.0f", ticksuffix="k", rangemode="tozero", automargin=True)
    figure.update_xaxes(automargin=True)


def monthly_figure(finance: Finance) -> go.Figure:
    """Spend per month stacked by what it pays for (pilots, scaling, running), with the value as a line."""
    months = [m.start for m in finance.months]
    figure = go.Figure()
    for name, amounts, colour in (
        ("Pilots", [m.pilot for m in finance.months], PHASE_COLOURS[PhaseName.PILOT]),
        ("Scaling", [m.scaling for m in finance.months], PHASE_COLOURS[PhaseName.SCALING]),
        ("Running", [m.run for m in finance.months], RUN_COLOUR),
    ):
        figure.add_trace(
            go.Bar(
                name=name,
                x=months,
                y=amounts,
                marker={"color": colour},
                hovertemplate=f"%{{x|%b %Y}}: %{{y:,.0f}}k on {name.lower()}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            name="Value",
            x=months,
            y=[m.value for m in finance.months],
            mode="lines",
            line={"color": VALUE_COLOUR, "width": 3},
            hovertemplate="%{x|%b %Y}: %{y:,.0f}k of value<extra></extra>",
        )
    )
    figure.update_layout(base_layout(height=380, margin=MARGIN, barmode="stack", showlegend=True, bargap=0.15))
    figure.update_layout(legend={"traceorder": "normal"})
    _thousands(figure)
    return figure


def cumulative_figure(finance: Finance) -> go.Figure:
    """The cumulative spend and value curves; where the value line crosses the spend line for good, the portfolio
    has paid back, and the gap at its widest is the peak funding needed."""
    # Each month's running total is reached at its end, the next month's start; the curves start from nothing.
    starts = [m.start for m in finance.months]
    ends = [*starts, finance.horizon_end]
    figure = go.Figure()
    for name, totals, colour, words in (
        ("Spent so far", [m.cumulative_spend for m in finance.months], SPEND_LINE, "spent"),
        ("Value so far", [m.cumulative_value for m in finance.months], VALUE_COLOUR, "of value"),
    ):
        figure.add_trace(
            go.Scatter(
                name=name,
                x=ends,
                y=[0.0, *totals],
                mode="lines",
                line={"color": colour, "width": 3},
                hovertemplate=f"By %{{x|%b %Y}}: %{{y:,.0f}}k {words}<extra></extra>",
            )
        )
    marks = (
        (finance.payback_date, f"Pays back {day(finance.payback_date)}" if finance.payback_date else "", TEXT_COLOUR),
        (
            finance.peak_date if finance.peak_funding > 0 else None,
            f"Peak funding {finance.peak_funding:,.0f}k",
            TODAY_COLOUR,
        ),
    )
    for (when, text, colour), dash, position in zip(marks, ("dash", "dot"), ("top left", "bottom right"), strict=True):
        if when is not None:
            figure.add_vline(
                x=when.isoformat(),
                line={"color": colour, "dash": dash, "width": 2},
                annotation={"text": text, "font": {"color": colour}, "bgcolor": "rgba(255,255,255,0.85)"},
                annotation_position=position,
            )
    figure.update_layout(base_layout(height=380, margin=MARGIN, showlegend=True))
    _thousands(figure)
    return figure


def quarters_figure(finance: Finance) -> go.Figure:
    """Pilot and scaling spend per quarter, with the budget limit as a line when there is one."""
    labels = [q.quarter for q in finance.quarters]
    figure = go.Figure(
        go.Bar(
            name="Pilots and scaling",
            x=labels,
            y=[q.investment for q in finance.quarters],
            marker={"color": PHASE_COLOURS[PhaseName.PILOT]},
            hovertemplate="%{x}: %{y:,.0f}k<extra></extra>",
        )
    )
    if finance.budget_per_quarter is not None:
        figure.add_hline(
            y=finance.budget_per_quarter,
            line={"color": TODAY_COLOUR, "dash": "dash", "width": 2},
            annotation={"text": f"Budget {finance.budget_per_quarter:,.0f}k", "font": {"color": TODAY_COLOUR}},
            annotation_position="top left",
        )
    figure.update_layout(base_layout(height=300, margin={**MARGIN, "t": 30}, showlegend=False))
    figure.update_xaxes(type="category", tickfont={"color": MUTED_COLOUR})
    _thousands(figure)
    return figure
