"""Minimise any function of a few numbers: gradient descent as the source article runs it, any nn optimizer, Newton.

Every method here starts at ``point`` and repeats: evaluate f (written with
Values), get its gradient by backpropagation, take a step; it stops when
the numbers overflow (diverged: reported in the result, never raised),
after ``max_steps`` steps, or when it has converged. One loop serves the
first-order methods (``_descend``); Newton's method has its own, since it
also needs the second derivatives.

``gradient_descent(f, point, step_size, threshold)`` is the loop of the
source article "Gradient Descent": ``new_point = point - step_size *
gradient(point)``, until f changes by less than ``threshold`` in a step
(the article's stopping rule). On the article's example
f(x, y) = 2 + 3x^2 + 4y^2 from (10, 10), a step of 0.1 shrinks x by a factor
0.4 and y by 0.2 at every step and converges to the minimum at (0, 0); a
step of 0.5 multiplies them by -2 and -3, and the descent diverges (its
result says so).

>>> result = gradient_descent(lambda x, y: 2 + 3 * x**2 + 4 * y**2, [10.0, 10.0], step_size=0.1)
>>> result.converged, [round(c, 2) for c in result.point], round(result.value, 4)
(True, [0.0, 0.0], 2.0)
>>> gradient_descent(lambda x, y: 2 + 3 * x**2 + 4 * y**2, [10.0, 10.0], step_size=0.5).converged
False

``minimize(f, point, optimizer=...)`` stops instead where the gradient is
shorter than ``tol`` (a stationary point). The optimizer is one of

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

``nn.plot_descent(f, results)`` (in ``nn.plotting``) draws the paths.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Value, grad
from nn.checks import check_int, check_number
from nn.module import gradient_norm
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
    ``converged``: whether the stopping rule was met (for ``minimize``, the
    gradient became shorter than ``tol``); ``reason``: why it stopped, in
    words; ``method``: the optimizer used; ``path`` and ``values``: every
    point visited (the start included) and f at each; ``gradient``: the
    gradient at ``point``.
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
    gradient: list[float] = field(default_factory=list, repr=False)

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


class DescentResult(MinimizeResult):
    """What ``gradient_descent`` returns: a ``MinimizeResult``, printed as the article's loop reports its end.

    ``point`` and ``value``: the last point and f there; ``steps``: how many
    steps were taken; ``converged``: whether f changed by less than the
    threshold; ``path`` and ``values``: every point visited (the start
    included) and f at each, for plotting the descent on a contour map;
    ``reason``: why it stopped, in words; ``gradient``: the gradient at
    ``point`` (a small change of f is not always a small gradient: on a
    plateau the descent stops where the slope is small but not zero).
    """

    def __repr__(self) -> str:
        return (f"DescentResult({_where(self.point, self.value)}, steps={self.steps}, "
                f"converged={self.converged}, reason={self.reason!r})")


def gradient_descent(f: Callable[..., Value], point: Sequence[float], step_size: float, threshold: float = 1e-6,
                     max_steps: int = 10_000) -> DescentResult:
    """Minimise ``f`` by gradient descent from ``point``, stopped as the source article stops; a ``DescentResult``.

    ``f`` is called with one Value per coordinate (``f(x, y)``) and returns a
    Value. Each step moves to ``point - step_size * gradient(point)``. The
    loop stops when ``|f(new) - f(old)| < threshold`` (converged), after
    ``max_steps`` steps, or when the point or f overflow or become NaN
    (diverged: the step size is too large). It never raises for a diverging
    descent; the result's ``converged`` and ``reason`` say what happened.
    """
    start = _check_point(point, "gradient_descent")
    step_size = check_number(step_size, "step_size", strict=True, finite=False)
    threshold = check_number(threshold, "threshold", finite=False)
    max_steps = check_int(max_steps, "max_steps", minimum=0)
    params = _variables(start)
    optimizer = SGD(params)  # plain gradient descent: p -= lr * p.grad
    # set, not passed to SGD: the article's loop takes any step size > 0, an infinite one too (it diverges at once)
    optimizer.lr = step_size
    run = _Run("gd", _StoppingRule(threshold, article=True), "gradient_descent", DescentResult)
    return _descend(f, params, optimizer, run, max_steps)  # type: ignore[return-value]


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
    params = _variables(start)
    made, method = _make_optimizer(optimizer, params, lr, options)
    return _descend(f, params, made, _Run(method, _StoppingRule(tol)), max_steps)


def _descend(f: Callable[..., Value], params: list[Value], optimizer: Optimizer, run: _Run,
             max_steps: int) -> MinimizeResult:
    """The one descent loop of the first-order methods: the parameters are Values the optimizer updates in place.

    At each step: the point must be finite; f and its gradient are computed
    (one forward pass, one backward pass) and recorded; the run stops if its
    rule says so, else the optimizer takes a step.
    """
    rule = run.rule
    for step in range(max_steps + 1):
        point = [p.data for p in params]
        if not _all_finite(point):
            return run.result(False, rule.diverged(step, "the point is not finite"))
        optimizer.zero_grad()
        try:
            out = _call(f, params, run.function)
            run.evaluations += 1
            out.backward()
            run.backward_passes += 1
        except OverflowError:
            return run.result(False, rule.diverged(step, "f overflowed"))
        if not run.record(point, out.data, [p.grad for p in params]):
            return run.result(False, rule.diverged(step, "f or its gradient is not finite"))
        reason = rule.converged(run.values, run.norms)
        if reason is not None:
            return run.result(True, reason)
        if step < max_steps:
            optimizer.step()
    return run.result(False, f"stopped after max_steps={max_steps} steps")


def _newton(f: Callable[..., Value], start: list[float], lr: float, tol: float, max_steps: int) -> MinimizeResult:
    """Newton's method: step by the solution d of H d = g, with H and g from one forward pass."""
    run = _Run("newton", _StoppingRule(tol))
    point = start
    for step in range(max_steps + 1):
        xs = _variables(point)
        try:
            out = _call(f, xs)
            run.evaluations += 1
            first = grad(out, xs, create_graph=True)  # the gradient as Values, differentiable again
            hessian = [list(grad(g, xs)) for g in first]  # row i: the gradient of df/dx_i
            run.backward_passes += 1 + len(xs)
        except OverflowError:
            return run.result(False, f"diverged at step {step}: f overflowed")
        gradient = [g.data for g in first]
        if not (run.record(point, out.data, gradient) and _all_finite(h for row in hessian for h in row)):
            return run.result(False, f"diverged at step {step}: f or its derivatives are not finite")
        reason = run.rule.converged(run.values, run.norms)
        if reason is not None:
            return run.result(True, reason)
        if step == max_steps:
            break
        direction = solve(hessian, gradient)
        if direction is None:
            return run.result(False, f"stopped at step {step + 1}: the Hessian is singular, no Newton step exists")
        point = [c - lr * d for c, d in zip(point, direction)]
        if not _all_finite(point):
            return run.result(False, f"diverged at step {step + 1}: the point is not finite")
    return run.result(False, f"stopped after max_steps={max_steps} steps")


