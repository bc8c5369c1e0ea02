"""The exercises of notebook 04, *batch, stochastic and mini-batch gradient descent*.

The truths come from the library: the MSE gradient from ``backward()`` on an
``nn.Neuron``, the number of steps from ``nn.fit``'s History, the steady step
of momentum from ``nn.SGD`` itself.
"""

from __future__ import annotations

from typing import Any

from autograd import Value
from nn.exercises import close_to, exercise

# the three points of exercise 04.1, (x, y), on the line y = 2x + 1, and the parameters theta = (b, w)
POINTS = [(1.0, 3.0), (2.0, 5.0), (3.0, 7.0)]
THETA = {"b": 0.0, "w": 1.0}


@exercise("04.1", "For the points (1, 3), (2, 5), (3, 7) and the line b + w·x with b = 0, w = 1: "
                  "what is ∂MSE/∂w?",
          hint="the blog post's formula: (2/m) Σ (θᵀx − y) x_j, where θᵀx = b + w·x and x_j is x itself for w "
               "(it would be 1 for b).")
def mse_gradient_by_hand(answer: Any) -> tuple[bool, str]:
    from nn.losses import mse_loss  # here, not at the top: nn.exercises is part of nn
    from nn.module import Neuron

    line = Neuron(1, activation=None)
    line.load_state_dict({"w": [THETA["w"]], "b": THETA["b"]})
    mse_loss([line([x]) for x, _ in POINTS], [y for _, y in POINTS]).backward()
    truth = line.w[0].grad
    return close_to(answer, truth, rel=1e-3,
                    explanation=f"(2/3)·(−2·1 − 3·2 − 4·3) = {truth:.6g}, as backward() gives (and ∂MSE/∂b = "
                                f"{line.b.grad:.6g}).")


@exercise("04.2", "nn.fit on 100 samples with batch_size=8 for 5 epochs: how many optimizer steps does it take?",
          hint="100 / 8 is not a whole number: the last batch of each epoch holds what is left over.")
def steps_of_an_epoch(answer: Any) -> tuple[bool, str]:
    from nn.datasets import make_regression
    from nn.module import Neuron
    from nn.training import fit

    X, y = make_regression(100, random_state=0)
    history = fit(Neuron(1, activation=None, seed=0), X, y, loss="mse", epochs=5, batch_size=8, seed=0,
                  progress=False)
    right, detail = close_to(answer, history.steps)
    full, rest = divmod(len(X), 8)
    return right, (f"{history.steps_per_epoch} steps per epoch ({full} batches of 8 and one of {rest}), "
                   f"{history.steps} in 5 epochs." if right else detail)


@exercise("04.3", "SGD with momentum 0.9 and a gradient that stays the same: the steps grow to how many times "
                  "lr × gradient?",
          hint="each step updates the buffer b to 0.9·b + g and moves by lr·b; b stops changing when "
               "b = 0.9·b + g: solve that for b.")
def momentum_multiple(answer: Any) -> tuple[bool, str]:
    from nn.optim import SGD

    p = Value(0.0)
    optimizer = SGD([p], lr=0.01, momentum=0.9)
    before = p.data
    for _ in range(400):  # 0.9**400 is about 5e-19: the buffer has settled
        before = p.data
        p.grad = 1.0
        optimizer.step()
    multiple = (before - p.data) / (optimizer.lr * 1.0)
    return close_to(answer, multiple, rel=1e-3,
                    explanation=f"1 / (1 − 0.9) = {multiple:.4g}: in a steady direction momentum 0.9 makes the steps "
                                f"{multiple:.4g} times as long.")
