"""The exercises of notebook 09, *optimizers and local minima*: Newton's method and gradient descent.

The functions are ``nn.objectives``' ``STYBLINSKI_TANG`` and ``ROSENBROCK``.
The right answers are computed here: the Hessian with ``autograd.hessian``
(second derivatives by backpropagation), the end of Newton's method and
the path of gradient descent with ``nn.minimize``.
"""

from __future__ import annotations

import math
from typing import Any

import nn
from autograd import hessian
from nn.exercises import exercise
from nn.objectives import ROSENBROCK, STYBLINSKI_TANG

CLASSIC_START = (0.5, 0.5)  # STYBLINSKI_TANG.start
ROSENBROCK_START = (-1.2, 1.0)
GD_STEPS, GD_RATE = 20, 0.001


def _numbers(answer: Any, shape: str) -> list[float] | None:
    """The answer flattened to floats if it has the shape asked for ('pair' or '2x2'); None otherwise."""
    try:
        if shape == "pair":
            numbers = [float(c) for c in answer]
            return numbers if len(numbers) == 2 else None
        rows = [[float(c) for c in row] for row in answer]
        return [c for row in rows for c in row] if len(rows) == 2 and all(len(row) == 2 for row in rows) else None
    except (TypeError, ValueError):
        return None


@exercise("09.1", "Compute by hand the Hessian of Styblinski-Tang, f = (x^4 - 16 x^2 + 5 x + y^4 - 16 y^2 + 5 y) / 2, "
          "at its classic start (0.5, 0.5). Answer [[d2f/dx2, d2f/dxdy], [d2f/dydx, d2f/dy2]].",
          hint="differentiate (x^4 - 16 x^2 + 5 x) / 2 twice with respect to x; x and y are never multiplied "
               "together, so the mixed derivatives are 0.")
def hessian_at_start(answer: Any) -> tuple[bool, str]:
    truth = hessian(STYBLINSKI_TANG, list(CLASSIC_START))
    numbers = _numbers(answer, "2x2")
    if numbers is None:
        return False, f"the answer should be a 2 x 2 matrix [[a, b], [c, d]]; got {answer!r}"
    wrong = [f"[{i}][{j}]" for i in range(2) for j in range(2)
             if not math.isclose(numbers[2 * i + j], truth[i][j], rel_tol=1e-6, abs_tol=1e-9)]
    if wrong:
        return False, f"the entries {', '.join(wrong)} are not right"
    return True, (f"{truth} (autograd.hessian). Both curvatures are negative: around (0.5, 0.5) f curves "
                  f"downwards in every direction, as it does near a maximum.")


@exercise("09.2", "Run Newton's method, nn.minimize(STYBLINSKI_TANG, [0.5, 0.5], optimizer='newton'), from the "
          "classic start. Where does it converge? Answer the point (x, y), to 3 decimals or better.",
          hint="read result.point; then ask STYBLINSKI_TANG.which_minimum(result.point) whether it is a minimum.")
def newton_from_start(answer: Any) -> tuple[bool, str]:
    result = nn.minimize(STYBLINSKI_TANG, list(CLASSIC_START), optimizer="newton")
    numbers = _numbers(answer, "pair")
    if numbers is None:
        return False, f"the answer should be a point (x, y); got {answer!r}"
    if math.dist(numbers, result.point) > 1e-3:
        return False, f"({numbers[0]:g}, {numbers[1]:g}) is not where Newton's method stopped"
    x, y = result.point
    return True, (f"({x:.4f}, {y:.4f}), f = {result.value:.4f}, after {result.steps} steps: not a minimum "
                  f"(which_minimum gives {STYBLINSKI_TANG.which_minimum(result.point)}) but the maximum between "
                  f"the four minima. Newton's method looks for a zero of the gradient, and with the negative "
                  f"curvatures of 09.1 the nearest one is uphill.")


@exercise("09.3", "Gradient descent without backpropagation: take 20 steps of gradient descent with learning rate "
          "0.001 on Rosenbrock from (-1.2, 1.0), each gradient from central differences "
          "(autograd.numerical_grad), with no backward() at all. Where are you after 20 steps? Answer (x, y).",
          hint="point = [-1.2, 1.0]; 20 times: g = numerical_grad(ROSENBROCK, point), then point = "
               "[p - 0.001 * gi for p, gi in zip(point, g)].")
def descent_without_backprop(answer: Any) -> tuple[bool, str]:
    result = nn.minimize(ROSENBROCK, list(ROSENBROCK_START), optimizer="gd", lr=GD_RATE, tol=0.0, max_steps=GD_STEPS)
    truth = result.path[GD_STEPS]
    numbers = _numbers(answer, "pair")
    if numbers is None:
        return False, f"the answer should be a point (x, y); got {answer!r}"
    if math.dist(numbers, truth) > 1e-6:
        return False, f"({numbers[0]:g}, {numbers[1]:g}) is not where 20 steps end"
    return True, (f"({truth[0]:.6f}, {truth[1]:.6f}): the same point, to within 10^-6, as nn.minimize's gradient "
                  f"descent with gradients from backward(). Gradient descent needs a gradient, not "
                  f"backpropagation: here it cost 2 x 2 forward passes per step and no backward pass.")
