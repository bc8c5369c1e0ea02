"""Minimise any function of a few numbers with an nn optimizer, or with Newton's method.

``minimize(f, point, optimizer=...)`` starts at ``point`` and repeats: evaluate
f (written with Values), get its gradient by backpropagation, take a step.
It stops when the gradient is shorter than ``tol`` (a stationary point:
converged), after ``max_steps`` steps, or when the numbers overflow
(diverged). The optimizer is one of

* ``'gd'``: plain gradient descent, ``p -= lr * grad`` (``nn.SGD``);
* ``'momentum'`` and ``'nesterov'``: ``nn.SGD`` with momentum 0.9;
* ``'rmsprop'``: ``nn.RMSProp``; ``'adam'``: ``nn.Adam``;
* ``'newton'``: Newton's method, which also uses the second derivatives:
  it solves H d = g for the Hessian H and the gradient g (both from one
  forward pass: the gradient is computed with ``create_graph=True`` and
  differentiated once more, as ``autograd.hessian`` does) and steps
  ``p -= lr * d``, with ``lr=1`` the full Newton step. On a quadratic bowl
  it lands on the minimum in one step; but it heads for any point where the
  gradient is 0, so from some starts it converges to a maximum or a saddle;
* an ``nn.Optimizer`` class (``nn.Adam``: called with ``lr`` and the other
  keyword options), or any callable that takes the list of parameters and
  returns an optimizer (``lambda params: nn.SGD(params, lr=0.01, momentum=0.5)``).

The nn optimizers take a list of Values, so a function of two Values is
minimised exactly as a network's loss is.

>>> result = minimize(lambda x, y: (x - 1)**2 + 2 * y**2, [3.0, 1.0], optimizer='newton')
>>> result.point, result.steps, result.converged
([1.0, 0.0], 1, True)
>>> result = minimize(lambda x, y: (x - 1)**2 + 2 * y**2, [3.0, 1.0], optimizer='adam', lr=0.1)
>>> result.converged, abs(result.point[0] - 1) < 1e-3 and abs(result.point[1]) < 1e-3
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Value, grad
from nn._checks import check_int, check_number
from nn.optim import SGD, Adam, Optimizer, RMSProp

# the optimizers known by name: (class, the options it gets unless told otherwise)
OPTIMIZERS: dict[str, tuple[type[Optimizer], dict[str, Any]]] = {
    "gd": (SGD, {}),
    "momentum": (SGD, {"momentum": 0.9}),
    "nesterov": (SGD, {"momentum": 0.9, "nesterov": True}),
    "rmsprop": (RMSProp, {}),
    "adam": (Adam, {}),
}
METHODS = (*OPTIMIZERS, "newton")
DEFAULT_LR = 0.01  # the first-order methods' learning rate unless told otherwise; Newton's is 1 (the full step)


@dataclass
class MinimizeResult:
    """Where a minimisation ended, how it got there and what it cost.

    ``point`` and ``value``: the last point and f there; ``gradient_norm``:
    the length of the gradient there; ``steps``: how many updates were made;
    ``evaluations``: how many times f was evaluated (forward passes);
    ``backward_passes``: how many reverse sweeps computed derivatives (one
    per evaluation for a first-order method; 1 + n per evaluation for
    Newton's method in n variables, the Hessian's rows included);
    ``converged``: whether the gradient became shorter than ``tol``;
    ``reason``: why it stopped, in words; ``method``: the optimizer used;
    ``path`` and ``values``: every point visited (the start included) and f
    at each.
    """

    point: list[float]
    value: float
    gradient_norm: float
    steps: int
    evaluations: int
    backward_passes: int
    converged: bool
    reason: str
    method: str
    path: list[list[float]] = field(repr=False)
    values: list[float] = field(repr=False)

    def steps_to_reach(self, target: Sequence[float], tolerance: float = 1e-3) -> int | None:
        """How many steps the run took to come within ``tolerance`` of ``target`` (a point); None if it never did.

        A run may pass near the minimum long before its gradient is small
        enough to stop, or oscillate around it without ever stopping: this
        counts steps to *being there*, whatever the stopping rule.

        >>> result = minimize(lambda x: x**2, [1.0], optimizer='gd', lr=0.25)   # x halves each step
        >>> result.steps_to_reach([0.0], tolerance=0.1), result.steps_to_reach([5.0])
        (4, None)
        """
        if len(target) != len(self.point):
            raise ValueError(f"steps_to_reach() needs a target with {len(self.point)} coordinates; got {target!r}")
        for step, point in enumerate(self.path):
            if math.dist(point, target) <= tolerance:
                return step
        return None

    def __repr__(self) -> str:
        return (f"MinimizeResult({self.method}: {_where(self.point, self.value)}, steps={self.steps}, "
                f"evaluations={self.evaluations}, converged={self.converged}, reason={self.reason!r})")


def minimize(f: Callable[..., Value], point: Sequence[float], optimizer: Any = "gd", lr: float | None = None,
             tol: float = 1e-6, max_steps: int = 10_000, **options: Any) -> MinimizeResult:
    """Minimise ``f`` from ``point`` with ``optimizer``; return a ``MinimizeResult`` (see the module docstring).

    ``f`` is called with one Value per coordinate (``f(x, y)``) and returns a
    Value. ``lr``: the learning rate (default 0.01; for ``'newton'`` the
    fraction of the Newton step, default 1). ``options`` go to the
    optimizer (``momentum=0.5``, ``betas=(0.9, 0.99)``). The run stops when
    the gradient's length is below ``tol`` (converged), after ``max_steps``
    updates, or when f, its derivatives or the point stop being finite
    (diverged, reported in the result, not raised).

    >>> minimize(lambda x: x**2, [1.0], optimizer='gd', lr=0.25, tol=1e-3).steps   # x halves; 2x < 1e-3 at 2**-11
    11
    """
    start = _check_point(point)
    max_steps = check_int(max_steps, "max_steps", minimum=0)
    tol = check_number(tol, "tol", finite=False)
    if optimizer == "newton":
        if options:
            raise TypeError(f"Newton's method takes no optimizer options; got {', '.join(sorted(options))}")
        return _newton(f, start, 1.0 if lr is None else check_number(lr, "lr", strict=True), tol, max_steps)
    return _first_order(f, start, optimizer, lr, tol, max_steps, options)


def _first_order(f: Callable[..., Value], start: list[float], optimizer: Any, lr: float | None, tol: float,
                 max_steps: int, options: dict[str, Any]) -> MinimizeResult:
    """The loop for an nn optimizer: the parameters are Values that the optimizer updates in place."""
    params = _variables(start)
    opt, method = _make_optimizer(optimizer, params, lr, options)
    trace = _Trace(method)
    for step in range(max_steps + 1):
        point = [p.data for p in params]
        if not _all_finite(point):
            return trace.result(False, f"diverged at step {step}: the point is not finite (try a smaller lr)")
        opt.zero_grad()
        try:
            out = _call(f, params)
            trace.evaluations += 1
            out.backward()
            trace.backward_passes += 1
        except OverflowError:
            return trace.result(False, f"diverged at step {step}: f overflowed (try a smaller lr)")
        gradient = [p.grad for p in params]
        if not trace.record(point, out.data, gradient):
            return trace.result(False, f"diverged at step {step}: f or its gradient is not finite (try a smaller lr)")
        if trace.norms[-1] < tol:
            return trace.result(True, f"gradient length {trace.norms[-1]:.3g} < tol {tol:g}")
        if step < max_steps:
            opt.step()
    return trace.result(False, f"stopped after max_steps={max_steps} steps")


def _newton(f: Callable[..., Value], start: list[float], lr: float, tol: float, max_steps: int) -> MinimizeResult:
    """Newton's method: step by the solution d of H d = g, with H and g from one forward pass."""
    trace = _Trace("newton")
    point = start
    for step in range(max_steps + 1):
        xs = _variables(point)
        try:
            out = _call(f, xs)
            trace.evaluations += 1
            first = grad(out, xs, create_graph=True)  # the gradient as Values, differentiable again
            hessian = [list(grad(g, xs)) for g in first]  # row i: the gradient of df/dx_i
            trace.backward_passes += 1 + len(xs)
        except OverflowError:
            return trace.result(False, f"diverged at step {step}: f overflowed")
        gradient = [g.data for g in first]
        if not (trace.record(point, out.data, gradient) and _all_finite(h for row in hessian for h in row)):
            return trace.result(False, f"diverged at step {step}: f or its derivatives are not finite")
        if trace.norms[-1] < tol:
            return trace.result(True, f"gradient length {trace.norms[-1]:.3g} < tol {tol:g}")
        if step == max_steps:
            break
        direction = solve(hessian, gradient)
        if direction is None:
            return trace.result(False, f"stopped at step {step + 1}: the Hessian is singular, no Newton step exists")
        point = [c - lr * d for c, d in zip(point, direction)]
        if not _all_finite(point):
            return trace.result(False, f"diverged at step {step + 1}: the point is not finite")
    return trace.result(False, f"stopped after max_steps={max_steps} steps")


