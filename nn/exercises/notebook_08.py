"""The exercises of notebook 08, *regularization*: what an L2 penalty does under plain SGD and under Adam.

The recipe is the notebook's: ``nn.MLP(2, [8, 8, 1], seed=0)`` trained for
150 epochs of full-batch descent with the hinge loss on 24 points of
``make_moons(noise=0.3)``, with ``nn.Adam(lr=0.05)`` or ``nn.SGD(lr=0.5)``,
plus ``l2 * sum p^2``. A weight is *near 0* when it is within 0.01 of 0
(biases are not counted). The right answers are computed here by running
that recipe with ``nn.fit`` (once per process: ``functools.cache``), and
the single weight of exercises 08.1 and 08.3 with ``nn.minimize``.
"""

from __future__ import annotations

import functools
from typing import Any

import nn
from nn.exercises import close_to, exercise

EPOCHS = 150
NOISE = 0.3
LEARNING_RATES = {"adam": 0.05, "sgd": 0.5}
NEAR_ZERO = 0.01


def train(optimizer: str, l2: float, random_state: int) -> nn.MLP:
    """The notebook's network trained with ``optimizer`` ('adam' or 'sgd') and L2 strength ``l2``."""
    X, y = nn.datasets.make_moons(n_samples=24, noise=NOISE, random_state=random_state)
    model = nn.MLP(2, [8, 8, 1], seed=0)
    kind = nn.Adam if optimizer == "adam" else nn.SGD
    nn.fit(model, X, y, loss="hinge", optimizer=kind(model.parameters(), lr=LEARNING_RATES[optimizer]),
           epochs=EPOCHS, l2=l2, progress=False)
    return model


@functools.cache
def weights_near_zero(optimizer: str, l2: float, random_state: int) -> int:
    """How many of the 88 weights of ``train(optimizer, l2, random_state)`` end within 0.01 of 0."""
    model = train(optimizer, l2, random_state)
    return sum(abs(p.data) < NEAR_ZERO for name, p in model.named_parameters() if ".w." in name)


def unused_weight(optimizer: str, lr: float, strength: float, steps: int) -> float:
    """Where a weight that only the L2 penalty ``strength * p^2`` moves is after ``steps`` steps from 1."""
    result = nn.minimize(lambda p: strength * nn.l2_penalty([p]), [1.0], optimizer=optimizer, lr=lr, tol=0.0,
                         max_steps=steps)
    return result.point[0]


@exercise("08.1", "A weight that the data does not use (its only gradient is the penalty's) starts at 1. With "
          "plain gradient descent, learning rate 0.1 and the L2 penalty 0.05 * p^2, where is it after 150 steps?",
          hint="each step subtracts the learning rate times the penalty's gradient d(0.05 p^2)/dp = 0.1 p, so "
               "the weight is multiplied by the same factor at every step: find it, then take 150 steps (or run "
               "nn.minimize with optimizer='gd', tol=0, max_steps=150).")
def shrunk_by_sgd(answer: Any) -> tuple[bool, str]:
    truth = unused_weight("gd", 0.1, 0.05, 150)
    return close_to(answer, truth,
                    explanation=f"{truth:.4f} = 0.99^150: plain SGD multiplies such a weight by (1 - 2 lr λ) = 0.99 at every "
                                f"step, so L2 shrinks it in proportion to its size and the strength λ sets how fast.")


@exercise("08.2", "Train the notebook's network on the second training set (make_moons(n_samples=24, noise=0.3, "
          "random_state=2)) with l2=0.0001, a hundred times weaker than the notebook's 0.01, once with "
          "nn.Adam(lr=0.05) and once with nn.SGD(lr=0.5), 150 epochs each. How many of its 88 weights end "
          "within 0.01 of 0 with each? Answer (with Adam, with SGD).",
          hint="train() as in the notebook (nn.MLP(2, [8, 8, 1], seed=0), loss='hinge', epochs=150, l2=0.0001), "
               "then count abs(p.data) < 0.01 over the parameters whose name contains '.w.' (biases left out).")
def near_zero_pair(answer: Any) -> tuple[bool, str]:
    truth = (weights_near_zero("adam", 1e-4, 2), weights_near_zero("sgd", 1e-4, 2))
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return False, f"the answer should be a pair (with Adam, with SGD); got {answer!r}"
    if [float(a) for a in answer] == [float(t) for t in truth]:
        return True, (f"{truth[0]} with Adam, {truth[1]} with SGD: even a penalty this weak sends Adam's unused "
                      f"weights to 0, because Adam's step does not depend on the penalty's size.")
    wrong = [name for name, a, t in zip(("Adam", "SGD"), answer, truth) if float(a) != float(t)]
    return False, f"the count with {' and with '.join(wrong)} is not right"


# the choices of exercise 08.3; the right one is the claim the judge measures
CHOICES = {
    "a": "Adam's learning rate (0.05) is smaller than SGD's (0.5), so its weights stay near where they started.",
    "b": "Adam divides each parameter's gradient by the running size of that parameter's own gradients: a weight "
         "the data barely uses has only the penalty's gradient 2λp, so Adam moves it towards 0 by about lr per "
         "step whatever λ is, while SGD multiplies it by (1 - 2 lr λ), a slow shrink for a small λ.",
    "c": "Adam adds an L1 penalty of its own to every weight.",
    "d": "SGD's random mini-batches keep the weights away from 0.",
}


@exercise("08.3", "Why does the same L2 penalty leave many weights at about 0 under Adam but hardly any under plain "
          "SGD? " + " ".join(f"({letter}) {text}" for letter, text in CHOICES.items()) + " Answer with a letter.",
          hint="both runs use every training point at every step (no randomness), and every weight starts away "
               "from 0; compare the step of one weight whose only gradient is 2λp under the two optimizers, "
               "for two very different λ.")
def why_adam(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str) or answer.strip().lower().strip("()") not in CHOICES:
        return False, f"the answer should be one of the letters {', '.join(CHOICES)}; got {answer!r}"
    # the evidence for (b): a weight with only the penalty's gradient, from 1, after 150 steps at the notebook's rates
    adam = [unused_weight("adam", LEARNING_RATES["adam"], strength, 150) for strength in (0.001, 0.1)]
    sgd = [unused_weight("gd", LEARNING_RATES["sgd"], strength, 150) for strength in (0.001, 0.1)]
    if not (abs(adam[0] - adam[1]) < 1e-4 and abs(sgd[0] - sgd[1]) > 0.1):  # eps = 1e-8 moves Adam by ~1e-6
        return False, "this exercise is broken: Adam's steps now depend on λ (report it)"
    evidence = (f"measured: such a weight, from 1, after 150 steps: Adam {adam[0]:.2g} with λ = 0.001 and "
                f"{adam[1]:.2g} with λ = 0.1 (the same path); SGD {sgd[0]:.3f} and {sgd[1]:.2g}")
    if answer.strip().lower().strip("()") == "b":
        return True, f"(b): {evidence}."
    return False, f"not ({answer.strip().lower().strip('()')}); {evidence}"
