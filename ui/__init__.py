"""Streamlit-side helpers shared by the pages: session state, undo, the sidebar. No planning logic."""
