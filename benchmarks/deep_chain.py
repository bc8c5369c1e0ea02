"""Workload 2: a deep chain x -> relu(x*1.0001 + 0.1), forward and backward, on either engine.

Each step adds a multiplication, an addition and a relu, so the graph is about
three times as deep as the chain is long: a test for the backward pass's
topological sort. micrograd's sort is recursive, so it gets a higher recursion
limit here; chaingrad runs at the default one.
"""

from __future__ import annotations

from typing import Any

from benchmarks.engines import Engine, allow_deep_graphs, count_nodes
from benchmarks.measuring import Stopwatch
from benchmarks.report import Target

NAME = "deep_chain"
TITLE = "2. deep chain"
UNIT = "seconds"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(min_ratio=5.0)  # chaingrad at least 5x faster than micrograd (issue 2)


def sizes(quick: bool) -> dict[str, int]:
    """How long the chain is."""
    return {"steps": 2_000 if quick else 100_000}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    return f"x -> relu(x*1.0001 + 0.1), {size['steps']:,} steps, forward + backward"


def build_chain(Value: type, steps: int) -> tuple[Any, Any]:
    """The leaf x and the end of the chain of ``steps`` steps that starts from it.

    >>> from benchmarks.engines import load_engine
    >>> x, end = build_chain(load_engine('chaingrad').Value, 2)
    >>> round(end.data, 6)
    0.70011
    """
    x = Value(0.5)
    node = x
    for _ in range(steps):
        node = (node * 1.0001 + 0.1).relu()
    return x, node


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """Build the chain and backpropagate through it: one sample."""
    note = allow_deep_graphs(engine, depth=3 * size["steps"] + 10)
    watch = Stopwatch()
    with watch.phase("forward"):
        x, end = build_chain(engine.Value, size["steps"])
    with watch.phase("backward"):
        end.backward()
    return {
        "nodes": count_nodes(engine, end),
        "samples": [watch.as_sample()],
        "check": {"output": end.data, "gradient of x": x.grad},
        "notes": [note] if note else [],
    }
