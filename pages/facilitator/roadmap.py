"""Roadmap: the phased Gantt, what-if on capacity, budget and start date, the investment view, manual overrides,
summary and warnings."""

from datetime import date

import streamlit as st

from planner.domain.edits import updated, with_use_case
from planner.domain.models import PhaseOverride
from planner.domain.vocabulary import GUIDANCE_TEXT, PhaseName
from ui.analysis import current_analysis
from ui.filters import current_filter, render_filter_bar
from ui.gantt_pages import gantt_for_page
from ui.investment import INVESTMENT_TAB, TIMELINE_TAB, render_investment
from ui.persistence import try_commit
from ui.plan_warnings import render_plan_warnings
from ui.session import end_page, synced, workshop
from ui.summary import render_roadmap_metrics
from ui.team_capacity import render_team_capacity
from ui.words import md

w = workshop()


def _set_plan(field: str, value: object, label: str) -> None:
    current = workshop()
    plan = current.plan.model_copy(update={field: value})
    try_commit(lambda: updated(current, plan=plan.model_dump()), label=label)


def _save_plan(field: str, widget_key: str) -> None:
    _set_plan(field, int(st.session_state[widget_key]), f"change {field.replace('_', ' ')}")


def _save_budget(widget_key: str) -> None:
    value = st.session_state[widget_key]
    budget = None if value is None or value <= 0 else float(value)  # 0 or empty: no limit
    _set_plan("budget_per_quarter", budget, "change the budget per quarter")


def _save_start(widget_key: str) -> None:
    value = st.session_state[widget_key]
    if isinstance(value, date):
        try_commit(lambda: updated(workshop(), start_date=value), label="move the start date")


st.title("Roadmap")

inputs = st.columns(5)
inputs[0].date_input(
    "Start", **synced("rm_start", w.start_date), on_change=_save_start, args=("rm_start",), format="YYYY-MM-DD"
)
for column, field, label, low, high in (
    (inputs[1], "max_parallel_pilots", "Pilots at once", 1, 50),
    (inputs[2], "max_parallel_scaling", "Scaling at once", 1, 50),
    (inputs[3], "horizon_months", "Horizon (months)", 6, 120),
):
    column.number_input(
        label,
        min_value=low,
        max_value=high,
        **synced(f"rm_{field}", int(getattr(w.plan, field))),
        on_change=_save_plan,
        args=(field, f"rm_{field}"),
    )

inputs[4].number_input(
    "Budget per quarter (k)",
    min_value=0.0,
    max_value=1e12,
    step=50.0,
    format="%.0f",
    placeholder="No limit",
    **synced("rm_budget_per_quarter", w.plan.budget_per_quarter),
    on_change=_save_budget,
    args=("rm_budget_per_quarter",),
    help="A spend limit per calendar quarter on pilot and scaling costs. A phase starts only when its spend fits; "
    "empty or 0 for no limit.",
)

analysis = current_analysis()
with st.expander("Capacity per team" + (" (on)" if w.plan.per_team else ""), icon=":material/groups:", expanded=False):
    render_team_capacity(analysis)
roadmap = analysis.roadmap
summary = roadmap.summary


def _timeline() -> None:
    render_roadmap_metrics(summary)
    baseline = w.baseline()
    shown_baseline = None
    if baseline is not None and st.toggle(
        md(f"Show the baseline ({baseline.name}, {baseline.taken:%d %b %Y})"), value=True, key="rm_show_baseline"
    ):
        shown_baseline = baseline
    matching = render_filter_bar(analysis)
    st.plotly_chart(
        gantt_for_page(analysis, baseline=shown_baseline, shown=matching if current_filter().active else None),
        key="rm_gantt",
        config={"displaylogo": False},
        theme=None,
    )
    if summary.within_guidance is False:
        st.caption(
            f"Most organisations take {GUIDANCE_TEXT} months from assessment to production across their first use "
            "cases."
        )


# Only the open tab is drawn: the investment view holds a row per use case and per gate (thousands at 3,600 use
# cases), which slowed every visit to the timeline when both were drawn.
timeline_tab, investment_tab = st.tabs([TIMELINE_TAB, INVESTMENT_TAB], key="rm_view", on_change="rerun")
with timeline_tab:
    if timeline_tab.open:
        _timeline()
with investment_tab:
    if investment_tab.open:
        render_investment(analysis, editable=True)
render_plan_warnings(roadmap.warnings)

st.subheader("Adjust one use case")
if not roadmap.order:
    st.info("Put use cases on the roadmap on the Prioritise page; they appear here.", icon=":material/view_timeline:")
    st.page_link("pages/facilitator/prioritise.py", label="Go to Prioritise", icon=":material/arrow_forward:")
    end_page()

names = {uc.id: uc.name for uc in w.use_cases}
chosen_id = st.selectbox("Use case", roadmap.order, format_func=names.__getitem__, key="rm_override_use_case")
chosen = w.use_case(chosen_id)
phases = {p.phase: p for p in roadmap.phases if p.use_case_id == chosen_id}
with st.form(f"rm_override_form_{chosen_id}"):
    st.caption(
        "Leave a field empty to let the planner decide. Lengths outside the method's ranges are allowed, and flagged."
    )
    values: dict[PhaseName, tuple[date | None, float | None]] = {}
    for phase, span in ((PhaseName.PILOT, w.plan.pilot_months), (PhaseName.SCALING, w.plan.scaling_months)):
        current = chosen.overrides.get(phase, PhaseOverride())
        planned = phases.get(phase)
        left, right = st.columns(2)
        start = left.date_input(
            f"{phase.value.capitalize()} starts",
            **synced(f"rm_{chosen_id}_{phase.value}_start", current.start),
            help=f"Planned: {planned.start:%d %b %Y}" if planned else None,
        )
        months = right.number_input(
            f"{phase.value.capitalize()} length (months, method {span.min:g}–{span.max:g})",
            min_value=0.25,
            max_value=36.0,
            step=0.25,
            **synced(f"rm_{chosen_id}_{phase.value}_months", current.months),
            help=f"Planned: {planned.weeks} weeks" if planned else None,
        )
        values[phase] = (start if isinstance(start, date) else None, months)
    save_col, clear_col = st.columns(2)
    save = save_col.form_submit_button("Apply", type="primary", icon=":material/check:")
    clear = clear_col.form_submit_button("Back to the planner's dates", icon=":material/restart_alt:")
    if save or clear:
        overrides = (
            {}
            if clear
            else {
                phase: PhaseOverride(start=start, months=months)
                for phase, (start, months) in values.items()
                if start is not None or months is not None
            }
        )
        if try_commit(
            lambda: with_use_case(workshop(), chosen.model_copy(update={"overrides": overrides})),
            label=f"adjust the dates of '{chosen.name}'",
        ):
            if clear:
                for key in [k for k in st.session_state if str(k).startswith(f"rm_{chosen_id}_")]:
                    del st.session_state[key]
            st.rerun()
