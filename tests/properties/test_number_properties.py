"""Any number written the way a spreadsheet in either convention writes it reads back as the same number."""

from hypothesis import given
from hypothesis import strategies as st

from planner.formats.numbers import guess_decimal, parse_number

amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def written(amount, decimal: str, grouped: bool) -> str:
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    if decimal == ",":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


@given(amounts, st.sampled_from([".", ","]), st.booleans())
def test_a_written_number_reads_back(amount, decimal, grouped):
    assert parse_number(written(amount, decimal, grouped), decimal) == float(amount)


@given(st.lists(amounts, min_size=1, max_size=30), st.sampled_from([".", ","]), st.booleans())
def test_a_column_with_two_decimal_places_is_guessed_right(column, decimal, grouped):
    # Two decimal places always prove the separator, whatever the grouping.
    assert guess_decimal([written(a, decimal, grouped) for a in column]) == decimal


@given(amounts, st.booleans())
def test_reading_with_the_wrong_separator_never_gives_a_different_number_silently(amount, grouped):
    text = written(amount, ",", grouped)
    misread = parse_number(text, ".")
    assert misread is None or misread == float(amount)
