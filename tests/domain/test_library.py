"""Tests for the use-case library loader, search and conversion to use cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.domain.library import (
    LIBRARY_PATH,
    LibraryEntry,
    functions,
    load_library,
    search_library,
    slugify,
    to_use_case,
)
from planner.domain.models import UseCase, Workshop
from planner.domain.vocabulary import ID_PATTERN, Objective, Stage

HEADER = "name,function,objective,data_needed,description\n"


@pytest.fixture(scope="module")
def library() -> tuple[LibraryEntry, ...]:
    return load_library()


def _entry(name: str = "Invoice capture", function: str = "Finance") -> LibraryEntry:
    return LibraryEntry(
        name=name,
        function=function,
        objective=Objective.COST_REDUCTION,
        data_needed="Supplier invoices",
        description="Reads invoices",
    )


def test_library_path_points_at_the_data_folder() -> None:
    assert LIBRARY_PATH.name == "use_case_library.csv"
    assert LIBRARY_PATH.parent.name == "data"
    assert LIBRARY_PATH.is_file()


def test_library_header_is_exact() -> None:
    with LIBRARY_PATH.open(encoding="utf-8") as handle:
        assert handle.readline() == HEADER


def test_library_is_large_and_varied(library: tuple[LibraryEntry, ...]) -> None:
    assert len(library) >= 30
    assert len(functions(library)) >= 8
    assert {e.objective for e in library} >= {
        Objective.COST_REDUCTION,
        Objective.REVENUE_GROWTH,
        Objective.CUSTOMER_EXPERIENCE,
        Objective.OPERATIONAL_EFFICIENCY,
    }


def test_library_entries_are_complete_and_unique(library: tuple[LibraryEntry, ...]) -> None:
    for entry in library:
        assert entry.name and entry.function and entry.data_needed and entry.description
    names = [e.name.casefold() for e in library]
    assert len(names) == len(set(names))


def test_every_function_has_three_to_five_entries(library: tuple[LibraryEntry, ...]) -> None:
    for function in functions(library):
        count = len(search_library(library, function=function))
        assert 3 <= count <= 5, function


def test_functions_are_sorted_and_unique() -> None:
    entries = [_entry("a", "Sales"), _entry("b", "Finance"), _entry("c", "Sales")]
    assert functions(entries) == ["Finance", "Sales"]
    assert functions([]) == []


def test_load_library_from_a_given_path(tmp_path: Path) -> None:
    path = tmp_path / "lib.csv"
    path.write_text(HEADER + 'Café helper,Sales,revenue_growth,"Orders, menus",Suggests "extras"\n\n', encoding="utf-8")
    (entry,) = load_library(path)
    assert entry.name == "Café helper"
    assert entry.data_needed == "Orders, menus"
    assert entry.objective is Objective.REVENUE_GROWTH


def test_load_library_rejects_an_unknown_objective(tmp_path: Path) -> None:
    path = tmp_path / "lib.csv"
    path.write_text(HEADER + "X,Sales,world_peace,data,desc\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2"):
        load_library(path)


def test_load_library_rejects_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "lib.csv"
    path.write_text("name,function,objective\nX,Sales,cost_reduction\n", encoding="utf-8")
    with pytest.raises(ValueError, match="data_needed"):
        load_library(path)


def test_search_empty_query_returns_everything(library: tuple[LibraryEntry, ...]) -> None:
    assert search_library(library) == list(library)


def test_search_is_case_insensitive_over_name_description_and_data(library: tuple[LibraryEntry, ...]) -> None:
    by_name = search_library(library, query="CHATBOT")
    assert any(e.name == "Customer service chatbot" for e in by_name)
    by_data = search_library(library, query="sensor readings")
    assert any(e.name == "Predictive maintenance" for e in by_data)
    for entry in search_library(library, query="invoice"):
        text = f"{entry.name} {entry.description} {entry.data_needed}".lower()
        assert "invoice" in text


def test_search_filters_by_function(library: tuple[LibraryEntry, ...]) -> None:
    finance = search_library(library, function="Finance")
    assert finance and all(e.function == "Finance" for e in finance)
    assert search_library(library, function="finance") == finance
    assert search_library(library, function="No such function") == []
    assert search_library(library, function=None) == list(library)


def test_search_combines_query_and_function(library: tuple[LibraryEntry, ...]) -> None:
    results = search_library(library, query="forecast", function="Finance")
    assert results
    assert all(e.function == "Finance" for e in results)
    assert search_library(library, query="zzz-not-there") == []


def test_to_use_case_builds_a_valid_idea(library: tuple[LibraryEntry, ...]) -> None:
    entry = library[0]
    use_case = to_use_case(entry)
    assert isinstance(use_case, UseCase)
    assert re.match(ID_PATTERN, use_case.id)
    assert use_case.name == entry.name
    assert use_case.department == entry.function
    assert use_case.objective == entry.objective
    assert use_case.stage is Stage.IDEA
    assert entry.description.rstrip(".") in use_case.description
    assert f"Data typically needed: {entry.data_needed}" in use_case.description


def test_to_use_case_ids_are_unique_across_repeated_additions() -> None:
    entry = _entry("Invoice capture")
    ids: list[str] = []
    for _ in range(4):
        ids.append(to_use_case(entry, existing_ids=ids).id)
    assert ids == ["invoice-capture", "invoice-capture-2", "invoice-capture-3", "invoice-capture-4"]


def test_the_whole_library_fits_into_one_workshop(library: tuple[LibraryEntry, ...]) -> None:
    use_cases: list[UseCase] = []
    for entry in library:
        use_cases.append(to_use_case(entry, existing_ids=[u.id for u in use_cases]))
    workshop = Workshop(use_cases=use_cases)
    assert len({u.id for u in workshop.use_cases}) == len(library)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Demand forecasting", "demand-forecasting"),
        ("  Next-best   offer!! ", "next-best-offer"),
        ("Legal & compliance: contract review", "legal-compliance-contract-review"),
        ("Crème brûlée Ölçüm", "creme-brulee-olcum"),
        ("24/7 chatbot", "24-7-chatbot"),
        ("under_score", "under-score"),
    ],
)
def test_slugify_examples(text: str, expected: str) -> None:
    assert slugify(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "---", "!!!", "日本語の需要予測", "🤖"])
def test_slugify_never_returns_empty(text: str) -> None:
    assert slugify(text) == "use-case"


def test_slugify_fallback_is_unique_too() -> None:
    assert slugify("", existing_ids={"use-case"}) == "use-case-2"


def test_slugify_truncates_long_text() -> None:
    slug = slugify("word " * 100)
    assert len(slug) <= 64
    assert re.match(ID_PATTERN, slug)
    assert not slug.endswith("-")


def test_slugify_collision_on_a_long_slug_stays_within_64_characters() -> None:
    first = slugify("x" * 200)
    assert first == "x" * 64
    second = slugify("x" * 200, existing_ids={first})
    assert second == "x" * 62 + "-2"
    taken = {first, second, *(f"{'x' * 62}-{n}" for n in range(3, 10))}
    tenth = slugify("x" * 200, existing_ids=taken)
    assert tenth == "x" * 61 + "-10"
    assert len(tenth) == 64


def test_slugify_skips_every_taken_suffix() -> None:
    taken = ["plan", "plan-2", "plan-3"]
    assert slugify("Plan", existing_ids=taken) == "plan-4"
    assert slugify("Plan", existing_ids=("other",)) == "plan"


@pytest.mark.parametrize("text", ["A", "é", "Ça va", "a" * 300, "-a-", "9 lives", "x--y", "日本 AI"])
def test_slugify_always_matches_the_id_pattern(text: str) -> None:
    slug = slugify(text, existing_ids={slugify(text)})
    assert re.match(ID_PATTERN, slug)
    assert len(slug) <= 64


def test_slugify_looks_ids_up_in_the_set_it_is_given_without_copying_it():
    """An import of n rows calls slugify n times with the ids taken so far: copying that set each time was O(n²).
    A copy of 100,000 ids takes megabytes; a lookup takes next to nothing."""
    import tracemalloc

    taken = {f"uc-{i}" for i in range(100_000)} | {"invoice-matching"}
    tracemalloc.start()
    try:
        assert slugify("Invoice matching", existing_ids=taken) == "invoice-matching-2"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000, peak
