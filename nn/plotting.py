"""Every matplotlib figure of nn: training curves, decision boundaries and descents.

``plot_decision_boundary(model, X, y)`` colours the plane by what a model
with two inputs predicts and draws the samples on top; ``plot_training_curves``
draws the curves of one run (what ``History.plot()`` shows) and ``plot_curves``
labelled curves on one set of axes (what ``plot_histories`` shows, to compare
runs); ``plot_descent(f, results)`` draws descents on the function they
minimised. All return a matplotlib Figure (``.savefig(path)`` writes it);
without a display, matplotlib's non-interactive Agg backend is used.

This module draws numbers: what a History or a descent's result means is
left to ``nn.history`` and ``nn.minimize``, which call it (it imports neither).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, no_grad
from nn.checks import check_int
from nn.grid import evenly_spaced
from nn.metrics import decision_threshold, predicted_class
from nn.runtime import gc_paused


def pyplot() -> Any:
    """``matplotlib.pyplot``, switched to the Agg backend first when there is no display to show windows on."""
    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND"):
        headless = sys.platform.startswith("linux") or "bsd" in sys.platform
        if headless and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            import matplotlib

            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _wants_log_axis(values: Sequence[float]) -> bool:
    """Whether a curve reads better on a logarithmic axis: its finite values are all positive and span over 100x.

    >>> _wants_log_axis([10.0, 0.01]), _wants_log_axis([10.0, 1.0]), _wants_log_axis([10.0, 0.0])
    (True, False, False)
    """
    finite = [v for v in values if math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > 100


def plot_decision_boundary(model: Any, X: Sequence[Sequence[float]], y: Sequence[Any], resolution: int = 80,
                           margin: float = 0.5, title: str | None = None, ax: Any = None) -> Any:
    """Colour the plane by the model's prediction and draw the samples on top; return the Figure.

    The model takes two inputs. With one output, the colour is its sign
    (or the side of 0.5 for a sigmoid output) and the line is where it
    crosses; with several outputs, the colour is the class of the largest.
    ``resolution`` is the number of grid points along each axis.
    """
    if not X or len(X[0]) != 2:
        raise ValueError("plot_decision_boundary() needs samples with two inputs (points in the plane)")
    plt = pyplot()
    xs = [float(p[0]) for p in X]
    ys = [float(p[1]) for p in X]
    x_low, x_high = min(xs) - margin, max(xs) + margin
    y_low, y_high = min(ys) - margin, max(ys) + margin
    grid_x = evenly_spaced(x_low, x_high, resolution)
    grid_y = evenly_spaced(y_low, y_high, resolution)
    threshold = decision_threshold(model)
    several = False
    rows: list[list[float]] = []
    with no_grad(), gc_paused():
        for gy in grid_y:
            row = []
            for gx in grid_x:
                out = model([gx, gy])
                if isinstance(out, (list, tuple)):
                    several = True
                    row.append(float(predicted_class([v.data for v in out], threshold)))
                else:  # above 0: the positive class (as predicted_class says), and a smooth line where it is 0
                    row.append(out.data - threshold)
            rows.append(row)
    if ax is None:
        figure, ax = plt.subplots(figsize=(5.5, 4.6))
    else:
        figure = ax.figure
    labels = list(y)
    classes = sorted(set(labels))
    if several:
        levels = [c - 0.5 for c in range(int(max(max(r) for r in rows)) + 2)]
        ax.contourf(grid_x, grid_y, rows, levels=levels, cmap="tab10", alpha=0.25)
        ax.contour(grid_x, grid_y, rows, levels=levels, colors="k", linewidths=0.6)
    else:
        top = max(1e-12, max(abs(v) for r in rows for v in r))
        ax.contourf(grid_x, grid_y, rows, levels=[-top, 0.0, top], colors=["#f4a6a6", "#a6c8f4"], alpha=0.6)
        ax.contour(grid_x, grid_y, rows, levels=[0.0], colors="k", linewidths=1.2)
    palette = ["#c0392b", "#1f5fbf", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]
    for index, label in enumerate(classes):
        points = [(a, b) for a, b, t in zip(xs, ys, labels) if t == label]
        color = palette[index % len(palette)]
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=22, color=color, edgecolors="white",
                   linewidths=0.6, label=f"class {label}", zorder=3)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure


def plot_training_curves(loss: Sequence[float], loss_name: str, val_loss: Sequence[float] = (),
                         step_loss: Sequence[float] = (), steps_per_epoch: int = 1, accuracy: Sequence[float] = (),
                         val_accuracy: Sequence[float] = (), title: str | None = None) -> Any:
    """Draw one run's loss per epoch (and its accuracy, if it has one, beside it); return the Figure.

    ``History.plot()`` draws its curves with this. The epoch values are
    lines; with several steps per epoch the loss of each step is drawn
    faintly behind them (x in fractional epochs). The loss axis is
    logarithmic when the loss spans more than a factor of 100.

    >>> figure = plot_training_curves([0.9, 0.5, 0.4], 'hinge', accuracy=[0.6, 0.8, 0.85])
    >>> len(figure.axes), figure.axes[0].get_ylabel()
    (2, 'loss (hinge)')
    """
    plt = pyplot()
    panels = 2 if accuracy else 1
    figure, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.8), squeeze=False)
    axes = axes[0]
    epochs = list(range(1, len(loss) + 1))
    ax = axes[0]
    if steps_per_epoch > 1 and step_loss:
        xs = [(i + 1) / steps_per_epoch for i in range(len(step_loss))]
        ax.plot(xs, step_loss, color="tab:blue", alpha=0.25, linewidth=0.8, label="loss per step")
    ax.plot(epochs, loss, color="tab:blue", label="training loss")
    if val_loss:
        ax.plot(epochs, val_loss, color="tab:orange", label="validation loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"loss ({loss_name})")
    if _wants_log_axis(loss):
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    if panels == 2:
        ax = axes[1]
        ax.plot(epochs, accuracy, color="tab:blue", label="training accuracy")
        if val_accuracy:
            ax.plot(epochs, val_accuracy, color="tab:orange", label="validation accuracy")
        ax.set_xlabel("epoch")
        ax.set_ylabel("accuracy")
        ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_curves(curves: Sequence[tuple[str, Sequence[float], Sequence[float]]], xlabel: str, ylabel: str,
                log: bool | None = None, title: str | None = None, ax: Any = None, **line_options: Any) -> Any:
    """Draw labelled curves on one set of axes, one line per ``(label, xs, ys)``; return the Figure.

    ``nn.plot_histories`` compares training runs with this. ``log``: a
    logarithmic y axis; None chooses it when the values are all positive
    and span more than a factor of 100. ``ax``: axes to draw on (default: a
    new figure). Other keyword arguments go to every ``ax.plot``.

    >>> figure = plot_curves([('a', [1, 2], [1.0, 0.5]), ('b', [1, 2], [0.8, 0.6])], 'epoch', 'loss')
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['a', 'b']
    """
    plt = pyplot()
    if ax is None:
        figure, ax = plt.subplots(figsize=(6.4, 4.0))
    else:
        figure = ax.figure
    for label, xs, ys in curves:
        ax.plot(xs, ys, label=label, **line_options)
    if log is None:
        log = _wants_log_axis([y for _, _, ys in curves for y in ys])
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure


def plot_descent(f: Callable[..., Value], results: Sequence[Any], labels: Sequence[str] | None = None, *,
                 xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
                 levels: int | Sequence[float] = 20, filled: bool = False, resolution: int = 100,
                 max_points: int | None = None, title: str | None = None, ax: Any = None) -> Any:
    """Draw descents on the function they minimised; return the matplotlib Figure.

    ``results``: what ``gradient_descent`` or ``minimize`` returned (each has
    its ``path`` and ``values``). For a function of two numbers: its contour map over ``xlim`` x ``ylim``
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

    >>> from nn.minimize import gradient_descent
    >>> bowl = lambda x, y: 2 + 3 * x**2 + 4 * y**2
    >>> figure = plot_descent(bowl, [gradient_descent(bowl, [10.0, 10.0], step_size=0.1)], ['step 0.1'])
    >>> [line.get_label() for line in figure.axes[0].get_lines()][:1]
    ['step 0.1']
    """
    results = list(results)
    if not results:
        raise ValueError("plot_descent() needs at least one DescentResult (or MinimizeResult) to draw")
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
