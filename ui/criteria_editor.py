"""The criteria editor on the Prioritise page: rename, re-side or re-describe a criterion in a table, add one with
a form, and remove one after saying what goes with it. The rules are in planner.domain.edits."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.domain.edits import add_criterion, criterion_usage, remove_criterion, update_criterion
from planner.domain.errors import WorkshopInputError
from planner.domain.models import CRITERION_ROLE_LABELS, CriterionRole, Workshop
from planner.domain.vocabulary import MAX_CRITERIA, Side
from ui.persistence import commit, try_commit
from ui.session import flash, workshop
from ui.words import md, plural

VERSION = "table_version_of_criteria"  # not a widget: kept by forget_widgets
PROBLEMS = "problems_of_criteria"  # not a widget: kept by forget_widgets
COLUMNS = ("label", "side", "higher_is_better", "low_label", "high_label", "help", "role")
SIDE_LABELS = {Side.IMPACT.value: "Impact", Side.FEASIBILITY.value: "Feasibility"}


def _key() -> str:
    return f"pr_criteria_{st.session_state.get(VERSION, 0)}"


def apply_pending_criteria_edits(w: Workshop) -> Workshop:
    """Edits typed into the criteria table, applied before the page draws (the table is then rebuilt); returns
    the workshop the page goes on with."""
    pending = st.session_state.get(_key())
    if not isinstance(pending, dict) or not pending.get("edited_rows"):
        return w
    new = w
    try:
        for row, changes in pending["edited_rows"].items():
            if int(row) < len(w.criteria):
                new = update_criterion(new, w.criteria[int(row)].id, changes)
    except WorkshopInputError as exc:
        st.session_state[PROBLEMS] = exc.problems
    else:
        commit(new, label="edit the criteria")
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    return workshop()


def render_criteria_editor(w: Workshop) -> None:
    with st.expander("Criteria · add, rename or remove", icon=":material/tune:"):
        st.caption(
            "Renaming keeps every score and every phone's votes; the change shows on the matrix, the phones and "
            "in Excel. '1 means' and '5 means' are shown under each criterion on the phones."
        )
        for problem in st.session_state.pop(PROBLEMS, []):
            st.error(f"That change was not applied: {md(problem)}", icon=":material/error:")
        frame = pd.DataFrame(
            [{column: getattr(c, column) for column in COLUMNS} for c in w.criteria], columns=list(COLUMNS)
        )
        frame["side"] = [c.side.value for c in w.criteria]
        frame["role"] = [c.role.value if c.role else None for c in w.criteria]
        config: dict[str, Any] = {
            "label": st.column_config.TextColumn("Criterion", required=True, max_chars=80),
            "side": st.column_config.SelectboxColumn(
                "Side", options=list(SIDE_LABELS), format_func=lambda value: SIDE_LABELS[str(value)], required=True
            ),
            "higher_is_better": st.column_config.CheckboxColumn(
                "Higher is better", help="Untick for costs and effort: 5 then counts against feasibility"
            ),
            "low_label": st.column_config.TextColumn("1 means", max_chars=80),
            "high_label": st.column_config.TextColumn("5 means", max_chars=80),
            "help": st.column_config.TextColumn("Help text", max_chars=200),
            "role": st.column_config.SelectboxColumn(
                "Planner reads it as",
                options=[role.value for role in CriterionRole],
                format_func=lambda value: CRITERION_ROLE_LABELS[CriterionRole(str(value))],
                help="What the schedule and the risk register read this criterion as. Each role belongs to one "
                "criterion; giving it to another moves it. Empty: only the matrix and the ranking use it.",
            ),
        }
        st.data_editor(frame, key=_key(), hide_index=True, width="stretch", num_rows="fixed", column_config=config)
        add_col, remove_col = st.columns(2)
        with add_col, st.form("pr_add_criterion", clear_on_submit=False, border=True):
            st.markdown("**Add a criterion**")
            label = st.text_input("Name", max_chars=80, key="pr_new_criterion_label")
            side = st.segmented_control(
                "Side", list(SIDE_LABELS), format_func=SIDE_LABELS.__getitem__, default="impact", key="pr_new_side"
            )
            better = st.checkbox("Higher is better", value=True, key="pr_new_better")
            low = st.text_input("1 means", max_chars=80, key="pr_new_low")
            high = st.text_input("5 means", max_chars=80, key="pr_new_high")
            full = len(w.criteria) >= MAX_CRITERIA
            if st.form_submit_button("Add criterion", icon=":material/add:", disabled=full):
                fields = {
                    "label": label,
                    "side": side,
                    "higher_is_better": better,
                    "low_label": low,
                    "high_label": high,
                }
                if try_commit(lambda: add_criterion(workshop(), fields), label=f"add the criterion '{label}'"):
                    flash(f"Added the criterion {label}. Score it in the table below or from the phones.")
                    for key in ("pr_new_criterion_label", "pr_new_low", "pr_new_high"):
                        st.session_state.pop(key, None)
                    st.rerun()
        with remove_col, st.container(border=True):
            st.markdown("**Remove a criterion**")
            names = {c.id: c.label for c in w.criteria}
            target = st.selectbox("Criterion", list(names), format_func=names.__getitem__, key="pr_remove_criterion")
            used = criterion_usage(w, target)
            with st.popover("Remove…", icon=":material/delete:"):
                st.write(
                    f"Remove **{md(names[target])}**? Its scores on {plural(used, 'use case')} are deleted with it, "
                    "and the phones stop asking for it. Undo in the sidebar brings both back."
                )
                if st.button("Remove it", type="primary", key="pr_remove_criterion_confirm") and try_commit(
                    lambda: remove_criterion(workshop(), target), label=f"remove the criterion '{names[target]}'"
                ):
                    flash(f"Removed the criterion {names[target]} and its {plural(used, 'score')}.")
                    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
                    st.rerun()