@dataclass(frozen=True)
class _StoppingRule:
    """When a descent has converged, and how it says that it diverged.

    ``minimize``'s rule: the gradient is shorter than ``tol`` (a stationary
    point). The source article's rule (``article=True``, ``gradient_descent``):
    f changed by less than ``tol`` in the last step, checked after each step.
    """

    tol: float
    article: bool = False

    def converged(self, values: list[float], norms: list[float]) -> str | None:
        """Why the run has converged at its last point (f ``values`` and gradient ``norms`` so far); None if not."""
        if not self.article:
            return f"gradient length {norms[-1]:.3g} < tol {self.tol:g}" if norms[-1] < self.tol else None
        if len(values) < 2:  # the article's loop checks after a step, never at the start
            return None
        change = abs(values[-1] - values[-2])
        return f"f changed by {change:.3g} < threshold {self.tol:g}" if change < self.tol else None

    def diverged(self, step: int, what: str) -> str:
        """Why a first-order run stopped at ``step``, where ``what`` stopped being finite."""
        if self.article:  # the article's loop names its step size step_size, and one cause covers all
            return f"diverged at step {step}: the point or f overflowed (try a smaller step_size)"
        return f"diverged at step {step}: {what} (try a smaller lr)"


class _Run:
    """A descent as it goes: the points, f and the gradient's length at each, the work done, and its rule."""

    def __init__(self, method: str, rule: _StoppingRule, function: str = "minimize",
                 result_type: type[MinimizeResult] = MinimizeResult) -> None:
        self.method = method
        self.rule = rule
        self.function = function  # the public function running it, for the messages
        self.result_type = result_type
        self.path: list[list[float]] = []
        self.values: list[float] = []
        self.norms: list[float] = []
        self.gradient: list[float] = []  # at the last point recorded
        self.evaluations = 0
        self.backward_passes = 0

    def record(self, point: list[float], value: float, gradient: list[float]) -> bool:
        """Add a point if f and its gradient are finite there; return whether they were."""
        if not (math.isfinite(value) and _all_finite(gradient)):
            return False
        norm = gradient_norm(gradient)
        if not math.isfinite(norm):  # every component finite, but the length beyond the largest float
            return False
        self.path.append(point)
        self.values.append(value)
        self.norms.append(norm)
        self.gradient = gradient
        return True

    def result(self, converged: bool, reason: str) -> MinimizeResult:
        """The result ending at the last point recorded (steps: one less than the points recorded)."""
        if not self.path:  # f failed at the very start: the caller's input is wrong
            raise ValueError(f"f overflows or is not finite at the starting point: {self.function}() needs f and "
                             f"its gradient to be finite numbers where it starts")
        return self.result_type(self.path[-1], self.values[-1], self.norms[-1], len(self.path) - 1,
                                self.evaluations, self.backward_passes, converged, reason, self.method, self.path,
                                self.values, self.gradient)


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


def _where(point: list[float], value: float) -> str:
    """Where a run ended, as the results' reprs show it: ``point=[1, 0], value=2`` (6 significant digits)."""
    return f"point=[{', '.join(f'{c:.6g}' for c in point)}], value={value:.6g}"
