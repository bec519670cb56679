"""The Workshop page's database section: this workshop's history, and (with the admin key) every workshop."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.domain.errors import AccessDenied, NotFound, StorageUnavailable
from ui.persistence import forget_deleted, open_saved, restore_version, store
from ui.session import access, admin_session_key, flash, is_admin, unlock_admin, workshop
from ui.settings import admin_key, settings
from ui.words import md


def render_history() -> None:
    link = access()
    if link is None:
        st.caption("Saved automatically once you make a change; every save is kept in the history below.")
        return
    try:
        versions = store().versions(link)
    except StorageUnavailable:
        st.caption("The history shows again once the database answers.")
        return
    st.caption(f"Saved automatically: revision {versions[0].revision if versions else 1}. Earlier versions:")
    options = {v.id: f"Revision {v.revision} · {v.saved_at:%d %b %H:%M} · {v.label}" for v in versions[1:]}
    if not options:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Version", list(options), format_func=options.__getitem__, key="ws_history_version")
    if right.button("Restore", icon=":material/history:", key="ws_history_restore", width="stretch"):
        revision = options[chosen].split(" · ")[0].lower()
        try:
            done = restore_version(chosen, label=f"restore {revision}")
        except NotFound as exc:
            st.error(md(str(exc)), icon=":material/error:")
        else:
            if done:
                flash(f"Restored {revision}.")
                st.rerun()


def render_admin_unlock() -> None:
    """Every workshop on this computer is listed only for whoever holds the admin key from the terminal."""
    if settings().hosted or is_admin():
        return
    with st.expander("Workshops on this computer", icon=":material/lock:"):
        st.write(
            "To list and open every workshop saved here, type the admin key. It is printed in the terminal that "
            "started the app, and kept in the file admin_key in the data folder."
        )
        with st.form("ws_admin_form", border=False):
            key = st.text_input("Admin key", type="password", key="ws_admin_key")
            if st.form_submit_button("Unlock", icon=":material/lock_open:"):
                if unlock_admin(key):
                    st.rerun()
                st.error("That key is not right. Copy it from the terminal that started the app.")


def render_workshop_list() -> None:
    if not is_admin():
        render_admin_unlock()
        return
    db = store()
    key, expected = admin_session_key(), admin_key()
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
        open_saved(db.local_access(target, admin_key=key, expected_key=expected))
        flash(f"Opened {names[target]}.")
        st.rerun()
    if copy_col.button("Duplicate", icon=":material/content_copy:", key="ws_list_copy", width="stretch"):
        copy = db.duplicate(db.local_access(target, admin_key=key, expected_key=expected))
        open_saved(copy)
        flash(f"Opened a copy of {names[target]}.")
        st.rerun()
    with delete_col.popover("Delete", icon=":material/delete:", width="stretch"):
        st.write(f"Delete **{md(names[target])}**, its history and the room's scores? This cannot be undone.")
        if st.button("Delete for good", type="primary", key="ws_list_delete"):
            try:
                db.delete(db.local_access(target, admin_key=key, expected_key=expected))
            except AccessDenied as exc:
                st.error(md(str(exc)))
            else:
                if target == current:
                    forget_deleted()
                flash(f"Deleted {names[target]}.")
                st.rerun()
