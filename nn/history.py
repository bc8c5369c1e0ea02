"""What a training run recorded: the ``History`` that ``fit`` returns, its analytics, and runs compared.

A History keeps one list per curve: per optimizer step (``step_loss``,
``step_accuracy``, ``grad_norm``, ``lr``) and per epoch (``loss``,
``accuracy``, ``val_loss``, ``val_accuracy``, ``time``). It answers the
questions a learner asks of a run: when did the loss reach a target
(``epochs_to``, ``steps_to``, ``time_to``), how noisy were the steps
(``noise``); ``History.plot()`` draws it, and ``plot_histories`` draws one
curve of several runs on shared axes.

>>> history = History('hinge', batch_size=10, steps_per_epoch=10)
>>> history.loss, history.time = [0.9, 0.4, 0.2], [0.5, 1.0, 1.5]
>>> history
History(epochs=3, steps=0, loss=0.2, stop_reason='completed')
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from nn.checks import check_int
from nn.plotting import plot_curves, plot_training_curves


class History:
    """What happened during ``fit``: per step and per epoch, the curves a learner plots.

    Per step (one entry per optimizer step): ``step_loss``, ``step_accuracy``
    (on that step's batch, before its update), ``grad_norm`` (the length of
    the whole gradient vector) and ``lr``.

    Per epoch: ``loss`` (the objective minimised, penalties included,
    averaged over the epoch's steps), ``accuracy`` (the fraction of training
    samples classified right during the epoch), ``val_loss`` and
    ``val_accuracy`` (on the validation set after the epoch, penalties
    included in the loss as in the training loss), ``time`` (seconds since
    training started).

    ``accuracy`` lists are empty for regression losses. ``stop_reason`` is
    ``'completed'``, ``'converged'`` (the loss changed by less than ``tol``),
    ``'callback'``, ``'interrupted'`` (Ctrl-C; ``interrupted`` is then True),
    or ``'diverged'`` (the history carried by a ``TrainingDivergedError``).

    To compare runs: ``epochs_to``, ``steps_to`` and ``time_to`` say when a
    curve first reached a target, ``noise`` how jagged a curve is.
    """

    EPOCH_CURVES = ("loss", "accuracy", "val_loss", "val_accuracy")
    STEP_CURVES = ("step_loss", "step_accuracy", "grad_norm", "lr")

    def __init__(self, loss_name: str, batch_size: int, steps_per_epoch: int) -> None:
        self.loss_name = loss_name
        self.batch_size = batch_size
        self.steps_per_epoch = steps_per_epoch
        self.step_loss: list[float] = []
        self.step_accuracy: list[float] = []
        self.grad_norm: list[float] = []
        self.lr: list[float] = []
        self.loss: list[float] = []
        self.accuracy: list[float] = []
        self.val_loss: list[float] = []
        self.val_accuracy: list[float] = []
        self.time: list[float] = []
        self.stop_reason = "completed"
        self.interrupted = False

    @property
    def epochs(self) -> int:
        """How many epochs were completed."""
        return len(self.loss)

    @property
    def steps(self) -> int:
        """How many optimizer steps were taken."""
        return len(self.step_loss)

    def epochs_to(self, target: float, curve: str = "loss") -> int | None:
        """The first epoch (counting from 1) at whose end ``curve`` had reached ``target``; None if none had.

        A loss reaches the target by coming down to it (value <= target), an
        accuracy by coming up to it (value >= target). ``curve`` is one of
        ``'loss'``, ``'accuracy'``, ``'val_loss'``, ``'val_accuracy'``.

        >>> history = History('hinge', batch_size=10, steps_per_epoch=10)
        >>> history.loss, history.time = [0.9, 0.4, 0.2], [0.5, 1.0, 1.5]
        >>> history.epochs_to(0.5), history.steps_to(0.5), history.time_to(0.5), history.epochs_to(0.1)
        (2, 20, 1.0, None)
        """
        if curve not in self.EPOCH_CURVES:
            raise ValueError(f"curve must be one of {', '.join(map(repr, self.EPOCH_CURVES))} (the per-epoch "
                             f"curves); got {curve!r}")
        if isinstance(target, bool) or not isinstance(target, (int, float)) or math.isnan(target):
            raise ValueError(f"target must be a number; got {target!r}")
        values = getattr(self, curve)
        upward = curve.endswith("accuracy")
        for epoch, value in enumerate(values, start=1):
            if (value >= target) if upward else (value <= target):
                return epoch
        return None

    def steps_to(self, target: float, curve: str = "loss") -> int | None:
        """How many optimizer steps had been taken when ``curve`` first reached ``target``; None if it never did.

        Curves are measured at the end of each epoch, so this is a whole
        number of epochs times ``steps_per_epoch`` (see ``epochs_to``).
        """
        epoch = self.epochs_to(target, curve)
        return None if epoch is None else epoch * self.steps_per_epoch

    def time_to(self, target: float, curve: str = "loss") -> float | None:
        """The seconds of training until ``curve`` first reached ``target`` (at an epoch's end); None if never.

        The time includes the validation measured at the end of each epoch.
        """
        epoch = self.epochs_to(target, curve)
        return None if epoch is None else self.time[epoch - 1]

    def noise(self, curve: str = "step_loss", last: int | None = None) -> float:
        """How jagged a curve is: the standard deviation of its changes from one value to the next.

        A smooth descent changes by small, similar amounts from step to step
        (noise near 0); a curve that jumps up and down has a large noise. It
        is the population standard deviation of the differences
        ``values[i+1] - values[i]``. ``curve``: any per-step or per-epoch list
        (default ``'step_loss'``, the loss of each step's batch); ``last``:
        use only the last that many values (to leave out the first fast drop).

        >>> history = History('hinge', batch_size=1, steps_per_epoch=4)
        >>> history.step_loss = [1.0, 0.5, 1.0, 0.5]   # changes -0.5, +0.5, -0.5
        >>> round(history.noise(), 4)
        0.4714
        >>> history.step_loss = [1.0, 0.9, 0.8, 0.7]   # a straight line: no noise
        >>> round(history.noise(), 12)
        0.0
        """
        if curve not in self.EPOCH_CURVES + self.STEP_CURVES:
            raise ValueError(f"curve must be one of {', '.join(map(repr, self.EPOCH_CURVES + self.STEP_CURVES))}; "
                             f"got {curve!r}")
        values = getattr(self, curve)
        if last is not None:
            last = check_int(last, "last", minimum=2)
            values = values[-last:]
        if len(values) < 2:
            raise ValueError(f"noise() needs at least 2 values of {curve!r}; the history has {len(values)}")
        return statistics.pstdev([b - a for a, b in zip(values, values[1:])])

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain lists and numbers, for strict JSON (``json.dumps(..., allow_nan=False)``) or pandas.

        A NaN or an infinity in a curve (a validation loss can be one: it is
        measured, not guarded against divergence) is written as None, JSON's
        null, which strict JSON allows; the History itself keeps the number.
        """
        record: dict[str, Any] = {}
        for key in ("loss_name", "batch_size", "steps_per_epoch", "epochs", "steps", "stop_reason", "interrupted",
                    "loss", "accuracy", "val_loss", "val_accuracy", "time", "step_loss", "step_accuracy", "grad_norm",
                    "lr"):
            value = getattr(self, key)
            record[key] = [v if math.isfinite(v) else None for v in value] if isinstance(value, list) else value
        return record

    def __repr__(self) -> str:
        parts = [f"epochs={self.epochs}", f"steps={self.steps}"]
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name}={values[-1]:.4g}")
        parts.append(f"stop_reason={self.stop_reason!r}")
        return f"History({', '.join(parts)})"

    def plot(self, title: str | None = None) -> Any:
        """Draw the loss (and accuracy) curves; return the matplotlib Figure.

        Epoch values are drawn as lines; with several steps per epoch the
        per-step loss is drawn faintly behind them (x in fractional epochs).
        The drawing is ``nn.plotting.plot_training_curves``'s.
        """
        return plot_training_curves(self.loss, self.loss_name, val_loss=self.val_loss, step_loss=self.step_loss,
                                    steps_per_epoch=self.steps_per_epoch, accuracy=self.accuracy,
                                    val_accuracy=self.val_accuracy, title=title)


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
    to every ``ax.plot`` (``alpha=0.7``, ``linewidth=1``). The drawing is
    ``nn.plotting.plot_curves``'s.

    >>> slow, fast = History('hinge', 100, 1), History('hinge', 10, 10)
    >>> slow.loss, fast.loss = [1.0, 0.8, 0.7], [0.6, 0.2, 0.1]
    >>> figure = plot_histories({'batch': slow, 'mini-batch': fast})
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['batch', 'mini-batch']
    """
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
    lines = [(str(name), _x_values(history, curve, x), getattr(history, curve)) for name, history in runs]
    return plot_curves(lines, xlabel={"epoch": "epoch", "step": "step", "time": "seconds"}[x],
                       ylabel=curve.replace("_", " "), log=log, title=title, ax=ax, **line_options)


def _x_values(history: History, curve: str, x: str) -> list[float]:
    """Where each value of ``curve`` sits along ``x`` (``'epoch'``, ``'step'`` or ``'time'``)."""
    count = len(getattr(history, curve))
    if curve in History.STEP_CURVES:
        steps = [k + 1 for k in range(count)]
        return [k / history.steps_per_epoch for k in steps] if x == "epoch" else steps
    if x == "epoch":
        return list(range(1, count + 1))
    if x == "step":
        return [(e + 1) * history.steps_per_epoch for e in range(count)]
    return history.time[:count]
