"""Rows from other tools' lists become use cases: each value checked, each problem named by row, column and value.

The file was already checked (upload_safety.py) and read as text (spreadsheets.py), and its columns were mapped
(header_mapping.py). Our own workbook comes back through roundtrip.py instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.library import slugify
from planner.domain.models import Criterion, UseCase, Workshop
from planner.domain.use_case_rows import FALSE_WORDS
from planner.domain.vocabulary import (
    ID_PATTERN,
    LONG_TEXT,
    MAX_DEPENDENCIES,
    SHORT_TEXT,
    STAGE_LABELS,
    Objective,
    Stage,
)
from planner.formats.header_mapping import AMOUNT_FIELDS, Mode, map_objective, map_stage
from planner.formats.numbers import Decimal, parse_number
from planner.formats.spreadsheets import Table, clean_text


class RowProblem(BaseModel):
    row: int
    column: str
    value: str
    expected: str
    blocking: bool = Field(description="True when the row is left out; False when a default was used")

    def message(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
        action = "row left out" if self.blocking else "default used"
        return f"Row {self.row}, column '{self.column}': got '{shown}', expected {self.expected} ({action})"


class ImportResult(BaseModel):
    use_cases: list[UseCase]
    problems: list[RowProblem]
    rows_read: int


def shorten_name(name: str, description: str) -> tuple[str, str]:
    """A name cut to fit at a word boundary (with an ellipsis), and a description that starts with the full name."""
    cut = name[: SHORT_TEXT - 1]
    if " " in cut[SHORT_TEXT // 2 :]:
        cut = cut[: cut.rindex(" ")]
    full = f"Full name: {name}"
    return cut.rstrip(" ,;:-") + "…", f"{full}\n\n{description}" if description else full


def rows_to_use_cases(
    table: Table,
    mapping: Mapping[str, str | None],
    *,
    criteria: Sequence[Criterion],
    default_stage: Stage = Stage.IDEA,
    default_objective: Objective = Objective.OTHER,
    existing_ids: Iterable[str] = (),
    decimal: Decimal = ".",
) -> ImportResult:
    """Turn mapped rows into use cases, collecting one problem per bad cell instead of failing.

    Numbers are read with the given decimal separator (see `guess_table_decimal`); a cell that does not fit it
    is reported, never misread.
    """
    if not mapping.get("name"):
        raise WorkshopInputError(
            [
                f"{table.source}: no column looks like the use case name (headers: {', '.join(table.headers[:12])}). "
                "Choose the name column in the mapping."
            ]
        )
    position = {h: i for i, h in enumerate(table.headers)}
    for field, column in mapping.items():
        if column is not None and column not in position:
            raise WorkshopInputError(
                [f"{table.source}: the mapping for {field} names a column that does not exist: '{column}'"]
            )
    criterion_ids = {c.id for c in criteria}
    ids = set(existing_ids)
    problems: list[RowProblem] = []
    cases: list[UseCase] = []
    pending_dependencies: list[tuple[int, int, list[str]]] = []

    def problem(row: int, field: str, value: str, expected: str, *, blocking: bool) -> RowProblem:
        return RowProblem(
            row=row, column=str(mapping.get(field) or field), value=value, expected=expected, blocking=blocking
        )

    def cell(row: list[str], field: str) -> str:
        column = mapping.get(field)
        return clean_text(row[position[column]]).strip() if column else ""

    for offset, row in enumerate(table.rows):
        number = table.first_row + offset
        row_problems: list[RowProblem] = []
        name = cell(row, "name")
        if not name:
            problems.append(problem(number, "name", "", "a name", blocking=True))
            continue
        fields: dict[str, Any] = {"name": name}
        for field in ("description", "owner", "department"):
            fields[field] = cell(row, field)
        if len(name) > SHORT_TEXT:
            fields["name"], fields["description"] = shorten_name(name, fields["description"])
            row_problems.append(
                problem(
                    number,
                    "name",
                    name[:40],
                    f"at most {SHORT_TEXT} characters (it has {len(name):,}); shortened, with the full name kept "
                    "at the start of the description",
                    blocking=False,
                )
            )
        limits = {"name": SHORT_TEXT, "description": LONG_TEXT, "owner": SHORT_TEXT, "department": SHORT_TEXT}
        for field, limit in limits.items():
            if len(fields[field]) > limit:
                row_problems.append(
                    problem(
                        number,
                        field,
                        fields[field][:40],
                        f"at most {limit:,} characters (it has {len(fields[field]):,})",
                        blocking=True,
                    )
                )
        stage_text = cell(row, "stage")
        stage = map_stage(stage_text)
        if stage is None and stage_text:
            row_problems.append(
                problem(number, "stage", stage_text, f"a stage; set to {default_stage.value}", blocking=False)
            )
        fields["stage"] = stage or default_stage
        objective_text = cell(row, "objective")
        objective = map_objective(objective_text)
        if objective is None and objective_text:
            row_problems.append(
                problem(
                    number,
                    "objective",
                    objective_text,
                    f"an objective; set to {default_objective.value}",
                    blocking=False,
                )
            )
        fields["objective"] = objective or default_objective
        scores: dict[str, int] = {}
        for criterion_id in criterion_ids:
            text = cell(row, criterion_id)
            if not text:
                continue
            value = parse_number(text, decimal)
            if value is None or not value.is_integer() or not 1 <= value <= 5:
                row_problems.append(
                    problem(number, criterion_id, text, "a whole number from 1 to 5; left empty", blocking=False)
                )
                continue
            scores[criterion_id] = int(value)
        fields["scores"] = scores
        example = "1.234,5" if decimal == "," else "1,234.5"
        costs: dict[str, float] = {}
        for field in ("annual_value", *AMOUNT_FIELDS):
            text = cell(row, field)
            if not text:
                continue
            amount = parse_number(text, decimal)
            if amount is None or amount < 0:
                what = "per year" if field in ("annual_value", "run_cost") else "for the phase"
                row_problems.append(
                    problem(
                        number,
                        field,
                        text,
                        f"a number of thousands {what} written like {example}; left empty",
                        blocking=False,
                    )
                )
            elif field == "annual_value":
                fields["annual_value"] = amount
            else:
                costs[AMOUNT_FIELDS[field]] = amount
        fields["costs"] = costs
        roadmap_text = cell(row, "on_roadmap").casefold()
        fields["on_roadmap"] = roadmap_text not in FALSE_WORDS if roadmap_text else True
        wanted_id = cell(row, "id").casefold()
        if wanted_id and re.fullmatch(ID_PATTERN, wanted_id) and wanted_id not in ids:
            fields["id"] = wanted_id
        else:
            fields["id"] = slugify(wanted_id or name, existing_ids=ids)
        if any(p.blocking for p in row_problems):
            problems.extend(row_problems)
            continue
        try:
            use_case = UseCase.model_validate(fields)
        except ValidationError as exc:
            for line in format_validation_error(exc):
                field, _, message = line.partition(": ")
                problems.append(
                    RowProblem(
                        row=number,
                        column=str(mapping.get(field.split(".")[0]) or field),
                        value="",
                        expected=message,
                        blocking=True,
                    )
                )
            continue
        problems.extend(row_problems)
        ids.add(use_case.id)
        dependencies = [d.strip().casefold() for d in re.split(r"[,;]", cell(row, "depends_on")) if d.strip()]
        if dependencies:
            pending_dependencies.append((len(cases), number, dependencies))
        cases.append(use_case)
    known = {uc.id for uc in cases} | set(existing_ids)
    for index, number, dependencies in pending_dependencies:
        valid = list(dict.fromkeys(d for d in dependencies if d in known and d != cases[index].id))
        for missing in (d for d in dependencies if d not in valid):
            problems.append(
                problem(number, "depends_on", missing, "the id of another use case; dependency dropped", blocking=False)
            )
        if len(valid) > MAX_DEPENDENCIES:
            extra = ", ".join(valid[MAX_DEPENDENCIES:])
            problems.append(
                problem(
                    number,
                    "depends_on",
                    extra,
                    f"at most {MAX_DEPENDENCIES} prerequisites; the rest dropped",
                    blocking=False,
                )
            )
            valid = valid[:MAX_DEPENDENCIES]
        # model_copy checks nothing, and the list goes into the workshop as it is: it must be within the model's
        # limits (no repeats, at most MAX_DEPENDENCIES), as made above.
        cases[index] = cases[index].model_copy(update={"depends_on": valid})
    return ImportResult(use_cases=cases, problems=problems, rows_read=len(table.rows))


def apply_import(workshop: Workshop, use_cases: Sequence[UseCase], *, mode: Mode) -> Workshop:
    """Replace the workshop's use cases with the imported ones, or append them (ids kept unique)."""
    # The imported use cases were validated one by one as they were read, and the workshop's own are valid: both go
    # in as they are (validating 3,600 again took 0.15 s). Only the appended ones given a new id are checked again.
    if mode == "replace":
        return updated(workshop, use_cases=list(use_cases))
    taken = {uc.id for uc in workshop.use_cases}
    renamed: dict[str, str] = {}
    added: list[UseCase] = []
    for uc in use_cases:
        new_id = uc.id if uc.id not in taken else slugify(uc.id, existing_ids=taken)
        renamed[uc.id] = new_id
        taken.add(new_id)
        added.append(uc.model_copy(update={"id": new_id}))
    added = [uc.model_copy(update={"depends_on": [renamed.get(d, d) for d in uc.depends_on]}) for uc in added]
    kept: list[UseCase | dict[str, object]] = list(workshop.use_cases)
    return updated(workshop, use_cases=[*kept, *(u.model_dump() for u in added)])


