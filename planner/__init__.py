"""Roadmap Planner core: models, readiness, scoring, scheduling, checklists, charts and files.

Pure Python; the Streamlit pages and the command line are thin shells over it.
"""

__version__ = "0.1.0"
