"""Small wording helpers for the pages."""


def plural(count: int, word: str) -> str:
    """`1 score`, `3 scores`, `1,200 rows`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
