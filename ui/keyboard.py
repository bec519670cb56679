"""Keyboard and click help the built-in widgets lack: Enter applies a typed date; a sidebar click is never lost.

Streamlit's date field applies a typed date only when the field loses focus, so Enter did nothing and a click on
the sidebar straight after typing could be lost. Here Enter moves the focus out of the field, which applies the
date as a click elsewhere would. The script is fixed text (no user data) and is mounted once per page run.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function () {
    if (window.roadmapPlannerKeys) return;
    window.roadmapPlannerKeys = true;
    document.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || event.isComposing || !(event.target instanceof Element)) return;
        const field = event.target.closest('[data-testid="stDateInput"]');
        if (!field) return;
        // The field applies its date when focus moves to another element (blur() alone does not count), so
        // move focus to the widget's own container, from where Tab goes on to the next field.
        const holder = field.closest('[data-testid="stElementContainer"]') || field.parentElement;
        holder.tabIndex = -1;
        holder.focus();
        event.preventDefault();
    }, true);
    // Leaving a changed field applies it with a rerun, and Streamlit drops a page switch clicked during that
    // rerun, or the field's change: the sidebar click seemed to do nothing, or the typed value was lost. So a
    // sidebar click straight after leaving a field waits until that rerun is over, then goes ahead.
    let leftFieldAt = 0;
    document.addEventListener("focusout", (event) => {
        const field = event.target;
        if (field instanceof Element && field.closest('[data-testid="stMain"]')
            && (field.matches("input, textarea") || field.isContentEditable)) {
            leftFieldAt = Date.now();
        }
    }, true);
    document.addEventListener("click", (event) => {
        if (!(event.target instanceof Element)) return;
        const link = event.target.closest('[data-testid="stSidebarNav"] a[href]');
        if (!link || link.dataset.roadmapLater || Date.now() - leftFieldAt > 1000) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        let waited = 0;
        let sawRun = false;
        const timer = setInterval(() => {
            waited += 50;
            const app = document.querySelector('[data-testid="stApp"]');
            const running = !app || app.getAttribute("data-test-script-state") === "running";
            sawRun = sawRun || running;
            if ((!running && (sawRun || waited >= 600)) || waited > 10000) {
                clearInterval(timer);
                link.dataset.roadmapLater = "1";
                link.click();
                delete link.dataset.roadmapLater;
            }
        }, 50);
    }, true);
}
"""

_keyboard = st.components.v2.component("roadmap_planner_keyboard", js=_JS)


def enable_keyboard_help() -> None:
    _keyboard(key="keyboard_help")
