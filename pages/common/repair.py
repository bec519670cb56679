"""Repair: the stored workshop can no longer be opened (it was saved by an older version, or edited by hand).

Nothing of it is rendered; the facilitator sees why, and restores an earlier version that still opens.
"""

import streamlit as st

from planner.domain.errors import WorkshopInputError
from planner.storage.store import Role
from ui.persistence import restore_version, store
from ui.session import access, broken, end_page, flash
from ui.words import md

st.title("This workshop needs a repair")
problems = broken() or []
st.error(
    "The saved workshop cannot be opened as it is:\n\n" + "\n".join(f"- {md(p)}" for p in problems[:20]),
    icon=":material/report:",
)
link = access()
if link is None:
    end_page()
if link.role != Role.FACILITATOR:
    st.info(
        "The facilitator can restore an earlier version; this page shows the workshop again as soon as they have.",
        icon=":material/hourglass_top:",
    )
    end_page()
versions = store().versions(link)
st.write(
    "Restore an earlier version below. The restore is saved as a new version, so nothing is overwritten; "
    "the version that cannot be opened stays in the history."
)
options = {v.id: f"Revision {v.revision} · {v.saved_at:%d %b %Y %H:%M} · {v.label}" for v in versions}
if not options:
    st.info("There are no earlier versions to restore.", icon=":material/history:")
    end_page()
chosen = st.selectbox("Version", list(options), format_func=options.__getitem__, key="ws_repair_version")
if st.button("Restore this version", type="primary", icon=":material/history:", key="ws_repair_restore"):
    try:
        done = restore_version(chosen, label=f"restore {options[chosen].split(' · ')[0].lower()}")
    except WorkshopInputError as exc:
        st.error(
            "That version cannot be opened either:\n\n" + "\n".join(f"- {md(p)}" for p in exc.problems[:10]),
            icon=":material/error:",
        )
    else:
        if done:
            flash(f"Restored {options[chosen].split(' · ')[0].lower()}.")
            st.rerun()
