"""Replaying a recorded graph (``autograd.Program``) against building it again, on micrograd's demo step.

The demo's graph (an MLP 2-16-16-1 on 100 two-moons points, max-margin loss
plus L2: ``benchmarks/demo_step.py``, built with chaingrad's Values) is
recorded once with ``Program(loss)``; each step then sets the gradients to 0,
calls ``program.run()`` and updates the parameters with SGD. The node path
builds the graph again and calls ``backward()``. Both paths start from the same
weights and must give the same losses and parameters, bit for bit (checked).

It also records a chain of a million values (interpreted: above
``COMPILE_LIMIT``) and reports the time to record it and to run it, and the
memory each program holds (``tracemalloc``), using only ``Program``'s public
face (``len(program)``, ``program.summary()``, ``program.mode``, ``run()``).

The replayed demo step is also workload ``demo_replay`` of
``benchmarks/run.py`` (against micrograd, with the compile time and the
node path in its notes); this script is where the memory and the million-value
chain are measured, too slow and too big for the harness's repeated processes.
Run it on its own: ``python -m benchmarks.replay_step`` (``--quick`` for a
small run; about a minute otherwise). Times are medians of several runs, wall
clock and CPU time of this process (on a loaded machine the CPU time is the
steadier of the two).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from autograd import Value
from autograd.program import Program
from benchmarks.demo_step import MLP, svm_loss
from benchmarks.moons import make_moons


def timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def demo(points: int, hidden: int, compiles: int, replay_steps: int, node_steps: int) -> dict[str, Any]:
    """The demo step replayed and rebuilt: compile time, per-step times, and the check that both agree."""
    X, y = make_moons(points, seed=1)
    replayed_model = MLP(Value, [2, hidden, hidden, 1])
    rebuilt_model = MLP(Value, [2, hidden, hidden, 1])  # the same seed: the same weights
    loss = svm_loss(replayed_model, Value, X, y)
    compile_samples = []
    for _ in range(compiles):
        wall, cpu, program = timed(lambda: Program(loss))
        compile_samples.append((wall, cpu))
    tracemalloc.start()
    held_before = tracemalloc.get_traced_memory()[0]
    program = Program(loss)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def replay_step(parameters: list[Value], learning_rate: float) -> float:
        for p in parameters:
            p.grad = 0.0
        value = program.run()
        for p in parameters:
            p.data -= learning_rate * p.grad
        return value

    def node_step(parameters: list[Value], learning_rate: float) -> float:
        graph = svm_loss(rebuilt_model, Value, X, y)
        for p in parameters:
            p.grad = 0.0
        graph.backward()
        for p in parameters:
            p.data -= learning_rate * p.grad
        return graph.data

    replayed_parameters, rebuilt_parameters = replayed_model.parameters(), rebuilt_model.parameters()
    replay_samples, node_samples = [], []
    agree = True
    for step in range(max(replay_steps, node_steps)):
        learning_rate = 1.0 - 0.9 * step / 100  # the demo's schedule
        wall, cpu, replayed = timed(lambda: replay_step(replayed_parameters, learning_rate))
        replay_samples.append((wall, cpu))
        if step < node_steps:
            wall, cpu, rebuilt = timed(lambda: node_step(rebuilt_parameters, learning_rate))
            node_samples.append((wall, cpu))
            agree = agree and replayed == rebuilt and all(
                p.data == q.data for p, q in zip(replayed_parameters, rebuilt_parameters))
        elif step == node_steps:
            rebuilt_parameters = []  # the node path has stopped: nothing to compare from here
    compile_wall, compile_cpu = medians(compile_samples)
    replay_wall, replay_cpu = medians(replay_samples[1:] or replay_samples)  # the first step warms up
    node_wall, node_cpu = medians(node_samples[1:] or node_samples)
    return {"values": len(program), "summary": program.summary(),
            "compile wall": compile_wall, "compile cpu": compile_cpu,
            "replay wall": replay_wall, "replay cpu": replay_cpu, "node wall": node_wall, "node cpu": node_cpu,
            "held MB": (held - held_before) / 1e6, "peak MB": (peak - held_before) / 1e6, "agree": agree}


def chain(steps: int, runs: int) -> dict[str, Any]:
    """A chain of ``2.5 * steps`` values (alternately v*0.5 + x and tanh(v*0.5 + x)): record it, run it."""
    x = Value(0.5, label="x")

    def build() -> Value:
        v = x
        for i in range(steps):
            v = v * 0.5 + x if i % 2 else (v * 0.5 + x).tanh()
        return v
    build_wall, build_cpu, v = timed(build)
    backward_wall, backward_cpu, _ = timed(v.backward)
    record_wall, record_cpu, program = timed(lambda: Program(v))
    run_samples = []
    for _ in range(runs):
        x.grad = 0.0
        wall, cpu, _ = timed(program.run)
        run_samples.append((wall, cpu))
    run_wall, run_cpu = medians(run_samples)
    del program
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    program = Program(v)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    program.run()
    run_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"values": len(program), "summary": program.summary(), "mode": program.mode,
            "build wall": build_wall, "build cpu": build_cpu, "backward wall": backward_wall,
            "backward cpu": backward_cpu, "record wall": record_wall, "record cpu": record_cpu,
            "run wall": run_wall, "run cpu": run_cpu, "held MB": (held - before) / 1e6,
            "peak MB": (peak - before) / 1e6, "run peak MB": (run_peak - held) / 1e6}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small demo and a short chain, in seconds")
    options = parser.parse_args(argv)
    if options.quick:
        d = demo(points=10, hidden=4, compiles=2, replay_steps=5, node_steps=3)
        c = chain(steps=2_000, runs=2)
    else:
        d = demo(points=100, hidden=16, compiles=5, replay_steps=40, node_steps=8)
        c = chain(steps=400_000, runs=3)
    print(f"demo step, {d['values']:,} values: {d['summary']}")
    print(f"  Program(loss):        {d['compile wall']:.2f} s wall, {d['compile cpu']:.2f} s CPU (median)")
    print(f"  replayed step:        {d['replay wall'] * 1e3:.1f} ms wall, {d['replay cpu'] * 1e3:.1f} ms CPU")
    print(f"  node step:            {d['node wall'] * 1e3:.1f} ms wall, {d['node cpu'] * 1e3:.1f} ms CPU")
    print(f"  speed-up per step:    {d['node wall'] / d['replay wall']:.1f}x wall, "
          f"{d['node cpu'] / d['replay cpu']:.1f}x CPU")
    print(f"  memory of the program: {d['held MB']:.1f} MB held, {d['peak MB']:.1f} MB peak while recording")
    print(f"  same losses and parameters, bit for bit: {d['agree']}")
    print(f"chain, {c['values']:,} values ({c['mode']}): {c['summary']}")
    print(f"  building it:          {c['build wall']:.2f} s wall, {c['build cpu']:.2f} s CPU; backward() "
          f"{c['backward wall']:.2f} s wall, {c['backward cpu']:.2f} s CPU")
    print(f"  Program(v):           {c['record wall']:.2f} s wall, {c['record cpu']:.2f} s CPU")
    print(f"  run():                {c['run wall']:.2f} s wall, {c['run cpu']:.2f} s CPU (median)")
    print(f"  memory: {c['held MB']:.0f} MB held ({c['held MB'] * 1e6 / c['values']:.0f} bytes a value), "
          f"{c['peak MB']:.0f} MB peak while recording, {c['run peak MB']:.0f} MB more while running")


if __name__ == "__main__":
    main()
