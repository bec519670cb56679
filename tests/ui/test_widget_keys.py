"""Every widget key in pages/ and ui/ is either forgotten on a reload (it starts with one of WIDGET_PREFIXES) or
declared as kept (KEPT_WIDGET_KEYS). A widget under a new prefix would otherwise keep showing the old workshop
after Undo, a merge or opening another workshop, and nothing would say so.

Keys are read from the source, so widgets that only appear in some states (a room, an error) are checked too. A
key is followed through f-strings, helper functions of the same module (`editor_key()`), wrappers such as
`bound(key, value)` (their first argument), assignments and loops over a tuple of rows.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.session import KEPT_WIDGET_KEYS, WIDGET_PREFIXES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("pages").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py"), ROOT / "app.py"])


class Unresolved(Exception):
    pass


def _leading_text(node: ast.expr, module: ast.Module) -> Iterator[str]:
    """The literal text each value of a key expression starts with (the part before any `{...}`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            raise Unresolved(f"an f-string key that does not start with text: {ast.unparse(node)}")
        yield first.value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        helper = next((f for f in ast.walk(module) if isinstance(f, ast.FunctionDef) and f.name == node.func.id), None)
        if helper is not None:  # a key helper of this module: what it returns
            returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return) and r.value is not None]
            for value in returns:
                yield from _leading_text(value, module)
        elif node.args:  # an imported wrapper such as bound(key, value): the key is its first argument
            yield from _leading_text(node.args[0], module)
        else:
            raise Unresolved(f"a key made by a call with no argument: {ast.unparse(node)}")
    elif isinstance(node, ast.Name):
        yield from _values_of_name(node.id, module)
    else:
        raise Unresolved(f"a key this test cannot follow: {ast.unparse(node)}")


def _values_of_name(name: str, module: ast.Module) -> Iterator[str]:
    found = False
    for statement in ast.walk(module):
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in statement.targets
        ):
            found = True
            yield from _leading_text(statement.value, module)
        elif isinstance(statement, ast.For):
            target = statement.target
            rows_name = statement.iter
            if isinstance(rows_name, ast.Call) and ast.unparse(rows_name.func) == "enumerate":
                rows_name, target = rows_name.args[0], target.elts[1] if isinstance(target, ast.Tuple) else target
            if not (isinstance(target, ast.Tuple) and isinstance(rows_name, ast.Name)):
                continue
            position = next((i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == name), None)
            if position is None:
                continue
            for rows in _values_assigned(rows_name.id, module):
                if not isinstance(rows, ast.Tuple | ast.List):
                    raise Unresolved(f"{rows_name.id} is not a literal tuple of rows")
                for row in rows.elts:
                    if not isinstance(row, ast.Tuple):
                        raise Unresolved(f"a row of {rows_name.id} is not a tuple")
                    found = True
                    yield from _leading_text(row.elts[position], module)
    if not found:
        raise Unresolved(f"no assignment of {name}")


def _values_assigned(name: str, module: ast.Module) -> Iterator[ast.expr]:
    for statement in ast.walk(module):
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in statement.targets
        ):
            yield statement.value


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def widget_keys(path: Path) -> list[tuple[int, str]]:
    """(line, leading text) of each widget key and form name in a module."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    keys: list[tuple[int, str]] = []
    for call in ast.walk(module):
        if not isinstance(call, ast.Call):
            continue
        expressions = [k.value for k in call.keywords if k.arg == "key"]
        if ast.unparse(call.func).endswith(".form") and call.args:  # st.form's name keys its widgets' state
            expressions.append(call.args[0])
        for expression in expressions:
            if isinstance(expression, ast.Lambda):  # e.g. sorted(..., key=lambda ...), not a widget
                continue
            try:
                keys.extend((call.lineno, text) for text in _leading_text(expression, module))
            except Unresolved as problem:
                pytest.fail(f"{_shown(path)}:{call.lineno}: {problem}")
    return keys


def _is_declared(text: str) -> bool:
    return text.startswith(WIDGET_PREFIXES) or text in KEPT_WIDGET_KEYS


def test_every_widget_key_is_forgotten_on_reload_or_declared_as_kept():
    undeclared = [
        f"{_shown(path)}:{line}: {text!r}"
        for path in SOURCES
        for line, text in widget_keys(path)
        if not _is_declared(text)
    ]
    assert not undeclared, "widget keys under no prefix of WIDGET_PREFIXES nor in KEPT_WIDGET_KEYS:\n" + "\n".join(
        undeclared
    )


def test_the_reader_follows_each_way_a_key_is_written(tmp_path: Path):
    """The test above is only as good as its reader: each way of writing a key here is found, with its text."""
    page = tmp_path / "page.py"
    page.write_text(
        "\n".join(
            [
                "def table_key():",
                "    return f'tb_{version}'",
                "ROWS = (('a', 'rw_one'), ('b', 'rw_two'))",
                "st.button('x', key='lit_key')",
                "st.button('x', key=f'fs_{n}')",
                "st.dataframe(t, key=table_key())",
                "st.radio('q', key=bound(f'bd_{q}', 3))",
                "chosen = 'as_key'",
                "st.text_input('y', key=chosen)",
                "for index, (label, key) in enumerate(ROWS):",
                "    st.button(label, key=key)",
                "with st.form('fm_add'):",
                "    pass",
                "sorted(items, key=lambda item: item.id)",
            ]
        ),
        encoding="utf-8",
    )
    found = sorted(text for _, text in widget_keys(page))
    assert found == ["as_key", "bd_", "fm_add", "fs_", "lit_key", "rw_one", "rw_two", "tb_"]


def test_a_key_the_reader_cannot_follow_fails_with_its_place(tmp_path: Path):
    page = tmp_path / "page.py"
    page.write_text("st.button('x', key=f'{prefix}_go')\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"page\.py:1: an f-string key that does not start with text"):
        widget_keys(page)
