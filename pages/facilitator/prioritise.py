"""Prioritise: weights, the impact–feasibility matrix, the ranked list, and which use cases go on the roadmap."""

import pandas as pd
import streamlit as st

from planner.domain.edits import set_on_roadmap, set_roadmap_selection, updated
from planner.domain.scoring import explain, sensitivity_label
from planner.domain.vocabulary import QUADRANT_LABELS, Quadrant, Side, some_names
from planner.rendering.matrix import MATRIX_BIN, MATRIX_MAX_POINTS, build_matrix_figure, matrix_bins, picked_use_cases
from ui.analysis import current_analysis
from ui.criteria_editor import apply_pending_criteria_edits, render_criteria_editor
from ui.filters import page_of, render_filter_bar, rows_key
from ui.money_columns import MONEY_COLUMNS, money_columns, render_value_for_money
from ui.persistence import commit, try_commit
from ui.room_panel import render_room_panel
from ui.session import end_page, flash, synced, workshop
from ui.words import md

TABLE_VERSION = "table_version_of_priorities"  # not a widget: kept by forget_widgets
SHOWN = "rows_of_ranking_table"  # not a widget: (table key, ids of its rows) of the ranking table drawn last
PICKED_NAMED = 10  # a whole quadrant of a large portfolio is a thousand names: name ten, count the rest

w = workshop()
st.session_state.setdefault(TABLE_VERSION, 0)


def table_key(ids: list[str]) -> str:
    return rows_key("pr_table", st.session_state[TABLE_VERSION], ids)


# Apply ticks from the ranked table before drawing anything (see the Use cases page for why). Its row numbers
# index the rows it showed (filtered, a page at a time), kept under SHOWN when it was drawn.
drawn = st.session_state.get(SHOWN)
pending = st.session_state.get(drawn[0]) if isinstance(drawn, tuple) else None
if isinstance(drawn, tuple) and isinstance(pending, dict) and pending.get("edited_rows"):
    shown_before: list[str] = drawn[1]
    ticks = {
        shown_before[int(row)]: bool(change["on_roadmap"])
        for row, change in pending["edited_rows"].items()
        if "on_roadmap" in change and int(row) < len(shown_before)
    }
    new = w
    for on in (True, False):
        ids = [uc_id for uc_id, value in ticks.items() if value is on]
        if ids:
            new = set_on_roadmap(new, ids, on=on)
    commit(new, label="change the roadmap selection")
    st.session_state[TABLE_VERSION] += 1
    w = workshop()

w = apply_pending_criteria_edits(w)

st.title("Prioritise")
st.write(
    "Weigh what matters, then read the matrix: top right are quick wins, top left strategic bets. "
    "Choose the use cases that go on the roadmap by clicking or box-selecting bubbles, or with the ticks below."
)

source = st.segmented_control(
    "Scores from",
    ["facilitator", "room"],
    default="facilitator",
    required=True,
    format_func=lambda s: "The workshop's scores" if s == "facilitator" else "The room (live)",
    key="pr_source",
)
if source == "room":
    render_room_panel()
    end_page()

if not w.use_cases:
    st.info("There is nothing to prioritise yet: add use cases first.", icon=":material/lightbulb:")
    st.page_link("pages/facilitator/use_cases.py", label="Go to Use cases", icon=":material/arrow_forward:")
    end_page()


def _save_weight(criterion_id: str, widget_key: str) -> None:
    current = workshop()
    criteria = [
        c.model_copy(update={"weight": float(st.session_state[widget_key])}) if c.id == criterion_id else c
        for c in current.criteria
    ]
    try_commit(
        lambda: updated(current, criteria=[c.model_dump() for c in criteria]),
        label=f"change the weight of {next(c.label for c in current.criteria if c.id == criterion_id)}",
    )


def _save_scoring(field: str, widget_key: str) -> None:
    current = workshop()
    scoring = current.scoring.model_copy(update={field: st.session_state[widget_key]})
    try_commit(lambda: updated(current, scoring=scoring.model_dump()), label=f"change {field}")


def render_weights() -> None:
    with st.container(border=True):
        st.markdown("**Weights** · how much each criterion counts (0 = ignore)")
        impact_col, feasibility_col = st.columns(2)
        for side, column in ((Side.IMPACT, impact_col), (Side.FEASIBILITY, feasibility_col)):
            column.caption("Impact" if side == Side.IMPACT else "Feasibility (complexity and effort count inverted)")
            for criterion in (c for c in w.criteria if c.side == side):
                key = f"pr_weight_{criterion.id}"
                column.slider(
                    md(criterion.label),
                    min_value=0.0,
                    max_value=10.0,
                    step=0.5,
                    format="%.1f",
                    **synced(key, float(criterion.weight)),
                    help=md(criterion.help),
                    on_change=_save_weight,
                    args=(criterion.id, key),
                )
        with st.expander("Quadrant lines and the priority balance"):
            for field, label in (("impact_threshold", "Impact line"), ("feasibility_threshold", "Feasibility line")):
                st.slider(
                    label,
                    0,
                    100,
                    **synced(f"pr_{field}", int(getattr(w.scoring, field))),
                    on_change=_save_scoring,
                    args=(field, f"pr_{field}"),
                )
            st.slider(
                "Share of impact in the priority",
                0.0,
                1.0,
                step=0.1,
                **synced("pr_impact_share", float(w.scoring.impact_share)),
                on_change=_save_scoring,
                args=("impact_share", "pr_impact_share"),
                help="0.5 weighs impact and feasibility equally.",
            )


