"""Workload 1b: micrograd's demo step, replayed as a recorded program on chaingrad, against micrograd's normal step.

chaingrad's side builds the demo's graph once (the MLP 2-16-16-1 and the SVM
loss + L2 of ``demo_step.py``, with chaingrad's Values), records it with
``autograd.Program(loss)``, and then each step sets the parameters' gradients to
0, calls ``program.run()`` (the forward trace and the backward sweep with plain
floats: no Value is made) and updates the parameters with SGD. The time
``Program(loss)`` takes is reported in the notes (target: at most 2 s, issue
13). The baseline is micrograd's ordinary demo step, exactly as in workload 1
(``demo_step.run``): building the graph, ``backward()``, the update.

The demo's graph can be replayed: its shape is fixed by the code that builds it
(no Python decision is taken from ``.data``; relu's kink is an op, replayed as
the engine takes it). The replay computes the engine's floats bit for bit, so
both sides train the same way and the report's same-numbers check compares the
first loss, the loss after ``steps`` steps and the sum of the parameters then
(chaingrad goes on replaying for more timed steps; the check is taken at the
step where micrograd stops).

Each chaingrad process also trains a second copy of the model (the same seed)
on the node path for ``node_steps`` steps after a warm-up step (building the
graph with Values and calling ``backward()``, as workload 1), each right after
the replayed step of the same number: that gives the speed-up over the node
path measured in the same process (target: at least 10x, issue 13), and checks
that the replayed losses and parameters are those of the node path, bit for
bit. The memory a program holds, and a chain of a million values, are measured
by ``python -m benchmarks.replay_step``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from benchmarks import demo_step
from benchmarks.demo_step import MLP, svm_loss, training_step
from benchmarks.engines import Engine, count_nodes
from benchmarks.measuring import Stopwatch
from benchmarks.moons import make_moons
from benchmarks.report import Target, format_quantity, format_spread

NAME = "demo_replay"
TITLE = "1b. micrograd demo step, replayed"
UNIT = "seconds"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(min_ratio=200.0)  # issue 13: 10x chaingrad's node path, which is ~20x micrograd's (workload 1)
COMPILE_TARGET = Target(max_value=2.0)  # Program(loss) of the demo's graph in at most 2 s (issue 13)
NODE_PATH_TARGET = Target(min_ratio=10.0)  # the replayed step at least 10x faster than the node path (issue 13)
COMPARE_WITH = demo_step.NAME  # the report sets chaingrad's median here beside its median there, when both ran


def sizes(quick: bool) -> dict[str, int]:
    """Moons points, hidden widths; micrograd's timed steps (``steps``, as workload 1), chaingrad's replayed
    steps (``replayed_steps``, at least ``steps``) and its node-path steps (``node_steps``), each after a
    warm-up step."""
    if quick:
        return {"points": 10, "hidden": 4, "steps": 2, "replayed_steps": 4, "node_steps": 2}
    return {"points": 100, "hidden": 16, "steps": 5, "replayed_steps": 40, "node_steps": 3}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    h = size["hidden"]
    return (f"the step of workload 1 (MLP 2-{h}-{h}-1, {size['points']} moons points, SVM loss + L2, SGD), "
            f"GC on; chaingrad records the graph once with `Program(loss)` (not in the step's time: see the "
            f"notes) and each step zeroes the parameters' grads, calls `program.run()` and updates; "
            f"{size['replayed_steps']} timed steps per process after a warm-up step, and {size['node_steps']} "
            f"node-path steps beside them; micrograd: its normal step, {size['steps']} timed steps per process "
            f"after a warm-up step")


def replayed_step(program: Any, parameters: list[Any], learning_rate: float, watch: Stopwatch) -> float:
    """Zero the gradients, replay forward + backward, SGD update, each timed as a phase of ``watch``; the loss."""
    with watch.phase("replay"):
        for p in parameters:
            p.grad = 0.0
        loss = program.run()
    with watch.phase("update"):
        for p in parameters:
            p.data -= learning_rate * p.grad
    return loss


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """micrograd: workload 1's run. chaingrad: record the graph, then replay it; one sample per timed step."""
    if engine.name != "chaingrad":
        return demo_step.run(engine, size)
    from autograd import Program

    if size["replayed_steps"] < size["steps"]:
        raise ValueError(f"replayed_steps ({size['replayed_steps']}) must be at least steps ({size['steps']}): "
                         "the check is taken at step `steps`")
    X, y = make_moons(size["points"], seed=1)
    h = size["hidden"]
    model = MLP(engine.Value, [2, h, h, 1])
    parameters = model.parameters()
    loss = svm_loss(model, engine.Value, X, y)
    nodes = count_nodes(engine, loss)
    cpu = time.process_time()
    program = Program(loss)
    compile_cpu = time.process_time() - cpu
    del loss  # the program keeps the graph alive; nothing else needs it

    node_model = MLP(engine.Value, [2, h, h, 1])  # the same seed: the same weights
    node_parameters = node_model.parameters()
    samples, node_seconds, losses = [], [], []
    same = True
    check: dict[str, float] = {}
    for step in range(size["replayed_steps"] + 1):
        learning_rate = 1.0 - 0.9 * step / 100  # the demo's schedule
        watch = Stopwatch()
        losses.append(replayed_step(program, parameters, learning_rate, watch))
        if step > 0:  # step 0 warms up
            samples.append(watch.as_sample())
        if step == size["steps"]:  # where micrograd's run stops: the numbers both engines must agree on
            check = {"first loss": losses[0], "last loss": losses[-1],
                     "sum of parameters": sum(p.data for p in parameters)}
        if step <= size["node_steps"]:
            node_watch = Stopwatch()
            node_loss = training_step(node_model, engine.Value, X, y, learning_rate, node_watch)
            if step > 0:
                node_seconds.append(node_watch.seconds)
            same = same and node_loss == losses[-1] and all(
                p.data == q.data for p, q in zip(parameters, node_parameters))
    replay_median = statistics.median(sample["value"] for sample in samples)
    return {
        "nodes": nodes,
        "samples": samples,
        "check": check,
        "figures": {
            "compile seconds": [program.compile_seconds],
            "compile CPU seconds": [compile_cpu],
            "node-path step seconds": node_seconds,
            "node path / replay in the process": [statistics.median(node_seconds) / replay_median],
            "bit for bit as the node path": [1.0 if same else 0.0],
            "values": [float(len(program))],
            "leaves": [float(len(program.leaves))],
            "lines": [float(program.lines)],
            "compiled": [1.0 if program.mode == "compiled" else 0.0],
        },
    }


