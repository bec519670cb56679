"""The first run after a server start is wrapped in Streamlit's old page discovery, and app.py reloads that tab
once (ui/first_run.py). The reload must reach the browser only after st.navigation has switched the discovery off:
sent earlier, a fast browser reloaded while the first run was still on its way to st.navigation, its new run was
wrapped again, and "Page not found" stayed over the page (CI, under load)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def _calls(tree: ast.Module, name: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] == name
    ]


def test_the_reload_is_sent_after_every_st_navigation_call():
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    navigation, reload = _calls(tree, "navigation"), _calls(tree, "reload_if_wrapped")
    assert navigation and len(reload) == 1
    assert reload[0] > max(navigation)


def test_whether_the_run_is_wrapped_is_read_before_st_navigation():
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    (read,) = _calls(tree, "wrapped_by_page_discovery")
    assert read < min(_calls(tree, "navigation"))
