"""Workshop JSON files: read (with migration from older schema versions) and write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner import PROJECT_ROOT
from planner.domain.errors import WorkshopInputError, format_validation_error
from planner.domain.models import SCHEMA_VERSION, Workshop

MAX_JSON_BYTES = 10 * 1024 * 1024
REPO_ROOT = PROJECT_ROOT
SAMPLE_WORKSHOP_PATH = REPO_ROOT / "data" / "sample_workshop.json"


def _from_v0(data: dict[str, Any]) -> dict[str, Any]:
    # Files from before schema versioning called the organisation "company" and had no version.
    data = dict(data)
    if "company" in data and "organisation" not in data:
        data["organisation"] = data.pop("company")
    data["schema_version"] = 1
    return data


def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Schema 2 adds what a living roadmap records: actuals per phase, baselines, KPI measurements and lessons.
    # Each is new and empty by default, so a schema 1 file needs nothing but its new number.
    return {**data, "schema_version": 2}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_v0, 1: _from_v1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a workshop dict up to the current schema version, one step at a time."""
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise WorkshopInputError([f"schema_version: must be a whole number, got {version!r}"])
    if version > SCHEMA_VERSION:
        raise WorkshopInputError(
            [
                f"schema_version: this file was saved by a newer Roadmap Planner (schema {version}); "
                f"this one reads up to schema {SCHEMA_VERSION}. Update the app, then open the file again."
            ]
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


def parse_workshop(raw: bytes | str) -> Workshop:
    """Bytes or text of a workshop JSON file -> Workshop, or WorkshopInputError with one line per problem."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_JSON_BYTES:
            raise WorkshopInputError(
                [f"the file is {len(raw) / 1e6:.1f} MB; workshop files are at most {MAX_JSON_BYTES // 2**20} MB"]
            )
        if b"\x00" in raw:
            raise WorkshopInputError(["this is not a text file: expected a workshop saved as JSON"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkshopInputError(["this is not UTF-8 text: expected a workshop saved as JSON"]) from None
    else:
        text = raw
    if not text.strip():
        raise WorkshopInputError(["the file is empty: expected a workshop saved as JSON"])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkshopInputError(
            [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}). Was the file cut short or edited?"]
        ) from None
    except RecursionError:
        raise WorkshopInputError(["the JSON is nested too deeply to be a workshop file"]) from None
    if not isinstance(data, dict):
        raise WorkshopInputError([f"the file holds a JSON {type(data).__name__}, not a workshop object {{...}}"])
    data = migrate(data)
    try:
        return Workshop.model_validate(data)
    except ValidationError as exc:
        raise WorkshopInputError(format_validation_error(exc)) from None


def read_workshop(path: Path) -> Workshop:
    """Read a workshop file; problems come back as WorkshopInputError lines (without the file name)."""
    if not path.exists():
        raise WorkshopInputError(["no such file"])
    if path.is_dir():
        raise WorkshopInputError(["this is a folder, not a workshop file"])
    if path.stat().st_size > MAX_JSON_BYTES:
        raise WorkshopInputError([f"the file is larger than {MAX_JSON_BYTES // 2**20} MB"])
    return parse_workshop(path.read_bytes())


def dump_workshop(workshop: Workshop) -> str:
    return workshop.model_dump_json(indent=2) + "\n"


def load_sample_workshop() -> Workshop:
    return read_workshop(SAMPLE_WORKSHOP_PATH)


def workshop_schema() -> dict[str, Any]:
    return Workshop.model_json_schema()
