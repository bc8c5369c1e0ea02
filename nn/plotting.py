"""Pictures of training: matplotlib set up to work anywhere, and decision boundaries.

``plot_decision_boundary(model, X, y)`` colours the plane by what a model
with two inputs predicts and draws the samples on top; ``History.plot()``
draws the training curves of one run, ``plot_histories`` one curve of
several runs, to compare them. All return a matplotlib Figure (``.savefig(path)``
writes it); without a display, matplotlib's non-interactive Agg backend is used.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from autograd import no_grad
from nn._grid import evenly_spaced

if TYPE_CHECKING:
    from nn.training import History


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
    from nn.training import _decision_threshold, _gc_paused, _predicted_class

    plt = pyplot()
    xs = [float(p[0]) for p in X]
    ys = [float(p[1]) for p in X]
    x_low, x_high = min(xs) - margin, max(xs) + margin
    y_low, y_high = min(ys) - margin, max(ys) + margin
    grid_x = evenly_spaced(x_low, x_high, resolution)
    grid_y = evenly_spaced(y_low, y_high, resolution)
    threshold = _decision_threshold(model)
    several = False
    rows: list[list[float]] = []
    with no_grad(), _gc_paused():
        for gy in grid_y:
            row = []
            for gx in grid_x:
                out = model([gx, gy])
                if isinstance(out, (list, tuple)):
                    several = True
                    row.append(float(_predicted_class([v.data for v in out], threshold)))
                else:  # above 0: the positive class (as _predicted_class says), and a smooth line where it is 0
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


def plot_histories(histories: Mapping[str, History] | Sequence[tuple[str, History]], curve: str = "loss",
                   x: str = "epoch", log: bool | None = None, title: str | None = None, ax: Any = None,
                   **line_options: Any) -> Any:
    """Draw the same curve of several training runs on one set of axes, to compare them; return the Figure.

    ``histories``: ``{name: History}`` (or ``(name, History)`` pairs); each
    run is one line labelled with its name. ``curve``: any list a History
    keeps: per epoch ``'loss'``, ``'accuracy'``, ``'val_loss'``,
    ``'val_accuracy'``, or per step ``'step_loss'``, ``'step_accuracy'``,
    ``'grad_norm'``, ``'lr'``. ``x``: ``'epoch'`` (per-step values sit at
    fractional epochs), ``'step'`` (per-epoch values sit at the step that
    ended the epoch) or ``'time'`` (seconds; per-epoch curves only).
    ``log``: a logarithmic y axis; None chooses it when the values are all
    positive and span more than a factor of 100. Other keyword arguments go
    to every ``ax.plot`` (``alpha=0.7``, ``linewidth=1``).

    >>> from nn.training import History
    >>> slow, fast = History('hinge', 100, 1), History('hinge', 10, 10)
    >>> slow.loss, fast.loss = [1.0, 0.8, 0.7], [0.6, 0.2, 0.1]
    >>> figure = plot_histories({'batch': slow, 'mini-batch': fast})
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['batch', 'mini-batch']
    """
    from nn.training import History

    runs = list(histories.items()) if isinstance(histories, Mapping) else list(histories)
    if not runs:
        raise ValueError("plot_histories() needs at least one history to draw")
    for name, history in runs:
        if not isinstance(history, History):
            raise TypeError(f"plot_histories() needs Histories (what nn.fit returns); {name!r} is "
                            f"{type(history).__name__}")
    curves = History.EPOCH_CURVES + History.STEP_CURVES
    if curve not in curves:
        raise ValueError(f"curve must be one of {', '.join(map(repr, curves))}; got {curve!r}")
    if x not in ("epoch", "step", "time"):
        raise ValueError(f"x must be 'epoch', 'step' or 'time'; got {x!r}")
    per_step = curve in History.STEP_CURVES
    if per_step and x == "time":
        raise ValueError(f"x='time' needs a per-epoch curve (the time is measured at the end of each epoch); "
                         f"{curve!r} is per step: use x='epoch' or x='step'")

    plt = pyplot()
    if ax is None:
        figure, ax = plt.subplots(figsize=(6.4, 4.0))
    else:
        figure = ax.figure
    everything: list[float] = []
    for name, history in runs:
        values = getattr(history, curve)
        if per_step:
            xs = [k + 1 for k in range(len(values))]
            if x == "epoch":
                xs = [k / history.steps_per_epoch for k in xs]
        elif x == "epoch":
            xs = list(range(1, len(values) + 1))
        elif x == "step":
            xs = [(e + 1) * history.steps_per_epoch for e in range(len(values))]
        else:
            xs = history.time[:len(values)]
        ax.plot(xs, values, label=str(name), **line_options)
        everything.extend(values)
    if log is None:
        log = _wants_log_axis(everything)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel({"epoch": "epoch", "step": "step", "time": "seconds"}[x])
    ax.set_ylabel(curve.replace("_", " "))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure
