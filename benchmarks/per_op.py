"""Per-op cost: the nanoseconds it takes to build one node, and to order and sweep one node in ``backward()``.

    python -m benchmarks.per_op               # chaingrad, against the targets of issue 12 (about a minute)
    python -m benchmarks.per_op --reference   # and the "modern" reference engine, side by side

A microbenchmark, not a test, and not part of ``benchmarks.run``: it prints a
Markdown table and never fails because a machine is slow. Each engine runs in
a fresh Python process of its own (this script, started with ``--worker``),
one after the other. Python's garbage collector is disabled while timing, as
``timeit`` does, so these figures are the cost of the operations themselves
(the workloads of ``benchmarks.run`` keep it on, as users have it).

* **Building a node** (``a*b``, ``a+b``, ``a*2.0``, ``a.exp()``, ``a.relu()``):
  a loop stores the result of the expression into a preallocated list,
  ``OPS_PER_REPEAT`` times; the same loop storing just ``a`` is timed too, and
  its time (the loop, the loads and the store) is subtracted. The list keeps
  every node alive, so freeing them is not part of the figure; a fresh list is
  made for every repeat, outside the clock. The repeats are short (a few
  milliseconds) and many (``OP_REPEATS``), so that on a shared machine some of
  them run undisturbed, and the memory freed after one is reused by the next.
  The ops (and in chaingrad's process the floors below) take turns, one
  repeat of each per round, so that a stretch of time when the machine is
  slow slows them all down alike.
* **Ordering and sweeping** (``backward()``): a graph of ``GRAPH_NODES``
  nodes is built afresh for every repeat, outside the clock; the figure is the
  time of ``root.backward()`` divided by the number of nodes. Two graphs, the
  same for every engine (no plain-number operands): a chain, where each node's
  parents were made just before it, and a random DAG, where every step reuses
  a node picked at random among all the earlier ones (as a model reuses its
  weights), so the sort jumps all over memory.
* **CPython's floor** (``FLOORS``): the same ``a * b`` loop on three classes
  written here that do less and less of what an op does: a ``__mul__`` that
  builds a node of chaingrad's shape (eight slots, the stores of
  ``Value.__mul__``, no checks), one that returns a new empty object of eight
  slots, and one that only returns ``a``. They are timed in chaingrad's
  process, taking turns with its ops, and say how much of an op's time is
  Python's own on the machine of the run: the first is what a node of
  chaingrad's shape costs with no check at all.

The clock is the CPU time of the process (``time.process_time``), so that on
a shared machine the time other processes run is not counted (what they do to
the caches still is). Each figure is given as the best and the median of its repeats
(``OP_REPEATS`` per op, ``GRAPH_REPEATS`` per graph), after one untimed
warm-up (so CPython has specialised the bytecode). A target counts as met when
the best repeat meets it: noise only ever adds time.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import platform
import random
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # "python benchmarks/per_op.py": make "benchmarks" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engines import Engine, allow_deep_graphs, count_nodes, load_engine, run_in_fresh_process  # noqa: E402
from benchmarks.run import describe_machine  # noqa: E402

OPS = {  # name in the table: the expression timed, with a and b leaves
    "a*b": "a * b",
    "a+b": "a + b",
    "a*2.0": "a * 2.0",
    "a.exp()": "a.exp()",
    "a.relu()": "a.relu()",
}
TARGET_NS_PER_OP = 200  # issue 12: each op builds its node in at most 200 ns
TARGET_NS_PER_NODE = 250  # issue 12: backward() orders and sweeps a node in at most 250 ns
OPS_PER_REPEAT = 20_000
OP_REPEATS = 30
GRAPH_NODES = 400_000
GRAPH_REPEATS = 7
CLOCK = time.process_time  # CPU seconds of this process: a busy neighbour's time is not counted

# The timed loop, compiled once per expression (the way timeit builds its
# loops): a, b, out and the clock are local variables, so the loop does no
# global lookups, and the baseline loop differs from it only by the operation.
LOOP_TEMPLATE = """
def timed_loop(a, b, out, clock):
    start = clock()
    for i in range(len(out)):
        out[i] = {expression}
    return clock() - start
