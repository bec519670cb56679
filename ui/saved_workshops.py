"""The Workshop page's database section: this workshop's history, and (local mode) the list of workshops."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.storage import AccessDenied
from ui.state import access, flash, forget_deleted, on_this_computer, open_saved, replace, store, workshop


def render_history() -> None:
    link = access()
    if link is None:
        st.caption("Saved automatically once you make a change; every save is kept in the history below.")
        return
    versions = store().versions(link)
    st.caption(f"Saved automatically: revision {versions[0].revision if versions else 1}. Earlier versions:")
    options = {v.id: f"Revision {v.revision} · {v.saved_at:%d %b %H:%M} · {v.label}" for v in versions[1:]}
    if not options:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Version", list(options), format_func=options.__getitem__, key="ws_history_version")
    if right.button("Restore", icon=":material/history:", key="ws_history_restore", width="stretch"):
        restored = store().version(link, chosen)
        replace(restored, label=f"restore {options[chosen].split(' · ')[0].lower()}")
        flash(f"Restored {options[chosen].split(' · ')[0].lower()}.")
        st.rerun()


def render_workshop_list() -> None:
    if not on_this_computer():
        return
    db = store()
    saved = db.list_workshops()
    if not saved:
        return
    st.subheader("Workshops on this computer")
    current = workshop().id
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Workshop": s.name + ("  (open)" if s.id == current else ""),
                    "Organisation": s.organisation,
                    "Saves": s.revision,
                    "Last change": s.updated_at,
                }
                for s in saved
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Last change": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
    )
    names = {s.id: s.name for s in saved}
    pick_col, open_col, copy_col, delete_col = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
    target = pick_col.selectbox("Workshop", list(names), format_func=names.__getitem__, key="ws_list_pick")
    if open_col.button(
        "Open", icon=":material/file_open:", key="ws_list_open", width="stretch", disabled=target == current
    ):
        open_saved(db.local_access(target))
        flash(f"Opened {names[target]}.")
        st.rerun()
    if copy_col.button("Duplicate", icon=":material/content_copy:", key="ws_list_copy", width="stretch"):
        copy = db.duplicate(db.local_access(target))
        open_saved(copy)
        flash(f"Opened a copy of {names[target]}.")
        st.rerun()
    with delete_col.popover("Delete", icon=":material/delete:", width="stretch"):
        st.write(f"Delete **{names[target]}**, its history and the room's scores? This cannot be undone.")
        if st.button("Delete for good", type="primary", key="ws_list_delete"):
            try:
                db.delete(db.local_access(target))
            except AccessDenied as exc:
                st.error(str(exc))
            else:
                if target == current:
                    forget_deleted()
                flash(f"Deleted {names[target]}.")
                st.rerun()
