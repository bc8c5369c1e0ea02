"""The exercises of notebook 06, *activation functions*: the hinge loss by hand, and gradients through sigmoids.

The right answers are computed here with chaingrad: the hinge loss with
``nn.hinge_loss``, the gradients through a chain of sigmoids with
``Value.sigmoid`` and ``backward()``.
"""

from __future__ import annotations

from typing import Any

import nn
from autograd import Value
from nn.exercises import close_to, exercise

HINGE_SCORES = (0.5, -2.0, 3.0, 1.5)
HINGE_LABELS = (1, 1, -1, 1)


def sigmoid_chain_gradient(weight: float, layers: int = 3, x: float = 0.0) -> float:
    """d(output)/dx for h_0 = x, h_k = sigmoid(weight * h_(k-1)), output h_layers, by backward()."""
    start = Value(x)
    h = start
    for _ in range(layers):
        h = (weight * h).sigmoid()
    h.backward()
    return start.grad


@exercise("06.1", "What is the hinge loss of the scores 0.5, -2.0, 3.0, 1.5 for the labels +1, +1, -1, +1?",
          hint="each sample costs max(0, 1 - y*s); the loss is the mean of the four costs. A sample on the "
               "right side with a margin of at least 1 costs 0.")
def hinge_by_hand(answer: Any) -> tuple[bool, str]:
    truth = nn.hinge_loss([Value(s) for s in HINGE_SCORES], list(HINGE_LABELS)).data
    right, detail = close_to(answer, truth)
    costs = ", ".join(f"{max(0.0, 1 - y * s):g}" for s, y in zip(HINGE_SCORES, HINGE_LABELS))
    return right, (f"{truth:g}: the costs are {costs}, and their mean is the loss." if right else detail)


@exercise("06.2", "Three sigmoid neurons in a chain, each with weight 2 and no bias: h1 = sigmoid(2x), "
          "h2 = sigmoid(2*h1), h3 = sigmoid(2*h2). What is d(h3)/dx at x = 0 (to 4 significant digits)?",
          hint="build it with Values, x = Value(0.0), and call backward() on h3; or multiply the three factors "
               "2 * sigmoid'(a) by hand, with a = 0, then 2*sigmoid(0) = 1, then 2*sigmoid(1).")
def chain_with_weight_2(answer: Any) -> tuple[bool, str]:
    truth = sigmoid_chain_gradient(2.0)
    return close_to(answer, truth, rel=5e-4,
                    explanation=f"{truth:.4g}: each layer multiplied the gradient by 2 * sigmoid'(a), 0.5 at the first and "
                                f"less after it.")


@exercise("06.3", "The same chain with weight 8 at every layer: the first layer's factor is 8 * 1/4 = 2, more "
          "than 1. What is d(h3)/dx at x = 0 now (to 4 significant digits)?",
          hint="the same code with 8 instead of 2. Look at a = 8*h1 and a = 8*h2: where on the sigmoid do they "
               "land, and what is its slope there?")
def chain_with_weight_8(answer: Any) -> tuple[bool, str]:
    truth = sigmoid_chain_gradient(8.0)
    return close_to(answer, truth, rel=5e-4,
                    explanation=f"{truth:.4g}, smaller than with weight 2: the large weight pushed the second and third "
                                f"sigmoids far from 0, where they saturate (slope near 0).")
