"""The session's Workshop (single source of truth), its undo history, and one-off flash messages.

Everything here lives in `st.session_state`, so each browser session has its own workshop.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError

from planner.errors import WorkshopInputError, format_validation_error
from planner.files import dump_workshop, load_sample_workshop, parse_workshop
from planner.models import Workshop

WORKSHOP_KEY = "workshop"
HISTORY_KEY = "history"
FLASH_KEY = "flash"
HISTORY_LIMIT = 30
# Widget keys start with their page's prefix; clearing them makes widgets re-read the workshop.
WIDGET_PREFIXES = ("ws_", "rd_", "uc_", "pr_", "rm_", "gr_", "sx_")


def bootstrap() -> None:
    """First run of a session: open the example so the roadmap shows a real plan at once."""
    if WORKSHOP_KEY not in st.session_state:
        st.session_state[WORKSHOP_KEY] = load_sample_workshop()
    st.session_state.setdefault(HISTORY_KEY, [])
    st.session_state.setdefault(FLASH_KEY, [])


def workshop() -> Workshop:
    bootstrap()
    current: Workshop = st.session_state[WORKSHOP_KEY]
    return current


def commit(new: Workshop, *, label: str) -> None:
    """Accept a validated workshop; the previous one goes on the undo stack under `label`."""
    old = workshop()
    if new == old:
        return
    history: list[tuple[str, str]] = st.session_state[HISTORY_KEY]
    history.append((label, dump_workshop(old)))
    del history[:-HISTORY_LIMIT]
    st.session_state[WORKSHOP_KEY] = new


def try_commit(change: Callable[[], Workshop], *, label: str) -> bool:
    """Run an edit; on invalid input show what is wrong and keep the workshop as it was."""
    try:
        new = change()
    except (WorkshopInputError, ValidationError) as exc:
        problems = exc.problems if isinstance(exc, WorkshopInputError) else format_validation_error(exc)
        st.error("That change was not applied:\n\n" + "\n".join(f"- {p}" for p in problems), icon=":material/error:")
        return False
    commit(new, label=label)
    return True


def replace(new: Workshop, *, label: str) -> None:
    """Swap in a different workshop (example, blank, upload, undo): widgets must forget their old values."""
    commit(new, label=label)
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
    if history:
        label, snapshot = history.pop()
        st.session_state[WORKSHOP_KEY] = parse_workshop(snapshot)
        forget_widgets()
        flash(f"Undid: {label}")


def flash(message: str) -> None:
    """A message to show once, after the rerun that an action triggers."""
    st.session_state.setdefault(FLASH_KEY, []).append(message)


def show_flash() -> None:
    for message in st.session_state.get(FLASH_KEY, []):
        st.toast(message, icon=":material/check_circle:")
    st.session_state[FLASH_KEY] = []
