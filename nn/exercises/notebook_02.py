"""The exercises of notebook 02, *gradient descent*: step sizes on a second bowl, h(x, y) = 2 + 5x^2 + y^2.

Notebook 02 finds that on f = 2 + 3x^2 + 4y^2 each step multiplies x by
1 - 6*eta and y by 1 - 8*eta, so the descent converges only if every
curvature (second derivative) times the step size eta is below 2. The
exercises ask the learner to apply that to h, whose curvatures are 10 and
2. The truths come from the library: the curvatures from
``autograd.hessian``, the end of a descent from ``nn.gradient_descent``.
"""

from __future__ import annotations

from typing import Any

from autograd import Value, hessian
from nn.exercises import close_to, exercise

START = [10.0, 10.0]


def h(x: Value, y: Value) -> Value:
    """The exercises' bowl: h(x, y) = 2 + 5x^2 + y^2, minimum 2 at (0, 0)."""
    return 2 + 5 * x ** 2 + y ** 2


def _curvatures() -> tuple[float, float]:
    """The largest and the smallest curvature of h: the diagonal of its Hessian (h has no xy term)."""
    matrix = hessian(h, [0.0, 0.0])
    diagonal = [matrix[0][0], matrix[1][1]]
    return max(diagonal), min(diagonal)


@exercise("02.1", "What is the largest step size for which gradient descent on h(x, y) = 2 + 5x² + y² converges?",
          hint="each step multiplies x by 1 - 10η and y by 1 - 2η (10 and 2 are the second derivatives); "
               "the descent converges while both factors lie between -1 and 1.")
def largest_step_size(answer: Any) -> tuple[bool, str]:
    largest, _ = _curvatures()
    limit = 2 / largest
    return close_to(answer, limit, rel=1e-2,
                    explanation=f"2 / {largest:g} = {limit:g}: below it |1 - {largest:g}η| < 1 and x shrinks; at {limit:g} "
                                f"x only flips sign; above it x grows at every step.")


@exercise("02.2", "At step size 0.2, nn.gradient_descent on h from (10, 10) reports converged=True. "
                  "At what value of h?",
          hint="at η = 0.2, x's factor 1 - 10η is exactly -1 and y's is 0.6: where does y end, and x? "
               "The loop stops when h stops changing, not when the gradient is 0.")
def where_the_limit_stops(answer: Any) -> tuple[bool, str]:
    from nn.minimize import gradient_descent  # here, not at the top: nn.exercises is part of nn

    result = gradient_descent(h, START, step_size=0.2)
    return close_to(answer, result.value, rel=1e-4,
                    explanation=f"h = {result.value:.6g} at ({result.point[0]:.3g}, {result.point[1]:.3g}) after {result.steps} "
                                f"steps: x bounces between +10 and -10 while y shrinks to 0, and 2 + 5·10² = 502; "
                                f"converged={result.converged}, far from the minimum 2.")


@exercise("02.3", "Which constant step size gives gradient descent on h the smallest factor per step (the fastest "
                  "rate of convergence)?",
          hint="the slower coordinate sets the pace: the factor per step is max(|1 - 10η|, |1 - 2η|). "
               "Make that maximum as small as possible: where are the two equal?")
def fastest_step_size(answer: Any) -> tuple[bool, str]:
    largest, smallest = _curvatures()
    best = 2 / (largest + smallest)
    factor = abs(1 - smallest * best)
    return close_to(answer, best, rel=1e-3,
                    explanation=f"2 / ({largest:g} + {smallest:g}) = {best:.6g}, where 1 - {smallest:g}η = -(1 - {largest:g}η) "
                                f"= {factor:.4g}: both coordinates shrink by a factor {factor:.4g} per step.")
