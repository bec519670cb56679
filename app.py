"""Roadmap Planner: navigation by role, page config and the session's workshop. No planning logic here.

The page scripts sit in role folders under pages/ (pages/facilitator/, pages/viewer/, ...), never directly in
pages/: Streamlit's old auto-discovery only lists pages/*.py, so with no script there, st.navigation below is
the only list of pages the app has.
"""

import contextlib
import logging

import streamlit as st

from planner.domain.errors import AccessDenied, NotFound, StorageUnavailable
from planner.storage.store import Role
from ui.first_run import reload_if_wrapped, wrapped_by_page_discovery
from ui.keyboard import enable_keyboard_help
from ui.layout import apply_layout
from ui.memory import freeze_what_startup_made
from ui.persistence import bootstrap, watch_for_changes
from ui.session import LINK_ERROR_KEY, PageEnd, broken, link_error, offline, pending_changes, role, show_flash
from ui.settings import SettingsProblem, allowed_hosts, host_allowed, settings
from ui.sidebar import render_sidebar
from ui.words import md

WATCH_SECONDS = 5
log = logging.getLogger("roadmap_planner")


def database_down(exc: Exception) -> None:
    st.error(
        f"The workshop database cannot be used just now: {md(str(exc).rstrip('.'))}. Nothing can be loaded or "
        "saved until it answers again. Try again in a minute; if it persists, check DATABASE_URL, the data folder "
        "and its disk.",
        icon=":material/cloud_off:",
    )


wrapped = wrapped_by_page_discovery()  # read before st.navigation below switches the old discovery off
st.set_page_config(page_title="Roadmap Planner", page_icon=":material/route:", layout="wide")
apply_layout()

try:
    config = settings()
except SettingsProblem as exc:
    st.error(
        f"This Roadmap Planner is not set up right, so it does not start: {md(str(exc))}. "
        "Correct the value (or remove it to use the default) and start the app again.",
        icon=":material/settings_alert:",
    )
    st.stop()

# A page from another site that points its own domain at this server (DNS rebinding) is turned away.
if not host_allowed(st.context.headers.get("Host"), names=allowed_hosts(), open_to_any=config.host_check_open):
    st.error(
        "This address is not one this Roadmap Planner serves. Open it by its own address, such as "
        "http://localhost:8501, or add the name to ROADMAP_ALLOWED_HOSTS.",
        icon=":material/block:",
    )
    st.stop()

try:
    bootstrap()
except StorageUnavailable as exc:
    database_down(exc)
    st.stop()

FACILITATOR_PAGES = [
    st.Page("pages/facilitator/workshop.py", title="Workshop", icon=":material/groups:", default=True),
    st.Page("pages/facilitator/readiness.py", title="Readiness", icon=":material/radar:"),
    st.Page("pages/facilitator/use_cases.py", title="Use cases", icon=":material/lightbulb:"),
    st.Page("pages/facilitator/prioritise.py", title="Prioritise", icon=":material/scatter_plot:"),
    st.Page("pages/facilitator/portfolio.py", title="Portfolio", icon=":material/filter_alt:"),
    st.Page("pages/facilitator/roadmap.py", title="Roadmap", icon=":material/view_timeline:"),
    st.Page("pages/facilitator/gates.py", title="Gates & risks", icon=":material/fact_check:"),
    st.Page("pages/facilitator/progress.py", title="Progress", icon=":material/monitoring:"),
    st.Page("pages/facilitator/share.py", title="Share & export", icon=":material/ios_share:"),
]
VIEWER_PAGES = [
    st.Page(
        "pages/viewer/roadmap.py",
        url_path="view_roadmap",
        title="Roadmap",
        icon=":material/view_timeline:",
        default=True,
    ),
    st.Page(
        "pages/viewer/prioritise.py", url_path="view_prioritise", title="Priorities", icon=":material/scatter_plot:"
    ),
    st.Page("pages/viewer/readiness.py", url_path="view_readiness", title="Readiness", icon=":material/radar:"),
    st.Page("pages/viewer/status.py", url_path="view_status", title="Status", icon=":material/monitoring:"),
]
REPAIR_PAGE = st.Page("pages/common/repair.py", title="Repair", icon=":material/healing:")

LINK_ERROR_PAGE = st.Page("pages/common/link_error.py", title="Link not valid", icon=":material/link_off:")

sidebar = None
if link_error() or broken():
    # The address may name any page (a bookmark of /roadmap): navigation knows them all, so Streamlit shows no
    # "page not found", and then switches to the page that explains, keeping the link in the address.
    target = LINK_ERROR_PAGE if link_error() else REPAIR_PAGE
    page = st.navigation([target, *FACILITATOR_PAGES, *VIEWER_PAGES[1:]], position="hidden")
    if page.url_path != target.url_path:
        st.switch_page(target, query_params=st.query_params.to_dict())
elif role() == Role.PARTICIPANT:
    page = st.navigation(
        [st.Page("pages/participant/join.py", title="Join", icon=":material/how_to_vote:")], position="hidden"
    )
elif role() == Role.VIEWER:
    page = st.navigation(VIEWER_PAGES)
    sidebar = True
else:
    page = st.navigation(FACILITATOR_PAGES)
    sidebar = False
# Only now, with st.navigation called and the old discovery off for good: a reload sent earlier could reach a
# loaded browser before this run got here, and its new run would be wrapped again ("Page not found" stayed).
reload_if_wrapped(wrapped)


def show_messages() -> None:
    """Messages queued by an action, and what is not saved yet. Called after the page ran, into a container
    that sits above it: so a message from this run shows now, and one queued before a rerun shows after it."""
    with messages:
        show_flash()
        waiting = pending_changes()
        reason = offline()
        if reason and not waiting:
            st.warning(
                f"The database cannot be reached: {md(reason)}. You can keep working: changes stay in this tab "
                "and are saved when it answers again.",
                icon=":material/cloud_off:",
            )
        if waiting:
            st.warning(
                f"Not saved yet: {md('; '.join(waiting))}. These changes are only in this tab until the database "
                "answers again; they are saved then. Download the workshop file (Workshop page) to be safe.",
                icon=":material/cloud_off:",
            )


messages = st.container()
if sidebar is False:
    with st.sidebar:
        enable_keyboard_help()  # Enter applies a typed date (the facilitator's pages have date fields)
try:
    with contextlib.suppress(PageEnd):  # a page with nothing more to show still gets its sidebar and messages
        page.run()
    # The sidebar is drawn after the page (it has its own column, so nothing moves on screen): it reads the
    # workshop as the page left it, and an edit the page applied shows there on the same run.
    if sidebar is not None:
        render_sidebar(read_only=sidebar)
    show_messages()
except AccessDenied as exc:
    # The link was rotated (or the workshop deleted) while this tab was open.
    st.session_state[LINK_ERROR_KEY] = str(exc)
    st.rerun()
except (StorageUnavailable, NotFound) as exc:
    database_down(exc)
    show_messages()
except Exception:
    # Never a traceback in front of the room: say what to do, and keep the details in the server's log.
    log.exception("A page failed to render")
    st.error(
        "This page could not be shown for this workshop. Nothing was lost: open another page, undo the last "
        "change in the sidebar, or restore an earlier version on the Workshop page.",
        icon=":material/report:",
    )
    show_messages()

freeze_what_startup_made()


@st.fragment(run_every=WATCH_SECONDS)
def _watch() -> None:
    watch_for_changes()


if not link_error() and role() != Role.PARTICIPANT:
    _watch()
