"""Join: participants score each use case from their phone, 1–5 per criterion, and see that it counted."""

import streamlit as st

from planner.errors import AccessDenied, NotFound
from planner.models import Side
from planner.storage import BallotInput, VotingClosed
from ui.state import PARTICIPANT_PARAM, access, end_page, flash, store, workshop
from ui.words import md

w = workshop()
link = access()
db = store()

st.title("Score the use cases")
st.caption(md(w.name) + (f" · {md(w.organisation)}" if w.organisation else ""))
if link is None:
    st.info("Open this page from the participant link or QR code the facilitator shares.", icon=":material/qr_code:")
    end_page()

# The participant's anonymous id travels in their link, so a refresh or a new tab keeps their ballots. The
# server issues and signs it: an id edited in the address bar is refused instead of becoming a new voter.
ticket = st.query_params.get(PARTICIPANT_PARAM)
if not ticket:
    ticket = db.participant_ticket(link)
    st.query_params[PARTICIPANT_PARAM] = ticket
elif db.participant_id(link, ticket) is None:
    st.error(
        "This link was changed after it was shared, so it cannot score. Scan the QR code or open the "
        "participant link again.",
        icon=":material/link_off:",
    )
    end_page()

name = st.text_input(
    "Your name (optional)",
    max_chars=80,
    key="jn_name",
    placeholder="Leave empty to stay anonymous",
    value=st.session_state.get("participant_name", ""),
)
st.session_state["participant_name"] = name

room = db.room_state(link)
mine = db.my_ballots(link, ticket)
cases = w.active_use_cases()
done = sum(1 for uc in cases if uc.id in mine)
st.progress(done / len(cases) if cases else 0.0, text=f"{done} of {len(cases)} scored")
if room.voting_locked:
    st.info("Voting is closed for now. Your scores so far are kept.", icon=":material/lock:")
elif cases and done == len(cases):
    st.success("All done, thank you. You can still change a score below.", icon=":material/celebration:")

SCALE = [1, 2, 3, 4, 5]
for uc in cases:
    previous = mine.get(uc.id, {})
    with st.container(border=True, key=f"jn_card_{uc.id}"):
        header = f"**{md(uc.name)}**" + ("  :green-badge[:material/check: Scored]" if previous else "")
        st.markdown(header)
        if uc.description:
            st.caption(md(uc.description))
        with st.form(f"jn_form_{uc.id}", border=False):
            chosen: dict[str, int | None] = {}
            for side in (Side.IMPACT, Side.FEASIBILITY):
                for criterion in (c for c in w.criteria if c.side == side):
                    hint = " (5 = hard)" if not criterion.higher_is_better else ""
                    chosen[criterion.id] = st.segmented_control(
                        f"{md(criterion.label)}{hint}",
                        SCALE,
                        default=previous.get(criterion.id),
                        key=f"jn_{uc.id}_{criterion.id}",
                        help=md(criterion.help) if criterion.help else None,
                        disabled=room.voting_locked,
                    )
            submitted = st.form_submit_button(
                "Update my score" if previous else "Submit",
                type="primary",
                disabled=room.voting_locked,
                width="stretch",
            )
        if submitted:
            missing = [c.label for c in w.criteria if chosen.get(c.id) is None]
            if missing:
                st.error("Pick a score for: " + ", ".join(md(label) for label in missing), icon=":material/error:")
            else:
                scores = {k: int(v) for k, v in chosen.items() if v is not None}
                try:
                    db.submit_ballot(
                        link,
                        BallotInput(
                            participant_id=ticket,
                            participant_name=name.strip(),
                            use_case_id=uc.id,
                            scores=scores,
                        ),
                    )
                except VotingClosed:
                    st.warning("Voting has just been closed; this score was not counted.", icon=":material/lock:")
                except (AccessDenied, NotFound) as exc:
                    st.error(md(str(exc)), icon=":material/error:")
                else:
                    flash(f"Counted: your score for {uc.name}.")
                    st.rerun()
