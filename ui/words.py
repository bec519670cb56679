"""Small wording helpers for the pages."""


def plural(count: int, word: str) -> str:
    """`1 score`, `3 scores`, `1,200 rows`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!$:|~<>")


def md(text: str) -> str:
    """User text shown through Markdown, with every Markdown, LaTeX and colour-directive character escaped."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text)
