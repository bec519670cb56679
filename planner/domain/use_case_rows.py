"""One flat row per use case, and back: the one codec for the Use cases table, its Excel sheet and its round trip.

A row maps a field name, or a criterion id, to a cell. Cells may be typed (the data editor gives numbers and
booleans) or text (a spreadsheet); both read the same way here, so a value the table accepts the workbook
accepts too. Prerequisites are ids separated by commas or semicolons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from planner.domain.models import Criterion, UseCase

# (field, header) in column order; the criteria columns go between "stage" and "annual_value". The cost columns
# are UseCase.costs, flat: an empty cell is a cost left to the organisation default.
HEAD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "Id"),
    ("name", "Name"),
    ("description", "Description"),
    ("owner", "Owner"),
    ("department", "Department"),
    ("objective", "Objective"),
    ("stage", "Stage"),
)
TAIL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("annual_value", "Value per year (k)"),
    ("pilot_cost", "Pilot cost (k)"),
    ("scaling_cost", "Scaling cost (k)"),
    ("run_cost", "Run cost per year (k)"),
    ("on_roadmap", "On roadmap"),
    ("depends_on", "Depends on"),
)
COST_COLUMNS = {"pilot_cost": "pilot", "scaling_cost": "scaling", "run_cost": "run_per_year"}
TEXT_FIELDS = ("id", "name", "description", "owner", "department", "objective", "stage")
# Spreadsheet words for yes and no; anything else that is not empty counts as yes.
TRUE_WORDS = ("true", "yes", "y", "1", "x", "on", "selected")
FALSE_WORDS = ("false", "no", "n", "0", "off")
_ID_SEPARATORS = re.compile(r"[,;]")

NumberReader = Callable[[str], float | None]


def columns(criteria: Sequence[Criterion]) -> list[tuple[str, str]]:
    """(field or criterion id, header) for every column, in order."""
    return [*HEAD_COLUMNS, *((c.id, c.label) for c in criteria), *TAIL_COLUMNS]


def split_ids(value: Any) -> list[str]:
    """'a, b; c' (or a list) -> ['a', 'b', 'c']."""
    if value is None:
        return []
    parts = _ID_SEPARATORS.split(value) if isinstance(value, str) else [str(v) for v in value]
    return [p.strip() for p in parts if p.strip()]


def to_row(use_case: UseCase, criteria: Sequence[Criterion]) -> dict[str, Any]:
    """The use case as typed cells, keyed like `columns`."""
    row: dict[str, Any] = {field: getattr(use_case, field) for field in TEXT_FIELDS}
    row["objective"] = use_case.objective.value
    row["stage"] = use_case.stage.value
    for criterion in criteria:
        row[criterion.id] = use_case.scores.get(criterion.id)
    row["annual_value"] = use_case.annual_value
    for column, cost in COST_COLUMNS.items():
        row[column] = getattr(use_case.costs, cost)
    row["on_roadmap"] = use_case.on_roadmap
    row["depends_on"] = ", ".join(use_case.depends_on)
    return row


def _empty(value: Any) -> bool:
    # Tables hand back NaN / None / "" for an emptied cell; all mean "not set".
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _plain_number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _number(value: Any, read: NumberReader) -> Any:
    """A number from a typed or a text cell; text that is no number is passed on, for the model to refuse."""
    if isinstance(value, str):
        parsed = read(value)
        return value.strip() if parsed is None else parsed
    return value


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() not in FALSE_WORDS
    return bool(value)


def from_row(
    row: Mapping[str, Any],
    criteria: Sequence[Criterion],
    *,
    base: UseCase | None = None,
    read_number: NumberReader = _plain_number,
) -> dict[str, Any]:
    """Fields for `UseCase.model_validate`: the row's cells over `base` (the use case as it was, if any).

    Only the columns present in the row change; an emptied cell clears the field (or the score).
    """
    data: dict[str, Any] = base.model_dump() if base else {}
    criterion_ids = {c.id for c in criteria}
    scores = dict(data.get("scores", {}))
    for key, value in row.items():
        if key in criterion_ids:
            if _empty(value):
                scores.pop(key, None)
            else:
                scores[key] = _whole(_number(value, read_number))
        elif key in TEXT_FIELDS:
            text = "" if _empty(value) else str(value).strip()
            if text or key in ("description", "owner", "department"):
                data[key] = text
            elif key in ("id", "name"):
                data[key] = text  # the model says a name is needed
        elif key == "annual_value":
            data[key] = None if _empty(value) else _number(value, read_number)
        elif key in COST_COLUMNS:
            costs = data.setdefault("costs", {})
            costs[COST_COLUMNS[key]] = None if _empty(value) else _number(value, read_number)
        elif key == "on_roadmap":
            data[key] = True if _empty(value) else _flag(value)
        elif key == "depends_on":
            data[key] = [] if _empty(value) else split_ids(value)
    data["scores"] = scores
    return data
