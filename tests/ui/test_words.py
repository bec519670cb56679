import re

from ui.words import WORD_JOINER, md, plural


def test_markdown_escaping_keeps_text_literal():
    assert md("Use *AI* for $5 :red[now]") == "Use \\*AI\\* for \\$5 \\:red\\[now\\]"
    assert md("plain words") == "plain words"
    assert md("![x](http://a/x.png)") == f"\\!\\[x\\]\\(http\\:{WORD_JOINER}//a/x\\.png\\)"
    assert md('<img src="x">') == '\\<img src="x"\\>'


def test_addresses_do_not_become_links():
    # GFM links bare addresses after reading the escapes, so "http\:" alone would still be a link.
    shown = md("see https://evil.example/x, WWW.evil.example or me@evil.example")
    unescaped = re.sub(r"\\(.)", r"\1", shown)
    assert not re.search(r"https?://|www\.|\w@", unescaped, re.IGNORECASE)
    assert unescaped.replace(WORD_JOINER, "") == "see https://evil.example/x, WWW.evil.example or me@evil.example"


def test_streamlit_icons_stay_text():
    assert ":material/" not in md(":material/home:")


def test_plural():
    assert plural(1, "score") == "1 score"
    assert plural(1200, "row") == "1,200 rows"
