from ui.words import md, plural


def test_markdown_escaping_keeps_text_literal():
    assert md("Use *AI* for $5 :red[now]") == "Use \\*AI\\* for \\$5 \\:red\\[now\\]"
    assert md("plain words") == "plain words"


def test_plural():
    assert plural(1, "score") == "1 score"
    assert plural(1200, "row") == "1,200 rows"
