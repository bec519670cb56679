"""Guessing what another tool's columns mean: header synonyms, stage and objective words, number columns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Literal

from planner.domain.models import Criterion
from planner.domain.vocabulary import Objective, Stage
from planner.formats.numbers import Decimal, guess_decimal
from planner.formats.spreadsheets import Table

Mode = Literal["replace", "append"]

# Header words that suggest each field; compared after lower-casing and dropping punctuation.
FIELD_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "key", "ref", "reference", "use case id", "code"),
    "name": ("name", "use case", "use case name", "title", "initiative", "project", "idea", "project name"),
    "description": ("description", "problem", "summary", "details", "problem statement", "what"),
    "owner": ("owner", "lead", "contact", "responsible", "accountable", "product owner"),
    "department": ("department", "bureau", "team", "function", "business unit", "unit", "division", "agency"),
    "objective": ("objective", "business objective", "goal", "benefit type", "value driver"),
    "stage": ("stage", "status", "phase", "lifecycle", "lifecycle stage", "development stage"),
    "annual_value": ("value per year k", "annual value", "value", "benefit", "expected value", "annual benefit"),
    "pilot_cost": ("pilot cost k", "pilot cost", "pilot budget", "poc cost", "proof of concept cost"),
    "scaling_cost": ("scaling cost k", "scaling cost", "rollout cost", "implementation cost", "scale up cost"),
    "run_cost": (
        "run cost per year k",
        "run cost per year",
        "run cost",
        "running cost",
        "operating cost",
        "annual run cost",
        "opex",
    ),
    "on_roadmap": ("on roadmap", "selected", "in scope", "include"),
    "depends_on": ("depends on", "dependencies", "prerequisites", "depends"),
}

# Amounts in thousands besides the value per year: the import's cost columns, and the UseCase.costs field each fills.
AMOUNT_FIELDS: Mapping[str, str] = {"pilot_cost": "pilot", "scaling_cost": "scaling", "run_cost": "run_per_year"}

STAGE_WORDS: Mapping[Stage, tuple[str, ...]] = {
    Stage.IDEA: ("idea", "planned", "planning", "proposed", "backlog", "new", "initiated", "concept", "pre-planning"),
    Stage.ASSESSMENT: ("assessment", "evaluation", "evaluating", "discovery", "analysis", "feasibility", "research"),
    Stage.PILOT: ("pilot", "piloting", "poc", "proof of concept", "prototype", "testing", "trial", "development"),
    Stage.SCALING: ("scaling", "pre-deployment", "rollout", "roll-out", "implementation", "acquisition", "deploying"),
    Stage.PRODUCTION: (
        "production",
        "in production",
        "deployed",
        "operational",
        "live",
        "in use",
        "operation and maintenance",
        "implemented",
    ),
    Stage.RETIRED: ("retired", "decommissioned", "cancelled", "canceled", "stopped", "discontinued", "archived"),
}

OBJECTIVE_WORDS: Mapping[Objective, tuple[str, ...]] = {
    Objective.COST_REDUCTION: ("cost reduction", "cost", "costs", "savings", "cost saving", "reduce cost"),
    Objective.REVENUE_GROWTH: ("revenue growth", "revenue", "growth", "sales", "income"),
    Objective.CUSTOMER_EXPERIENCE: ("customer experience", "customer", "cx", "service quality", "citizen experience"),
    Objective.OPERATIONAL_EFFICIENCY: ("operational efficiency", "efficiency", "productivity", "operations", "speed"),
    Objective.OTHER: ("other",),
}


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", text).replace("_", " ")).strip()


def mappable_fields(criteria: Sequence[Criterion]) -> list[str]:
    return [*FIELD_SYNONYMS, *(c.id for c in criteria)]


def suggest_mapping(headers: Sequence[str], criteria: Sequence[Criterion]) -> dict[str, str | None]:
    """Best guess of which column holds each field; the user confirms or edits it."""
    normalised = {h: _normalise_header(h) for h in headers}
    synonyms: dict[str, tuple[str, ...]] = dict(FIELD_SYNONYMS)
    for c in criteria:
        synonyms[c.id] = (_normalise_header(c.label), _normalise_header(c.id))
    mapping: dict[str, str | None] = dict.fromkeys(synonyms)
    taken: set[str] = set()
    # Exact matches first, then headers that contain a synonym, so "Use case name" beats "Name of owner".
    for exact in (True, False):
        for field, words in synonyms.items():
            if mapping[field] is not None:
                continue
            for word in words:
                match = next(
                    (
                        h
                        for h, n in normalised.items()
                        if h not in taken and (n == word if exact else re.search(rf"\b{re.escape(word)}\b", n))
                    ),
                    None,
                )
                if match:
                    mapping[field] = match
                    taken.add(match)
                    break
    return mapping


def map_stage(text: str) -> Stage | None:
    key = _normalise_header(text)
    if not key:
        return None
    for stage, words in STAGE_WORDS.items():
        if key == stage.value or key in words:
            return stage
    for stage, words in STAGE_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", key) for w in words):
            return stage
    return None


def map_objective(text: str) -> Objective | None:
    key = _normalise_header(text)
    if not key:
        return None
    for objective, words in OBJECTIVE_WORDS.items():
        if key == objective.value.replace("_", " ") or key in words:
            return objective
    for objective, words in OBJECTIVE_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", key) for w in words):
            return objective
    return None


def number_fields(criteria: Sequence[Criterion]) -> list[str]:
    """The fields whose columns hold numbers: the value per year, the costs and the criteria's scores."""
    return ["annual_value", *AMOUNT_FIELDS, *(c.id for c in criteria)]


def guess_table_decimal(table: Table, mapping: Mapping[str, str | None], criteria: Sequence[Criterion]) -> Decimal:
    """The decimal separator the table's number columns use; a semicolon CSV leans to the decimal comma."""
    position = {h: i for i, h in enumerate(table.headers)}
    columns = [position[c] for f in number_fields(criteria) if (c := mapping.get(f)) is not None and c in position]
    values = (row[i] for row in table.rows for i in columns)
    return guess_decimal(values, default="," if table.delimiter == ";" else ".")
