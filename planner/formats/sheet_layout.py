"""The layout of the exported workbook that the importer reads back: sheet names, table names, columns.

Export and import both use these constants, so a workbook made by the app always comes back.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain import use_case_rows
from planner.domain.models import Criterion

SUMMARY_SHEET = "Summary"
USE_CASES_SHEET = "Use cases"
PRIORITIES_SHEET = "Priorities"
ROADMAP_SHEET = "Roadmap"
GANTT_SHEET = "Gantt"
GATES_SHEET = "Gates & KPIs"
LISTS_SHEET = "Lists"
META_SHEET = "_meta"

USE_CASES_TABLE = "UseCases"
ROADMAP_TABLE = "Roadmap"
PRIORITIES_TABLE = "Priorities"

ROADMAP_COLUMNS: tuple[str, ...] = ("Use case id", "Use case", "Phase", "Start", "End", "Months", "Status")

# _meta holds the schema version in B1 and the workshop JSON split over column A from row 3,
# because one Excel cell holds at most 32,767 characters.
META_VERSION_CELL = "B1"
META_FIRST_ROW = 3
META_CHUNK = 30_000


def use_case_columns(criteria: Sequence[Criterion]) -> list[tuple[str, str]]:
    """(field or criterion id, header) for every column of the Use cases sheet: the use-case row codec's."""
    return use_case_rows.columns(criteria)


ROADMAP_START_COLUMN = ROADMAP_COLUMNS.index("Start") + 1
ROADMAP_END_COLUMN = ROADMAP_COLUMNS.index("End") + 1

# The Gantt sheet: one row per phase from GANTT_FIRST_ROW on, in planner.schedule.phases_in_order. Its Start and
# End cells are formulas that read the Roadmap sheet, so dates are edited in one place.
GANTT_FIRST_ROW = 6
GANTT_HEADERS = ("Use case", "Phase", "Start", "End", "Milestone at end")
GANTT_START_COLUMN = GANTT_HEADERS.index("Start") + 1
GANTT_END_COLUMN = GANTT_HEADERS.index("End") + 1
