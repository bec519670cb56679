"""Join: participants score each use case from their phone, 1–5 per criterion, and see that it counted."""

import streamlit as st

from planner.domain.errors import AccessDenied, NotFound
from planner.domain.models import UseCase
from planner.domain.vocabulary import Side
from planner.storage.store import Access, BallotInput, VotingClosed
from ui.persistence import store
from ui.session import PARTICIPANT_PARAM, access, end_page, flash, workshop
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


def _done_key(use_case_id: str) -> str:
    return f"scored_{use_case_id}"  # not a widget: kept by forget_widgets


def _scored() -> int:
    """Use cases this participant has scored: stored before this page run, or sent from a card since."""
    return sum(1 for uc in cases if uc.id in mine or st.session_state.get(_done_key(uc.id)))


def _score_key(use_case_id: str, criterion_id: str) -> str:
    return f"jn_{use_case_id}_{criterion_id}"


done = _scored()
st.progress(done / len(cases) if cases else 0.0, text=f"{done} of {len(cases)} scored")
if room.voting_locked:
    st.info("Voting is closed for now. Your scores so far are kept.", icon=":material/lock:")
elif cases and done == len(cases):
    st.success("All done, thank you. You can still change a score below.", icon=":material/celebration:")

SCALE = [1, 2, 3, 4, 5]
joined: Access = link  # known here (the page ended above without one); the functions below need the narrow type


def _result_key(use_case_id: str) -> str:
    return f"submitted_{use_case_id}"  # not a widget: kept by forget_widgets


@st.fragment
def _card(uc: UseCase, stored: dict[str, int], locked: bool) -> None:
    """One use case's scoring card. A fragment, and the score is sent from the button's callback: a Submit reruns
    this card only, so a tap made on another card meanwhile is kept (a whole-page rerun dropped it), and the
    answer comes back faster."""
    previous: dict[str, int] = st.session_state.get(_done_key(uc.id), stored)
    with st.container(border=True, key=f"jn_card_{uc.id}"):
        header = f"**{md(uc.name)}**" + ("  :green-badge[:material/check: Scored]" if previous else "")
        st.markdown(header)
        if uc.description:
            st.caption(md(uc.description))
        with st.form(f"jn_form_{uc.id}", border=False):
            for side in (Side.IMPACT, Side.FEASIBILITY):
                for criterion in (c for c in w.criteria if c.side == side):
                    hint = criterion.scale_hint() or ("5 = hard" if not criterion.higher_is_better else "")
                    st.segmented_control(
                        md(criterion.label),
                        SCALE,
                        default=previous.get(criterion.id),
                        key=_score_key(uc.id, criterion.id),
                        help=md(criterion.help) if criterion.help else None,
                        disabled=locked,
                    )
                    if hint:
                        st.caption(md(hint))
            st.form_submit_button(
                "Update my score" if previous else "Submit",
                type="primary",
                disabled=locked,
                width="stretch",
                on_click=_submit,
                args=(uc,),
            )
        result = st.session_state.pop(_result_key(uc.id), None)
        if result is None:
            return
        kind, text = result
        if kind == "error":
            st.error(text, icon=":material/error:")
        elif kind == "closed":
            st.warning(text, icon=":material/lock:")
        elif kind == "last":
            flash(text)
            st.rerun(scope="app")  # the progress bar and the thank-you above the cards
        else:
            st.toast(text, icon=":material/check_circle:")


def _submit(uc: UseCase) -> None:
    """Runs before the card is drawn again, with the card's taps in session state."""
    chosen = {c.id: st.session_state.get(_score_key(uc.id, c.id)) for c in w.criteria}
    missing = [c.label for c in w.criteria if chosen.get(c.id) is None]
    if missing:
        st.session_state[_result_key(uc.id)] = ("error", "Pick a score for: " + ", ".join(md(m) for m in missing))
        return
    scores = {k: int(v) for k, v in chosen.items() if v is not None}
    first_time = not st.session_state.get(_done_key(uc.id), mine.get(uc.id))
    try:
        db.submit_ballot(
            joined,
            BallotInput(
                participant_id=ticket,
                participant_name=str(st.session_state.get("jn_name", "")).strip(),
                use_case_id=uc.id,
                scores=scores,
            ),
        )
    except VotingClosed:
        st.session_state[_result_key(uc.id)] = ("closed", "Voting has just been closed; this score was not counted.")
        return
    except (AccessDenied, NotFound) as exc:
        st.session_state[_result_key(uc.id)] = ("error", md(str(exc)))
        return
    st.session_state[_done_key(uc.id)] = scores
    counted = _scored()
    # Only this card is drawn again (see _card), so the count above it catches up at the next whole-page run;
    # the toast says it now.
    if first_time and counted == len(cases):
        st.session_state[_result_key(uc.id)] = ("last", f"Counted: your score for {uc.name}. That was the last one.")
    else:
        text = f"Counted: your score for {md(uc.name)}. {counted} of {len(cases)} scored."
        st.session_state[_result_key(uc.id)] = ("ok", text)


for case in cases:
    _card(case, mine.get(case.id, {}), room.voting_locked)
