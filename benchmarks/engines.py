"""The engines under test, loaded by name, and what the benchmarks need to know about them.

chaingrad is always measured; each workload compares it with one *baseline*:
micrograd 0.1.0 (from PyPI), or "modern", the straightforward scalar engine of
the popular pure-Python GPT scripts, written for these benchmarks in
``benchmarks/reference_engine.py``. A worker process loads exactly one engine,
so chaingrad's ``autograd`` is never imported next to another engine.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENGINE_NAMES = ("chaingrad", "micrograd", "modern")
REPOSITORY = Path(__file__).resolve().parent.parent  # the checkout these benchmarks belong to


def is_chaingrad_checkout(folder: Path) -> bool:
    """Whether ``folder`` holds a chaingrad engine to measure (an ``autograd/`` package).

    >>> is_chaingrad_checkout(REPOSITORY), is_chaingrad_checkout(REPOSITORY / "docs")
    (True, False)
    """
    return (folder / "autograd" / "__init__.py").is_file()


def run_in_fresh_process(command: list[str], what: str, cwd: Path = REPOSITORY) -> tuple[str, str]:
    """Run a worker process to its end: (the last line it printed, its stderr); a RuntimeError naming ``what`` if it fails.

    >>> run_in_fresh_process([sys.executable, "-c", "print(1); print(2)"], "a worker")
    ('2', '')
    """
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"{what} failed (exit code {finished.returncode}):\n{finished.stderr}")
    lines = finished.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{what} printed nothing; its stderr:\n{finished.stderr}")
    return lines[-1], finished.stderr


def compared_engines(workload: Any) -> tuple[str, str]:
    """The engines a workload module compares, in the order they take turns: chaingrad, then its ``BASELINE``.

    >>> from benchmarks import demo_step
    >>> compared_engines(demo_step)
    ('chaingrad', 'micrograd')
    """
    return ("chaingrad", workload.BASELINE)


@dataclass(frozen=True)
class Engine:
    """One autodiff engine: its ``Value`` class and how to walk its graphs.

    ``parents_of(node)`` gives the nodes ``node`` was computed from; it is used
    only to count nodes, outside the timed code. ``sorts_recursively`` says
    whether its ``backward()`` orders the graph with one Python call per level
    (and so needs a higher recursion limit for deep graphs).
    """

    name: str
    version: str
    Value: type
    parents_of: Callable[[Any], Iterable[Any]]
    sorts_recursively: bool

    def __repr__(self) -> str:
        return f"Engine({self.name} {self.version})"


def load_engine(name: str) -> Engine:
    """Import the engine called ``name`` ('chaingrad', 'micrograd' or 'modern') and describe it.

    >>> load_engine('chaingrad').Value(2.0)
    Value(data=2.0, grad=0.0)
    """
    if name == "chaingrad":
        from autograd import Value

        return Engine(name, importlib.metadata.version("chaingrad"), Value, lambda node: node.parents, False)
    if name == "micrograd":
        try:
            from micrograd.engine import Value as MicrogradValue
        except ImportError:
            raise ImportError(
                "the benchmarks compare against micrograd 0.1.0, which is not installed; "
                "install it with: pip install 'chaingrad[bench]'  (or: pip install micrograd==0.1.0)"
            ) from None
        # micrograd keeps a node's parents in a set called _prev
        return Engine(name, importlib.metadata.version("micrograd"), MicrogradValue, lambda node: node._prev, True)
    if name == "modern":
        from benchmarks import reference_engine

        return Engine(name, "(benchmarks/reference_engine.py)", reference_engine.Value, reference_engine.parents_of, True)
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


def graph_depth(engine: Engine, root: Any) -> int:
    """The number of nodes on the longest path from ``root`` down to a leaf, found iteratively.

    A recursive topological sort goes at most this many calls deep.

    >>> engine = load_engine('chaingrad')
    >>> x = engine.Value(1.0)
    >>> graph_depth(engine, (x * x + x).relu())   # relu, +, *, x
    4
    """
    depth: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            depth[id(node)] = 1 + max((depth[id(parent)] for parent in engine.parents_of(node)), default=0)
        elif id(node) not in depth:
            stack.append((node, True))
            stack.extend((parent, False) for parent in engine.parents_of(node) if id(parent) not in depth)
    return depth[id(root)]


def allow_deep_graphs(engine: Engine, depth: int) -> str | None:
    """Let ``engine`` backpropagate through a graph ``depth`` nodes deep; return a note saying what was changed.

    micrograd and the "modern" reference engine sort their graphs with a
    recursive function, one Python call per level, so a deep graph needs a
    higher recursion limit: they get one here, if the current limit is too low.
    chaingrad's traversals are iterative and it keeps the default limit.
    """
    if not engine.sorts_recursively:
        return None
    before = sys.getrecursionlimit()
    if depth + 100 <= before:  # fits, with room for the frames already on the stack
        return None
    needed = depth + 10_000
    sys.setrecursionlimit(needed)
    return (f"{engine.name}'s recursion limit raised from {before:,} to {needed:,} "
            "(its topological sort recurses once per level)")
