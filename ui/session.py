"""This tab's state: which workshop is open and through which link, the role that link gives, widgets that show
workshop values, and one-off messages. Nothing here talks to the database (that is ui/persistence.py)."""

from __future__ import annotations

import hmac
from typing import Any, NoReturn
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from planner.domain.models import Workshop
from planner.domain.vocabulary import new_id
from planner.formats.workshop_json import load_sample_workshop
from planner.storage.store import Access, Role
from ui.settings import admin_key, settings
from ui.words import md

WORKSHOP_KEY = "workshop"


HISTORY_KEY = "history"


FLASH_KEY = "flash"


ACCESS_KEY = "access"


LINK_ERROR_KEY = "link_error"


REVISION_KEY = "revision"


PENDING_KEY = "pending_changes"  # labels of changes that are only in this tab


PENDING_BASE_KEY = "pending_base"  # the stored workshop those changes were made on


BROKEN_KEY = "broken_workshop"  # why the stored workshop cannot be opened


OFFLINE_KEY = "database_offline"  # why the database cannot be reached on this run


ADMIN_SESSION_KEY = "admin"


CREATED_KEY = "workshops_created"


RELOAD_KEY = "reload_requested"


FORGOTTEN_KEY = "forgotten_widgets"  # widget keys to set from the workshop when next drawn


ORPHAN_KEY = "orphaned_changes"  # (labels, workshop JSON) of unsaved changes whose link stopped working


# Widget keys start with their page's prefix; clearing them makes widgets re-read the workshop. The few widgets
# that show nothing of a workshop keep their state and are named in KEPT_WIDGET_KEYS instead.
# tests/ui/test_widget_keys.py reads every widget key in pages/ and ui/ and fails on one that is in neither.
WIDGET_PREFIXES = ("ws_", "rd_", "uc_", "pr_", "rm_", "gr_", "sx_", "jn_", "vw_", "pg_", "pf_", "flt_")
KEPT_WIDGET_KEYS = frozenset({"sidebar_undo", "keyboard_help", "first_run_reload", "le_download_orphan"})


WORKSHOP_PARAM, TOKEN_PARAM, PARTICIPANT_PARAM, ADMIN_PARAM = "w", "k", "p", "admin"


class PageEnd(Exception):
    """Raised by `end_page()`: the page has nothing more to show. Unlike st.stop(), the app still shows the
    queued messages and keeps watching for changes afterwards."""


def end_page() -> NoReturn:
    raise PageEnd


def base_url() -> str:
    """The address the browser used, without page path or query: links work on the network it came from."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def link_for(workshop_id: str, token: str) -> str:
    return base_url() + "?" + urlencode({WORKSHOP_PARAM: workshop_id, TOKEN_PARAM: token})


def facilitator_address(link: Access) -> str:
    """The whole-app link this tab is using: the facilitator's way back to the workshop."""
    return link_for(link.workshop_id, link.token)


def keep_link_in_address_bar(link: Access) -> None:
    """The sidebar's page links drop the query: put the link back on every run, so a refresh, a new tab or a
    bookmark of any page reopens this workshop."""
    if st.query_params.get(WORKSHOP_PARAM) != link.workshop_id:
        st.query_params[WORKSHOP_PARAM] = link.workshop_id
    if st.query_params.get(TOKEN_PARAM) != link.token:
        st.query_params[TOKEN_PARAM] = link.token


def ensure_workshop() -> None:
    if WORKSHOP_KEY not in st.session_state:
        # A fresh id: each session's example becomes its own workshop once it is first saved.
        st.session_state[WORKSHOP_KEY] = load_sample_workshop().model_copy(update={"id": new_id()})


def orphaned_changes() -> tuple[list[str], str] | None:
    """Unsaved changes of a workshop whose link was rotated while they waited: labels and workshop JSON."""
    orphan: tuple[list[str], str] | None = st.session_state.get(ORPHAN_KEY)
    return orphan


def link_error() -> str | None:
    error: str | None = st.session_state.get(LINK_ERROR_KEY)
    return error


def broken() -> list[str] | None:
    problems: list[str] | None = st.session_state.get(BROKEN_KEY)
    return problems


def access() -> Access | None:
    current: Access | None = st.session_state.get(ACCESS_KEY)
    return current


def role() -> Role:
    current = access()
    return current.role if current else Role.FACILITATOR


def can_edit() -> bool:
    return role() == Role.FACILITATOR


def is_admin() -> bool:
    """Whoever typed the local admin key (printed in the terminal at start) in this session. Never by address."""
    return not settings().hosted and _key_matches(admin_session_key())


def admin_session_key() -> str:
    key: str = st.session_state.get(ADMIN_SESSION_KEY, "")
    return key


def _key_matches(key: str) -> bool:
    return bool(key) and hmac.compare_digest(key.encode(), admin_key().encode())


def unlock_admin(key: str) -> bool:
    ok = _key_matches(key.strip())
    if ok:
        st.session_state[ADMIN_SESSION_KEY] = key.strip()
    return ok


def check_admin_param() -> None:
    """`?admin=KEY` from the terminal unlocks this session, then leaves the address bar (it is on a projector)."""
    key = st.query_params.get(ADMIN_PARAM)
    if key is None:
        return
    del st.query_params[ADMIN_PARAM]
    if settings().hosted:
        return
    if not unlock_admin(key):
        flash("That admin key is not right: copy it again from the terminal that started the app.", error=True)


def workshop() -> Workshop:
    ensure_workshop()
    current: Workshop = st.session_state[WORKSHOP_KEY]
    return current


def offline() -> str | None:
    """Why the database could not be reached at the start of this run, or None."""
    reason: str | None = st.session_state.get(OFFLINE_KEY)
    return reason


def pending_changes() -> list[str]:
    labels: list[str] = st.session_state.get(PENDING_KEY, [])
    return labels


def bound(key: str, value: object) -> str:
    """A widget key whose value follows the workshop after `forget_widgets`.

    Deleting a widget's state is not enough: the browser keeps showing what it showed, and sends it back on the
    next click. Setting the state through session state makes the browser show the workshop's value. Only
    keys that were forgotten are set, so the browser's values in a new session (the user's own input, for
    example after a server restart) are applied, not overwritten.
    """
    forgotten: set[str] = st.session_state.get(FORGOTTEN_KEY, set())
    if key in forgotten:
        st.session_state[key] = value
        forgotten.discard(key)
    return key


def synced(key: str, value: object) -> dict[str, Any]:
    """`value=` and `key=` for a widget that shows a workshop value: `st.text_input("Name", **synced(...))`."""
    return {"value": value, "key": bound(key, value)}


def forget_widgets() -> None:
    """Widgets show the workshop again (after a reload, a merge, Undo, or another workshop was opened)."""
    forgotten: set[str] = st.session_state.setdefault(FORGOTTEN_KEY, set())
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(WIDGET_PREFIXES):
            forgotten.add(key)
            del st.session_state[key]


def flash(message: str, *, error: bool = False) -> None:
    """A message to show once, after the rerun that an action triggers; errors stay until closed."""
    st.session_state.setdefault(FLASH_KEY, []).append((message, error))


def show_flash() -> None:
    for message, error in st.session_state.get(FLASH_KEY, []):
        if error:
            st.error(md(message), icon=":material/error:")
        else:
            st.toast(md(message), icon=":material/check_circle:")
    st.session_state[FLASH_KEY] = []
