"""The exercises of notebook 05, *the learning rate*: runs of the notebook's recipe, judged against nn.fit.

The recipe is section 1's: ``nn.MLP(2, [6, 6, 1], seed=0)`` trained on the
40 two-moons points ``make_moons(40, noise=0.1, random_state=1337)`` by batch
gradient descent (one step per epoch on all 40 points), hinge loss plus
``l2=1e-4``, 25 steps. The right answers are computed here by running that
recipe with ``nn.fit``, once per process (``functools.cache``).
"""

from __future__ import annotations

import functools
from typing import Any

import nn
from autograd import no_grad
from nn.exercises import close_to, exercise

STEPS = 25
DIVERGENCE_CANDIDATES = (1000.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0)


def _data() -> tuple[list[list[float]], list[int]]:
    return nn.datasets.make_moons(40, noise=0.1, random_state=1337)


def train(rate: float, seed: int = 0) -> tuple[nn.MLP, nn.History]:
    """Section 1's recipe at one learning rate; raises TrainingDivergedError if the loss becomes infinite."""
    X, y = _data()
    model = nn.MLP(2, [6, 6, 1], seed=seed)
    history = nn.fit(model, X, y, loss="hinge", l2=1e-4, lr=rate, epochs=STEPS, progress=False)
    return model, history


def alive_units(model: nn.MLP) -> int:
    """How many hidden units output more than 0 for at least one training point (ReLU units that still learn)."""
    X, _ = _data()
    alive: list[set[int]] = [set() for _ in model.layers[:-1]]
    with no_grad():
        for x in X:
            hidden: Any = x
            for layer, on in zip(model.layers[:-1], alive):
                hidden = layer(hidden)
                on.update(i for i, unit in enumerate(hidden) if unit.data > 0)
    return sum(len(on) for on in alive)


@functools.cache
def steps_to_half_at_rate_half() -> int | None:
    return train(0.5)[1].steps_to(0.5)


@functools.cache
def smallest_divergent_rate() -> float | None:
    for rate in DIVERGENCE_CANDIDATES:
        try:
            train(rate)
        except nn.TrainingDivergedError:
            return rate
    return None


@functools.cache
def alive_after_rate_3() -> int:
    return alive_units(train(3.0)[0])


@exercise("05.1", "Train nn.MLP(2, [6, 6, 1], seed=0) with section 1's recipe (25 steps) at learning rate 0.5: "
          "after how many steps did the loss first reach 0.5 or less?",
          hint="run nn.fit with lr=0.5, epochs=25, loss='hinge', l2=1e-4 on the 40 training points and read "
               "history.steps_to(0.5).")
def steps_at_rate_half(answer: Any) -> tuple[bool, str]:
    truth = steps_to_half_at_rate_half()
    if truth is None:  # the recipe never got there: only None is right
        return answer is None, "the loss never reached 0.5 in 25 steps (steps_to gives None)"
    return close_to(answer, truth,
                    explanation=f"{truth} steps: history.steps_to(0.5) for the run at learning rate 0.5.")


@exercise("05.2", "With the same recipe and seed 0, which is the smallest of the learning rates 1000, 2000, 4000, "
          "6000, 8000, 10000 at which nn.fit raises TrainingDivergedError within 25 steps?",
          hint="try the rates in increasing order inside try/except nn.TrainingDivergedError; fit raises only when "
               "the loss becomes infinite (or NaN): a loss of 1e50 is still a finite number.")
def smallest_divergent(answer: Any) -> tuple[bool, str]:
    truth = smallest_divergent_rate()
    if truth is None:
        return answer is None, "none of them diverged within 25 steps"
    right, detail = close_to(answer, truth)
    if right:
        return True, (f"{truth:g}: every smaller rate of the list ran its 25 steps with a finite loss, "
                      f"however large.")
    return False, detail


@exercise("05.3", "After 25 steps at learning rate 3 (same recipe, seed 0), how many of the network's 12 hidden "
          "ReLU units are still alive, i.e. output more than 0 for at least one of the 40 training points?",
          hint="after nn.fit, run the training points through model.layers[0] and model.layers[1] (inside "
               "autograd.no_grad()) and collect, per layer, the units whose output .data is above 0.")
def alive_at_rate_3(answer: Any) -> tuple[bool, str]:
    truth = alive_after_rate_3()
    return close_to(answer, truth,
                    explanation=f"{truth} of 12: the others output 0 for every training point, so no gradient reaches "
                                f"their weights.")
