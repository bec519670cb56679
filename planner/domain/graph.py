"""Small checks over lists and graphs that the models use: repeated values, dependency cycles."""

from __future__ import annotations


def duplicates(values: list[str]) -> list[str]:
    """Each value that appears more than once, in order of its second appearance."""
    seen: set[str] = set()
    dups: list[str] = []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """Return one dependency cycle as a closed path (`a, b, a`), or None. Iterative DFS."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    for root in graph:
        if colour[root] != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = grey
        while stack:
            node, idx = stack[-1]
            children = graph.get(node, [])
            if idx < len(children):
                stack[-1] = (node, idx + 1)
                child = children[idx]
                if colour.get(child, black) == grey:
                    return [*path[path.index(child) :], child]
                if colour.get(child, black) == white:
                    colour[child] = grey
                    stack.append((child, 0))
                    path.append(child)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return None
