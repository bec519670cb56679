"""The session's Workshop (single source of truth), its link and role, undo, and one-off messages.

The workshop lives in `st.session_state` and, once saved, in the database: every accepted edit is
saved at once, so a refresh, a new tab or a server restart followed by the same link loses nothing.
The shared `Store` holds a database engine only, never a user's data.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from planner.errors import WorkshopInputError, format_validation_error
from planner.files import dump_workshop, load_sample_workshop, parse_workshop
from planner.models import Workshop, new_id
from planner.storage import Access, AccessDenied, Role, Store, database_url
from ui.words import md

WORKSHOP_KEY = "workshop"
HISTORY_KEY = "history"
FLASH_KEY = "flash"
ACCESS_KEY = "access"
LINK_ERROR_KEY = "link_error"
REVISION_KEY = "revision"
HISTORY_LIMIT = 30
# Widget keys start with their page's prefix; clearing them makes widgets re-read the workshop.
WIDGET_PREFIXES = ("ws_", "rd_", "uc_", "pr_", "rm_", "gr_", "sx_", "jn_")
WORKSHOP_PARAM, TOKEN_PARAM, PARTICIPANT_PARAM = "w", "k", "p"


def _secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, KeyError, AttributeError):
        return None
    except Exception:  # st.secrets raises its own error when no secrets file exists
        return None
    return str(value) if value is not None else None


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    return _store(database_url(environ=os.environ, secrets_url=_secret("database", "url")))


def hosted() -> bool:
    """Hosted mode: no workshop list; a workshop is reached only through its link."""
    flag = os.environ.get("ROADMAP_HOSTED") or _secret("app", "hosted") or ""
    return flag.strip().lower() in {"1", "true", "yes"}


def on_this_computer() -> bool:
    """Local mode's list of workshops is only for the person at the laptop, never for phones on the Wi-Fi."""
    if hosted():
        return False
    address = st.context.ip_address
    # AppTest and some proxies give no address; treat that as local only when nothing says otherwise.
    return address is None or address in {"127.0.0.1", "::1", "localhost"}


def bootstrap() -> None:
    """Open what the link asks for; without a link, the example, so the roadmap shows a real plan at once."""
    st.session_state.setdefault(HISTORY_KEY, [])
    st.session_state.setdefault(FLASH_KEY, [])
    params = st.query_params
    workshop_id, token = params.get(WORKSHOP_PARAM), params.get(TOKEN_PARAM)
    current: Access | None = st.session_state.get(ACCESS_KEY)
    try:
        if workshop_id and token and (current is None or (current.workshop_id, current.token) != (workshop_id, token)):
            link = store().resolve(workshop_id, token)
            st.session_state[WORKSHOP_KEY] = store().load(link)
            st.session_state[REVISION_KEY] = store().revision(link)
            st.session_state[ACCESS_KEY] = link
            st.session_state.pop(LINK_ERROR_KEY, None)
            forget_widgets()
        elif current is not None:
            # Every run checks the link again (it may have been rotated) and picks up changes saved elsewhere:
            # another tab, or the facilitator's edits reaching participants' phones and sponsors' views.
            revision = store().revision(store().resolve(current.workshop_id, current.token))
            if revision != st.session_state.get(REVISION_KEY):
                st.session_state[WORKSHOP_KEY] = store().load(current)
                st.session_state[REVISION_KEY] = revision
                if current.role == Role.FACILITATOR:
                    forget_widgets()
    except AccessDenied as exc:
        st.session_state[LINK_ERROR_KEY] = str(exc)
        st.session_state.pop(WORKSHOP_KEY, None)
        st.session_state.pop(ACCESS_KEY, None)
        return
    _ensure_workshop()


def _ensure_workshop() -> None:
    if WORKSHOP_KEY not in st.session_state:
        # A fresh id: each session's example becomes its own workshop once it is first saved.
        st.session_state[WORKSHOP_KEY] = load_sample_workshop().model_copy(update={"id": new_id()})


def link_error() -> str | None:
    error: str | None = st.session_state.get(LINK_ERROR_KEY)
    return error


def access() -> Access | None:
    current: Access | None = st.session_state.get(ACCESS_KEY)
    return current


def role() -> Role:
    current = access()
    return current.role if current else Role.FACILITATOR


def can_edit() -> bool:
    return role() == Role.FACILITATOR


def workshop() -> Workshop:
    _ensure_workshop()
    current: Workshop = st.session_state[WORKSHOP_KEY]
    return current


def _set_link(new_access: Access) -> None:
    st.session_state[ACCESS_KEY] = new_access
    # The link goes into the address bar, so a refresh or a bookmark reopens this workshop.
    st.query_params[WORKSHOP_PARAM] = new_access.workshop_id
    st.query_params[TOKEN_PARAM] = new_access.token


