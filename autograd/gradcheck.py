"""Check the engine's gradient against central differences: ``gradcheck``.

The derivative of f at x is approximated by nudging x both ways,
(f(x + eps) - f(x - eps)) / (2 eps), which is accurate to O(eps^2). If the
engine's gradient (from backpropagation) disagrees with that beyond the
tolerances, something is wrong with a derivative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.functional import grad
from autograd.grad_mode import enable_grad, no_grad
from autograd.value import Value


class GradcheckError(AssertionError):
    """The analytic and numeric gradients disagree; the message holds a table of the differences."""


def gradcheck(f: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Compare the gradient of ``f`` at ``inputs`` with central differences.

    ``f`` is called with one Value per input and returns a Value. Returns True
    when, for every input, ``|analytic - numeric| <= atol + rtol * |numeric|``;
    otherwise raises ``GradcheckError`` with a table of the failing inputs.

    >>> gradcheck(lambda x, y: x * y.sin(), [1.5, 0.3])
    True
    """
    _check_tolerance("eps", eps, positive=True)
    _check_tolerance("atol", atol)
    _check_tolerance("rtol", rtol)
    points = [_as_float(v, index) for index, v in enumerate(inputs)]
    xs = [Value(p) for p in points]
    with enable_grad():  # f's graph is needed, even inside no_grad()
        out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck() needs f to return a Value; it returned {type(out).__name__}: {out!r}")
    analytic = grad(out, xs)
    numeric_gradient = numerical_grad(f, points, eps)

    failures = []
    for i, (a, numeric, x) in enumerate(zip(analytic, numeric_gradient, points)):
        difference = abs(a - numeric)
        # "not <=" rather than ">" so that a NaN on either side counts as a failure
        if not difference <= atol + rtol * abs(numeric):
            failures.append((i, x, a, numeric, difference))
    if failures:
        rows = [f"{'input':>5}  {'at':>12}  {'analytic':>14}  {'numeric':>14}  {'difference':>12}"]
        rows += [f"{i:>5}  {x:>12.6g}  {a:>14.8g}  {n:>14.8g}  {d:>12.4g}" for i, x, a, n, d in failures]
        raise GradcheckError(
            f"gradient check failed for {len(failures)} of {len(points)} inputs "
            f"(eps={eps}, atol={atol}, rtol={rtol}):\n" + "\n".join(rows)
        )
    return True


def numerical_grad(f: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6) -> tuple[float, ...]:
    """The gradient of ``f`` at ``inputs`` by central differences, one coordinate at a time.

    This is how one would differentiate without backpropagation: two
    evaluations of ``f`` per input (so 2n forward passes for n inputs, where
    backpropagation needs one forward and one backward pass). No graph is
    recorded.

    >>> [round(g, 6) for g in numerical_grad(lambda x, y: x * y, [3.0, 2.0])]  # (y, x)
    [2.0, 3.0]
    """
    _check_tolerance("eps", eps, positive=True)
    points = [_as_float(v, index) for index, v in enumerate(inputs)]
    return tuple(_central_difference(f, points, i, eps) for i in range(len(points)))


def _central_difference(f: Callable[..., Value], points: list[float], i: int, eps: float) -> float:
    """(f(x + eps e_i) - f(x - eps e_i)) / (2 eps), computed without recording a graph."""
    with no_grad():
        shifted = list(points)
        shifted[i] = points[i] + eps
        above = float(f(*[Value(p) for p in shifted]))
        shifted[i] = points[i] - eps
        below = float(f(*[Value(p) for p in shifted]))
    return (above - below) / (2 * eps)


def _check_tolerance(name: str, number: object, positive: bool = False) -> None:
    """A finite real number, > 0 for a step (``eps``), >= 0 for a tolerance; else a clear error."""
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise TypeError(f"{name} must be a number; got {type(number).__name__}: {number!r}")
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        wanted = "a finite number > 0 (the step of the central difference, such as 1e-6)" if positive \
            else "a finite number >= 0"
        raise ValueError(f"{name} must be {wanted}; got {number!r}")


def _as_float(v: object, index: int) -> float:
    if isinstance(v, Value):
        return v.data
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"gradcheck() needs numbers as inputs; input {index} is {type(v).__name__}: {v!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"gradcheck() needs finite inputs; input {index} is {x}")
    return x
