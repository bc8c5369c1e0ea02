"""Workload 1: one training step of the micrograd demo, on either engine.

A 2-16-16-1 MLP (ReLU hidden layers, linear output) classifies 100 two-moons
points with the SVM max-margin loss plus L2 regularisation, as in micrograd's
``demo.ipynb``: forward, backward, then an SGD update. The network is the small
hand-written ``MLP`` below, built from the engine's ``Value`` class directly,
so that both engines run exactly the same Python code. Python's garbage
collector stays on, as users have it.
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.engines import Engine, count_nodes
from benchmarks.measuring import Stopwatch, timed_steps
from benchmarks.moons import make_moons
from benchmarks.report import Target

NAME = "demo_step"
TITLE = "1. micrograd demo step"
UNIT = "seconds"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(min_ratio=20.0)  # chaingrad at least 20x faster than micrograd (issue 2)
REGULARISATION = 1e-4


def sizes(quick: bool) -> dict[str, int]:
    """How big the workload is: moons points, hidden widths, steps timed per process (after one warm-up step)."""
    if quick:
        return {"points": 10, "hidden": 4, "steps": 2}
    return {"points": 100, "hidden": 16, "steps": 5}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    h = size["hidden"]
    return (f"one training step of an MLP 2-{h}-{h}-1 on {size['points']} moons points with the SVM loss + L2: "
            f"forward + backward + SGD update, GC on; {size['steps']} timed steps per process after a warm-up step")


class Neuron:
    """One neuron: ``relu(w . x + b)``, or ``w . x + b`` when it is not ``nonlinear``."""

    def __init__(self, Value: type, n_inputs: int, rng: random.Random, nonlinear: bool) -> None:
        self.w = [Value(rng.uniform(-1.0, 1.0)) for _ in range(n_inputs)]
        self.b = Value(0.0)
        self.nonlinear = nonlinear

    def __call__(self, x: list[Any]) -> Any:
        activation = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return activation.relu() if self.nonlinear else activation

    def parameters(self) -> list[Any]:
        return self.w + [self.b]


class Layer:
    """``n_outputs`` neurons that all read the same inputs."""

    def __init__(self, Value: type, n_inputs: int, n_outputs: int, rng: random.Random, nonlinear: bool) -> None:
        self.neurons = [Neuron(Value, n_inputs, rng, nonlinear) for _ in range(n_outputs)]

    def __call__(self, x: list[Any]) -> list[Any]:
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Any]:
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """A multilayer perceptron: ReLU hidden layers, a linear last layer, one score out.

    >>> from benchmarks.engines import load_engine
    >>> model = MLP(load_engine('chaingrad').Value, [2, 16, 16, 1], seed=1)
    >>> model
    MLP(2-16-16-1, 337 parameters)
    """

    def __init__(self, Value: type, widths: list[int], seed: int = 1337) -> None:
        rng = random.Random(seed)  # the same seed gives both engines the same weights
        self.widths = widths
        last = len(widths) - 2
        self.layers = [Layer(Value, widths[i], widths[i + 1], rng, nonlinear=i != last) for i in range(len(widths) - 1)]

    def __call__(self, x: list[Any]) -> Any:
        for layer in self.layers:
            x = layer(x)
        return x[0]

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP({'-'.join(map(str, self.widths))}, {len(self.parameters())} parameters)"


def svm_loss(model: MLP, Value: type, X: list[list[float]], y: list[float]) -> Any:
    """The demo's loss: mean(relu(1 - y*score)) + 1e-4 * sum(p*p), built as one graph."""
    inputs = [[Value(x0), Value(x1)] for x0, x1 in X]
    scores = [model(x) for x in inputs]
    margins = [(1 + -yi * score).relu() for yi, score in zip(y, scores)]
    data_loss = sum(margins) * (1.0 / len(margins))
    regularisation = REGULARISATION * sum(p * p for p in model.parameters())
    return data_loss + regularisation


def training_step(model: MLP, Value: type, X: list[list[float]], y: list[float],
                  learning_rate: float, watch: Stopwatch) -> float:
    """Forward, backward and SGD update, each timed as a phase of ``watch``; returns the loss."""
    with watch.phase("forward"):
        loss = svm_loss(model, Value, X, y)
    with watch.phase("backward"):
        for p in model.parameters():
            p.grad = 0.0
        loss.backward()
    with watch.phase("update"):
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    return loss.data


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """Train for one untimed warm-up step and then ``size['steps']`` timed steps; one sample per timed step."""
    X, y = make_moons(size["points"], seed=1)
    h = size["hidden"]
    model = MLP(engine.Value, [2, h, h, 1])
    nodes = count_nodes(engine, svm_loss(model, engine.Value, X, y))
    samples, losses = timed_steps(  # the demo's learning-rate schedule, 1 - 0.9 * step / 100
        size["steps"], lambda step, watch: training_step(model, engine.Value, X, y, 1.0 - 0.9 * step / 100, watch))
    return {
        "nodes": nodes,
        "samples": samples,
        # both engines start from the same weights: these must agree
        "check": {"first loss": losses[0], "last loss": losses[-1],
                  "sum of parameters": sum(p.data for p in model.parameters())},
    }
