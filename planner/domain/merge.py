"""Combine two changes made to the same workshop: a three-way merge of this tab's edit with one saved elsewhere.

`base` is the workshop both started from, `mine` is this tab's edit, `theirs` is what was saved in between.
Fields only one side changed take that side's value. Lists of things with an `id` (use cases, criteria) are
merged item by item, so two people editing different use cases both keep their edits. Where both sides set the
same field to different values, this tab's value wins (it is the newest click) and the field is reported, so
the user can be told in words which value won, and Undo can bring back the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from planner.domain.models import Workshop

JSON = Any


@dataclass(frozen=True)
class Clash:
    """One field both sides changed: the path in words, and the two values."""

    path: str
    mine: JSON
    theirs: JSON


@dataclass
class MergeResult:
    workshop: Workshop
    clashes: list[Clash] = field(default_factory=list)


def merge_workshops(base: Workshop, mine: Workshop, theirs: Workshop) -> MergeResult | None:
    """This tab's change applied on top of `theirs`; None when the two cannot be combined into a valid workshop."""
    clashes: list[Clash] = []
    merged = _merge(
        base.model_dump(mode="json"), mine.model_dump(mode="json"), theirs.model_dump(mode="json"), "", clashes
    )
    try:
        workshop = Workshop.model_validate(merged)
    except ValidationError:
        return None
    return MergeResult(workshop, clashes)


def _merge(base: JSON, mine: JSON, theirs: JSON, path: str, clashes: list[Clash]) -> JSON:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict) and isinstance(base, dict):
        result: dict[str, JSON] = {}
        for key in [*theirs, *(k for k in mine if k not in theirs)]:
            in_base, in_mine, in_theirs = key in base, key in mine, key in theirs
            if in_mine and in_theirs:
                result[key] = _merge(base.get(key), mine[key], theirs[key], _join(path, key), clashes)
            elif in_mine and (not in_base or mine[key] != base[key]):
                result[key] = mine[key]  # removed elsewhere, but added or changed here: keep it
            elif in_theirs and not in_mine and (not in_base or theirs[key] != base[key]):
                result[key] = theirs[key]  # removed here, but added or changed elsewhere: keep it
        return result
    if _keyed(mine) and _keyed(theirs) and _keyed(base):
        return _merge_keyed(base, mine, theirs, path, clashes)
    clashes.append(Clash(path or "the workshop", mine, theirs))
    return mine


def _keyed(value: JSON) -> bool:
    """A list of objects, each with a distinct `id`: use cases, criteria."""
    if not isinstance(value, list) or not all(isinstance(v, dict) and "id" in v for v in value):
        return False
    return len({v["id"] for v in value}) == len(value)


def _merge_keyed(
    base: list[dict[str, JSON]],
    mine: list[dict[str, JSON]],
    theirs: list[dict[str, JSON]],
    path: str,
    clashes: list[Clash],
) -> list[dict[str, JSON]]:
    base_by = {v["id"]: v for v in base}
    mine_by = {v["id"]: v for v in mine}
    theirs_by = {v["id"]: v for v in theirs}
    # The order: this tab's order when only it reordered, otherwise theirs, with items new here appended.
    mine_order, theirs_order, base_order = [v["id"] for v in mine], [v["id"] for v in theirs], list(base_by)
    order = mine_order if theirs_order == base_order else theirs_order
    ids = [*order, *(i for i in mine_order if i not in order), *(i for i in theirs_order if i not in order)]
    result: list[dict[str, JSON]] = []
    for item_id in dict.fromkeys(ids):
        label = f"{path}[{_name(mine_by.get(item_id) or theirs_by.get(item_id) or {}, item_id)}]"
        in_base, in_mine, in_theirs = item_id in base_by, item_id in mine_by, item_id in theirs_by
        if in_mine and in_theirs:
            result.append(_merge(base_by.get(item_id, {}), mine_by[item_id], theirs_by[item_id], label, clashes))
        elif in_mine:
            if not in_base or mine_by[item_id] != base_by[item_id]:
                result.append(mine_by[item_id])
        elif in_theirs and (not in_base or theirs_by[item_id] != base_by[item_id]):
            result.append(theirs_by[item_id])
    return result


def _name(item: dict[str, JSON], fallback: str) -> str:
    return str(item.get("name") or item.get("label") or fallback)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


FIELD_WORDS = {
    "name": "the name",
    "organisation": "the organisation",
    "facilitator": "the facilitator",
    "start_date": "the start date",
    "plan": "the plan settings",
    "scoring": "the scoring settings",
    "readiness": "the readiness answers",
    "criteria": "the criteria",
    "use_cases": "the use cases",
}


def describe(clash: Clash) -> str:
    """`the start date`, `use case "Churn model": stage` in plain words."""
    head, _, rest = clash.path.partition(".")
    if head.startswith("use_cases[") or head.startswith("criteria["):
        kind = "use case" if head.startswith("use_cases") else "criterion"
        name = head[head.index("[") + 1 : -1]
        return f'{kind} "{name}"' + (f": {rest.replace('_', ' ')}" if rest else "")
    words = FIELD_WORDS.get(head, head.replace("_", " "))
    return words + (f" ({rest.replace('_', ' ')})" if rest else "")


def shown(value: JSON) -> str:
    text = value if isinstance(value, str) else "a different value" if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
