"""The investment view, on the Roadmap page and the sponsor's read-only Roadmap: what the plan costs and when, when it
pays back, and the funding each gate releases. It reads the analysis's finance; it computes nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.finance import Finance
from planner.domain.vocabulary import GATE_LABELS, some_names, thousands
from planner.rendering.finance import cumulative_figure, monthly_figure, quarters_figure
from ui.words import md

CHART_CONFIG = {"displaylogo": False}
# The Roadmap pages' tabs: the investment view is drawn only while its tab is open.
TIMELINE_TAB = ":material/view_timeline: Timeline"
INVESTMENT_TAB = ":material/payments: Investment and value"


def render_headline(finance: Finance) -> None:
    """Four numbers a sponsor asks for first."""
    payback, peak = finance.payback_date, finance.peak_date
    metrics = (
        (
            "Invested within the horizon",
            thousands(finance.invested),
            f"to {finance.horizon_end:%b %Y}",
            "Pilot and scaling costs that fall inside the plan's horizon.",
        ),
        (
            "Peak funding needed",
            thousands(finance.peak_funding),
            f"on {peak:%d %b %Y}" if peak else None,
            "The most the money spent runs ahead of the value brought in, running costs included.",
        ),
        (
            "Portfolio pays back",
            f"{payback:%b %Y}" if payback else "Not in the horizon",
            f"on {payback:%d %b %Y}" if payback else None,
            "When the value brought in catches up with everything spent, for good.",
        ),
        (
            "3-year net value",
            thousands(finance.net_value_3y),
            None,
            "For each use case: value less running costs over its first 3 years in production, less its "
            "investment; added up. A use case stopped at a gate counts what it spent.",
        ),
    )
    for column, (label, value, delta, help_text) in zip(st.columns(4), metrics, strict=True):
        column.metric(label, value, delta, delta_color="off", delta_arrow="off", help=help_text)


def _use_case_table(finance: Finance) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Use case": u.name,
                "Investment (k)": round(u.investment),
                "Value / yr (k)": None if u.annual_value is None else round(u.annual_value),
                "Production": u.production,
                "Pays back": u.payback_words(),
                "Net value 3 yr (k)": round(u.net_value_3y),
            }
            for u in finance.use_cases
        ]
    )


def _gate_table(finance: Finance) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Date": g.date, "Gate": GATE_LABELS[g.gate], "Use case": g.name, "Releases (k)": round(g.releases)}
            for g in finance.gates
        ]
    )


NUMBERS = {
    name: st.column_config.NumberColumn(name, format="localized")
    for name in ("Investment (k)", "Value / yr (k)", "Net value 3 yr (k)", "Releases (k)")
}
DATES = {name: st.column_config.DateColumn(name, format="D MMM YYYY") for name in ("Production", "Date")}


def render_investment(analysis: Analysis, *, editable: bool) -> None:
    """The whole view. `editable`: the facilitator's page, which points to where costs are entered."""
    finance = analysis.finance
    if not finance.has_figures:
        st.info(
            "No costs or values yet, so there is nothing to add up. Enter each use case's costs and value per year "
            "on the Use cases page, or set organisation defaults there for the use cases without their own.",
            icon=":material/payments:",
        )
        if editable:
            st.page_link("pages/facilitator/use_cases.py", label="Go to Use cases", icon=":material/arrow_forward:")
        return
    render_headline(finance)
    if finance.without_costs:
        st.warning(
            md(
                f"No costs for {len(finance.without_costs):,} use case{'s' if len(finance.without_costs) != 1 else ''}"
                f" on the roadmap ({some_names(finance.without_costs)}): they count as 0. Enter their costs, or "
                "organisation defaults, on the Use cases page."
            ),
            icon=":material/warning:",
        )
    st.markdown("**Spent and brought in, so far**")
    st.plotly_chart(cumulative_figure(finance), key="rm_fin_cumulative", config=CHART_CONFIG, theme=None)
    st.markdown("**Spend and value by month** (in thousands)")
    st.plotly_chart(monthly_figure(finance), key="rm_fin_monthly", config=CHART_CONFIG, theme=None)
    st.caption(
        f"The first and last months are part months: the plan starts on {analysis.workshop.start_date:%d %b %Y} "
        f"and its horizon ends on {finance.horizon_end:%d %b %Y}."
    )
    if finance.budget_per_quarter is not None:
        st.markdown(
            f"**Pilot and scaling spend per quarter**, against the budget of {thousands(finance.budget_per_quarter)}"
        )
        st.plotly_chart(quarters_figure(finance), key="rm_fin_quarters", config=CHART_CONFIG, theme=None)
    st.markdown("**Funding each gate releases** when it says go")
    st.caption(
        "A go at the go/no-go gate commits the scaling cost; a go at the production-readiness gate commits a first "
        "year of running costs. After a no-go, nothing more is spent."
    )
    st.dataframe(_gate_table(finance), hide_index=True, width="stretch", height=300, column_config={**NUMBERS, **DATES})
    st.markdown("**By use case**")
    st.dataframe(
        _use_case_table(finance), hide_index=True, width="stretch", height=300, column_config={**NUMBERS, **DATES}
    )
