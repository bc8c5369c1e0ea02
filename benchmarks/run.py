"""Run the benchmarks: chaingrad against its baselines, and print a Markdown report.

    python -m benchmarks.run                  # everything, 7 processes per engine
    python -m benchmarks.run --only deep_chain --repeats 3
    python -m benchmarks.run --quick          # tiny sizes: checks that it all works

Each workload compares chaingrad with one baseline engine: micrograd 0.1.0, or
(for the GPT step) the "modern" reference engine of ``reference_engine.py``.
Each run of a workload happens in a fresh Python process that loads one engine
only (this same script, started with ``--worker``), and the two engines take
turns (chaingrad, baseline, chaingrad, baseline, ...), so neither engine's
garbage or warmed-up memory can skew the other's figures. The parent process collects
what the workers print (one line of JSON each), takes medians and prints the
table. Progress goes to stderr, the report to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

STARTED_AS_SCRIPT = __package__ in (None, "")  # "python benchmarks/run.py" rather than "python -m benchmarks.run"
if STARTED_AS_SCRIPT:  # make "benchmarks" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import deep_chain, demo_replay, demo_step, fit_epoch, gpt_step, memory_per_node, wide_sum  # noqa: E402
from benchmarks.engines import compared_engines, load_engine, run_in_fresh_process  # noqa: E402
from benchmarks.report import markdown_report, summarise  # noqa: E402

WORKLOADS = {module.NAME: module for module in (demo_step, demo_replay, deep_chain, wide_sum, memory_per_node,
                                                  fit_epoch, gpt_step)}
DEFAULT_REPEATS = 7  # processes per engine and workload (issue 12 asks for at least 7 rounds)


def run_worker(workload_name: str, engine_name: str, quick: bool) -> dict[str, Any]:
    """Run one workload once on one engine, in this process; return its raw result."""
    workload = WORKLOADS[workload_name]
    engine = load_engine(engine_name)
    result = workload.run(engine, workload.sizes(quick))
    result.update(
        workload=workload_name,
        engine=engine.name,
        version=engine.version,
        recursion_limit=sys.getrecursionlimit(),
        gc_enabled=gc.isenabled(),
        gc_threshold=list(gc.get_threshold()),
    )
    return result


def spawn_worker(workload_name: str, engine_name: str, quick: bool) -> dict[str, Any]:
    """Run one workload once on one engine, in a fresh Python process; return its raw result."""
    command = [sys.executable, "-m", "benchmarks.run", "--worker", workload_name, engine_name]
    if quick:
        command.append("--quick")
    printed, _ = run_in_fresh_process(command, f"the {workload_name} worker for {engine_name}")
    return json.loads(printed)


def benchmark(workload_names: Sequence[str], repeats: int, quick: bool,
              log: Callable[[str], None] = lambda message: None) -> list[dict[str, Any]]:
    """Run each workload ``repeats`` times on chaingrad and on its baseline, in turns; return the raw runs in order."""
    runs = []
    for name in workload_names:
        for repeat in range(1, repeats + 1):
            for engine_name in compared_engines(WORKLOADS[name]):
                log(f"{name}: {engine_name} {repeat}/{repeats}")
                runs.append(spawn_worker(name, engine_name, quick))
    return runs


def describe_machine() -> str:
    """The platform, processor and number of CPUs, e.g. 'Linux-6.1-x86_64 (AMD EPYC, 2 CPUs)'."""
    processor = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    processor = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.platform()} ({processor}, {os.cpu_count()} CPUs)"


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark chaingrad against micrograd 0.1.0 and a modern reference engine "
                    "on the same work and print a Markdown report.",
    )
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, metavar="N",
                        help=f"fresh processes per engine and workload (default: {DEFAULT_REPEATS})")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, to check that everything runs (the figures mean nothing)")
    parser.add_argument("--only", action="append", choices=list(WORKLOADS), metavar="NAME",
                        help=f"run only this workload (repeatable); one of: {', '.join(WORKLOADS)}")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every raw run and the summary to PATH")
    parser.add_argument("--worker", nargs=2, metavar=("WORKLOAD", "ENGINE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.repeats < 1:
        parser.error(f"--repeats needs a positive number; got {arguments.repeats}")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: run the benchmarks and print the report (or, with --worker, one raw run as JSON)."""
    arguments = parse_arguments(argv)
    if arguments.worker:
        workload_name, engine_name = arguments.worker
        print(json.dumps(run_worker(workload_name, engine_name, arguments.quick)))
        return 0

    names = arguments.only or list(WORKLOADS)
    names = [name for name in WORKLOADS if name in names]  # always in the table's order
    runs = benchmark(names, arguments.repeats, arguments.quick, log=lambda message: print(message, file=sys.stderr))
    summaries = [
        summarise(WORKLOADS[name], WORKLOADS[name].sizes(arguments.quick), [run for run in runs if run["workload"] == name])
        for name in names
    ]
    context = {
        "command": shlex.join([*(["python", sys.argv[0]] if STARTED_AS_SCRIPT else ["python", "-m", "benchmarks.run"]),
                               *(sys.argv[1:] if argv is None else argv)]),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "machine": describe_machine(),
        "date": datetime.date.today().isoformat(),
        "repeats": arguments.repeats,
        "quick": arguments.quick,
        "versions": {name: engine["version"] for summary in summaries for name, engine in summary["engines"].items()},
    }
    print(markdown_report(summaries, context), end="")
    if arguments.json:
        arguments.json.write_text(json.dumps({"context": context, "workloads": summaries, "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
