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

``plot_descent(f, results)`` draws descents: for a function of two numbers,
its contour map with each path on it; for a function of one, its curve with
each path's points on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Value, grad, no_grad
from nn._checks import check_int, check_number
from nn._grid import evenly_spaced
from nn.minimize import _all_finite, _call, _check_point, _variables, _where


@dataclass
class DescentResult:
    """Where a gradient descent ended and how it got there.

    ``point`` and ``value``: the last point and f there; ``steps``: how many
    steps were taken; ``converged``: whether f changed by less than the
    threshold; ``path`` and ``values``: every point visited (the start
    included) and f at each, for plotting the descent on a contour map;
    ``reason``: why it stopped, in words; ``gradient``: the gradient at
    ``point`` (a small change of f is not always a small gradient: on a
    plateau the descent stops where the slope is small but not zero).
    """

    point: list[float]
    value: float
    steps: int
    converged: bool
    reason: str
    path: list[list[float]] = field(repr=False)
    values: list[float] = field(repr=False)
    gradient: list[float] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        return (f"DescentResult({_where(self.point, self.value)}, steps={self.steps}, "
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
    current = _check_point(point, "gradient_descent")
    step_size = check_number(step_size, "step_size", strict=True, finite=False)
    threshold = check_number(threshold, "threshold", finite=False)
    max_steps = check_int(max_steps, "max_steps", minimum=0)

    evaluated = _value_and_gradient(f, current)
    if evaluated is None:
        raise ValueError(f"f overflows or is not finite at the starting point {current}")
    value, gradient = evaluated
    path, values = [current], [value]
    for step in range(1, max_steps + 1):
        new_point = [c - step_size * g for c, g in zip(current, gradient)]
        evaluated = _value_and_gradient(f, new_point) if _all_finite(new_point) else None
        if evaluated is None:
            return DescentResult(current, value, step - 1, False,
                                 f"diverged at step {step}: the point or f overflowed (try a smaller step_size)",
                                 path, values, gradient)
        new_value, gradient = evaluated
        path.append(new_point)
        values.append(new_value)
        change = abs(new_value - value)
        current, value = new_point, new_value
        if change < threshold:
            return DescentResult(current, value, step, True, f"f changed by {change:.3g} < threshold {threshold:g}",
                                 path, values, gradient)
    return DescentResult(current, value, max_steps, False, f"stopped after max_steps={max_steps} steps",
                         path, values, gradient)


def _value_and_gradient(f: Callable[..., Value], point: list[float]) -> tuple[float, list[float]] | None:
    """f at ``point`` and its gradient, or None where they overflow or are not finite."""
    xs = _variables(point)
    try:
        out = _call(f, xs, "gradient_descent")
        gradient = list(grad(out, xs))
    except OverflowError:
        return None
    if not _all_finite([out.data, *gradient]):
        return None
    return out.data, gradient


def plot_descent(f: Callable[..., Value], results: Sequence[DescentResult], labels: Sequence[str] | None = None, *,
                 xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
                 levels: int | Sequence[float] = 20, filled: bool = False, resolution: int = 100,
                 max_points: int | None = None, title: str | None = None, ax: Any = None) -> Any:
    """Draw gradient descents on the function they minimised; return the matplotlib Figure.

    For a function of two numbers: its contour map over ``xlim`` x ``ylim``
    (``levels``: how many contours, or their heights; ``filled``: shaded
    bands, light at the bottom, instead of lines, and a smaller PNG), with
    each result's path as a line of dots from its start (a circle) to its
    end (a cross). For a function of one number: its curve over
    ``xlim``, with each path's points on it. ``labels`` name the results in
    the legend (default: the number of steps and whether it converged).
    Without ``xlim`` and ``ylim`` the view covers every point visited, with a
    margin; with them, points outside are cut off (a diverging path leaves
    the picture). ``max_points`` draws only the first points of each path
    (the start and that many minus one steps; no end cross then), for paths
    so long that they would hide themselves. ``f`` is evaluated without
    recording a graph.

    >>> bowl = lambda x, y: 2 + 3 * x**2 + 4 * y**2
    >>> figure = plot_descent(bowl, [gradient_descent(bowl, [10.0, 10.0], step_size=0.1)], ['step 0.1'])
    >>> [line.get_label() for line in figure.axes[0].get_lines()][:1]
    ['step 0.1']
    """
    from nn.plotting import pyplot

    results = list(results)
    if not results:
        raise ValueError("plot_descent() needs at least one DescentResult to draw")
    dimensions = {len(result.point) for result in results}
    if len(dimensions) != 1 or not dimensions <= {1, 2}:
        raise ValueError(f"plot_descent() draws descents on functions of one or two numbers; "
                         f"got points with {sorted(dimensions)} coordinates")
    if labels is None:
        labels = [f"{result.steps} steps, " + ("converged" if result.converged else "not converged")
                  for result in results]
    labels = list(labels)
    if len(labels) != len(results):
        raise ValueError(f"plot_descent() needs one label per result; got {len(labels)} labels "
                         f"for {len(results)} results")
    check_int(resolution, "resolution", minimum=2)
    if max_points is not None:
        check_int(max_points, "max_points", minimum=1, otherwise=", or None for whole paths")
    shown = slice(None, max_points)
    (dimension,) = dimensions
    plt = pyplot()
    if ax is None:
        figure, ax = plt.subplots(figsize=(6.4, 4.8) if dimension == 2 else (7.0, 4.0))
    else:
        figure = ax.figure

    def at(*point: float) -> float:
        with no_grad():
            return float(f(*[Value(c) for c in point]))

    def span(coordinate: int) -> tuple[float, float]:
        seen = [p[coordinate] for result in results for p in result.path[shown] if math.isfinite(p[coordinate])]
        low, high = min(seen), max(seen)
        margin = 0.1 * (high - low) or 1.0
        return low - margin, high + margin

    xlim = xlim or span(0)
    grid_x = evenly_spaced(xlim[0], xlim[1], resolution)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if dimension == 2:
        ylim = ylim or span(1)
        grid_y = evenly_spaced(ylim[0], ylim[1], resolution)
        heights = [[at(x, y) for x in grid_x] for y in grid_y]
        if filled:
            ax.contourf(grid_x, grid_y, heights, levels=levels, cmap="Greys", alpha=0.5, extend="max")
        else:
            ax.contour(grid_x, grid_y, heights, levels=levels, cmap="viridis", linewidths=0.7)
        for k, (result, label) in enumerate(zip(results, labels)):
            color = colors[k % len(colors)]
            xs, ys = [p[0] for p in result.path[shown]], [p[1] for p in result.path[shown]]
            ax.plot(xs, ys, ".-", color=color, markersize=5, linewidth=1.2, label=label)
            ax.plot(xs[:1], ys[:1], "o", color=color, markersize=7, markerfacecolor="none")
            if len(xs) == len(result.path):  # the end is drawn: mark it
                ax.plot(xs[-1:], ys[-1:], "x", color=color, markersize=8, markeredgewidth=2)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    else:
        ax.plot(grid_x, [at(x) for x in grid_x], color="0.3", linewidth=1.5, zorder=1)
        for k, (result, label) in enumerate(zip(results, labels)):
            color = colors[k % len(colors)]
            xs, heights_seen = [p[0] for p in result.path[shown]], result.values[shown]
            ax.plot(xs, heights_seen, ".-", color=color, markersize=6, linewidth=0.8, label=label, zorder=2)
            ax.plot(xs[:1], heights_seen[:1], "o", color=color, markersize=8, markerfacecolor="none", zorder=3)
            if len(xs) == len(result.path):
                ax.plot(xs[-1:], heights_seen[-1:], "x", color=color, markersize=9, markeredgewidth=2, zorder=3)
        ax.set_xlim(*xlim)
        if ylim:
            ax.set_ylim(*ylim)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
    ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure
