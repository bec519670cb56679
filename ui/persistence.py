"""Saving: the open workshop in the database. Opening what a link names, saving every accepted edit against the
revision this tab last saw, merging with what another tab saved meanwhile, keeping a change the database refused
in this tab until it answers, undo, and the watcher that reloads a tab when the workshop changed elsewhere.

The shared `Store` holds a database engine only, never a user's data.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from pydantic import ValidationError

from planner.domain.errors import (
    AccessDenied,
    NotFound,
    RevisionConflict,
    StorageUnavailable,
    WorkshopInputError,
    format_validation_error,
)
from planner.domain.merge import Clash, describe, merge_workshops, shown
from planner.domain.models import Workshop
from planner.domain.vocabulary import new_id
from planner.formats.workshop_json import dump_workshop, parse_workshop
from planner.storage.store import Access, Role, Store
from ui.session import (
    ACCESS_KEY,
    BROKEN_KEY,
    CREATED_KEY,
    FLASH_KEY,
    HISTORY_KEY,
    LINK_ERROR_KEY,
    OFFLINE_KEY,
    ORPHAN_KEY,
    PENDING_BASE_KEY,
    PENDING_KEY,
    RELOAD_KEY,
    REVISION_KEY,
    TOKEN_PARAM,
    WORKSHOP_KEY,
    WORKSHOP_PARAM,
    access,
    broken,
    can_edit,
    check_admin_param,
    ensure_workshop,
    facilitator_address,
    flash,
    forget_widgets,
    keep_link_in_address_bar,
    pending_changes,
    workshop,
)
from ui.settings import admin_key, settings
from ui.words import md

HISTORY_LIMIT = 30

HISTORY_COMPRESSION = 6  # zlib level: about 24x smaller on a large workshop's JSON, 10 ms for 2 MB


HOUR = 3600.0


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    return _store(settings().database)


def bootstrap() -> None:
    """Open what the link asks for; without a link, the example, so the roadmap shows a real plan at once."""
    st.session_state.setdefault(HISTORY_KEY, [])
    st.session_state.setdefault(FLASH_KEY, [])
    if not settings().hosted:
        admin_key()  # made and printed in the terminal on the server's first session
    check_admin_param()
    params = st.query_params
    workshop_id, token = params.get(WORKSHOP_PARAM), params.get(TOKEN_PARAM)
    current: Access | None = st.session_state.get(ACCESS_KEY)
    try:
        if workshop_id and token and (current is None or (current.workshop_id, current.token) != (workshop_id, token)):
            # In a new session (a refresh, a new tab, a tab reconnecting after a server restart) the widget
            # values the browser sends are the user's own input: keep them, so a click made then is applied.
            _open(store().resolve(workshop_id, token), forget=current is not None)
        elif current is not None and WORKSHOP_KEY in st.session_state:
            # Every run checks the link again: it may have been rotated, or the workshop deleted.
            try:
                revision = store().revision(store().resolve(current.workshop_id, current.token))
            except AccessDenied:
                if current.role == Role.FACILITATOR and not store().exists(current.workshop_id):
                    # Deleted elsewhere: this tab keeps the content, and any unsaved change, as a new workshop.
                    forget_deleted()
                    flash(
                        "This workshop was deleted in another tab. This tab keeps its content as a new workshop, "
                        "saved with new links at the next change.",
                        error=True,
                    )
                    return
                if current.role == Role.FACILITATOR and st.session_state.get(PENDING_KEY):
                    # Rotated while changes were waiting: they can still be downloaded from the link page.
                    st.session_state[ORPHAN_KEY] = (pending_changes(), dump_workshop(workshop()))
                raise
            except StorageUnavailable as exc:
                # Keep working on this tab's copy; edits wait in the tab until the database answers again.
                st.session_state[OFFLINE_KEY] = str(exc).rstrip(".")
                keep_link_in_address_bar(current)
                return
            st.session_state.pop(OFFLINE_KEY, None)
            if st.session_state.get(PENDING_KEY):
                _retry_pending()
            elif revision != st.session_state.get(REVISION_KEY) and (
                current.role != Role.FACILITATOR or st.session_state.pop(RELOAD_KEY, False)
            ):
                # Participants and viewers follow every change at once. A facilitator's tab keeps what its
                # widgets show until the change watcher asks for a reload, so a click is never applied to
                # a workshop the user did not see; saves merge with what changed meanwhile.
                _open(current)
            keep_link_in_address_bar(current)
        elif current is None and st.session_state.get(PENDING_KEY) and _retry_pending():
            # A new workshop whose first save failed is created as soon as the database answers.
            st.session_state.pop(OFFLINE_KEY, None)
    except AccessDenied as exc:
        st.session_state[LINK_ERROR_KEY] = str(exc)
        st.session_state.pop(WORKSHOP_KEY, None)
        st.session_state.pop(ACCESS_KEY, None)
        return
    ensure_workshop()


def _open(link: Access, *, forget: bool = True) -> None:
    """Load the stored workshop for this tab; one that no longer validates opens the repair page instead."""
    st.session_state[ACCESS_KEY] = link
    st.session_state.pop(LINK_ERROR_KEY, None)
    try:
        loaded, revision = store().load_with_revision(link)
    except WorkshopInputError as exc:
        st.session_state[BROKEN_KEY] = exc.problems
        st.session_state[REVISION_KEY] = store().revision(link)
        st.session_state[WORKSHOP_KEY] = Workshop(id=link.workshop_id, name="Workshop that needs repair")
    else:
        st.session_state.pop(BROKEN_KEY, None)
        st.session_state[WORKSHOP_KEY] = loaded
        st.session_state[REVISION_KEY] = revision
    if link.role == Role.FACILITATOR:
        st.session_state.setdefault("accesses", {})[link.workshop_id] = link
        if forget:
            forget_widgets()
    keep_link_in_address_bar(link)


def watch_for_changes() -> None:
    """Called at the end of every run, and every few seconds on its own: a change saved elsewhere (another
    tab, the facilitator's edit reaching a sponsor's view) reloads this tab. Never during a user's click."""
    current = access()
    if current is None or (current.role == Role.PARTICIPANT and not broken()) or st.session_state.get(PENDING_KEY):
        return
    try:
        revision = store().revision(current)
    except (AccessDenied, NotFound, StorageUnavailable):
        revision = None
    if revision is not None and revision != st.session_state.get(REVISION_KEY):
        st.session_state[RELOAD_KEY] = True
        st.rerun(scope="app")


@dataclass
class Saved:
    workshop: Workshop
    base: Workshop  # what Undo goes back to: the stored workshop this change was applied on
    clashes: list[Clash]


class SaveFailed(Exception):
    """The change is not in the database; the message says why, in words."""


class Unmergeable(SaveFailed):
    """Saved elsewhere meanwhile in a way this change cannot be combined with."""


class CreateLimited(StorageUnavailable):
    """Hosted mode: too many new workshops for now. The change stays in the tab, like any refused save."""


def _set_link(new_access: Access) -> None:
    st.session_state[ACCESS_KEY] = new_access
    st.session_state.setdefault("accesses", {})[new_access.workshop_id] = new_access
    keep_link_in_address_bar(new_access)


def _create(new: Workshop, *, label: str) -> Workshop:
    """A workshop's first save gives it its links; hosted mode limits how many one client makes."""
    db = store()
    if settings().hosted:
        per_client, per_server = settings().creates_per_client, settings().creates_per_server
        now = time.time()
        mine = [t for t in st.session_state.get(CREATED_KEY, []) if now - t < HOUR]
        if len(mine) >= per_client or db.created_since(now - HOUR) >= per_server:
            raise CreateLimited(
                "this server has made as many new workshops as it allows for now "
                f"({per_client} per visitor and {per_server} in all per hour); carry on with an existing link, "
                "or try again later"
            )
    if db.exists(new.id):
        # The same file opened twice becomes a copy, so it never overwrites a workshop it does not own.
        new = new.model_copy(update={"id": new_id()})
    created = db.create(new, label=label)
    if settings().hosted:
        st.session_state[CREATED_KEY] = [*st.session_state.get(CREATED_KEY, []), time.time()]
    st.session_state[REVISION_KEY] = 1
    st.session_state.pop(BROKEN_KEY, None)
    _set_link(created)
    return new


def _save(new: Workshop, *, base: Workshop, label: str, adopt_theirs: bool = True) -> Saved:
    """Store `new`, made from `base`; when the workshop was saved elsewhere meanwhile, merge and save again.

    When the two cannot be combined, the tab shows the stored workshop (`adopt_theirs`) or keeps its own copy,
    and Unmergeable says why."""
    if not can_edit():
        raise AccessDenied("This link can only view the workshop.")
    db = store()
    current = access()
    known: dict[str, Access] = st.session_state.setdefault("accesses", {})
    if current is not None and current.workshop_id == new.id:
        link, revision = current, st.session_state.get(REVISION_KEY) or db.revision(current)
    elif new.id in known:
        # Back to a workshop this tab had open (undo after "load example"). `new` is this tab's last copy of it,
        # unchanged since: merged with what is stored now, that is simply what is stored, with any change saved
        # elsewhere meanwhile. Nothing is written, so nothing another tab saved is overwritten.
        link = known[new.id]
        stored, revision = db.load_with_revision(link)
        _set_link(link)
        st.session_state[REVISION_KEY] = revision
        st.session_state.pop(BROKEN_KEY, None)
        return Saved(stored, base, [])
    else:
        return Saved(_create(new, label=label), base, [])
    clashes: list[Clash] = []
    target = new
    for _ in range(5):
        try:
            st.session_state[REVISION_KEY] = db.save(link, target, label=label, base_revision=revision)
            return Saved(target, base, clashes)
        except RevisionConflict:
            theirs, revision = db.load_with_revision(link)
            try:
                merged = merge_workshops(base, target, theirs)
            except (WorkshopInputError, ValidationError):
                merged = None
            if merged is None and not adopt_theirs:
                raise Unmergeable("it cannot be combined with a change saved elsewhere meanwhile") from None
            if merged is None:
                st.session_state[WORKSHOP_KEY] = theirs
                st.session_state[REVISION_KEY] = revision
                forget_widgets()
                raise Unmergeable(
                    "the workshop was changed in another tab at the same time, in a way that cannot be combined "
                    "with this change. This tab now shows the other change; make yours again."
                ) from None
            clashes.extend(merged.clashes)
            base, target = theirs, merged.workshop
    raise SaveFailed("the workshop is being changed in several places at once; try again in a moment")


def _explain(clashes: list[Clash]) -> str | None:
    if not clashes:
        return None
    parts = [f"for {describe(c)}, yours ({shown(c.mine)}) was kept over {shown(c.theirs)}" for c in clashes[:3]]
    more = f", and {len(clashes) - 3} more" if len(clashes) > 3 else ""
    return (
        "Another tab changed the same thing at the same time: "
        + "; ".join(parts)
        + more
        + ". Undo brings back the other tab's version."
    )


def _packed(w: Workshop) -> bytes:
    return zlib.compress(dump_workshop(w).encode("utf-8"), HISTORY_COMPRESSION)


def _unpacked(data: bytes) -> Workshop:
    return parse_workshop(zlib.decompress(data).decode("utf-8"))


def _push_history(label: str, before: Workshop, after: Workshop) -> None:
    """Undo keeps the workshop before and after each change, so undoing it takes back that change only, not
    what other tabs saved since. Both are kept compressed (a 3,000-use-case workshop is 2 MB of JSON and about
    90 kB packed), and a change's "before" that is the previous change's "after" is kept once."""
    history: list[tuple[str, bytes, bytes]] = st.session_state[HISTORY_KEY]
    packed = _packed(before)
    if history and history[-1][2] == packed:
        packed = history[-1][2]
    history.append((label, packed, _packed(after)))
    del history[:-HISTORY_LIMIT]


