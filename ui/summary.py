"""Read-outs shared by the editable pages and the read-only viewer pages."""

from __future__ import annotations

import streamlit as st

from planner.domain.readiness import ReadinessResult
from planner.domain.results import RoadmapSummary
from planner.domain.vocabulary import GUIDANCE_TEXT


def render_roadmap_metrics(summary: RoadmapSummary) -> None:
    metrics = st.columns(4)
    metrics[0].metric(
        "Assessment ends",
        summary.assessment_end.strftime("%b %Y"),
        f"on {summary.assessment_end.day} {summary.assessment_end:%b}",
        delta_color="off",
        delta_arrow="off",
    )
    metrics[1].metric(
        "First use case live",
        "–" if summary.first_production is None else summary.first_production.strftime("%b %Y"),
        None if summary.months_to_first_production is None else f"{summary.months_to_first_production:.1f} months",
        delta_color="off",
        delta_arrow="off",
    )
    metrics[2].metric(
        "All in production",
        "–" if summary.all_in_production is None else summary.all_in_production.strftime("%b %Y"),
        None if summary.total_months is None else f"{summary.total_months:.1f} months",
        delta_color="off" if summary.within_guidance else "red",
        delta_arrow="off",
        help=f"Against the usual {GUIDANCE_TEXT} months from the start of assessment.",
    )
    metrics[3].metric("On the roadmap", summary.scheduled_use_cases)


def render_blockers(result: ReadinessResult) -> None:
    for blocker in result.blockers:
        with st.container(border=True):
            st.markdown(f"**{blocker.label}** · {blocker.score:.1f} of 5")
            st.write(blocker.action)