def import_report(result: ImportResult, *, mode: Mode, before: int) -> list[str]:
    """What an import changed, in a few lines: how many use cases came in and what happened to those already
    there, the new use cases by stage and department, then the rows left out and the cells that took a default,
    counted by column and reason."""
    count = len(result.use_cases)
    lines = [
        f"Replaced the {before:,} use cases that were here with {count:,}."
        if mode == "replace" and before
        else f"Added {count:,} use cases" + (f"; the {before:,} already here were kept." if before else ".")
    ]
    stages = Counter(uc.stage for uc in result.use_cases)
    if stages:
        lines.append(
            "By stage: "
            + ", ".join(f"{STAGE_LABELS[s]} {stages[s]:,}" for s in Stage if stages.get(s))
            + f"; from {len({uc.team for uc in result.use_cases}):,} departments."
        )
    for blocking, outcome in ((True, "left out"), (False, "imported with a default")):
        reasons = Counter(
            (p.column, re.sub(r" \(it has [\d,]+\)", "", p.expected)) for p in result.problems if p.blocking is blocking
        )
        rows = len({p.row for p in result.problems if p.blocking is blocking})
        if rows:
            lines.append(f"{rows:,} row{'' if rows == 1 else 's'} {outcome}:")
            lines.extend(
                f"column '{column}' in {n:,} row{'' if n == 1 else 's'}: expected {expected}."
                for (column, expected), n in reasons.most_common(5)
            )
            if len(reasons) > 5:
                lines.append(f"and {len(reasons) - 5} other reasons; the problems list before the import had them all.")
    return lines
