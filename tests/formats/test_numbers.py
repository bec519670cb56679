"""Numbers as spreadsheets write them: the decimal separator is guessed per column and then read strictly."""

import pytest

from planner.formats.numbers import guess_decimal, parse_number


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("45,5", ",", 45.5),
        ("1.200", ",", 1200.0),
        ("1.234,5", ",", 1234.5),
        ("1 234,50", ",", 1234.5),
        ("1\u202f234,5", ",", 1234.5),
        ("1.234.567", ",", 1234567.0),
        ("45.5", ".", 45.5),
        ("1,200", ".", 1200.0),
        ("1,234.5", ".", 1234.5),
        ("1'234.5", ".", 1234.5),
        ("€ 120k", ".", 120.0),
        ("120 EUR", ",", 120.0),
        ("-3", ".", -3.0),
        (".5", ".", 0.5),
        ("7", ",", 7.0),
    ],
)
def test_numbers_are_read_with_the_chosen_separator(text: str, decimal, expected: float):
    assert parse_number(text, decimal) == expected


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("45,5", "."),  # was read as 455
        ("1.234,5", "."),
        ("45.5", ","),
        ("1,2,3", "."),
        ("12,34,567", "."),
        ("abc", "."),
        ("", ","),
        ("-", "."),
        ("1.5M", "."),
    ],
)
def test_a_cell_that_does_not_fit_the_separator_is_refused_not_misread(text: str, decimal):
    assert parse_number(text, decimal) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["45,5", "1.200", "3"], ","),
        (["1.234,5"], ","),
        (["1.234.567"], ","),
        (["45.5", "1,200"], "."),
        (["1,234,567"], "."),
        (["0,125", "7"], ","),
        (["12.75", "3,5", "4.25"], "."),  # the majority decides; the odd one out is listed as a problem
    ],
)
def test_the_decimal_separator_is_guessed_from_the_column(values: list[str], expected: str):
    assert guess_decimal(values) == expected


@pytest.mark.parametrize("default", [".", ","])
def test_a_column_that_proves_nothing_keeps_the_default(default):
    assert guess_decimal(["1.200", "7", "", "n/a"], default=default) == default
