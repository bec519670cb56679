"""The facilitator's live view of the room's scores, on the Prioritise page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.charts import add_disagreement, build_matrix_figure
from planner.room import aggregate, with_room_scores
from planner.scoring import rank_use_cases
from ui.state import access, commit, ensure_saved, flash, store, workshop
from ui.words import plural

ROOM_REFRESH_SECONDS = 4
AGREEMENT_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}


def render_room_panel() -> None:
    st.write(
        "Participants score on their phones from the participant link or QR code (Share & export page). "
        "Their scores show here as they arrive; adopt them to drive the matrix and the roadmap."
    )
    if access() is None:
        st.info("Scoring with the room needs this workshop saved with its own links.", icon=":material/link:")
        clicked = st.button("Save and make the links", type="primary", icon=":material/add_link:", key="pr_room_create")
        if clicked and ensure_saved():
            st.rerun()
        return
    _live_room()


def _toggle(field: str, key: str) -> None:
    link = access()
    if link is not None:
        store().set_room_state(link, **{field: bool(st.session_state[key])})


@st.fragment(run_every=ROOM_REFRESH_SECONDS)
def _live_room() -> None:
    link = access()
    if link is None:
        return
    db = store()
    w = workshop()
    state = db.room_state(link)
    participants, ballots = db.ballot_counts(link)
    counts, lock, hide = st.columns([2, 1, 1], vertical_alignment="center")
    counts.markdown(f"### {plural(participants, 'participant')} · {plural(ballots, 'score')}")
    lock.toggle(
        "Lock voting",
        value=state.voting_locked,
        key="pr_room_lock",
        on_change=_toggle,
        args=("voting_locked", "pr_room_lock"),
    )
    hide.toggle(
        "Hide results until revealed",
        value=state.results_hidden,
        key="pr_room_hide",
        on_change=_toggle,
        args=("results_hidden", "pr_room_hide"),
        help="Keeps early scores from anchoring the room.",
    )
    room = aggregate(db.ballots(link), w.criteria)
    if state.results_hidden:
        st.info(
            "Results are hidden. Scores keep arriving; switch the toggle off to reveal them.",
            icon=":material/visibility_off:",
        )
    elif not room:
        st.caption("No scores yet. Share the participant link or QR code from the Share & export page.")
    else:
        names = {uc.id: uc.name for uc in w.use_cases}
        labels = {c.id: c.label for c in w.criteria}
        rows = []
        for uc_id, summary in room.items():
            row: dict[str, object] = {
                "Use case": names.get(uc_id, uc_id),
                "Voters": summary.voters,
                "Agreement": AGREEMENT_LABELS[summary.agreement],
                "Spread": summary.spread,
            }
            for stat in summary.criteria:
                row[labels[stat.criterion_id]] = stat.median
            rows.append(row)
        st.caption("Medians of the room's 1–5 scores; agreement falls as the scores spread apart.")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="pr_room_table")
        room_workshop = with_room_scores(w, room)
        scores = [s for s in rank_use_cases(room_workshop) if s.use_case_id in room]
        figure = build_matrix_figure(
            scores, room_workshop.use_cases, w.scoring, selected=[s.use_case_id for s in scores]
        )
        add_disagreement(figure, scores, {uc_id: r.agreement for uc_id, r in room.items()})
        st.plotly_chart(figure, key="pr_room_matrix", theme=None, config={"displaylogo": False})
    adopt, reset = st.columns(2)
    if adopt.button(
        "Adopt the room's scores",
        type="primary",
        icon=":material/how_to_reg:",
        key="pr_room_adopt",
        disabled=not room,
        help="Sets each scored use case to the room's medians. Undo takes it back.",
    ):
        commit(with_room_scores(w, room), label="adopt the room's scores")
        flash(f"Adopted the room's scores for {len(room)} use cases. Undo in the sidebar takes them back.")
        st.rerun(scope="app")
    with reset.popover("Reset votes", icon=":material/delete_sweep:", disabled=not ballots):
        st.write(f"Delete all {ballots} scores from the room? This cannot be undone.")
        if st.button("Delete the room's scores", type="primary", key="pr_room_reset"):
            removed = db.reset_votes(link)
            flash(f"Deleted {removed} scores.")
            st.rerun(scope="app")