def commit(new: Workshop, *, label: str) -> bool:
    """Accept a validated workshop and save it; what it replaced goes on the undo stack under `label`.

    True only once the change is in the database. Otherwise the reason is shown: a link that may not
    change the workshop (nothing changes), or a database that refused (the change stays in this tab and
    is saved on a later run, and a banner says so).
    """
    old = workshop()
    if new == old and not st.session_state.get(PENDING_KEY):
        return True
    if st.session_state.get(PENDING_KEY):
        st.session_state[WORKSHOP_KEY] = new
        st.session_state[PENDING_KEY].append(label)
        _push_history(label, old, new)
        return _retry_pending()
    try:
        saved = _save(new, base=old, label=label)
    except AccessDenied as exc:
        flash(f"Not saved: {exc}", error=True)
        return False
    except NotFound as exc:
        forget_deleted()
        flash(f"Not saved: {exc} This tab keeps the content as a new, unsaved workshop.", error=True)
        return False
    except SaveFailed as exc:
        flash(f"Not saved: {exc}", error=True)
        return False
    except StorageUnavailable as exc:
        _keep_pending(new, old, label, exc)
        return False
    _push_history(label, saved.base, saved.workshop)
    st.session_state[WORKSHOP_KEY] = saved.workshop
    if saved.workshop != new:
        # Merged with a change saved elsewhere: widgets must show the combined workshop, not this tab's view.
        forget_widgets()
    explained = _explain(saved.clashes)
    if explained:
        flash(explained, error=True)
    return True


def _keep_pending(new: Workshop, old: Workshop, label: str, exc: StorageUnavailable) -> None:
    st.session_state.setdefault(PENDING_BASE_KEY, old)
    st.session_state[PENDING_KEY] = [*st.session_state.get(PENDING_KEY, []), label]
    _push_history(label, old, new)
    st.session_state[WORKSHOP_KEY] = new
    flash(
        f"Not saved: {str(exc).rstrip('.')}. The change is kept in this tab and is saved as soon as the database "
        "answers again; to be safe, download the workshop file from the Workshop page.",
        error=True,
    )


def _retry_pending() -> bool:
    """Try again to save the changes that are only in this tab. True once they are stored."""
    labels: list[str] = st.session_state.get(PENDING_KEY, [])
    if not labels:
        return True
    base: Workshop = st.session_state.get(PENDING_BASE_KEY) or workshop()
    try:
        saved = _save(workshop(), base=base, label="; ".join(labels)[:300], adopt_theirs=False)
    except StorageUnavailable:
        return False
    except Unmergeable:
        # Nothing is dropped: this tab's version becomes a copy of its own, with its own links; the original
        # keeps what was saved there meanwhile.
        original = access()
        st.session_state.pop(ACCESS_KEY, None)
        st.session_state.pop(REVISION_KEY, None)
        st.session_state[PENDING_BASE_KEY] = st.session_state[WORKSHOP_KEY] = workshop().model_copy(
            update={"id": new_id(), "name": f"{workshop().name} (copy)"[:200]}
        )
        st.session_state[HISTORY_KEY] = []
        flash(
            f"Your unsaved changes ({', '.join(labels)}) clash with changes saved elsewhere meanwhile, so they "
            "are kept as a copy of the workshop, which this tab now shows. The original keeps the other changes"
            + (f": its link is {facilitator_address(original)}." if original else "."),
            error=True,
        )
        return _retry_pending()
    except (AccessDenied, NotFound, SaveFailed) as exc:
        st.session_state[PENDING_KEY] = []
        st.session_state.pop(PENDING_BASE_KEY, None)
        flash(
            f"These changes could not be saved: {', '.join(labels)}. {exc} They are still shown in this tab: "
            "download the workshop file to keep them.",
            error=True,
        )
        return False
    if saved.workshop != workshop():
        forget_widgets()  # merged with changes saved elsewhere: the widgets show the combined workshop
    st.session_state[WORKSHOP_KEY] = saved.workshop
    st.session_state[PENDING_KEY] = []
    st.session_state.pop(PENDING_BASE_KEY, None)
    flash(f"The database is back: saved {len(labels)} change{'s' if len(labels) != 1 else ''} kept in this tab.")
    explained = _explain(saved.clashes)
    if explained:
        flash(explained, error=True)
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


def _refuse_while_pending(what: str) -> bool:
    """Changes that are only in this tab are saved first; while they cannot be, the tab does not switch away
    from them (they would never be saved). True when the switch must wait."""
    if not pending_changes() or _retry_pending():
        return False
    flash(
        f"Not done ({what}): that would leave {len(pending_changes())} unsaved change"
        f"{'s' if len(pending_changes()) != 1 else ''} behind. They are saved as soon as the database answers; "
        "try again then, or download the workshop file first.",
        error=True,
    )
    return True


def replace(new: Workshop, *, label: str) -> bool:
    """Swap in a different workshop (example, blank, upload, restore): widgets must forget their old values."""
    if _refuse_while_pending(label):
        return False
    done = commit(new, label=label)
    forget_widgets()
    return done


def ensure_saved() -> Access | None:
    """Make sure this workshop is in the database with its links (the room and the Share page need them)."""
    current = access()
    if current is not None:
        return current
    try:
        saved = _create(workshop(), label="create links")
    except (AccessDenied, StorageUnavailable, SaveFailed) as exc:
        st.error(f"The workshop could not be saved, so it has no links yet: {exc}", icon=":material/cloud_off:")
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
    st.session_state.pop(BROKEN_KEY, None)
    st.session_state[WORKSHOP_KEY] = workshop().model_copy(update={"id": new_id()})
    st.session_state[HISTORY_KEY] = []
    if st.session_state.get(PENDING_KEY):
        st.session_state[PENDING_BASE_KEY] = st.session_state[WORKSHOP_KEY]  # saved as a new workshop
    st.query_params.clear()


def rotate_links() -> None:
    current = access()
    if current is not None:
        _set_link(store().rotate(current))


def open_saved(target: Access) -> None:
    """Switch this tab to a workshop from the database (the admin's list, or after duplicating)."""
    if _refuse_while_pending("opening another workshop"):
        return
    _set_link(target)
    _open(target)
    st.session_state[HISTORY_KEY] = []


def restore_version(version_id: int, label: str) -> bool:
    """Bring back an earlier version of the open workshop as a new save (which Undo can take back)."""
    current = access()
    if current is None:
        return False
    restored = store().version(current, version_id)
    if broken():
        # The stored workshop cannot be opened, so there is nothing to merge with: save on top of it.
        revision = store().revision(current)
        st.session_state[REVISION_KEY] = store().save(current, restored, label=label, base_revision=revision)
        st.session_state.pop(BROKEN_KEY, None)
        st.session_state[WORKSHOP_KEY] = restored
        st.session_state[HISTORY_KEY] = []
        forget_widgets()
        return True
    return replace(restored, label=label)


def undo_label() -> str | None:
    history: list[tuple[str, bytes, bytes]] = st.session_state.get(HISTORY_KEY, [])
    return history[-1][0] if history else None


def undo() -> None:
    history: list[tuple[str, bytes, bytes]] = st.session_state.get(HISTORY_KEY, [])
    if not history:
        return
    entry = history.pop()
    label, before, after = entry
    previous = _unpacked(before)
    current = workshop()
    if previous.id == current.id and not st.session_state.get(PENDING_KEY):
        # Take back this change only: what other tabs saved since (and this tab now shows) stays.
        merged = merge_workshops(_unpacked(after), previous, current)
        if merged is not None:
            previous = merged.workshop
    if st.session_state.get(PENDING_KEY):
        st.session_state[WORKSHOP_KEY] = previous
        st.session_state[PENDING_KEY] = st.session_state[PENDING_KEY][:-1] or []
        if not st.session_state[PENDING_KEY]:
            st.session_state.pop(PENDING_BASE_KEY, None)
        forget_widgets()
        flash(f"Undid: {label} (it had not been saved yet).")
        return
    try:
        saved = _save(previous, base=workshop(), label=f"undo: {label}")
    except (AccessDenied, NotFound, SaveFailed, StorageUnavailable) as exc:
        history.append(entry)
        flash(f"Could not undo: {exc}", error=True)
        return
    st.session_state[WORKSHOP_KEY] = saved.workshop
    forget_widgets()
    flash(f"Undid: {label}")
