"""The planner's exceptions, and validation errors turned into one plain line per problem naming its field path.

The user interface maps each exception class to a message; nothing else in `planner` raises for a user to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

ONE_TO_FIVE_FIELDS = ("scores", "readiness")


class PlannerError(Exception):
    """Base of every error the planner raises for a person to read: the message is meant to be shown."""


class AccessDenied(PlannerError, PermissionError):
    """A token that is wrong, rotated, or not allowed to do this."""


class NotFound(PlannerError, LookupError):
    """The workshop, version or use case asked for does not exist (any more)."""


class RevisionConflict(PlannerError):
    """The workshop was saved elsewhere since this copy was read: `current` is the revision now stored."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(f"The workshop was changed elsewhere (now at revision {current}).")


class StorageUnavailable(PlannerError):
    """The database cannot be read or written just now: down, read-only, full, or its folder was removed."""


class WorkshopInputError(PlannerError, ValueError):
    """Input that cannot become a valid workshop; `problems` holds one message per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems) or ["the input is not valid"]
        super().__init__("\n".join(self.problems))


def field_path(loc: Sequence[int | str]) -> str:
    """('use_cases', 3, 'scores', 'x') -> 'use_cases[3].scores.x'"""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    loc = error["loc"]
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if any(part in ONE_TO_FIVE_FIELDS for part in loc if isinstance(part, str)):
            return f"must be 1–5, got {_shown(value)}"
        bound = next(iter(ctx.values()), "?")
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return f"must be {words} {bound}, got {_shown(value)}"
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field the planner knows: check the spelling or remove it"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"must be a whole number, got {_shown(value)}"
    if kind == "finite_number":
        return f"must be a finite number, got {_shown(value)}"
    if kind in {"float_parsing", "float_type"}:
        return f"must be a number, got {_shown(value)}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"must be true or false, got {_shown(value)}"
    if kind == "enum":
        return f"must be one of {ctx.get('expected', '?')}, got {_shown(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"must be a date like 2027-01-31, got {_shown(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        return f"has too many entries (at most {ctx.get('max_length')}); remove some or split the workshop"
    if kind == "string_too_long":
        return f"is too long ({len(str(value))} characters; at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return (
            "must be lower-case letters, digits, '-' or '_' (up to 64, starting with a letter or digit), "
            f"got {_shown(value)}"
        )
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        expected = {"string_type": "text", "list_type": "a list", "dict_type": "an object"}.get(kind, "an object")
        return f"must be {expected}, got {_shown(value)}"
    if kind == "literal_error":
        return f"must be {ctx.get('expected', '?')}, got {_shown(value)}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def format_validation_error(exc: ValidationError, *, prefix: Sequence[int | str] = ()) -> list[str]:
    """One line per problem: `use_cases[3].scores.data_readiness: must be 1–5, got 7`."""
    lines: list[str] = []
    for error in exc.errors(include_url=False):
        loc = tuple(prefix) + tuple(error["loc"])
        message = _message(error)
        path = field_path(loc)
        # Cross-field checks already name their own paths, several per message.
        if error["type"] == "value_error" and ": " in message and not path.endswith(message.split(":")[0]):
            parts = message.split("; ")
            lines.extend(f"{field_path(tuple(prefix))}.{p}" if prefix else p for p in parts)
            continue
        lines.append(f"{path}: {message}" if path else message)
    return lines
