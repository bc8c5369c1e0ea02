"""Workload 5: one epoch of ``nn.fit`` against the same training written with micrograd 0.1.0.

chaingrad trains ``nn.MLP(2, [16, 16, 1])`` with ``nn.fit`` (hinge loss, L2
1e-4, plain SGD), as a user of the ``nn`` package would. micrograd trains its
own ``micrograd.nn.MLP(2, [16, 16, 1])`` with the loop of its demo notebook:
the same data, batches (shuffled the same way), loss, penalty and learning
rate, and both models start from the same weights, so the two runs compute the
same numbers. What differs is everything ``nn.fit`` does on top of the engine
(checks, accuracy, gradient norm, history): the target says the ``nn`` layer
must keep the engine's advantage. Times are per optimizer step.
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.engines import Engine, count_nodes
from benchmarks.measuring import Stopwatch
from benchmarks.moons import make_moons
from benchmarks.report import Target

NAME = "fit_epoch"
TITLE = "5. nn.fit epoch"
UNIT = "seconds"
BASELINE = "micrograd"  # the engine chaingrad is compared with
TARGET = Target(min_ratio=15.0)  # chaingrad at least 15x faster than micrograd per step (issue 4)
LEARNING_RATE = 0.1
REGULARISATION = 1e-4
SHUFFLE_SEED = 7


def sizes(quick: bool) -> dict[str, int]:
    """Moons points, mini-batch size, hidden widths, epochs timed per process (after one warm-up epoch)."""
    if quick:
        return {"points": 10, "batch_size": 5, "hidden": 4, "epochs": 2}
    # the demo's configuration, and `chaingrad train`'s default: batch gradient
    # descent, so one epoch is one step on all 100 points
    return {"points": 100, "batch_size": 100, "hidden": 16, "epochs": 5}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    h = size["hidden"]
    steps = -(-size["points"] // size["batch_size"])
    batching = ("the whole set as one batch (1 step)" if steps == 1
                else f"mini-batches of {size['batch_size']} ({steps} steps)")
    return (f"`nn.fit(nn.MLP(2, [{h}, {h}, 1]), ...)` for one epoch of {size['points']} moons points, "
            f"{batching}, hinge loss + L2 {REGULARISATION:g}, SGD lr {LEARNING_RATE:g}; "
            f"micrograd: `micrograd.nn.MLP` and the demo's training loop; time per step, "
            f"{size['epochs']} timed epochs per process after a warm-up epoch")


def set_starting_weights(model: Any, seed: int = 1337) -> None:
    """Give a model of either library the same starting point: weights uniform in (-1, 1), biases 0.

    Both ``nn.MLP`` and ``micrograd.nn.MLP`` keep ``layers``, each with
    ``neurons``, each with a list ``w`` and a bias ``b``.
    """
    rng = random.Random(seed)
    for layer in model.layers:
        for neuron in layer.neurons:
            for w in neuron.w:
                w.data = rng.uniform(-1.0, 1.0)
            neuron.b.data = 0.0


def batches(n_points: int, batch_size: int) -> list[list[int]]:
    """The sample indices of each step of one epoch, shuffled as ``nn.fit(..., seed=SHUFFLE_SEED)`` shuffles them.

    >>> batches(5, 2) == batches(5, 2), sorted(sum(batches(5, 2), []))
    (True, [0, 1, 2, 3, 4])
    """
    order = list(range(n_points))
    if batch_size < n_points:
        random.Random(SHUFFLE_SEED).shuffle(order)
    return [order[begin:begin + batch_size] for begin in range(0, n_points, batch_size)]


# ------------------------------------------------------------------ micrograd


def micrograd_loss(model: Any, Value: type, X: list[list[float]], y: list[float], batch: list[int]) -> tuple[Any, float]:
    """The demo notebook's loss on one batch: mean(relu(1 - y*score)) + 1e-4 * sum(p*p), and the batch accuracy."""
    inputs = [list(map(Value, X[i])) for i in batch]
    scores = list(map(model, inputs))
    margins = [(1 + -y[i] * score).relu() for i, score in zip(batch, scores)]
    data_loss = sum(margins) * (1.0 / len(margins))
    total = data_loss + REGULARISATION * sum(p * p for p in model.parameters())
    accuracy = [(y[i] > 0) == (score.data > 0) for i, score in zip(batch, scores)]
    return total, sum(accuracy) / len(accuracy)


