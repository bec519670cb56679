"""Portfolio: the whole inventory by stage, from idea to production, and by department or objective."""

import streamlit as st

from planner.domain.filters import only
from planner.domain.portfolio import breakdown, funnel, pilots_per_production
from planner.domain.vocabulary import Stage
from planner.rendering.portfolio import breakdown_figure, funnel_figure
from ui.analysis import current_analysis
from ui.filters import render_filter_bar
from ui.session import end_page, workshop

w = workshop()
st.title("Portfolio")
if not w.use_cases:
    st.info("Add use cases, or import an inventory, on the Use cases page.", icon=":material/lightbulb:")
    st.page_link("pages/facilitator/use_cases.py", label="Go to Use cases", icon=":material/arrow_forward:")
    end_page()

shown = only(w, render_filter_bar(current_analysis()))
if not shown.use_cases:
    st.info("No use case matches the filter. Change it, or clear it.", icon=":material/filter_list_off:")
    end_page()
counts = funnel(shown)
ratio = pilots_per_production(counts)
total, live, trying = st.columns(3)
total.metric("Use cases", f"{len(shown.use_cases):,}", border=True)
live.metric("In production", f"{counts[Stage.PRODUCTION]:,}", border=True)
trying.metric(
    "Pilots per use case in production",
    "none live yet" if ratio is None else f"{ratio:g}",
    border=True,
    help="Many pilots for each use case in production is the pattern of pilots that never scale.",
)
funnel_col, breakdown_col = st.columns([2, 3], gap="medium")
with funnel_col:
    st.subheader("From idea to production")
    st.plotly_chart(funnel_figure(counts), key="pf_funnel", config={"displaylogo": False}, theme=None)
    if counts[Stage.RETIRED]:
        st.caption(f"{counts[Stage.RETIRED]:,} retired use cases are not in the funnel.")
with breakdown_col:
    by = st.segmented_control(
        "Broken down by",
        ["department", "objective"],
        default="department",
        format_func=str.capitalize,
        key="pf_by",
    )
    groups = breakdown(shown, "objective" if by == "objective" else "department")
    st.plotly_chart(breakdown_figure(groups), key="pf_breakdown", config={"displaylogo": False}, theme=None)
