"""The first page a freshly started server serves: reload it once if Streamlit's old page discovery wrapped it.

A project with a folder named pages/ makes Streamlit 1.67 run the very first script of the server process inside
its old auto-discovery (which lists only pages/*.py, and there are none). A deep link such as /roadmap?w=... is
then unknown to that wrapper, so the browser shows "Page not found" over the right page. st.navigation in app.py
switches the wrapper off for the rest of the process, so reloading that one tab once opens the link cleanly.
Only that one run is affected; the script is fixed text and carries no user data.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_JS = r"""
export default function () {
    // Only a link to a page other than the first is affected: "/" opens the first page whatever wraps it.
    if (!window.location.pathname.replace(/\/+$/, "")) return;
    // Once per tab and minute at most, so that a server that keeps restarting can never loop the page.
    const last = Number(sessionStorage.getItem("roadmapPlannerFirstRunReload") || 0);
    if (Date.now() - last < 60000) return;
    sessionStorage.setItem("roadmapPlannerFirstRunReload", String(Date.now()));
    window.location.reload();
}
"""

_reload = st.components.v2.component("roadmap_planner_first_run", js=_JS)


def wrapped_by_page_discovery() -> bool:
    """True only on the first run after the server started (before any st.navigation call switched it off)."""
    return bool(PagesManager.uses_pages_directory)


def reload_if_wrapped(wrapped: bool) -> None:
    """Reload this tab (in the browser, only when the address names a page other than the first)."""
    if wrapped:
        _reload(key="first_run_reload")