"""


def compile_loop(expression: str) -> Callable[..., float]:
    """A function that evaluates ``expression`` once per slot of ``out``, stores it there, and returns the seconds taken.

    >>> loop = compile_loop('a + b')
    >>> out = [None] * 3
    >>> loop(1, 2, out, CLOCK) >= 0, out
    (True, [3, 3, 3])
    """
    namespace: dict[str, Any] = {}
    exec(LOOP_TEMPLATE.format(expression=expression), namespace)  # noqa: S102 - our own constant template
    return namespace["timed_loop"]


def nanoseconds_per_op(cases: dict[str, tuple[type, str]], ops: int = OPS_PER_REPEAT,
                       repeats: int = OP_REPEATS) -> dict[str, dict[str, float]]:
    """The best and median cost of one evaluation of each case's expression, in ns, the loop's own cost subtracted.

    ``cases`` maps a name to (the class of ``a`` and ``b``, the expression).
    The cases take turns, one repeat of each per round, so that a machine
    that slows down for a while slows them all down alike.

    >>> from benchmarks.engines import load_engine
    >>> cost = nanoseconds_per_op({'a*b': (load_engine('chaingrad').Value, 'a * b')}, ops=1000, repeats=3)
    >>> sorted(cost['a*b'])
    ['best', 'median']
    """
    baseline = compile_loop("a")
    loops = {name: (compile_loop(expression), cls(0.7), cls(-1.3)) for name, (cls, expression) in cases.items()}
    with_op: dict[str, list[float]] = {name: [] for name in cases}
    without_op: dict[str, list[float]] = {name: [] for name in cases}
    for repeat in range(repeats + 1):  # repeat 0 warms up
        for name, (loop, a, b) in loops.items():
            out = [None] * ops  # preallocated, outside the clock
            empty_loop = baseline(a, b, out, CLOCK)
            out = [None] * ops
            op_loop = loop(a, b, out, CLOCK)
            del out  # its nodes are freed here, outside the clock
            if repeat > 0:
                with_op[name].append(op_loop)
                without_op[name].append(empty_loop)
    return {
        name: {
            "best": (min(with_op[name]) - min(without_op[name])) / ops * 1e9,
            "median": (statistics.median(with_op[name]) - statistics.median(without_op[name])) / ops * 1e9,
        }
        for name in cases
    }


# ------------------------------------------------------------------ CPython's floor
# Classes that do part of what Value.__mul__ does, to time the part that is
# Python's own (see FLOORS). EmptyNode's and BareNode's slots have public
# names, in chaingrad's order and number, so an object is the size of a
# Value; they make it as Value's ops do, with object.__new__ under a
# module-level name.

new_object = object.__new__


class CallOnly:
    """``a * b`` is a call of a Python ``__mul__`` that returns ``a``: the operator call alone."""

    __slots__ = ("data",)

    def __init__(self, data: float) -> None:
        self.data = data

    def __mul__(self, other: CallOnly) -> CallOnly:
        return self


class EmptyNode:
    """``a * b`` returns a new object of eight slots, none of them set.

    >>> from benchmarks.engines import load_engine
    >>> (EmptyNode(2.0) * EmptyNode(3.0)).__sizeof__() == load_engine('chaingrad').Value(1.0).__sizeof__()
    True
    """

    __slots__ = ("data", "grad", "op", "a", "da", "b", "db", "tags")

    def __init__(self, data: float) -> None:
        self.data = data

    def __mul__(self, other: EmptyNode) -> EmptyNode:
        return new_object(EmptyNode)


class BareNode:
    """``a * b`` builds a node as ``Value.__mul__`` does for two Values, with no type check and no grad-mode test.

    >>> product = BareNode(2.0) * BareNode(3.0)
    >>> product.data, product.da, product.db
    (6.0, 3.0, 2.0)
    """

    __slots__ = ("data", "grad", "op", "a", "da", "b", "db", "tags")

    def __init__(self, data: float) -> None:
        self.data = data

    def __mul__(self, other: BareNode) -> BareNode:
        out = new_object(BareNode)
        x, y = self.data, other.data
        out.data = x * y
        out.a, out.da = self, y
        out.b, out.db = other, x
        out.grad, out.op, out.tags = 0.0, "*", None
        return out


FLOORS = {  # name in the table: the class whose a * b is timed, in the worker of chaingrad
    "`a * b`, a `__mul__` that builds an eight-slot node, no checks": BareNode,
    "`a * b`, a `__mul__` that returns a new empty eight-slot object": EmptyNode,
    "`a * b`, a `__mul__` that returns `a`": CallOnly,
}


def chain(Value: type, nodes: int) -> Any:
    """The end of a chain ``x -> relu(x * w + c)`` of about ``nodes`` nodes, ``w`` and ``c`` leaves (three nodes per step).

    >>> from benchmarks.engines import load_engine, count_nodes
    >>> engine = load_engine('chaingrad')
    >>> count_nodes(engine, chain(engine.Value, 1000))
    999
    """
    x, w, c = Value(0.5), Value(1.0001), Value(0.1)
    node = x
    for _ in range((nodes - 3) // 3):
        node = (node * w + c).relu()
    return node


def random_dag(Value: type, nodes: int, seed: int = 1) -> Any:
    """The root of a random DAG of about ``nodes`` nodes, the same for every engine (no plain-number operands).

    Each step averages the last node with a node picked at random among all
    the earlier ones, ``(last + earlier) * half`` with the leaf ``half`` = 0.5:
    two nodes per step, a graph as deep as it is long, with shared nodes
    everywhere. The values and gradients stay of moderate size (no overflow,
    no subnormal numbers that would slow the arithmetic down).

    >>> from benchmarks.engines import load_engine, count_nodes
    >>> engine = load_engine('chaingrad')
    >>> count_nodes(engine, random_dag(engine.Value, 1000))
    1000
    """
    rng = random.Random(seed)
    half = Value(0.5)
    made = [Value(rng.uniform(-1.0, 1.0))]
    for _ in range((nodes - 2) // 2):  # two leaves, then two nodes per step
        made.append((made[-1] + made[rng.randrange(len(made))]) * half)
    return made[-1]


GRAPHS = {"chain": chain, "random DAG": random_dag}  # name in the table: how to build it


def nanoseconds_per_node(engine: Engine, graph: str, nodes: int = GRAPH_NODES,
                         repeats: int = GRAPH_REPEATS) -> dict[str, float]:
    """The best and median time of ``root.backward()`` on a fresh ``graph`` (a name in GRAPHS), in ns per node.

    >>> from benchmarks.engines import load_engine
    >>> sorted(nanoseconds_per_node(load_engine('chaingrad'), 'chain', nodes=1000, repeats=2))
    ['best', 'median', 'nodes']
    """
    build = GRAPHS[graph]
    build(engine.Value, 1000).backward()  # warms up on a small graph
    per_node = []
    count = 0
    for _ in range(repeats):
        root = build(engine.Value, nodes)  # a fresh graph, its gradients all 0, outside the clock
        count = count_nodes(engine, root)
        start = CLOCK()
        root.backward()
        per_node.append((CLOCK() - start) / count * 1e9)
        del root
    return {"best": min(per_node), "median": statistics.median(per_node), "nodes": count}


def measure(engine_name: str) -> dict[str, Any]:
    """Every figure of this benchmark for one engine, in this process, with the garbage collector disabled.

    CPython's floors (``FLOORS``) are timed only in chaingrad's process, in
    turns with its ops; for another engine ``floors`` is empty.
    """
    engine = load_engine(engine_name)
    note = allow_deep_graphs(engine, GRAPH_NODES)  # a recursive sort goes at most as deep as the graph has nodes
    gc.collect()
    gc.disable()
    try:
        with_floors = engine_name == "chaingrad"
        cases = {name: (engine.Value, expression) for name, expression in OPS.items()}
        if with_floors:  # the floors take turns with chaingrad's ops
            cases.update({name: (floor, "a * b") for name, floor in FLOORS.items()})
        timed = nanoseconds_per_op(cases)
        ops = {name: timed[name] for name in OPS}
        floors = {name: timed[name] for name in FLOORS} if with_floors else {}
        backward = {graph: nanoseconds_per_node(engine, graph) for graph in GRAPHS}
    finally:
        gc.enable()
    return {"engine": engine.name, "version": engine.version, "ops": ops, "floors": floors, "backward": backward,
            "notes": [note] if note else []}


def measure_in_fresh_process(engine_name: str) -> dict[str, Any]:
    """``measure(engine_name)`` in a new Python process that loads this one engine only."""
    command = [sys.executable, "-m", "benchmarks.per_op", "--worker", engine_name]
    printed, _ = run_in_fresh_process(command, f"the per-op worker for {engine_name}")
    return json.loads(printed)


def cell(figures: dict[str, float]) -> str:
    """``best (median)`` in whole nanoseconds.

    >>> cell({'best': 187.4, 'median': 201.6})
    '187 (202)'
    """
    return f"{figures['best']:.0f} ({figures['median']:.0f})"


def markdown_table(results: list[dict[str, Any]], command: str = "python -m benchmarks.per_op") -> str:
    """The figures of each engine, the targets, and whether chaingrad (the first result) meets them."""
    engines = [result["engine"] for result in results]
    lines = [
        f"Command: `{command}`  ",
        f"{platform.python_implementation()} {platform.python_version()} on {describe_machine()}, "
        f"{datetime.date.today().isoformat()}.  ",
        f"Nanoseconds of CPU time, best (median) of the repeats after a warm-up, gc disabled: each op {OP_REPEATS} repeats "
        f"of {OPS_PER_REPEAT:,} ops, the loop's own cost subtracted; backward() {GRAPH_REPEATS} repeats, each on "
        f"a fresh graph of about {GRAPH_NODES:,} nodes. Met: chaingrad's best repeat within the target.",
        "",
        "| Operation | " + " | ".join(f"{name} ns" for name in engines) + " | Target | Met |",
        "|---|" + "---:|" * len(engines) + "---|---|",
    ]
    for name in OPS:
        figures = [result["ops"][name] for result in results]
        met = figures[0]["best"] <= TARGET_NS_PER_OP
        lines.append(f"| `{name}` | " + " | ".join(map(cell, figures))
                     + f" | ≤ {TARGET_NS_PER_OP} ns per op | {'yes' if met else '**no**'} |")
    for graph in GRAPHS:
        figures = [result["backward"][graph] for result in results]
        met = figures[0]["best"] <= TARGET_NS_PER_NODE
        lines.append(f"| `root.backward()` on a {figures[0]['nodes']:,}-node {graph}, per node | "
                     + " | ".join(map(cell, figures))
                     + f" | ≤ {TARGET_NS_PER_NODE} ns per node | {'yes' if met else '**no**'} |")
    for name in FLOORS:  # timed in chaingrad's process only
        lines.append(f"| CPython's floor: {name} | {cell(results[0]['floors'][name])} |"
                     + " |" * (len(engines) - 1) + " (CPython's own cost) | |")
    notes = [f"{result['engine']}: {note}" for result in results for note in result["notes"]]
    versions = ", ".join(f"{result['engine']} {result['version']}" for result in results)
    lines += ["", *(f"- {note}." for note in notes), f"- Versions: {versions}."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: measure chaingrad (and, with --reference, the modern engine) and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.per_op",
                                     description="Nanoseconds per op and per backward() node, against issue 12's targets.")
    parser.add_argument("--reference", action="store_true",
                        help="also measure the modern reference engine (benchmarks/reference_engine.py)")
    parser.add_argument("--worker", metavar="ENGINE", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        print(json.dumps(measure(arguments.worker)))
        return 0
    engines = ["chaingrad", "modern"] if arguments.reference else ["chaingrad"]
    results = []
    for name in engines:
        print(f"per_op: {name}", file=sys.stderr)
        results.append(measure_in_fresh_process(name))
    print(markdown_table(results, shlex.join(["python", "-m", "benchmarks.per_op", *(sys.argv[1:] if argv is None else argv)])), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