def micrograd_epoch(model: Any, Value: type, X: list[list[float]], y: list[float], batch_size: int) -> list[float]:
    """One epoch of the demo's training loop, in mini-batches; returns the loss of each step."""
    losses = []
    for batch in batches(len(X), batch_size):
        total, _accuracy = micrograd_loss(model, Value, X, y, batch)
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= LEARNING_RATE * p.grad
        losses.append(total.data)
    return losses


# ------------------------------------------------------------------ chaingrad


def chaingrad_epoch(model: Any, X: list[list[float]], y: list[float], batch_size: int) -> list[float]:
    """One epoch of ``nn.fit``; returns the loss of each step."""
    import nn

    history = nn.fit(model, X, y, loss="hinge", epochs=1, batch_size=batch_size, shuffle=True, seed=SHUFFLE_SEED,
                     l2=REGULARISATION, lr=LEARNING_RATE, progress=False)
    return history.step_loss


def chaingrad_nodes(model: Any, X: list[list[float]], y: list[float], batch: list[int], engine: Engine) -> int:
    """The nodes of one step's graph, built the way ``nn.fit`` builds it."""
    import nn

    loss = nn.hinge_loss([model(X[i]) for i in batch], [y[i] for i in batch])
    return count_nodes(engine, loss + REGULARISATION * nn.l2_penalty(model.parameters()))


# ------------------------------------------------------------------ both


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """One warm-up epoch, then ``size['epochs']`` timed epochs; one sample per epoch, in seconds per step."""
    X, y = make_moons(size["points"], seed=1)
    h = size["hidden"]
    first_batch = batches(size["points"], size["batch_size"])[0]
    if engine.name == "chaingrad":
        import nn

        model = nn.MLP(2, [h, h, 1], seed=1)  # seeded: reproducible (the weights are set below anyway)
        set_starting_weights(model)
        nodes = chaingrad_nodes(model, X, y, first_batch, engine)
        train_one_epoch = lambda: chaingrad_epoch(model, X, y, size["batch_size"])  # noqa: E731
    else:
        from micrograd.nn import MLP as MicrogradMLP

        model = MicrogradMLP(2, [h, h, 1])
        set_starting_weights(model)
        nodes = count_nodes(engine, micrograd_loss(model, engine.Value, X, y, first_batch)[0])
        train_one_epoch = lambda: micrograd_epoch(model, engine.Value, X, y, size["batch_size"])  # noqa: E731

    first_losses = train_one_epoch()  # the warm-up epoch
    samples = []
    for _ in range(size["epochs"]):
        watch = Stopwatch()
        with watch.phase("step"):
            steps = len(train_one_epoch())
        samples.append(per_step(watch.as_sample(), steps))
    return {
        "nodes": nodes,
        "samples": samples,
        # the same starting weights, batches and updates: these must agree
        "check": {"first loss": first_losses[0], "sum of parameters": sum(p.data for p in model.parameters())},
    }


def per_step(sample: dict[str, Any], steps: int) -> dict[str, Any]:
    """An epoch's sample divided by its number of steps.

    >>> per_step({'value': 2.0, 'phases': {'step': 2.0}, 'phases_in_gc': {'step': 1.0},
    ...           'gc_collections': 4, 'gc_seconds': 1.0}, 4)['value']
    0.5
    """
    return {
        "value": sample["value"] / steps,
        "phases": {name: seconds / steps for name, seconds in sample["phases"].items()},
        "phases_in_gc": {name: seconds / steps for name, seconds in sample["phases_in_gc"].items()},
        "gc_collections": sample["gc_collections"] / steps,
        "gc_seconds": sample["gc_seconds"] / steps,
    }
