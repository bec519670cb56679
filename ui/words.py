"""Small wording helpers for the pages."""

import re


def plural(count: int, word: str) -> str:
    """`1 score`, `3 scores`, `1,200 rows`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!$:|~<>")
WORD_JOINER = "\u2060"
# Streamlit's Markdown turns bare addresses into links after the escapes are read ("http\://x" is "http://x" by
# then), and rewrites ":material/" before it reads them: an invisible word joiner keeps these characters apart.
LINK_BREAKS = re.compile(r"(?<=:)(?=/|material/)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def md(text: str) -> str:
    """User text shown through Markdown, with every Markdown, LaTeX and colour-directive character escaped, and
    web and mail addresses kept from becoming links."""
    text = LINK_BREAKS.sub(WORD_JOINER, text)
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text)
