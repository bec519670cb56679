"""Spacing that reads on a projector and on a phone: fixed CSS only, never anything a user typed."""

from __future__ import annotations

import streamlit as st

# Streamlit's default leaves about 100 px above every title and wide side margins; at 1280×720 that pushed the
# matrix and the Gantt below the fold. A <style>-only st.html takes no space on the page.
_CSS = """
<style>
[data-testid="stMainBlockContainer"] {
    padding-top: 1.25rem;
    padding-bottom: 2rem;
    padding-left: 2rem;
    padding-right: 2rem;
}
@media (max-width: 640px) {
    [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
}
</style>
"""


def apply_layout() -> None:
    st.html(_CSS)
