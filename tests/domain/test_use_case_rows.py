"""The one codec between a use case and a flat row: the table, the Use cases sheet and its round trip use it."""

from __future__ import annotations

import math

from hypothesis import given, settings

from planner.domain.models import UseCase, Workshop
from planner.domain.use_case_rows import columns, from_row, split_ids, to_row
from planner.formats.workshop_json import load_sample_workshop
from tests.properties.strategies import workshops


def test_prerequisites_split_on_commas_and_semicolons() -> None:
    assert split_ids(" a, b;c ;; ,d ") == ["a", "b", "c", "d"]
    assert split_ids(["a", " b "]) == ["a", "b"]
    assert split_ids(None) == []


def test_every_column_is_in_the_row_in_order() -> None:
    w = load_sample_workshop()
    assert list(to_row(w.use_cases[0], w.criteria)) == [field for field, _ in columns(w.criteria)]


@settings(max_examples=60, deadline=None)
@given(workshops(rich=True, max_use_cases=6))
def test_a_row_comes_back_as_the_same_use_case_typed_or_as_text(w: Workshop) -> None:
    for uc in w.use_cases:
        row = to_row(uc, w.criteria)
        assert UseCase.model_validate(from_row(row, w.criteria, base=uc)) == uc
        as_text = {k: "" if v is None else str(v) for k, v in row.items()}  # what a spreadsheet holds
        assert UseCase.model_validate(from_row(as_text, w.criteria, base=uc)) == uc


def test_emptied_cells_clear_what_they_hold() -> None:
    w = load_sample_workshop()
    uc = next(u for u in w.use_cases if u.annual_value and u.owner)
    criterion = w.criteria[0].id
    cleared = from_row({"owner": None, "annual_value": math.nan, criterion: "", "on_roadmap": ""}, w.criteria, base=uc)
    assert cleared["owner"] == "" and cleared["annual_value"] is None
    assert criterion not in cleared["scores"] and cleared["on_roadmap"] is True


def test_text_that_is_no_number_is_left_for_the_model_to_refuse_by_field() -> None:
    w = load_sample_workshop()
    fields = from_row({"annual_value": "lots", w.criteria[0].id: "high"}, w.criteria, base=w.use_cases[0])
    assert fields["annual_value"] == "lots" and fields["scores"][w.criteria[0].id] == "high"