analysis = current_analysis()
matching = set(render_filter_bar(analysis))
ranked = {score.use_case_id for score in analysis.ranking}
ranking = [score for score in analysis.ranking if score.use_case_id in matching]
by_id = w.use_cases_by_id()
on_roadmap = [uc.id for uc in w.use_cases if uc.on_roadmap]

# The matrix comes first, so it starts on the first screen of a projector; the weights follow it.
matrix_col, pick_col = st.columns([3, 1], gap="medium")
with matrix_col:
    event = st.plotly_chart(
        build_matrix_figure(ranking, w.use_cases, w.scoring, selected=on_roadmap),
        key="pr_matrix",
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        config={"displaylogo": False},
        theme=None,
    )
    if len(ranking) > MATRIX_MAX_POINTS:
        st.caption(
            f"{len(ranking):,} use cases, drawn as {len(matrix_bins(ranking)):,} squares of {MATRIX_BIN} points: a "
            "bubble's size says how many it holds, its shade how many of them are on the roadmap. Picking a bubble "
            "picks them all; the filter above narrows the matrix down to single use cases."
        )
with pick_col:
    # Both sides count the ranked (not retired) use cases: a retired one may still be marked for the roadmap.
    st.metric("On the roadmap", f"{sum(1 for uc_id in on_roadmap if uc_id in ranked):,} of {len(analysis.ranking):,}")
    points = event.selection.points if event is not None else []
    picked = picked_use_cases([p["customdata"] for p in points if p.get("customdata") is not None], ranking)
    whole = st.radio(
        "Or a whole quadrant",
        list(Quadrant),
        index=None,
        format_func=lambda q: f"{QUADRANT_LABELS[q]} ({sum(1 for s in ranking if s.quadrant == q)})",
        key=f"pr_quadrant_{st.session_state[TABLE_VERSION]}",
    )
    if whole is not None:
        picked = [s.use_case_id for s in ranking if s.quadrant == whole]
    if not picked:
        st.caption("Click a bubble, drag a box around several, or pick a quadrant, to choose them here.")
    else:
        st.markdown(f"**{len(picked)} selected**")
        st.caption(md(some_names([by_id[uc_id].name for uc_id in picked], at_most=PICKED_NAMED)))
        if st.button("Put on the roadmap", icon=":material/add_task:", key="pr_pick_add", width="stretch"):
            if commit(set_on_roadmap(w, picked, on=True), label="put selected use cases on the roadmap"):
                flash(f"{len(picked)} on the roadmap.")
            st.session_state[TABLE_VERSION] += 1
            st.rerun()
        if st.button("Take off the roadmap", icon=":material/remove_done:", key="pr_pick_remove", width="stretch"):
            if commit(set_on_roadmap(w, picked, on=False), label="take selected use cases off the roadmap"):
                flash(f"{len(picked)} taken off the roadmap.")
            st.session_state[TABLE_VERSION] += 1
            st.rerun()
        if st.button("Only these", icon=":material/filter_center_focus:", key="pr_pick_only", width="stretch"):
            if commit(set_roadmap_selection(w, picked), label="choose the roadmap from the matrix"):
                flash(f"The roadmap now holds exactly {len(picked)} use cases.")
            st.session_state[TABLE_VERSION] += 1
            st.rerun()

render_weights()
render_criteria_editor(w)
render_value_for_money(w)

st.subheader("Ranking")
st.caption(
    f"'In top {w.scoring.top_n}' shows how often a use case stays in the top {w.scoring.top_n} when every weight "
    "moves by up to 20% either way: stable above 90%, borderline from 50%."
)
page_rows = page_of(ranking, name="ranking")
shown_ids = [s.use_case_id for s in page_rows]
st.session_state[SHOWN] = (table_key(shown_ids), shown_ids)
show_money = st.toggle(
    "Show investment and payback",
    key="pr_show_money",
    help="Each use case's pilot and scaling costs, value per year, payback date and 3-year net value.",
)
money = analysis.finance
rows = []
for s in page_rows:
    row = {
        "rank": s.rank,
        "on_roadmap": by_id[s.use_case_id].on_roadmap,
        "name": s.name,
        "quadrant": QUADRANT_LABELS[s.quadrant],
        "impact": s.impact,
        "feasibility": s.feasibility,
        "priority": s.priority,
        "stability": f"{sensitivity_label(s.top_n_share)} · {(s.top_n_share or 0):.0%}",
    }
    if show_money:
        row.update(money_columns(by_id[s.use_case_id], money.of(s.use_case_id), w.finance))
    row["why"] = explain(analysis.explained(s))
    rows.append(row)
st.data_editor(
    pd.DataFrame(rows),
    key=table_key(shown_ids),
    hide_index=True,
    width="stretch",
    disabled=[c for c in rows[0] if c != "on_roadmap"] if rows else True,
    column_config={
        "rank": st.column_config.NumberColumn("#", width="small"),
        "on_roadmap": st.column_config.CheckboxColumn("On roadmap"),
        "name": st.column_config.TextColumn("Use case", width="large"),
        "quadrant": st.column_config.TextColumn("Quadrant"),
        "impact": st.column_config.ProgressColumn("Impact", min_value=0, max_value=100, format="%.0f"),
        "feasibility": st.column_config.ProgressColumn("Feasibility", min_value=0, max_value=100, format="%.0f"),
        "priority": st.column_config.NumberColumn("Priority", format="%.1f"),
        "stability": st.column_config.TextColumn(f"In top {w.scoring.top_n}"),
        **MONEY_COLUMNS,
        "why": st.column_config.TextColumn("Why this score", width="large"),
    },
)
