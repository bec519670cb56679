"""A Gantt that reads at any size: up to GANTT_MAX_ROWS use cases as they are; more as one row per team, and a team
opened to its own use cases a page of rows at a time. The axis stops at the plan's horizon."""

import math
from collections.abc import Collection

import plotly.graph_objects as go
import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.gantt_view import GANTT_MAX_ROWS, beyond, needs_grouping, subset, team_spans, team_use_cases
from planner.domain.models import Baseline
from planner.rendering.gantt import build_gantt_figure, build_team_gantt_figure
from ui.words import md, plural

ALL_TEAMS = ""


def gantt_for_page(analysis: Analysis, *, baseline: Baseline | None, shown: Collection[str] | None = None) -> go.Figure:
    """Draw the controls (a team to open, a page of rows) when the plan needs them, and return the figure.
    `shown`: the use cases a filter leaves (None: all of them)."""
    roadmap, w = analysis.roadmap, analysis.workshop
    if shown is not None:
        roadmap = subset(roadmap, shown)
    horizon = roadmap.summary.horizon_end
    later = beyond(roadmap.phases, horizon)
    if later:
        st.caption(
            md(
                f"The chart stops at the horizon, {horizon:%b %Y}: {plural(later, 'use case')} on the roadmap "
                "reach production after it, or not within the plan."
            )
        )
    if not needs_grouping(roadmap):
        return build_gantt_figure(roadmap, today=analysis.today, baseline=baseline, until=horizon)
    spans = team_spans(w, roadmap)
    counts = {span.team: span.use_cases for span in spans}
    team = st.selectbox(
        "Open a team",
        [ALL_TEAMS, *counts],
        format_func=lambda t: f"{t} ({counts[t]})" if t else f"All {len(counts)} teams, one row each",
        key="rm_gantt_team",
        help=f"Plans of more than {GANTT_MAX_ROWS} use cases are shown one row per team; open a team to see its "
        "use cases.",
    )
    if team == ALL_TEAMS:
        return build_team_gantt_figure(spans, today=analysis.today, until=horizon)
    ids = team_use_cases(w, roadmap, team)
    pages = math.ceil(len(ids) / GANTT_MAX_ROWS)
    page = 0
    if pages > 1:
        page = st.selectbox(
            "Rows",
            range(pages),
            format_func=lambda i: f"{i * GANTT_MAX_ROWS + 1}–{min((i + 1) * GANTT_MAX_ROWS, len(ids))} of {len(ids)}",
            key=f"rm_gantt_page_{team}",
        )
    shown = ids[page * GANTT_MAX_ROWS : (page + 1) * GANTT_MAX_ROWS]
    return build_gantt_figure(subset(roadmap, shown), today=analysis.today, baseline=baseline, until=horizon)
