"""Paired runs: one workload's chaingrad side, from two or more checkouts of the engine, in alternating fresh processes.

    python -m benchmarks.paired gpt_step ../main ../idea            # 24 rounds (a few minutes)
    python -m benchmarks.paired demo_step ../main ../idea --rounds 30

``benchmarks.run`` compares chaingrad with another engine; this compares
chaingrad with itself, to tell whether a change to the engine pays. On a
shared machine the speed drifts by a factor of two within minutes, more
than most changes gain, so the checkouts run in turns (A, B, then B, A, ...),
each round's processes next to each other in time, and the figure that
counts is the median over the rounds of each round's ratio (the first
checkout's time over this one's: above 1 is faster). Each process runs the
workload's ``run()`` and reports the median of its samples. The workload's
code is this checkout's, so every engine runs the same work; what comes
from the checkout measured is what the workload imports as it runs: its
``autograd``, and for ``fit_epoch`` its ``nn`` too. ``demo_replay`` is not
offered: it imports ``autograd`` as it is loaded, before the checkout's can
be put first. The garbage collector stays on, as in ``benchmarks.run``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # "python benchmarks/paired.py": make "benchmarks" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engines import REPOSITORY, is_chaingrad_checkout, run_in_fresh_process  # noqa: E402
from benchmarks.run import WORKLOADS  # noqa: E402

DEFAULT_ROUNDS = 24


def worker(checkout: Path, workload: str, quick: bool) -> float:
    """The median seconds of one process running ``workload`` on the engine of ``checkout``."""
    code = (
        "import json, statistics, sys\n"
        f"sys.path.insert(0, {str(REPOSITORY)!r})\n"  # this checkout's benchmarks first ...
        "from benchmarks.engines import load_engine\n"
        f"from benchmarks import {workload} as workload\n"
        f"sys.path.insert(0, {str(checkout)!r})\n"  # ... then the engine of the checkout measured
        "import autograd, pathlib\n"
        f"if not pathlib.Path(autograd.__file__).is_relative_to({str(checkout)!r}):\n"
        "    sys.exit(f'autograd came from {autograd.__file__}, not from the checkout')\n"
        f"result = workload.run(load_engine('chaingrad'), workload.sizes({quick}))\n"
        "print(json.dumps(statistics.median(sample['value'] for sample in result['samples'])))\n"
    )
    printed, _ = run_in_fresh_process([sys.executable, "-c", code], f"{workload} with the engine of {checkout}",
                                      cwd=checkout)
    return float(json.loads(printed))


def paired(workload: str, checkouts: list[Path], rounds: int, quick: bool = False) -> list[list[float]]:
    """Each checkout's seconds (a list per checkout, one number per round); the order of the checkouts turns round every other round.

    The same checkout may come twice: its two lists then show how much the
    machine alone moves the figure.

    >>> times = paired('deep_chain', [REPOSITORY, REPOSITORY], rounds=2, quick=True)
    >>> [len(seconds) for seconds in times]
    [2, 2]
    """
    times: list[list[float]] = [[] for _ in checkouts]
    for number in range(rounds):
        print(f"paired: round {number + 1}/{rounds}", file=sys.stderr)
        turn = list(enumerate(checkouts))
        for k, checkout in (turn if number % 2 == 0 else turn[::-1]):
            times[k].append(worker(checkout, workload, quick))
    return times


def report(checkouts: list[Path], times: list[list[float]]) -> str:
    """A Markdown table: each checkout's median and range, and its paired ratio against the first.

    >>> print(report([Path('a'), Path('b')], [[0.1, 0.2], [0.05, 0.2]]))
    | Checkout | median | range | first / this, paired: median (range) |
    |---|---:|---:|---:|
    | a | 150 ms | 100-200 ms | 1.000 (1.00-1.00) |
    | b | 125 ms | 50-200 ms | 1.500 (1.00-2.00) |
    """
    lines = ["| Checkout | median | range | first / this, paired: median (range) |", "|---|---:|---:|---:|"]
    for checkout, seconds in zip(checkouts, times):
        ratios = [a / b for a, b in zip(times[0], seconds)]
        lines.append(f"| {checkout} | {statistics.median(seconds) * 1e3:.0f} ms | "
                     f"{min(seconds) * 1e3:.0f}-{max(seconds) * 1e3:.0f} ms | "
                     f"{statistics.median(ratios):.3f} ({min(ratios):.2f}-{max(ratios):.2f}) |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    names = [name for name, module in WORKLOADS.items() if module.UNIT == "seconds" and name != "demo_replay"]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.paired",
                                     description="One workload's chaingrad side from several checkouts, in turns.")
    parser.add_argument("workload", help=f"one of: {', '.join(names)}")
    parser.add_argument("checkouts", nargs="+", type=Path, metavar="CHECKOUT",
                        help="chaingrad checkouts (folders with autograd/); the first is the one compared against")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help=f"default: {DEFAULT_ROUNDS}")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that it runs")
    arguments = parser.parse_args(argv)
    if arguments.workload not in names:
        print(f"benchmarks.paired: unknown workload {arguments.workload!r}; expected one of: {', '.join(names)}",
              file=sys.stderr)
        return 2
    checkouts = [checkout.resolve() for checkout in arguments.checkouts]
    for checkout in checkouts:
        if not is_chaingrad_checkout(checkout):
            print(f"benchmarks.paired: {checkout} has no autograd/ package (give a chaingrad checkout)",
                  file=sys.stderr)
            return 2
    if arguments.rounds < 1:
        print(f"benchmarks.paired: --rounds must be at least 1; got {arguments.rounds}", file=sys.stderr)
        return 2
    times = paired(arguments.workload, checkouts, arguments.rounds, arguments.quick)
    print(f"Command: `python -m benchmarks.paired {' '.join(sys.argv[1:] if argv is None else argv)}`  ")
    print(f"{arguments.workload}, {arguments.rounds} rounds, each checkout in a fresh process per round, in turns.\n")
    print(report(checkouts, times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