class _Trace:
    """What a run has seen so far: the points, f and the gradient's length at each, and the work done."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.path: list[list[float]] = []
        self.values: list[float] = []
        self.norms: list[float] = []
        self.evaluations = 0
        self.backward_passes = 0

    def record(self, point: list[float], value: float, gradient: list[float]) -> bool:
        """Add a point if f and its gradient are finite there; return whether they were."""
        norm = _gradient_length(value, gradient)
        if norm is None:
            return False
        self.path.append(point)
        self.values.append(value)
        self.norms.append(norm)
        return True

    def result(self, converged: bool, reason: str) -> MinimizeResult:
        """The result ending at the last point recorded (steps: one less than the points recorded)."""
        if not self.path:  # f failed at the very start: the caller's input is wrong
            raise ValueError(f"f overflows or is not finite at the starting point ({reason})")
        return MinimizeResult(self.path[-1], self.values[-1], self.norms[-1], len(self.path) - 1, self.evaluations,
                              self.backward_passes, converged, reason, self.method, self.path, self.values)


def solve(matrix: Sequence[Sequence[float]], rhs: Sequence[float]) -> list[float] | None:
    """The solution x of ``matrix @ x = rhs`` by Gaussian elimination with partial pivoting; None if singular.

    >>> solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])
    [1.0, 0.5]
    >>> solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 1.0]) is None
    True
    """
    n = len(rhs)
    rows = [list(map(float, row)) + [float(b)] for row, b in zip(matrix, rhs)]
    if len(rows) != n or any(len(row) != n + 1 for row in rows):
        raise ValueError(f"solve() needs an n x n matrix and n right-hand sides; got {matrix!r} and {rhs!r}")
    scale = max((abs(a) for row in rows for a in row[:n]), default=0.0)
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(rows[r][column]))
        if abs(rows[pivot][column]) <= 1e-12 * scale or scale == 0.0:
            return None  # singular (to rounding): no unique solution
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(column + 1, n):
            factor = rows[r][column] / rows[column][column]
            for c in range(column, n + 1):
                rows[r][c] -= factor * rows[column][c]
    x = [0.0] * n
    for r in reversed(range(n)):  # back substitution
        x[r] = (rows[r][n] - sum(rows[r][c] * x[c] for c in range(r + 1, n))) / rows[r][r]
    return x


# ---------------------------------------------------------------------- helpers


def _make_optimizer(optimizer: Any, params: list[Value], lr: float | None,
                    options: dict[str, Any]) -> tuple[Optimizer, str]:
    """The optimizer over ``params`` that ``optimizer`` names or makes, and a name for it."""
    if isinstance(optimizer, str):
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(map(repr, METHODS))}, an nn optimizer class "
                             f"or a function params -> optimizer; got {optimizer!r}")
        kind, defaults = OPTIMIZERS[optimizer]
        return kind(params, lr=DEFAULT_LR if lr is None else lr, **{**defaults, **options}), optimizer
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        made = optimizer(params, **({} if lr is None else {"lr": lr}), **options)  # type: ignore[arg-type]
        return made, optimizer.__name__
    if callable(optimizer):
        if lr is not None or options:
            raise TypeError("a function that makes the optimizer sets its own lr and options; "
                            "pass them to the optimizer inside it, not to minimize()")
        made = optimizer(params)
        if not isinstance(made, Optimizer):
            raise TypeError(f"the optimizer function must return an nn optimizer (nn.SGD, nn.Adam, ...); "
                            f"it returned {type(made).__name__}: {made!r}")
        return made, type(made).__name__
    raise TypeError(f"optimizer must be one of {', '.join(map(repr, METHODS))}, an nn optimizer class or a "
                    f"function params -> optimizer; got {type(optimizer).__name__}: {optimizer!r}")


# the helpers below are shared with nn.descent.gradient_descent


def _check_point(point: Sequence[float], function: str = "minimize") -> list[float]:
    """The starting point as a list of floats: at least one coordinate, all finite."""
    if isinstance(point, (str, bytes)) or not hasattr(point, "__len__") or len(point) == 0:
        raise ValueError(f"{function}() needs a starting point with at least one coordinate, like [x, y]; "
                         f"got {point!r}")
    start = [float(c) for c in point]
    if not _all_finite(start):
        raise ValueError(f"{function}() needs a finite starting point; got {list(point)!r}")
    return start


def _variables(point: list[float]) -> list[Value]:
    """One Value per coordinate of ``point``, labelled x0, x1, ..."""
    return [Value(c, label=f"x{i}") for i, c in enumerate(point)]


def _call(f: Callable[..., Value], xs: list[Value], function: str = "minimize") -> Value:
    """``f(*xs)``, which must be a Value (something to differentiate)."""
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"{function}() needs f to return a Value; it returned {type(out).__name__}: {out!r}")
    return out


def _all_finite(numbers: Iterable[float]) -> bool:
    """Whether every number is finite (no overflow to infinity, no NaN)."""
    return all(math.isfinite(x) for x in numbers)


def _gradient_length(value: float, gradient: list[float]) -> float | None:
    """The length of the gradient; None if f or the gradient is not finite, or the length overflows."""
    if not (math.isfinite(value) and _all_finite(gradient)):
        return None
    try:
        norm = math.sqrt(math.fsum(g * g for g in gradient))
    except OverflowError:  # fsum of finite squares whose sum is beyond the largest float
        return None
    return norm if math.isfinite(norm) else None


def _where(point: list[float], value: float) -> str:
    """Where a run ended, as the results' reprs show it: ``point=[1, 0], value=2`` (6 significant digits)."""
    return f"point=[{', '.join(f'{c:.6g}' for c in point)}], value={value:.6g}"
