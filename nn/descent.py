"""The generic gradient-descent loop, for any function of a few numbers (not only networks).

This is the loop of the source article "Gradient Descent": start at a point,
step against the gradient, ``new_point = point - step_size * gradient(point)``,
and stop when the function stops changing by more than ``threshold``. The
engine supplies the gradient: ``f`` is written with Values and differentiated
by backpropagation.

On the article's example f(x, y) = 2 + 3x^2 + 4y^2 from (10, 10), a step of
0.1 shrinks x by a factor 0.4 and y by 0.2 at every step and converges to the
minimum at (0, 0); a step of 0.5 multiplies them by -2 and -3, and the descent
diverges (its result says so).

>>> result = gradient_descent(lambda x, y: 2 + 3 * x**2 + 4 * y**2, [10.0, 10.0], step_size=0.1)
>>> result.converged, [round(c, 2) for c in result.point], round(result.value, 4)
(True, [0.0, 0.0], 2.0)
>>> gradient_descent(lambda x, y: 2 + 3 * x**2 + 4 * y**2, [10.0, 10.0], step_size=0.5).converged
False
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from autograd import Value, grad


@dataclass
class DescentResult:
    """Where a gradient descent ended and how it got there.

    ``point`` and ``value``: the last point and f there; ``steps``: how many
    steps were taken; ``converged``: whether f changed by less than the
    threshold; ``path`` and ``values``: every point visited (the start
    included) and f at each, for plotting the descent on a contour map;
    ``reason``: why it stopped, in words.
    """

    point: list[float]
    value: float
    steps: int
    converged: bool
    reason: str
    path: list[list[float]] = field(repr=False)
    values: list[float] = field(repr=False)

    def __repr__(self) -> str:
        point = ", ".join(f"{c:.6g}" for c in self.point)
        return (f"DescentResult(point=[{point}], value={self.value:.6g}, steps={self.steps}, "
                f"converged={self.converged}, reason={self.reason!r})")


def gradient_descent(f: Callable[..., Value], point: Sequence[float], step_size: float, threshold: float = 1e-6,
                     max_steps: int = 10_000) -> DescentResult:
    """Minimise ``f`` by gradient descent from ``point``; return a ``DescentResult``.

    ``f`` is called with one Value per coordinate (``f(x, y)``) and returns a
    Value. Each step moves to ``point - step_size * gradient(point)``. The
    loop stops when ``|f(new) - f(old)| < threshold`` (converged), after
    ``max_steps`` steps, or when the point or f overflow or become NaN
    (diverged: the step size is too large). It never raises for a diverging
    descent; the result's ``converged`` and ``reason`` say what happened.
    """
    current = [float(c) for c in point]
    if not current:
        raise ValueError("gradient_descent() needs a starting point with at least one coordinate")
    if not all(math.isfinite(c) for c in current):
        raise ValueError(f"gradient_descent() needs a finite starting point; got {list(point)!r}")
    if isinstance(step_size, bool) or not isinstance(step_size, (int, float)) or not step_size > 0:
        raise ValueError(f"step_size must be a number > 0; got {step_size!r}")
    if not threshold >= 0:
        raise ValueError(f"threshold must be >= 0; got {threshold!r}")

    evaluated = _value_and_gradient(f, current)
    if evaluated is None:
        raise ValueError(f"f overflows or is not finite at the starting point {current}")
    value, gradient = evaluated
    path, values = [current], [value]
    for step in range(1, max_steps + 1):
        new_point = [c - step_size * g for c, g in zip(current, gradient)]
        evaluated = _value_and_gradient(f, new_point) if all(math.isfinite(c) for c in new_point) else None
        if evaluated is None:
            return DescentResult(current, value, step - 1, False,
                                 f"diverged at step {step}: the point or f overflowed (try a smaller step_size)",
                                 path, values)
        new_value, gradient = evaluated
        path.append(new_point)
        values.append(new_value)
        change = abs(new_value - value)
        current, value = new_point, new_value
        if change < threshold:
            return DescentResult(current, value, step, True, f"f changed by {change:.3g} < threshold {threshold:g}",
                                 path, values)
    return DescentResult(current, value, max_steps, False, f"stopped after max_steps={max_steps} steps",
                         path, values)


def _value_and_gradient(f: Callable[..., Value], point: list[float]) -> tuple[float, list[float]] | None:
    """f at ``point`` and its gradient, or None where they overflow or are not finite."""
    xs = [Value(c, label=f"x{i}") for i, c in enumerate(point)]
    try:
        out = f(*xs)
        if not isinstance(out, Value):
            raise TypeError(f"gradient_descent() needs f to return a Value; it returned {type(out).__name__}: {out!r}")
        gradient = list(grad(out, xs))
    except OverflowError:
        return None
    if not math.isfinite(out.data) or not all(math.isfinite(g) for g in gradient):
        return None
    return out.data, gradient
