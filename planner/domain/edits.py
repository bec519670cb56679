"""Validated edits to a workshop: every change goes through the models before it is accepted.

Each function returns a new Workshop (the input is never mutated) or raises WorkshopInputError.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.finance import VALUE_FOR_MONEY_ID, value_for_money
from planner.domain.library import LibraryEntry, slugify, to_use_case
from planner.domain.models import Criterion, UseCase, Workshop
from planner.domain.use_case_rows import from_row, to_row
from planner.domain.vocabulary import MAX_CRITERIA


def updated(workshop: Workshop, **changes: Any) -> Workshop:
    """A copy with `changes` applied, validated as a whole; nested models may be given as dicts.

    Fields left unchanged keep their validated models, which pydantic takes as they are, so a change to the
    weights does not validate 3,000 use cases again; the workshop's own checks (ids, dependencies, criteria)
    still run over everything. A list may mix models kept as they were with dicts of changed ones.
    """
    data: dict[str, Any] = {name: getattr(workshop, name) for name in type(workshop).model_fields}
    for key, value in changes.items():
        data[key] = value.model_dump(mode="python") if hasattr(value, "model_dump") else value
    try:
        return Workshop.model_validate(data)
    except ValidationError as exc:
        raise WorkshopInputError(format_validation_error(exc)) from None


def with_use_case(workshop: Workshop, use_case: UseCase) -> Workshop:
    """Replace the use case with the same id, or append it when the id is new. Only that one is validated again
    (it may come from `model_copy(update=...)`, which checks nothing); the others are kept as they are."""
    changed = use_case.model_dump()
    cases: list[UseCase | dict[str, Any]] = [changed if uc.id == use_case.id else uc for uc in workshop.use_cases]
    if use_case.id not in {uc.id for uc in workshop.use_cases}:
        cases.append(changed)
    return updated(workshop, use_cases=cases)


def add_use_case(workshop: Workshop, fields: Mapping[str, Any]) -> Workshop:
    """Append a new use case; its id is made from its name when none is given."""
    data = dict(fields)
    existing = {uc.id for uc in workshop.use_cases}
    if not data.get("id"):
        data["id"] = slugify(str(data.get("name") or ""), existing_ids=existing)
    try:
        use_case = UseCase.model_validate(data)
    except ValidationError as exc:
        raise WorkshopInputError(format_validation_error(exc)) from None
    if use_case.id in existing:
        raise WorkshopInputError([f"id: '{use_case.id}' is already used by another use case"])
    return with_use_case(workshop, use_case)


def add_from_library(workshop: Workshop, entries: Sequence[LibraryEntry]) -> Workshop:
    """Append library entries as new idea-stage use cases, each with an id unique in the workshop."""
    ids = {uc.id for uc in workshop.use_cases}
    added = []
    for entry in entries:
        case = to_use_case(entry, existing_ids=ids)
        ids.add(case.id)
        added.append(case.model_dump())
    return updated(workshop, use_cases=[*workshop.use_cases, *added])


def remove_use_cases(workshop: Workshop, ids: Sequence[str]) -> tuple[Workshop, list[str]]:
    """Delete use cases; others that depended on them lose that prerequisite, and the notes say so."""
    gone = set(ids)
    notes: list[str] = []
    cases: list[UseCase | dict[str, Any]] = []
    for uc in workshop.use_cases:
        if uc.id in gone:
            continue
        dropped = [d for d in uc.depends_on if d in gone]
        if dropped:
            notes.append(f"{uc.name} no longer depends on {', '.join(dropped)}, which was deleted.")
            cases.append(uc.model_copy(update={"depends_on": [d for d in uc.depends_on if d not in gone]}).model_dump())
        else:
            cases.append(uc)
    return updated(workshop, use_cases=cases), notes


def table_rows(workshop: Workshop) -> list[dict[str, Any]]:
    """One flat row per use case for an editable table (see planner.domain.use_case_rows)."""
    return [to_row(uc, workshop.criteria) for uc in workshop.use_cases]


def _row_problem(label: str, exc: ValidationError | WorkshopInputError) -> list[str]:
    lines = format_validation_error(exc) if isinstance(exc, ValidationError) else exc.problems
    return [f"{label}: {line}" for line in lines]


def apply_table_edits(
    workshop: Workshop,
    *,
    edited_rows: Mapping[int | str, Mapping[str, Any]],
    added_rows: Sequence[Mapping[str, Any]],
    deleted_rows: Sequence[int],
    shown: Sequence[str] | None = None,
) -> tuple[Workshop, list[str]]:
    """Apply a table widget's changes row by row. Rows index `shown`, the ids of the use cases the table showed
    (a filtered or paged table), or by default every use case, as in `table_rows(workshop)`.

    A row whose change is invalid is left as it was and reported; the other rows still apply.
    """
    by_id = workshop.use_cases_by_id()
    ids = list(shown) if shown is not None else [uc.id for uc in workshop.use_cases]
    problems: list[str] = []
    current = workshop
    for index_key, change in sorted(edited_rows.items(), key=lambda kv: int(kv[0])):
        index = int(index_key)
        if not 0 <= index < len(ids) or ids[index] not in by_id:
            continue
        original = by_id[ids[index]]
        candidate = from_row({**to_row(original, workshop.criteria), **change}, workshop.criteria, base=original)
        label = f"Row {index + 1} ({original.name})"
        try:
            candidate["id"] = original.id  # ids are stable: other use cases and ballots refer to them
            current = with_use_case(current, UseCase.model_validate(candidate))
        except (ValidationError, WorkshopInputError) as exc:
            problems.extend(_row_problem(label, exc))
    for offset, row in enumerate(added_rows):
        label = f"New row {offset + 1}"
        fields = from_row(row, workshop.criteria)
        if not fields.get("name"):
            problems.append(f"{label}: name: type a name for the new use case first")
            continue
        try:
            current = add_use_case(current, fields)
        except WorkshopInputError as exc:
            problems.extend(_row_problem(label, exc))
    doomed = [ids[i] for i in deleted_rows if 0 <= i < len(ids) and ids[i] in by_id]
    if doomed:
        current, notes = remove_use_cases(current, doomed)
        problems.extend(notes)
    return current, problems


def set_on_roadmap(workshop: Workshop, ids: Sequence[str], *, on: bool) -> Workshop:
    chosen = set(ids)
    cases = [{**uc.model_dump(), "on_roadmap": on} if uc.id in chosen else uc for uc in workshop.use_cases]
    return updated(workshop, use_cases=cases)


def set_roadmap_selection(workshop: Workshop, ids: Sequence[str]) -> Workshop:
    """Exactly these use cases on the roadmap, all others off."""
    chosen = set(ids)
    cases = [
        uc if uc.on_roadmap == (uc.id in chosen) else {**uc.model_dump(), "on_roadmap": uc.id in chosen}
        for uc in workshop.use_cases
    ]
    return updated(workshop, use_cases=cases)


# Criteria: added, changed and removed with every use case's scores kept consistent.

CRITERION_FIELDS = ("label", "side", "weight", "higher_is_better", "low_label", "high_label", "help", "role")


def add_criterion(workshop: Workshop, fields: Mapping[str, Any]) -> Workshop:
    """Append a criterion; its id is made from its label and never changes, so a later rename keeps the scores."""
    if len(workshop.criteria) >= MAX_CRITERIA:
        raise WorkshopInputError([f"criteria: at most {MAX_CRITERIA}; remove one before adding another"])
    existing = {c.id for c in workshop.criteria}
    data = {k: v for k, v in fields.items() if k in CRITERION_FIELDS}
    # Criterion ids use underscores (business_value); slugify makes hyphens, so compare in its spelling.
    taken = {i.replace("_", "-") for i in existing}
    data["id"] = slugify(str(data.get("label") or ""), existing_ids=taken).replace("-", "_")
    try:
        criterion = Criterion.model_validate(data)
    except ValidationError as exc:
        raise WorkshopInputError([f"criterion.{line}" for line in format_validation_error(exc)]) from None
    return updated(workshop, criteria=[*(c.model_dump() for c in workshop.criteria), criterion.model_dump()])


def update_criterion(workshop: Workshop, criterion_id: str, changes: Mapping[str, Any]) -> Workshop:
    """Change a criterion's label, side, weight, direction, scale labels or role. Its id, and so every use case's
    score on it and every ballot for it, stays. Giving it a role another criterion has moves that role here."""
    if criterion_id not in {c.id for c in workshop.criteria}:
        raise WorkshopInputError([f"criteria: there is no criterion '{criterion_id}'"])
    allowed = {k: v for k, v in changes.items() if k in CRITERION_FIELDS}
    if "role" in allowed:
        allowed["role"] = allowed["role"] or None  # a cleared cell
    moved = allowed.get("role")
    criteria = [
        {**c.model_dump(), **allowed}
        if c.id == criterion_id
        else {**c.model_dump(), "role": None}
        if moved is not None and c.role == moved  # a role belongs to one criterion: giving it moves it
        else c.model_dump()
        for c in workshop.criteria
    ]
    return updated(workshop, criteria=criteria)


def criterion_usage(workshop: Workshop, criterion_id: str) -> int:
    """How many use cases have a score on this criterion: what removing it would delete."""
    return sum(1 for uc in workshop.use_cases if criterion_id in uc.scores)


def remove_criterion(workshop: Workshop, criterion_id: str) -> Workshop:
    """Remove a criterion and every use case's score on it. The last criterion of a side cannot go: the matrix
    needs an impact and a feasibility."""
    gone = next((c for c in workshop.criteria if c.id == criterion_id), None)
    if gone is None:
        raise WorkshopInputError([f"criteria: there is no criterion '{criterion_id}'"])
    if sum(1 for c in workshop.criteria if c.side == gone.side) == 1:
        raise WorkshopInputError(
            [f"criteria: '{gone.label}' is the only {gone.side.value} criterion; add another one first"]
        )
    cases = [
        uc.model_copy(update={"scores": {k: v for k, v in uc.scores.items() if k != criterion_id}}).model_dump()
        for uc in workshop.use_cases
    ]
    criteria = [c.model_dump() for c in workshop.criteria if c.id != criterion_id]
    return updated(workshop, criteria=criteria, use_cases=cases)


def score_value_for_money(workshop: Workshop) -> tuple[Workshop, int]:
    """Add the value-for-money criterion if it is missing, and score every use case on it from its costs and value
    (planner.domain.finance.value_for_money); one without the figures is left unscored. Returns the workshop and
    how many use cases were scored."""
    criteria = [c.model_dump() for c in workshop.criteria]
    if not any(c.id == VALUE_FOR_MONEY_ID for c in workshop.criteria):
        if len(criteria) >= MAX_CRITERIA:
            raise WorkshopInputError([f"criteria: at most {MAX_CRITERIA}; remove one to add value for money"])
        criteria.append(
            {
                "id": VALUE_FOR_MONEY_ID,
                "label": "Value for money",
                "side": "impact",
                "weight": 2,
                "help": "From the costs and value per year: 3-year net value per unit invested",
                "low_label": "Does not earn back its cost in 3 years",
                "high_label": "Earns back 4 times its cost or more",
            }
        )
    cases: list[UseCase | dict[str, Any]] = []
    scored = 0
    for uc in workshop.use_cases:
        score = value_for_money(uc, workshop.finance)
        scores = {k: v for k, v in uc.scores.items() if k != VALUE_FOR_MONEY_ID}
        if score is not None:
            scores[VALUE_FOR_MONEY_ID] = score
            scored += 1
        cases.append(uc if scores == uc.scores else {**uc.model_dump(), "scores": scores})
    return updated(workshop, criteria=criteria, use_cases=cases), scored


def stale_value_for_money(workshop: Workshop) -> int:
    """How many use cases' value-for-money scores no longer match their costs and value (0: none, or no such
    criterion)."""
    if not any(c.id == VALUE_FOR_MONEY_ID for c in workshop.criteria):
        return 0
    return sum(
        1 for uc in workshop.use_cases if uc.scores.get(VALUE_FOR_MONEY_ID) != value_for_money(uc, workshop.finance)
    )
