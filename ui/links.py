"""The Share page's links (facilitator, participant, viewer), the participant QR code, and rotation."""

from __future__ import annotations

import io

import segno
import streamlit as st

from planner.storage.store import Links
from ui.persistence import ensure_saved, rotate_links, store
from ui.session import access, flash, link_for

QR_SCALE = 12


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    # A high border and scale keep it scannable from the back of a room on a projector.
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def render_links() -> None:
    st.subheader("Links")
    link = access()
    if link is None:
        st.write(
            "Give this workshop its own links: one for you (the whole app), one for participants to score from "
            "their phones, and a read-only one for sponsors."
        )
        clicked = st.button("Make the links", type="primary", icon=":material/add_link:", key="sx_make_links")
        if clicked and ensure_saved():
            st.rerun()
        return
    tokens: Links = store().tokens(link)
    participant = link_for(tokens.workshop_id, tokens.participant)
    qr_col, links_col = st.columns([1, 2], gap="large")
    with qr_col:
        st.image(qr_png(participant), caption="Participants: scan to score", width=320)
    with links_col:
        st.markdown("**Participants** · score the use cases, nothing else")
        st.code(participant, language=None, wrap_lines=True)
        st.markdown("**Sponsors (read-only)** · roadmap, priorities, readiness")
        st.code(link_for(tokens.workshop_id, tokens.viewer), language=None, wrap_lines=True)
        # Collapsed, because this page is the one on the projector while the room scans the QR code.
        with st.expander("Facilitator link · the whole app; keep it to yourself"):
            st.code(link_for(tokens.workshop_id, tokens.facilitator), language=None, wrap_lines=True)
        with st.popover("Make new links", icon=":material/autorenew:"):
            st.write("All three links change. Anyone with an old link loses access at once.")
            if st.button("Replace all three links", type="primary", key="sx_rotate"):
                rotate_links()
                flash("New links made. The old ones no longer work.")
                st.rerun()
