"""Workload 4: the memory a node takes, measured with tracemalloc on the deep chain of workload 2.

The bytes Python holds after building the chain, less those it held before,
divided by the number of nodes in the chain. These are the bytes asked for,
as tracemalloc counts them (the figure issue 12's target is about). Python's
small-object allocator hands out blocks in steps of 16 bytes, so a 104-byte
object takes a 112-byte block and a 24-byte float a 32-byte one: the sample
also gives the bytes per node in whole blocks, each traced allocation
rounded up to 16 bytes, which is what the process really holds. The garbage collector is paused
while the chain is built: building it makes no garbage, so this changes how
long the measurement takes (tracemalloc slows every allocation), not what it
finds.
"""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

from benchmarks.deep_chain import build_chain
from benchmarks.engines import Engine, count_nodes
from benchmarks.report import Target

NAME = "memory_per_node"
TITLE = "4. memory per node"
UNIT = "bytes"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(max_value=128)  # chaingrad at most 128 bytes per node (issue 12; issue 2 asked for 200)


def sizes(quick: bool) -> dict[str, int]:
    """How long the chain is."""
    return {"steps": 2_000 if quick else 100_000}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    return f"bytes held per node of the {size['steps']:,}-step deep chain (tracemalloc)"


BLOCK = 16  # pymalloc's alignment: every small block's size is a multiple of it


def in_blocks(snapshot: tracemalloc.Snapshot) -> int:
    """The bytes of every traced allocation of ``snapshot``, each rounded up to a whole number of BLOCK bytes.

    >>> from types import SimpleNamespace as Traced  # a float, a 9-slot node, an 8-slot node
    >>> in_blocks(Traced(traces=[Traced(size=24), Traced(size=104), Traced(size=96)]))
    240
    """
    return sum(-(-trace.size // BLOCK) * BLOCK for trace in snapshot.traces)


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """Build the chain under tracemalloc: one sample, in bytes per node."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        blocks_before = in_blocks(tracemalloc.take_snapshot())
        x, end = build_chain(engine.Value, size["steps"])
        after, _ = tracemalloc.get_traced_memory()
        blocks_after = in_blocks(tracemalloc.take_snapshot())
    finally:
        tracemalloc.stop()
        gc.enable()
    nodes = count_nodes(engine, end)
    held = after - before
    return {
        "nodes": nodes,
        "samples": [{"value": held / nodes, "bytes": held, "bytes per chain step": held / size["steps"],
                     "bytes per node in blocks": (blocks_after - blocks_before) / nodes}],
        "check": {"output": end.data},
    }
