"""The exercises of notebook 07, *depth and vanishing gradients*: gradient sizes and training by depth.

The data are the notebook's 24 two-moons points,
``make_moons(n_samples=24, noise=0.1, random_state=0)``; the trainings are
the notebook's recipe (hinge loss, batch gradient descent, 50 epochs). The
right answers are computed here with ``nn.MLP``, ``layer_gradient_sizes``
and ``nn.fit``, once per process (``functools.cache``).
"""

from __future__ import annotations

import functools
from typing import Any

import nn
from nn.exercises import close_to, exercise

EPOCHS = 50


def _data() -> tuple[list[list[float]], list[int]]:
    return nn.datasets.make_moons(n_samples=24, noise=0.1, random_state=0)


@functools.cache
def first_to_output_ratio() -> float:
    """For a 5-hidden-layer sigmoid network: the first layer's gradient size over the output layer's, at one input."""
    model = nn.MLP(2, [8] * 5 + [1], activation="sigmoid", seed=0)
    model([1.0, 0.5]).backward()
    sizes = model.layer_gradient_sizes()
    return sizes[0] / sizes[-1]


def _train(optimizer: str, lr: float, depth: int) -> nn.History:
    X, y = _data()
    model = nn.MLP(2, [6] * depth + [1], activation="sigmoid", seed=0)
    kind = {"SGD": nn.SGD, "Adam": nn.Adam}[optimizer]
    return nn.fit(model, X, y, loss="hinge", optimizer=kind(model.parameters(), lr=lr), epochs=EPOCHS,
                  progress=False)


@functools.cache
def adam_epochs_to_half() -> int | None:
    return _train("Adam", 0.02, depth=4).epochs_to(0.5)


@functools.cache
def large_rate_final_loss() -> float:
    return _train("SGD", 30.0, depth=6).loss[-1]


@exercise("07.1", "Build nn.MLP(2, [8] * 5 + [1], activation='sigmoid', seed=0) and call backward() on its output "
          "at the input [1.0, 0.5]. What is the first layer's gradient size divided by the output layer's "
          "(model.layer_gradient_sizes()), to 3 significant digits?",
          hint="sizes = model.layer_gradient_sizes() lists one number per layer, the first layer first: "
               "the answer is sizes[0] / sizes[-1], a number far below 1.")
def gradient_ratio(answer: Any) -> tuple[bool, str]:
    truth = first_to_output_ratio()
    right, detail = close_to(answer, truth, rel=2e-3)
    per_layer = (1 / truth) ** (1 / 5)
    return right, (f"{truth:.3g}: over the 5 hidden layers the gradient shrank by about {per_layer:.2g} per "
                   f"layer at this input." if right else detail)


@exercise("07.2", "Train nn.MLP(2, [6] * 4 + [1], activation='sigmoid', seed=0) on the 24 points with "
          "nn.Adam(model.parameters(), lr=0.02), hinge loss, 50 epochs: at which epoch did the loss first "
          "reach 0.5 or less (History.epochs_to(0.5))?",
          hint="nn.fit(model, X, y, loss='hinge', optimizer=nn.Adam(model.parameters(), lr=0.02), epochs=50), "
               "then history.epochs_to(0.5).")
def adam_on_four_sigmoid_layers(answer: Any) -> tuple[bool, str]:
    truth = adam_epochs_to_half()
    if truth is None:
        return answer is None, "the loss never reached 0.5 in 50 epochs"
    return close_to(answer, truth,
                    explanation=f"epoch {truth}: with plain gradient descent at learning rate 0.3 the 4-layer sigmoid "
                                f"networks did not get there at all.")


@exercise("07.3", "Does a larger learning rate rescue the deep sigmoid network? Train "
          "nn.MLP(2, [6] * 6 + [1], activation='sigmoid', seed=0) with plain nn.SGD at learning rate 30 "
          "(100 times section 4's), hinge loss, 50 epochs: what is the loss of the last epoch, to 3 "
          "significant digits?",
          hint="nn.fit(model, X, y, loss='hinge', optimizer=nn.SGD(model.parameters(), lr=30.0), epochs=50); "
               "read history.loss[-1]. Compare it with 1, the loss of a network that outputs 0.")
def large_rate_on_six_sigmoid_layers(answer: Any) -> tuple[bool, str]:
    truth = large_rate_final_loss()
    return close_to(answer, truth, rel=1e-3,
                    explanation=f"{truth:.4g}: still about 1, as at learning rate 0.3. Steps a hundred times larger along "
                                f"the same gradients did not rescue it; Adam and RMSProp, which scale each parameter's step "
                                f"separately, did (section 5).")
