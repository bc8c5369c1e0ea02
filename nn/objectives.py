"""Test functions for optimizers: named functions of two variables whose minima are known.

Optimizers are compared on a few classic landscapes, each hard in its own way:

* ``VALLEY``: f(x, y) = x^2 + 25 y^2, a bowl 5 times narrower across than
  along. Its curvatures are 2 and 50: a step small enough not to bounce
  across the valley (lr < 2/50) crawls along it. One minimum, (0, 0).
* ``ROSENBROCK``: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, a curved banana-shaped
  valley with a flat floor. One minimum, (1, 1), where f = 0.
* ``STYBLINSKI_TANG``: f(x, y) = (x^4 - 16 x^2 + 5 x + y^4 - 16 y^2 + 5 y) / 2,
  four minima of different depths, the deepest near (-2.9035, -2.9035)
  where f is about -78.33. Which one a descent reaches depends on where it
  starts: the landscape of the source article's third misconception
  ("backpropagation always converges to the global minimum").

Each is an ``Objective``: call it with Values (``ROSENBROCK(x, y)``) to get a
Value that the engine differentiates, or with plain floats to get a float.
It knows its minima (the global one first), a box to draw starts from and
to plot, and a classic starting point.

>>> ROSENBROCK(1.0, 1.0), ROSENBROCK.global_minimum
(0.0, (1.0, 1.0))
>>> STYBLINSKI_TANG.which_minimum([2.75, -2.9])   # the minimum nearest a point, if it is near one
2
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nn.checks import check_int
from nn.grid import evenly_spaced


@dataclass(frozen=True)
class Objective:
    """A named function of two variables with its known minima, for testing optimizers.

    ``function(x, y)`` works on Values and on floats. ``minima`` are the
    local minima, the global one first; ``bounds`` is the box
    ``((x_low, x_high), (y_low, y_high))`` for random starts and plots;
    ``start`` a classic starting point; ``formula`` the function in words.
    """

    name: str
    formula: str
    function: Callable[[Any, Any], Any]
    minima: tuple[tuple[float, float], ...]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]

    def __call__(self, x: Any, y: Any) -> Any:
        return self.function(x, y)

    @property
    def global_minimum(self) -> tuple[float, float]:
        """The point where the function is smallest."""
        return self.minima[0]

    @property
    def minimum_values(self) -> list[float]:
        """The function at each of ``minima``, in the same order."""
        return [float(self.function(x, y)) for x, y in self.minima]

    def nearest_minimum(self, point: Sequence[float]) -> tuple[int, float]:
        """The index in ``minima`` of the minimum nearest ``point``, and the distance to it.

        >>> VALLEY.nearest_minimum([3.0, 4.0])
        (0, 5.0)
        """
        x, y = _pair(point, "nearest_minimum")
        distances = [math.hypot(x - mx, y - my) for mx, my in self.minima]
        index = min(range(len(distances)), key=distances.__getitem__)
        return index, distances[index]

    def which_minimum(self, point: Sequence[float], tolerance: float = 1e-2) -> int | None:
        """The index in ``minima`` of the minimum within ``tolerance`` of ``point``; None if there is none.

        None means the point is not at a known minimum: a descent that ended
        there stopped early, or at a saddle point or a maximum.

        >>> ROSENBROCK.which_minimum([1.0, 1.001]), ROSENBROCK.which_minimum([0.0, 0.0])
        (0, None)
        """
        index, distance = self.nearest_minimum(point)
        return index if distance <= tolerance else None

    def random_starts(self, count: int, seed: int | None = None) -> list[list[float]]:
        """``count`` points drawn uniformly from ``bounds``, reproducibly for a given ``seed``.

        >>> VALLEY.random_starts(2, seed=0) == VALLEY.random_starts(2, seed=0)
        True
        """
        check_int(count, "count", minimum=0)
        rng = random.Random(seed)
        (x_low, x_high), (y_low, y_high) = self.bounds
        return [[rng.uniform(x_low, x_high), rng.uniform(y_low, y_high)] for _ in range(count)]

    def grid(self, resolution: int = 100) -> tuple[list[float], list[float], list[list[float]]]:
        """The function on a ``resolution`` x ``resolution`` grid over ``bounds``, for a contour plot.

        Returns ``(xs, ys, zs)`` with ``zs[j][i] = f(xs[i], ys[j])``, the
        layout ``matplotlib``'s ``contour(xs, ys, zs)`` expects.

        >>> xs, ys, zs = VALLEY.grid(3)
        >>> xs, zs[1][1]
        ([-3.0, 0.0, 3.0], 0.0)
        """
        check_int(resolution, "resolution", minimum=2)
        (x_low, x_high), (y_low, y_high) = self.bounds
        xs = evenly_spaced(x_low, x_high, resolution)
        ys = evenly_spaced(y_low, y_high, resolution)
        return xs, ys, [[float(self.function(x, y)) for x in xs] for y in ys]

    def __repr__(self) -> str:
        return f"Objective({self.name!r}: {self.formula}, {len(self.minima)} minima)"


def valley(x: Any, y: Any) -> Any:
    """A narrow valley, f(x, y) = x^2 + 25 y^2: curvature 2 along x, 50 across."""
    return x**2 + 25 * y**2


def rosenbrock(x: Any, y: Any) -> Any:
    """Rosenbrock's function, f(x, y) = (1 - x)^2 + 100 (y - x^2)^2: minimum 0 at (1, 1)."""
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def styblinski_tang(x: Any, y: Any) -> Any:
    """The Styblinski-Tang function in two variables, (x^4 - 16 x^2 + 5 x + y^4 - 16 y^2 + 5 y) / 2."""
    return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)


def _cubic_roots() -> tuple[float, float]:
    """The two minima of t^4 - 16 t^2 + 5 t on the line: the outer roots of its derivative 4 t^3 - 32 t + 5."""

    def newton(t: float) -> float:
        for _ in range(50):
            t -= (4 * t**3 - 32 * t + 5) / (12 * t**2 - 32)
        return t

    return newton(-3.0), newton(3.0)


_DEEP, _SHALLOW = _cubic_roots()  # about -2.903534 (the deeper) and 2.746803

VALLEY = Objective("valley", "x^2 + 25 y^2", valley, ((0.0, 0.0),), ((-3.0, 3.0), (-1.5, 1.5)), (-2.5, 1.0))
ROSENBROCK = Objective("rosenbrock", "(1 - x)^2 + 100 (y - x^2)^2", rosenbrock, ((1.0, 1.0),),
                       ((-2.0, 2.0), (-1.0, 3.0)), (-1.2, 1.0))
STYBLINSKI_TANG = Objective(
    "styblinski_tang", "(x^4 - 16 x^2 + 5 x + y^4 - 16 y^2 + 5 y) / 2", styblinski_tang,
    # the global minimum first, then the others from deeper to shallower
    ((_DEEP, _DEEP), (_DEEP, _SHALLOW), (_SHALLOW, _DEEP), (_SHALLOW, _SHALLOW)),
    ((-5.0, 5.0), (-5.0, 5.0)), (0.5, 0.5))

OBJECTIVES: dict[str, Objective] = {o.name: o for o in (VALLEY, ROSENBROCK, STYBLINSKI_TANG)}


def _pair(point: Sequence[float], function: str) -> tuple[float, float]:
    if isinstance(point, (str, bytes)) or not hasattr(point, "__len__") or len(point) != 2:
        raise ValueError(f"{function}() needs a point of two numbers [x, y]; got {point!r}")
    return float(point[0]), float(point[1])