def summary_notes(result: dict[str, Any]) -> list[str]:
    """The report's notes for this workload: the compile time, the speed-up over the node path, and their targets."""
    chaingrad = result["engines"]["chaingrad"]
    figures = chaingrad["figures"]
    if not figures:
        return []
    met = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    compile_seconds = figures["compile seconds"]
    compiled = figures["compiled"]["min"] == 1.0
    how = f"compiled to {figures['lines']['median']:,.0f} lines of Python" if compiled else "interpreted"
    node_path = figures["node-path step seconds"]
    speed_up = node_path["median"] / chaingrad["median"]
    processes = chaingrad["processes"]
    bit_for_bit = figures["bit for bit as the node path"]["min"] == 1.0
    cpu = format_quantity(figures["compile CPU seconds"]["median"], "seconds")
    every = f"all {processes} processes" if processes > 1 else "the process"
    return [
        f"`Program(loss)` recorded the {figures['values']['median']:,.0f}-value graph "
        f"({figures['leaves']['median']:,.0f} leaves), {how}, in {format_spread(compile_seconds, 'seconds')} "
        f"of wall clock ({cpu} of CPU; once per process, not in the step's time): "
        f"target ≤ {COMPILE_TARGET.max_value:g} s, {met(COMPILE_TARGET.is_met(0.0, compile_seconds['median']))}",
        f"chaingrad's node-path step (workload 1's: the graph built with Values, `backward()`, the update), "
        f"timed in the same processes ({result['size']['node_steps']} steps each, each right after the replayed "
        f"step of the same number, the recorded graph alive beside it), took {format_spread(node_path, 'seconds')}: "
        f"the replayed step is {speed_up:.1f}x faster (median over median; "
        f"{figures['node path / replay in the process']['min']:.1f}x to "
        f"{figures['node path / replay in the process']['max']:.1f}x by process): "
        f"target ≥ {NODE_PATH_TARGET.min_ratio:g}x, {met(NODE_PATH_TARGET.is_met(speed_up, 0.0))}",
        f"the replayed losses and parameters equal the node path's, bit for bit, in {every}"
        if bit_for_bit else "**the replayed losses or parameters differ from the node path's** in some process "
        "(see the JSON output: figure 'bit for bit as the node path')",
    ]
