"""The two engines under test, loaded by name, and what the benchmarks need to know about them.

A worker process loads exactly one engine, so chaingrad's ``autograd`` is never
imported next to micrograd (and the other way round).
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

ENGINE_NAMES = ("chaingrad", "micrograd")


@dataclass(frozen=True)
class Engine:
    """One autodiff engine: its ``Value`` class and how to walk its graphs.

    ``parents_of(node)`` gives the nodes ``node`` was computed from; it is used
    only to count nodes, outside the timed code.
    """

    name: str
    version: str
    Value: type
    parents_of: Callable[[Any], Iterable[Any]]

    def __repr__(self) -> str:
        return f"Engine({self.name} {self.version})"


def load_engine(name: str) -> Engine:
    """Import the engine called ``name`` ('chaingrad' or 'micrograd') and describe it.

    >>> load_engine('chaingrad').Value(2.0)
    Value(data=2.0, grad=0.0)
    """
    if name == "chaingrad":
        from autograd import Value

        return Engine(name, importlib.metadata.version("chaingrad"), Value, lambda node: node.parents)
    if name == "micrograd":
        try:
            from micrograd.engine import Value as MicrogradValue
        except ImportError:
            raise ImportError(
                "the benchmarks compare against micrograd 0.1.0, which is not installed; "
                "install it with: pip install 'chaingrad[bench]'  (or: pip install micrograd==0.1.0)"
            ) from None
        # micrograd keeps a node's parents in a set called _prev
        return Engine(name, importlib.metadata.version("micrograd"), MicrogradValue, lambda node: node._prev)
    raise ValueError(f"unknown engine {name!r}; expected one of {', '.join(ENGINE_NAMES)}")


def count_nodes(engine: Engine, root: Any) -> int:
    """The number of nodes in the graph behind ``root`` (leaves and ``root`` included), found iteratively.

    >>> engine = load_engine('chaingrad')
    >>> x = engine.Value(1.0)
    >>> count_nodes(engine, x * x + 1)   # x, x*x and the sum: the constant 1 is not a node
    3
    """
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        for parent in engine.parents_of(node):
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def allow_deep_graphs(engine: Engine, depth: int) -> str | None:
    """Let ``engine`` backpropagate through a graph ``depth`` nodes deep; return a note saying what was changed.

    micrograd sorts its graph with a recursive function, one Python call per
    level, so a deep graph needs a higher recursion limit: it gets one here.
    chaingrad's traversals are iterative and it keeps the default limit.
    """
    if engine.name != "micrograd":
        return None
    before = sys.getrecursionlimit()
    needed = depth + 10_000  # room for the frames already on the stack
    if needed <= before:
        return None
    sys.setrecursionlimit(needed)
    return f"micrograd's recursion limit raised from {before:,} to {needed:,} (its topological sort recurses once per level)"
