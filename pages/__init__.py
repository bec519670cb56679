"""Page scripts, run by st.navigation in app.py; a package only so that mypy and import-linter see them."""
