"""The facilitator's live view of the room's scores, on the Prioritise page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.domain.models import Workshop
from planner.domain.room import UseCaseRoom, aggregate, scoring_progress, with_room_scores
from planner.domain.scoring import rank_use_cases
from planner.rendering.matrix import add_disagreement, build_matrix_figure
from ui.persistence import commit, ensure_saved, store
from ui.session import access, flash, workshop
from ui.words import md, plural

# A phone's score shows on the facilitator's screen within this long (plus the submit itself, see
# benchmarks/bench_room.py), inside the 2 s the room expects.
ROOM_REFRESH_SECONDS = 1.0
CONFIRM_KEY = "room_confirm_adopt"  # not a widget: kept by forget_widgets
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
    ballots_now = db.ballots(link)
    room = aggregate(ballots_now, w.criteria)
    progress = scoring_progress(ballots_now, [uc.id for uc in w.active_use_cases()])
    still = [p for p in progress if not p.finished]
    if progress:
        finished = f"**{len(progress) - len(still)} of {len(progress)} finished.**"
        waiting = ", ".join(f"{md(p.name)} ({p.scored} of {p.total})" for p in still)
        st.markdown(finished + (f" Still scoring: {waiting}." if still else " Everyone has scored every use case."))
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
                # Before the medians, so a wide table never pushes it out of sight.
                "Split votes": "; ".join(
                    f"{labels[stat.criterion_id]} ({stat.distribution()})" for stat in summary.criteria if stat.split
                ),
            }
            for stat in summary.criteria:
                row[labels[stat.criterion_id]] = stat.median
            rows.append(row)
        st.caption(
            "Medians of the room's 1–5 scores; agreement falls as the scores spread apart. A split vote has many "
            "low and many high scores: its median hides a divided room, so talk it through before adopting."
        )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="pr_room_table")
        room_workshop = with_room_scores(w, room)
        scores = [s for s in rank_use_cases(room_workshop) if s.use_case_id in room]
        figure = build_matrix_figure(
            scores, room_workshop.use_cases, w.scoring, selected=[s.use_case_id for s in scores]
        )
        add_disagreement(figure, scores, {uc_id: r.agreement for uc_id, r in room.items()})
        st.plotly_chart(figure, key="pr_room_matrix", theme=None, config={"displaylogo": False})
    split = {uc_id: r.split_criteria for uc_id, r in room.items() if r.split_criteria}
    adopt, reset = st.columns(2)
    if adopt.button(
        "Adopt the room's scores",
        type="primary",
        icon=":material/how_to_reg:",
        key="pr_room_adopt",
        disabled=not room,
        help="Sets each scored use case to the room's medians. Undo takes it back.",
    ):
        if split:
            st.session_state[CONFIRM_KEY] = True
        else:
            _adopt(w, room, leave_split=False)
    if split and st.session_state.get(CONFIRM_KEY):
        names = {uc.id: uc.name for uc in w.use_cases}
        labels = {c.id: c.label for c in w.criteria}
        listed = "; ".join(
            f"{md(names.get(uc_id, uc_id))}: {', '.join(md(labels[c]) for c in criteria)}"
            for uc_id, criteria in split.items()
        )
        with st.container(border=True, key="pr_room_split_confirm"):
            st.warning(
                f"The room is split on {plural(sum(map(len, split.values())), 'score')}: {listed}. "
                "Discuss these first, then adopt.",
                icon=":material/forum:",
            )
            keep, take, cancel = st.columns(3)
            if keep.button("Adopt, but not the split votes", key="pr_room_adopt_unsplit", type="primary"):
                _adopt(w, room, leave_split=True)
            if take.button("Adopt all, medians too", key="pr_room_adopt_all"):
                _adopt(w, room, leave_split=False)
            if cancel.button("Not yet", key="pr_room_adopt_cancel"):
                st.session_state.pop(CONFIRM_KEY, None)
                st.rerun(scope="fragment")
    with reset.popover("Reset votes", icon=":material/delete_sweep:", disabled=not ballots):
        st.write(f"Delete all {ballots} scores from the room? This cannot be undone.")
        if st.button("Delete the room's scores", type="primary", key="pr_room_reset"):
            removed = db.reset_votes(link)
            flash(f"Deleted {removed} scores.")
            st.rerun(scope="app")


def _adopt(w: Workshop, room: dict[str, UseCaseRoom], *, leave_split: bool) -> None:
    st.session_state.pop(CONFIRM_KEY, None)
    if commit(with_room_scores(w, room, leave_split=leave_split), label="adopt the room's scores"):
        left = " Split votes keep the workshop's own scores." if leave_split else ""
        flash(f"Adopted the room's scores for {len(room)} use cases.{left} Undo in the sidebar takes them back.")
    st.rerun(scope="app")
