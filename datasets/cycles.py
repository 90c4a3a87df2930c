"""Cycles in relations that must run one way: a figure a subset of a figure that is, through
others, a subset of it; a category its own grandparent. Pure Python, for the importer and the
models' checks alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def find_cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every cycle of the directed graph `edges` (node → the nodes it points to) found by one
    depth-first walk, each as its nodes in order with the first repeated at the end
    (["a", "b", "a"]). A graph with no cycle gives []."""
    graph = {node: sorted(set(targets)) for node, targets in edges.items()}
    done: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph):
        if root in done:
            continue
        # An explicit stack of (node, its next target index), so a long chain needs no recursion.
        path: list[str] = [root]
        on_path = {root}
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            targets = graph.get(node, [])
            if index < len(targets):
                stack[-1] = (node, index + 1)
                target = targets[index]
                if target in on_path:
                    cycles.append([*path[path.index(target) :], target])
                elif target not in done:
                    path.append(target)
                    on_path.add(target)
                    stack.append((target, 0))
            else:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
    return cycles


def path_between(edges: Mapping[str, Iterable[str]], start: str, goal: str) -> list[str] | None:
    """The nodes of a path from `start` to `goal` following `edges`, or None if there is none."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path: list[str] = []
            step: str | None = node
            while step is not None:
                path.append(step)
                step = previous[step]
            return path[::-1]
        for target in sorted(set(edges.get(node, ()))):
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return None
