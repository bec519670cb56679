"""Roadmap Planner core, pure Python: the Streamlit pages and the command line are thin shells over it.

- planner.domain: the rules (models, readiness, scoring, schedule, gates and risks, room, edits, analysis)
- planner.formats: files in and out (workshop JSON, spreadsheet reading and round trip, Excel and CSV export)
- planner.storage: the database (tables, revision-checked saves, access by link, migrations)
- planner.rendering: the plotly figures
- planner.cli: `python -m planner`

Formats, storage and rendering depend on the domain, never the other way (see [tool.importlinter] in
pyproject.toml); nothing here imports streamlit.
"""

from pathlib import Path

__version__ = "0.1.0"

# Where this checkout keeps its data/ and var/ folders.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
