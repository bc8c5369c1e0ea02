"""Workload 3: a wide sum of products, sum(a_i * b_i), forward and backward, on either engine.

Python's ``sum()`` adds the products one by one, so the graph is a long line
of additions with a product hanging off each: wide at every addition, and as
deep as the sum is long (micrograd needs a higher recursion limit for it).
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.engines import Engine, allow_deep_graphs, count_nodes
from benchmarks.measuring import Stopwatch
from benchmarks.report import Target

NAME = "wide_sum"
TITLE = "3. wide sum"
UNIT = "seconds"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(min_ratio=5.0)  # chaingrad at least 5x faster than micrograd (issue 2)


def sizes(quick: bool) -> dict[str, int]:
    """How many products are summed."""
    return {"terms": 2_000 if quick else 100_000}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    return f"sum(a_i * b_i) of {size['terms']:,} products, forward + backward (leaves made beforehand)"


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """Make the leaves (untimed), then time the sum and its backward pass: one sample."""
    note = allow_deep_graphs(engine, depth=2 * size["terms"] + 10)
    rng = random.Random(3)
    a = [engine.Value(rng.uniform(-1.0, 1.0)) for _ in range(size["terms"])]
    b = [engine.Value(rng.uniform(-1.0, 1.0)) for _ in range(size["terms"])]
    watch = Stopwatch()
    with watch.phase("forward"):
        total = sum(ai * bi for ai, bi in zip(a, b))
    with watch.phase("backward"):
        total.backward()
    return {
        "nodes": count_nodes(engine, total),
        "samples": [watch.as_sample()],
        "check": {"sum": total.data, "sum of gradients": sum(v.grad for v in a + b)},
        "notes": [note] if note else [],
    }