def _persist(new: Workshop, *, label: str) -> Workshop:
    """Save to the database: a new workshop gets its links on its first save."""
    if not can_edit():
        raise AccessDenied("This link can only view the workshop.")
    db = store()
    current = access()
    if current is not None and current.workshop_id == new.id:
        st.session_state[REVISION_KEY] = db.save(current, new, label=label)
        return new
    known = st.session_state.setdefault("accesses", {})
    if new.id in known:
        st.session_state[REVISION_KEY] = db.save(known[new.id], new, label=label)
        _set_link(known[new.id])
        return new
    if db.exists(new.id):
        # The same file opened twice becomes a copy, so it never overwrites a workshop it does not own.
        new = new.model_copy(update={"id": new_id()})
    created = db.create(new, label=label)
    st.session_state[REVISION_KEY] = 1
    known[new.id] = created
    _set_link(created)
    return new


def commit(new: Workshop, *, label: str) -> bool:
    """Accept a validated workshop and save it; the previous one goes on the undo stack under `label`.

    False when this link may not change the workshop: nothing changed, and the reason is shown.
    """
    old = workshop()
    if new == old:
        return True
    current = access()
    if current is not None:
        st.session_state.setdefault("accesses", {})[current.workshop_id] = current
    try:
        new = _persist(new, label=label)
    except AccessDenied as exc:
        flash(f"Not saved: {exc}", error=True)
        return False
    except SQLAlchemyError:  # the database is down or full: keep working in this tab and say so
        flash(
            "The change is kept in this tab but could not be saved to the database. "
            "Download the workshop file from the Workshop page to be safe.",
            error=True,
        )
    history: list[tuple[str, str]] = st.session_state[HISTORY_KEY]
    history.append((label, dump_workshop(old)))
    del history[:-HISTORY_LIMIT]
    st.session_state[WORKSHOP_KEY] = new
    return True


def try_commit(change: Callable[[], Workshop], *, label: str) -> bool:
    """Run an edit; on invalid input show what is wrong and keep the workshop as it was."""
    try:
        new = change()
    except (WorkshopInputError, ValidationError) as exc:
        problems = exc.problems if isinstance(exc, WorkshopInputError) else format_validation_error(exc)
        st.error(
            "That change was not applied:\n\n" + "\n".join(f"- {md(p)}" for p in problems), icon=":material/error:"
        )
        return False
    return commit(new, label=label)


def replace(new: Workshop, *, label: str) -> bool:
    """Swap in a different workshop (example, blank, upload, undo): widgets must forget their old values."""
    done = commit(new, label=label)
    forget_widgets()
    return done


def ensure_saved() -> Access | None:
    """Make sure this workshop is in the database with its links (the room and the Share page need them)."""
    current = access()
    if current is not None:
        return current
    try:
        saved = _persist(workshop(), label="create links")
    except (AccessDenied, SQLAlchemyError):
        st.error(
            "The workshop could not be saved to the database, so it has no links yet.", icon=":material/cloud_off:"
        )
        return None
    st.session_state[WORKSHOP_KEY] = saved
    return access()


def forget_deleted() -> None:
    """The open workshop was deleted: keep its content in this tab as a new, unsaved workshop."""
    current = access()
    if current is not None:
        st.session_state.get("accesses", {}).pop(current.workshop_id, None)
    st.session_state.pop(ACCESS_KEY, None)
    st.session_state.pop(REVISION_KEY, None)
    st.session_state[WORKSHOP_KEY] = workshop().model_copy(update={"id": new_id()})
    st.session_state[HISTORY_KEY] = []
    st.query_params.clear()


def rotate_links() -> None:
    current = access()
    if current is not None:
        new_access = store().rotate(current)
        st.session_state.setdefault("accesses", {})[new_access.workshop_id] = new_access
        _set_link(new_access)


def open_saved(target: Access) -> None:
    """Switch this tab to a workshop from the database (local mode's list, or after duplicating)."""
    st.session_state[WORKSHOP_KEY] = store().load(target)
    st.session_state.setdefault("accesses", {})[target.workshop_id] = target
    _set_link(target)
    st.session_state[HISTORY_KEY] = []
    forget_widgets()


def forget_widgets() -> None:
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(WIDGET_PREFIXES):
            del st.session_state[key]


def undo_label() -> str | None:
    history: list[tuple[str, str]] = st.session_state.get(HISTORY_KEY, [])
    return history[-1][0] if history else None


def undo() -> None:
    history: list[tuple[str, str]] = st.session_state.get(HISTORY_KEY, [])
    if not history:
        return
    label, snapshot = history.pop()
    previous = parse_workshop(snapshot)
    try:
        _persist(previous, label=f"undo: {label}")
    except (AccessDenied, SQLAlchemyError):
        flash("Undone in this tab, but the database could not be updated.", error=True)
    st.session_state[WORKSHOP_KEY] = previous
    forget_widgets()
    flash(f"Undid: {label}")


def flash(message: str) -> None:
    """A message to show once, after the rerun that an action triggers."""
    st.session_state.setdefault(FLASH_KEY, []).append(message)


def show_flash() -> None:
    for message in st.session_state.get(FLASH_KEY, []):
        st.toast(message, icon=":material/check_circle:")
    st.session_state[FLASH_KEY] = []
