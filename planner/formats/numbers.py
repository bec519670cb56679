"""Numbers as people type them in spreadsheets: `1,200.50`, `1.200,50`, `45,5`, `€ 120k`, `1 200`.

A text's decimal separator cannot be read from one cell: `1.200` is twelve hundred in Berlin and one point two in
London. So a whole column is looked at first (`guess_decimal`), the user confirms the guess, and then every cell is
read strictly with it (`parse_number`): a cell that does not fit the chosen separator is refused, never misread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

Decimal = Literal[".", ","]
DECIMAL_LABELS: dict[Decimal, str] = {
    ".": "Decimal point: 1,234.5",
    ",": "Decimal comma: 1.234,5",
}

# Currency signs and codes, and the kilo suffix (values are in thousands already), carry no number.
_NOISE = re.compile(r"[£$€¥]|\b(?:EUR|USD|GBP|CHF)\b|(?<=\d)\s*[kK]$", re.IGNORECASE)
# Group separators that are never decimal separators: spaces (also no-break ones), apostrophes, underscores.
_GROUPING = re.compile(r"[\s\u00a0\u202f'\u2019_]")


def _bare(text: str) -> str:
    return _GROUPING.sub("", _NOISE.sub("", text.strip()))


def _pattern(decimal: Decimal) -> re.Pattern[str]:
    thousands = re.escape("," if decimal == "." else ".")
    point = re.escape(decimal)
    return re.compile(rf"([+-]?)(\d{{1,3}}(?:{thousands}\d{{3}})+|\d*)(?:{point}(\d+))?")


_PATTERNS: dict[Decimal, re.Pattern[str]] = {".": _pattern("."), ",": _pattern(",")}


def parse_number(text: str, decimal: Decimal = ".") -> float | None:
    """The number a cell holds, read with the given decimal separator; None when it is not one.

    Thousands separators are accepted only in groups of three, so `45,5` read with a decimal point is refused
    rather than read as 455.
    """
    bare = _bare(text)
    match = _PATTERNS[decimal].fullmatch(bare)
    if match is None or not (match.group(2) or match.group(3)):
        return None
    sign, whole, fraction = match.group(1), match.group(2), match.group(3)
    digits = re.sub(r"\D", "", whole) or "0"
    return float(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")


def _evidence(bare: str) -> Decimal | None:
    """Which separator this one cell proves to be the decimal one, if any."""
    if re.fullmatch(r"[+-]?\d+", bare):
        return None
    pairs: tuple[tuple[Decimal, str], ...] = ((",", "."), (".", ","))
    for decimal, other in pairs:
        d, o = re.escape(decimal), re.escape(other)
        # 45,5 or 0,125 or 1,2345: a separator not followed by exactly three digits can only be a decimal one.
        # So can one after a lone zero (0,125), which no thousands grouping starts with.
        if re.fullmatch(rf"[+-]?\d*{d}(\d{{1,2}}|\d{{4,}})", bare) or re.fullmatch(rf"[+-]?0{d}\d+", bare):
            return decimal
        # 1.234,5 or 1.234.567: both present with the other first, or the other repeated, settles it.
        grouped = rf"[+-]?\d{{1,3}}({o}\d{{3}})"
        if re.fullmatch(rf"{grouped}+{d}\d+", bare) or re.fullmatch(rf"{grouped}{{2,}}", bare):
            return decimal
    return None


def guess_decimal(values: Iterable[str], *, default: Decimal = ".") -> Decimal:
    """The decimal separator most cells of a column prove; `default` when none prove either (`1.200`, `7`)."""
    votes: dict[Decimal, int] = {".": 0, ",": 0}
    for value in values:
        found = _evidence(_bare(value))
        if found is not None:
            votes[found] += 1
    if votes[","] > votes["."]:
        return ","
    if votes["."] > votes[","]:
        return "."
    return default
