"""Library of common AI use cases by business function, loaded from a CSV file."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from planner import PROJECT_ROOT
from planner.domain.models import UseCase
from planner.domain.vocabulary import Objective

LIBRARY_PATH: Path = PROJECT_ROOT / "data" / "use_case_library.csv"
COLUMNS: tuple[str, ...] = ("name", "function", "objective", "data_needed", "description")
FALLBACK_SLUG = "use-case"
MAX_SLUG_LENGTH = 64


class LibraryEntry(BaseModel, frozen=True):
    name: str
    function: str
    objective: Objective
    data_needed: str
    description: str


def load_library(path: Path | None = None) -> tuple[LibraryEntry, ...]:
    """Read the library CSV; raise ValueError naming the file, row and problem if it is malformed."""
    source = LIBRARY_PATH if path is None else Path(path)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
        reader.fieldnames = header
        entries: list[LibraryEntry] = []
        for row_number, row in enumerate(reader, start=2):
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if not any(values.values()):
                continue
            empty = [c for c in ("name", "function", "objective") if not values[c]]
            if empty:
                raise ValueError(f"{source}: row {row_number}: empty {', '.join(empty)}")
            try:
                entries.append(LibraryEntry.model_validate(values))
            except ValidationError as exc:
                problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                raise ValueError(f"{source}: row {row_number}: {problem}") from exc
    return tuple(entries)


def functions(entries: Sequence[LibraryEntry]) -> list[str]:
    """The business functions present, sorted and without duplicates."""
    return sorted({e.function for e in entries})


def search_library(
    entries: Sequence[LibraryEntry], *, query: str = "", function: str | None = None
) -> list[LibraryEntry]:
    """Entries whose name, description or data needed contain every word of the query (any case),
    optionally limited to one business function (any case). An empty query matches everything."""
    words = query.casefold().split()
    wanted_function = function.strip().casefold() if function else ""
    found: list[LibraryEntry] = []
    for entry in entries:
        if wanted_function and entry.function.casefold() != wanted_function:
            continue
        haystack = f"{entry.name} {entry.description} {entry.data_needed}".casefold()
        if all(word in haystack for word in words):
            found.append(entry)
    return found


def slugify(text: str, *, existing_ids: Collection[str] = ()) -> str:
    """A valid use-case id made from text: lower-case ASCII letters, digits and '-', at most 64 characters,
    never empty, and different from every id in existing_ids (suffixed -2, -3, ... when needed)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_SLUG_LENGTH].strip("-") or FALLBACK_SLUG
    # A set given is looked up as it is: copying it on every call made an import of n rows O(n²) (0.15 s at 3,600).
    taken = existing_ids if isinstance(existing_ids, set | frozenset) else set(existing_ids)
    if base not in taken:
        return base
    counter = 2
    while True:
        suffix = f"-{counter}"
        candidate = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        counter += 1


def to_use_case(entry: LibraryEntry, *, existing_ids: Collection[str] = ()) -> UseCase:
    """A new idea-stage use case from a library entry, with an id not already in existing_ids."""
    description = entry.description.strip()
    if description and description[-1] not in ".!?":
        description += "."
    if entry.data_needed:
        data = entry.data_needed.strip().rstrip(".")
        description = f"{description} Data typically needed: {data}.".strip()
    return UseCase(
        id=slugify(entry.name, existing_ids=existing_ids),
        name=entry.name,
        description=description,
        department=entry.function,
        objective=entry.objective,
    )
