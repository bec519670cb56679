"""The layout of the exported workbook that the importer reads back: sheet names, table names, columns.

Export and import both use these constants, so a workbook made by the app always comes back.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain import use_case_rows
from planner.domain.models import Criterion
from planner.domain.results import Roadmap
from planner.domain.vocabulary import PhaseName

SUMMARY_SHEET = "Summary"
USE_CASES_SHEET = "Use cases"
PRIORITIES_SHEET = "Priorities"
ROADMAP_SHEET = "Roadmap"
GANTT_SHEET = "Gantt"
GATES_SHEET = "Gates & KPIs"
FINANCE_SHEET = "Finance"
STATUS_SHEET = "Status"
TEAMS_SHEET = "Teams"
MEASUREMENTS_SHEET = "KPI measurements"
LISTS_SHEET = "Lists"
META_SHEET = "_meta"

USE_CASES_TABLE = "UseCases"
ROADMAP_TABLE = "Roadmap"
PRIORITIES_TABLE = "Priorities"
MEASUREMENTS_TABLE = "Measurements"
TEAMS_TABLE = "Teams"
MEASUREMENT_COLUMNS: tuple[str, ...] = ("Use case id", "Use case", "Metric", "Unit", "Target", "Date", "Value", "Note")

ROADMAP_COLUMNS: tuple[str, ...] = ("Use case id", "Use case", "Phase", "Start", "End", "Months", "Status")
# The Roadmap sheet (not the CSV) goes on with what was recorded and the baseline compared against. The three
# "Actual" columns are editable on pilot and scaling rows and are read back on import.
ACTUAL_START, ACTUAL_END, PERCENT_DONE = "Actual start", "Actual end", "% done"
TRACKING_COLUMNS: tuple[str, ...] = (
    ACTUAL_START,
    ACTUAL_END,
    PERCENT_DONE,
    "Baseline start",
    "Baseline end",
    "Slip (weeks)",
    "Against baseline",
)
ROADMAP_SHEET_COLUMNS = ROADMAP_COLUMNS + TRACKING_COLUMNS

# _meta holds the schema version in B1 and the workshop JSON split over column A from row 3,
# because one Excel cell holds at most 32,767 characters.
META_VERSION_CELL = "B1"
META_FIRST_ROW = 3
META_CHUNK = 30_000
# The day the exported roadmap was re-planned from (empty when drawn from the start date): the importer re-plans
# from the same day, so it can tell a date typed in Excel from the plan as it was exported.
META_AS_OF_LABEL_CELL = "C1"
META_AS_OF_CELL = "D1"


def use_case_columns(criteria: Sequence[Criterion]) -> list[tuple[str, str]]:
    """(field or criterion id, header) for every column of the Use cases sheet: the use-case row codec's."""
    return use_case_rows.columns(criteria)


def roadmap_sheet_rows(roadmap: Roadmap) -> dict[tuple[str | None, PhaseName], int]:
    """The Roadmap sheet's row of each phase, by (use case id, phase): its rows follow the roadmap's phases from row
    2. The Gantt and Finance sheets' formulas read their dates there."""
    return {(p.use_case_id, p.phase): row for row, p in enumerate(roadmap.phases, start=2)}


ROADMAP_START_COLUMN = ROADMAP_COLUMNS.index("Start") + 1
ROADMAP_END_COLUMN = ROADMAP_COLUMNS.index("End") + 1
ROADMAP_BASELINE_START_COLUMN = ROADMAP_SHEET_COLUMNS.index("Baseline start") + 1
ROADMAP_BASELINE_END_COLUMN = ROADMAP_SHEET_COLUMNS.index("Baseline end") + 1

# The Gantt sheet: one row per phase from GANTT_FIRST_ROW on, in planner.schedule.phases_in_order. Its Start and
# End cells are formulas that read the Roadmap sheet, so dates are edited in one place.
GANTT_FIRST_ROW = 6
GANTT_HEADERS = ("Use case", "Phase", "Start", "End", "Milestone at end")
# With a baseline, two more columns (formulas reading the Roadmap sheet) come before the grid.
GANTT_BASELINE_HEADERS = ("Baseline start", "Baseline end")
GANTT_START_COLUMN = GANTT_HEADERS.index("Start") + 1
GANTT_END_COLUMN = GANTT_HEADERS.index("End") + 1
