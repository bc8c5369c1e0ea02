"""Instruction counts: building one node of each op of ``per_op.py``, one node of ``backward()``, and CPython's floors, under callgrind.

    python -m benchmarks.instructions                  # this checkout's engine (a few minutes; needs valgrind)
    python -m benchmarks.instructions --repo ../old    # the engine of another checkout, to compare before and after

Times on a shared machine move by a factor of two from run to run;
instruction counts hardly move at all, so they show whether a change to the
engine did less work, even when its effect on the time is lost in the noise.
They do not show cache misses, which dominate a graph that jumps all over
memory and the garbage collector: this script says what ``per_op.py`` and
``benchmarks.run`` cannot, not instead of them. A microbenchmark, not a test.

Every figure is the difference between two worker processes run under
``valgrind --tool=callgrind``: one does the work after a warm-up (so CPython
has specialised the bytecode), the other only the warm-up and the setup;
their difference is divided by the number of nodes. An op is timed as in
``per_op.py`` (``out[i] = a * b`` over a preallocated list), less the same
loop storing just ``a``; the nodes are never freed (the worker ends with
``os._exit``), so freeing them is not counted. ``backward()`` runs once on
``per_op.py``'s chain and random DAG of ``GRAPH_NODES`` nodes, built by both
workers. CPython's floors of ``per_op.py`` (``FLOORS``: ``a * b`` on classes
that do less and less of what an op does) are counted as the ops are. The
garbage collector is disabled, as in ``per_op.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shlex
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # "python benchmarks/instructions.py": make "benchmarks" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engines import REPOSITORY, is_chaingrad_checkout, run_in_fresh_process  # noqa: E402

OPS_COUNTED = 100_000  # nodes built by the working op worker
GRAPH_NODES = 100_000  # nodes of the graph backward() runs on (per_op.py times 400,000; the counts are per node)
LOOP_ONLY = "a"  # the expression whose count is the loop's own cost


def collected_instructions(valgrind_output: str) -> int:
    """The instruction count in callgrind's summary (its "Collected" line).

    >>> collected_instructions('==12== Events    : Ir\\n==12== Collected : 123456\\n==12== I   refs:      123,456')
    123456
    """
    match = re.search(r"Collected\s*:\s*(\d+)", valgrind_output)
    if match is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{valgrind_output[-2000:]}")
    return int(match.group(1))


def work(kind: str, name: str, count: int, graph_nodes: int = GRAPH_NODES) -> int:
    """The worker's work; returns the nodes.

    ``kind`` "op": evaluate the expression ``name`` on two Values ``count``
    times; "floor": ``a * b`` on two objects of per_op's floor class named
    ``name``, ``count`` times; "backward": build the graph ``name`` and, if
    ``count``, run ``backward()`` on it.

    >>> work("op", "a * b", 10), work("floor", "BareNode", 10), work("backward", "chain", 1, graph_nodes=300)
    (10, 10, 300)
    """
    from benchmarks.engines import count_nodes, load_engine
    from benchmarks.per_op import FLOORS, GRAPHS, compile_loop

    engine = load_engine("chaingrad")
    if kind in ("op", "floor"):
        floors = {floor.__name__: floor for floor in FLOORS.values()}
        loop = compile_loop(name if kind == "op" else "a * b")
        made_by = engine.Value if kind == "op" else floors[name]
        a, b = made_by(0.7), made_by(-1.3)
        loop(a, b, [None] * 2000, time.process_time)  # warm-up
        loop(a, b, [None] * count, time.process_time)
        return count
    build = GRAPHS[name]
    build(engine.Value, 1000).backward()  # warm-up
    root = build(engine.Value, graph_nodes)
    if count:
        root.backward()
    return count_nodes(engine, root)


def count_in_valgrind(repo: Path, kind: str, name: str, count: int) -> tuple[int, int]:
    """(instructions, nodes) of one worker process run under callgrind, with ``repo``'s engine."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, "-m", "benchmarks.instructions", "--worker", kind, name, str(count), "--repo", str(repo)]
    printed, stderr = run_in_fresh_process(command, "the worker under valgrind")
    return collected_instructions(stderr), int(printed)


def per_node(repo: Path, kind: str, name: str) -> float:
    """Instructions per node: a working worker less a setup-only one, divided by the nodes."""
    working, nodes = count_in_valgrind(repo, kind, name, 1 if kind == "backward" else OPS_COUNTED)
    setup, _ = count_in_valgrind(repo, kind, name, 0)
    return (working - setup) / nodes


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: count, and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions",
                                     description="Instructions per op and per backward() node, counted by callgrind.")
    parser.add_argument("--repo", type=Path, default=REPOSITORY,
                        help="the checkout whose autograd/ to count (default: this one)")
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "NAME", "COUNT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    repo = arguments.repo.resolve()
    if arguments.worker:
        sys.path.insert(0, str(repo))  # its autograd, before any other
        kind, name, count = arguments.worker
        gc.disable()
        nodes = work(kind, name, int(count))
        print(nodes, flush=True)
        os._exit(0)  # the nodes are not freed: freeing them is not part of any figure
    if shutil.which("valgrind") is None:
        print("benchmarks.instructions: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    if not is_chaingrad_checkout(repo):
        print(f"benchmarks.instructions: {repo} has no autograd/ package (give --repo a chaingrad checkout)",
              file=sys.stderr)
        return 2
    from benchmarks.per_op import FLOORS, GRAPHS, OPS

    print(f"instructions: counting {repo}", file=sys.stderr)
    loop = per_node(repo, "op", LOOP_ONLY)
    rows = [(f"`{name}`", per_node(repo, "op", expression) - loop) for name, expression in OPS.items()]
    rows += [(f"`root.backward()` on the {name}, per node", per_node(repo, "backward", name)) for name in GRAPHS]
    rows += [(f"CPython's floor: {name}", per_node(repo, "floor", floor.__name__) - loop)
             for name, floor in FLOORS.items()]
    command = shlex.join(["python", "-m", "benchmarks.instructions", *(sys.argv[1:] if argv is None else argv)])
    print(f"Command: `{command}`  ")
    print(f"Instructions (callgrind) of {repo.name}'s engine, gc disabled; the ops without the loop's own "
          f"{loop:,.0f}.\n")
    print("| Operation | instructions |\n|---|---:|")
    for label, figure in rows:
        print(f"| {label} | {figure:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
