"""The training loop: ``fit`` a model to data by gradient descent, and measure it.

``fit`` runs epochs over the data; each step takes a batch of samples, runs
the forward pass, computes the loss (plus any L1/L2 penalty), runs
``backward()`` and lets the optimizer update the parameters:

* ``batch_size=None`` (or 0): batch gradient descent, the whole set each step;
* ``batch_size=1``: stochastic gradient descent, one sample per step;
* ``batch_size=k``: mini-batch gradient descent.

It returns a ``History`` of the losses, accuracies, gradient norms, learning
rates and times, which prints compactly and plots with ``History.plot()``.

>>> from nn.module import MLP
>>> from nn.datasets import make_moons
>>> X, y = make_moons(40, noise=0.1, random_state=0)
>>> model = MLP(2, [8, 1], seed=0)
>>> history = fit(model, X, y, loss='hinge', epochs=20, lr=0.5, progress=False)
>>> history.epochs, history.loss[-1] < history.loss[0]
(20, True)
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import random
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from numbers import Real
from typing import Any

from autograd import Value, no_grad
from nn._checks import as_whole_number, check_int, check_number
from nn.datasets import labels_to_signs, signs_to_labels
from nn.losses import binary_cross_entropy, cross_entropy, hinge_loss, l1_penalty, l2_penalty, mse_loss
from nn.module import Module, assign_parameters
from nn.optim import SGD, Optimizer
from nn.schedules import ScheduleLike, as_schedule

LOSSES: dict[str, Callable[..., Value]] = {
    "hinge": hinge_loss,
    "mse": mse_loss,
    "bce": binary_cross_entropy,
    "cross_entropy": cross_entropy,
}


class TrainingDivergedError(ValueError):
    """The loss (or a gradient, or a parameter) became NaN or infinite; the parameters and optimizer were restored.

    ``step``, ``epoch`` and ``loss`` say where it happened; ``history`` is
    the ``History`` of the steps before it (``stop_reason='diverged'``), so the
    climb of the loss up to the divergence can still be plotted.
    """

    def __init__(self, message: str, step: int, epoch: int, loss: float, history: History | None = None) -> None:
        super().__init__(message)
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.history = history


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
        """
        from nn.plotting import _wants_log_axis, pyplot

        plt = pyplot()
        panels = 2 if self.accuracy else 1
        figure, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.8), squeeze=False)
        axes = axes[0]
        epochs = list(range(1, self.epochs + 1))
        ax = axes[0]
        if self.steps_per_epoch > 1 and self.step_loss:
            xs = [(i + 1) / self.steps_per_epoch for i in range(len(self.step_loss))]
            ax.plot(xs, self.step_loss, color="tab:blue", alpha=0.25, linewidth=0.8, label="loss per step")
        ax.plot(epochs, self.loss, color="tab:blue", label="training loss")
        if self.val_loss:
            ax.plot(epochs, self.val_loss, color="tab:orange", label="validation loss")
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"loss ({self.loss_name})")
        if _wants_log_axis(self.loss):
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend()
        if panels == 2:
            ax = axes[1]
            ax.plot(epochs, self.accuracy, color="tab:blue", label="training accuracy")
            if self.val_accuracy:
                ax.plot(epochs, self.val_accuracy, color="tab:orange", label="validation accuracy")
            ax.set_xlabel("epoch")
            ax.set_ylabel("accuracy")
            ax.set_ylim(-0.02, 1.02)
            ax.grid(alpha=0.3)
            ax.legend(loc="lower right")
        if title:
            figure.suptitle(title)
        figure.tight_layout()
        return figure


def fit(model: Module, X: Sequence[Sequence[Any]], y: Sequence[Any], loss: str | Callable[..., Value] = "hinge",
        optimizer: Optimizer | None = None, epochs: int = 100, batch_size: int | None = None, shuffle: bool = True,
        seed: int | None = None, l2: float = 0.0, l1: float = 0.0, lr_schedule: ScheduleLike = None,
        tol: float | None = None, callbacks: Sequence[Callable[[History], Any]] = (), progress: bool = True,
        validation: tuple[Sequence[Any], Sequence[Any]] | None = None, lr: float | None = None) -> History:
    """Train ``model`` on ``X``, ``y`` by gradient descent; return the ``History``.

    ``loss``: ``'hinge'``, ``'mse'``, ``'bce'``, ``'cross_entropy'`` or a
    callable ``loss(outputs, targets) -> Value`` (outputs: the model's
    output for each sample of the batch). Labels: the hinge loss accepts 0/1
    or -1/+1 labels (0/1 are mapped to -1/+1), ``'bce'`` accepts 0/1 or -1/+1
    (mapped to 0/1), ``'cross_entropy'`` class indices.

    ``optimizer``: an ``nn`` optimizer over ``model.parameters()`` (or some
    of them, to train only those; the gradients of all are cleared at every
    step); None means plain ``SGD`` with learning rate ``lr`` (default 0.1).
    ``lr_schedule``: a callable ``step -> lr`` (see ``nn.schedules``)
    applied before every step.
    ``batch_size``: None or 0 for the whole set, 1 for stochastic, k for
    mini-batches (the set is reshuffled every epoch when ``shuffle``, with
    ``seed``). ``l2``/``l1``: strengths of the penalties ``l2 * sum p^2`` and
    ``l1 * sum |p|`` added to the loss. ``tol``: stop when the epoch loss
    changes by less than this. ``callbacks``: called after every epoch as
    ``callback(history)``; one that returns True stops training.
    ``validation=(X_val, y_val)``: measured after every epoch.
    ``progress``: a tqdm progress bar, shown in terminals and notebooks.

    The data are checked first: a NaN or an infinity in ``X`` or ``y`` is a
    ValueError saying where (``X contains NaN at sample 17, feature 0``).

    Ctrl-C stops training after the current step (press it twice to abandon
    the step) and returns the history so far, marked ``interrupted``. A NaN
    or infinite loss, gradient or parameter raises ``TrainingDivergedError``
    naming the step, with the parameters and the optimizer's state (its step
    count, momentum buffers, running averages) from before that step restored
    and the history so far as its ``history``. Any other error inside a step
    (in a loss function of one's own, say) undoes the step the same way
    before it goes on: training stops between two steps, never inside one.
    """
    X = list(X)
    y = list(y)
    n = len(X)
    if n == 0:
        raise ValueError("fit() needs at least one training sample; got an empty X")
    if len(y) != n:
        raise ValueError(f"fit() needs one label per sample; got {n} samples and {len(y)} labels")
    _check_finite(X, "X", "feature")
    _check_finite(y, "y", "output")
    epochs = check_int(epochs, "epochs", minimum=0)
    if batch_size is None or batch_size == 0:
        batch = n
    else:
        batch = min(check_int(batch_size, "batch_size", minimum=1, otherwise=", or 0 or None for the whole set"), n)
    l2 = check_number(l2, "l2")
    l1 = check_number(l1, "l1")
    if tol is not None:
        check_number(tol, "tol")

    loss_name, loss_fn, task = _resolve_loss(loss)
    threshold = _decision_threshold(model)
    targets = _prepare_targets(y, loss_name, model)
    forward = _forward_function(model, X)
    if validation is not None:
        X_val, y_val = _unpack_validation(validation)
        _check_finite(X_val, "validation X", "feature")
        _check_finite(y_val, "validation y", "output")
        val_targets = _prepare_targets(y_val, loss_name, model)
        val_forward = _forward_function(model, X_val)

    params = model.parameters()
    if optimizer is None:
        optimizer = SGD(params, lr=0.1 if lr is None else lr)
    elif lr is not None:
        raise ValueError("fit() got both an optimizer and lr; give the learning rate to the optimizer instead")
    else:
        _check_optimizer_params(optimizer, params)
    schedule = as_schedule(lr_schedule, optimizer.lr)
    for callback in callbacks:
        if not callable(callback):
            raise TypeError(f"each callback must be a callable taking the History; got {callback!r}")

    steps_per_epoch = math.ceil(n / batch)
    history = History(loss_name, batch, steps_per_epoch)
    rng = random.Random(seed)
    order = list(range(n))
    started = time.perf_counter()
    step = 0
    stop = _StopRequest()
    bar = _progress_bar(progress, epochs)
    try:
        with stop.catching_ctrl_c():
            for epoch in range(epochs):
                if stop.requested:  # Ctrl-C between epochs (in a callback, say)
                    history.interrupted = True
                    history.stop_reason = "interrupted"
                    break
                if shuffle and batch < n:
                    rng.shuffle(order)
                loss_sum = 0.0
                correct = 0
                epoch_done = True
                for begin in range(0, n, batch):
                    if stop.requested:  # Ctrl-C came between two steps
                        epoch_done = False
                        break
                    indices = order[begin:begin + batch]
                    rate = schedule(step)
                    if not (isinstance(rate, (int, float)) and math.isfinite(rate) and rate >= 0):
                        raise ValueError(f"the learning-rate schedule gave {rate!r} at step {step}; "
                                         f"it must return a finite number >= 0")
                    optimizer.lr = float(rate)
                    before = _StepStart(params, optimizer)
                    try:
                        step_loss, step_correct, norm = _train_step(forward, loss_fn, task, threshold, indices,
                                                                    targets, params, optimizer, l2, l1, step, epoch)
                    except KeyboardInterrupt:  # a second Ctrl-C (or one outside the main thread): abandon the step
                        before.restore()
                        stop.requested = True
                        epoch_done = False
                        break
                    except TrainingDivergedError as error:
                        before.restore()
                        history.stop_reason = "diverged"
                        error.history = history
                        raise
                    except BaseException:  # any other error, at any point of the step: undo it, then let it go on
                        before.restore()
                        raise
                    history.step_loss.append(step_loss)
                    if task is not None:
                        history.step_accuracy.append(step_correct / len(indices))
                    history.grad_norm.append(norm)
                    history.lr.append(optimizer.lr)
                    loss_sum += step_loss * len(indices)
                    correct += step_correct
                    step += 1
                    if stop.requested:
                        epoch_done = begin + batch >= n
                        break
                if not epoch_done:  # an unfinished epoch is not recorded as an epoch
                    history.interrupted = True
                    history.stop_reason = "interrupted"
                    break
                history.loss.append(loss_sum / n)
                if task is not None:
                    history.accuracy.append(correct / n)
                if validation is not None:
                    val_loss, val_accuracy = _evaluate(val_forward, loss_fn, task, threshold, val_targets, params,
                                                       l2, l1)
                    history.val_loss.append(val_loss)
                    if task is not None:
                        history.val_accuracy.append(val_accuracy)
                history.time.append(time.perf_counter() - started)
                if bar is not None:
                    bar.set_postfix_str(_postfix(history), refresh=False)
                    bar.update(1)
                if stop.requested:
                    history.interrupted = True
                    history.stop_reason = "interrupted"
                    break
                if any([callback(history) is True for callback in callbacks]):
                    history.stop_reason = "callback"
                    break
                if tol is not None and len(history.loss) >= 2 and abs(history.loss[-2] - history.loss[-1]) < tol:
                    history.stop_reason = "converged"
                    break
    finally:
        if bar is not None:
            bar.close()
    return history


def _train_step(forward: Callable[[int], Any], loss_fn: Callable[..., Value], task: str | None, threshold: float,
                indices: list[int], targets: list[Any], params: list[Value], optimizer: Optimizer, l2: float,
                l1: float, step: int, epoch: int) -> tuple[float, int, float]:
    """One step on the samples ``indices``: forward, loss, backward, update. Returns (loss, correct, grad norm)."""
    with _gc_paused():
        try:
            outputs = [forward(i) for i in indices]
            batch_targets = [targets[i] for i in indices]
            total = loss_fn(outputs, batch_targets)
            if not isinstance(total, Value):
                raise TypeError(f"the loss function must return a Value; it returned {type(total).__name__}: {total!r}")
            if l2:
                total = total + l2 * l2_penalty(params)
            if l1:
                total = total + l1 * l1_penalty(params)
        except OverflowError as error:
            raise _diverged(step, epoch, math.inf, f"the forward pass overflowed ({error})") from error
        loss_value = total.data
        if not math.isfinite(loss_value):
            raise _diverged(step, epoch, loss_value, f"the loss is {loss_value}")
        correct = _count_correct(task, threshold, outputs, batch_targets)
        for p in params:  # model.zero_grad(): every parameter of the model, also those the optimizer leaves alone
            p.grad = 0.0
        total.backward()
        # drop the graph now, while the cyclic collector is paused: it is freed
        # by reference counting alone, and the collector never has to scan it
        outputs = total = None  # type: ignore[assignment]
        # hypot: the length without squaring (math.fsum of squares raises OverflowError on grads > 1e154)
        norm = math.hypot(*[p.grad for p in params])
        if not math.isfinite(norm):
            raise _diverged(step, epoch, loss_value, f"the gradient norm is {norm}")
        optimizer.step()
        if not all(math.isfinite(p.data) for p in params):
            raise _diverged(step, epoch, loss_value, "a parameter became NaN or infinite in the update")
    return loss_value, correct, norm


def _diverged(step: int, epoch: int, loss: float, what: str) -> TrainingDivergedError:
    return TrainingDivergedError(
        f"training diverged at step {step} (epoch {epoch}): {what}. The parameters from before this step are "
        f"restored. Try a smaller learning rate, a schedule that decays it, or gradient-friendlier inputs "
        f"(scaled to about -1 .. 1).", step, epoch, loss)


def _evaluate(forward: Callable[[int], Any], loss_fn: Callable[..., Value], task: str | None, threshold: float,
              targets: list[Any], params: list[Value], l2: float, l1: float) -> tuple[float, float]:
    """(loss, accuracy) on a whole set, without recording a graph."""
    with no_grad(), _gc_paused():
        outputs = [forward(i) for i in range(len(targets))]
        total = loss_fn(outputs, targets)
        if l2:
            total = total + l2 * l2_penalty(params)
        if l1:
            total = total + l1 * l1_penalty(params)
        correct = _count_correct(task, threshold, outputs, targets)
    return total.data, correct / len(targets)


def predict(model: Module, X: Sequence[Sequence[Any]]) -> list[Any]:
    """The model's outputs on every sample of ``X``, as plain floats (a list of floats for several outputs).

    No graph is recorded.

    >>> from nn.module import MLP
    >>> len(predict(MLP(2, [4, 1], seed=0), [[0.0, 1.0], [1.0, 0.0]]))
    2
    """
    results: list[Any] = []
    with no_grad(), _gc_paused():
        for x in X:
            out = model(x)
            results.append([float(v) for v in out] if isinstance(out, (list, tuple)) else float(out))
    return results


def accuracy(model: Module, X: Sequence[Sequence[Any]], y: Sequence[Any]) -> float:
    """The fraction of samples the model classifies right.

    With several outputs the predicted class is the largest output and the
    labels are class indices. With one output the sample is predicted
    positive when the output is above 0 (above 0.5 for a model whose
    ``output_activation`` is ``'sigmoid'``) and a label is positive when it
    is above 0, so 0/1 and -1/+1 labels both work.

    >>> from nn.module import MLP
    >>> accuracy(MLP(1, [1], seed=0), [[1.0], [-1.0]], [1, 1])
    0.5
    """
    outputs = predict(model, X)
    labels = list(y)
    if len(outputs) != len(labels):
        raise ValueError(f"accuracy() needs one label per sample; got {len(outputs)} samples and {len(labels)} labels")
    if not outputs:
        raise ValueError("accuracy() needs at least one sample")
    threshold = _decision_threshold(model)
    right = sum(_predicted_class(out, threshold) == _true_class(out, label) for out, label in zip(outputs, labels))
    return right / len(labels)


# ---------------------------------------------------------------------- helpers


def _resolve_loss(loss: Any) -> tuple[str, Callable[..., Value], str | None]:
    """(name, function, task) for a loss name or callable; task is 'binary', 'multiclass' or None."""
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(map(repr, LOSSES))} or a callable; got {loss!r}")
        task = {"hinge": "binary", "bce": "binary", "cross_entropy": "multiclass", "mse": None}[loss]
        return loss, LOSSES[loss], task
    if callable(loss):
        return getattr(loss, "__name__", "custom"), loss, None
    raise TypeError(f"loss must be a name or a callable loss(outputs, targets) -> Value; got {loss!r}")


def _prepare_targets(y: Sequence[Any], loss_name: str, model: Any) -> list[Any]:
    """The labels in the convention the loss needs (see ``fit``), checked once, up front."""
    y = list(y)
    try:
        if loss_name == "hinge":
            return labels_to_signs(y)
        if loss_name == "bce":
            return signs_to_labels(y)
    except ValueError as error:
        raise ValueError(f"loss={loss_name!r} needs binary labels, 0/1 or -1/+1: {error}") from None
    if loss_name == "cross_entropy":
        classes = getattr(model, "nout", None)
        indices = []
        for i, label in enumerate(y):
            index = as_whole_number(label)  # an int, or a numpy integer
            if index is None or index < 0 or (classes is not None and index >= classes):
                bound = f"0 .. {classes - 1}" if classes else "0, 1, ..."
                raise ValueError(f"loss='cross_entropy' needs class indices {bound} as labels (the model has "
                                 f"{classes} outputs); label {i} is {label!r}")
            indices.append(index)
        return indices
    return y


def _check_finite(samples: list[Any], name: str, part: str) -> None:
    """Refuse a NaN or an infinity in the data, saying where: ``X contains NaN at sample 17, feature 0``.

    Such a number makes the loss NaN at the first step, which would look
    like a learning rate too large. Each sample is a number or a list of
    numbers (its parts: features or outputs); other things are left to
    the checks that follow.
    """
    for i, sample in enumerate(samples):
        single = isinstance(sample, (Real, Value)) or not isinstance(sample, Iterable) or isinstance(sample, str)
        for j, item in enumerate([sample] if single else sample):
            problem = _non_finite(item.data if isinstance(item, Value) else item)
            if problem:
                where = f"sample {i}" if single else f"sample {i}, {part} {j}"
                raise ValueError(f"{name} contains {problem} at {where}; fit() needs finite numbers (remove that "
                                 f"sample or fill in a value)")


def _non_finite(x: Any) -> str | None:
    """What keeps the real number ``x`` from being computed with ('NaN', 'inf', '-inf', ...); None if nothing does."""
    if isinstance(x, bool) or not isinstance(x, Real):
        return None
    try:
        value = float(x)
    except OverflowError:  # an int beyond 1.8e308
        return "a number too large for a float"
    return None if math.isfinite(value) else "NaN" if math.isnan(value) else repr(value)


def _forward_function(model: Any, X: list[Any]) -> Callable[[int], Any]:
    """A function ``i -> model(X[i])``; for an nn Module the inputs are checked once here, not at every step."""
    if isinstance(model, Module) and type(model).__call__ is Module.__call__:
        for x in X:
            model._checked_inputs(x)
        run = model.forward
    elif callable(model):
        run = model
    else:
        raise TypeError(f"fit() needs a model (an nn Module); got {type(model).__name__}: {model!r}")
    return lambda i: run(X[i])


def _unpack_validation(validation: Any) -> tuple[list[Any], list[Any]]:
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise ValueError("validation must be a pair (X_val, y_val)")
    X_val, y_val = list(validation[0]), list(validation[1])
    if not X_val or len(X_val) != len(y_val):
        raise ValueError(f"validation needs as many labels as samples, at least one; got {len(X_val)} samples and "
                         f"{len(y_val)} labels")
    return X_val, y_val


def _check_optimizer_params(optimizer: Optimizer, params: list[Value]) -> None:
    """Refuse an optimizer that would update Values which are not the model's parameters."""
    own = {id(p) for p in params}
    foreign = [i for i, p in enumerate(optimizer.params) if id(p) not in own]
    if foreign:
        raise ValueError(
            f"{len(foreign)} of the optimizer's {len(optimizer.params)} parameters are not parameters of the model "
            f"being trained (the first is parameter {foreign[0]}; was the optimizer built on another model?); "
            f"build it on this model's: {type(optimizer).__name__}(model.parameters(), ...)")


def _decision_threshold(model: Any) -> float:
    """The output above which a one-output model predicts the positive class.

    0.5 for a model whose ``output_activation`` is ``'sigmoid'`` (its output
    is a probability), 0 otherwise (a score or a logit).
    """
    return 0.5 if getattr(model, "output_activation", None) == "sigmoid" else 0.0


def _predicted_class(output: float | list[float], threshold: float) -> int:
    """The class an output predicts: the index of the largest of several outputs; one output: 1 above ``threshold``.

    >>> _predicted_class([0.1, 2.0, -1.0], 0.0), _predicted_class(0.3, 0.0), _predicted_class(0.3, 0.5)
    (1, 1, 0)
    """
    if isinstance(output, (list, tuple)):
        return max(range(len(output)), key=output.__getitem__)
    return int(output > threshold)


def _true_class(output: float | list[float], label: Any) -> Any:
    """The class a label stands for: a class index for several outputs; for one, 1 for a label above 0, else 0.

    So 0/1 and -1/+1 labels both work with one output.
    """
    return label if isinstance(output, (list, tuple)) else int(label > 0)


def _count_correct(task: str | None, threshold: float, outputs: list[Any], targets: list[Any]) -> int:
    """How many of a batch's outputs (Values) predict their target's class; 0 when the loss is not a classifier's."""
    if task is None:
        return 0
    count = 0
    for out, target in zip(outputs, targets):
        data = [v.data for v in out] if isinstance(out, (list, tuple)) else out.data
        count += _predicted_class(data, threshold) == _true_class(data, target)
    return count


class _StepStart:
    """What a training step changes, saved before it: the parameters (data and gradients) and the optimizer's state."""

    def __init__(self, params: list[Value], optimizer: Optimizer) -> None:
        self.params, self.optimizer = params, optimizer
        self.data = [p.data for p in params]
        self.grads = [p.grad for p in params]
        self.optimizer_state = optimizer._snapshot()  # its step count, momentum buffers, running averages

    def restore(self) -> None:
        """Put everything back as it was before the step."""
        assign_parameters(self.params, self.data, self.grads)
        self.optimizer._restore(self.optimizer_state)


def _postfix(history: History) -> str:
    text = f"loss={history.loss[-1]:.4g}"
    if history.accuracy:
        text += f" acc={history.accuracy[-1]:.3f}"
    if history.val_accuracy:
        text += f" val_acc={history.val_accuracy[-1]:.3f}"
    elif history.val_loss:
        text += f" val_loss={history.val_loss[-1]:.4g}"
    return text


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    NOTE: a step builds ~65,000 nodes for the demo MLP. The collector runs
    every 700 new objects and rescans the older ones as they pile up, which
    took 30-45% of the step time (benchmarks/: the GC share); the graph has
    no reference cycles, so reference counting frees it without the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _StopRequest:
    """Turns the first Ctrl-C during training into a request to stop after the current step."""

    def __init__(self) -> None:
        self.requested = False

    @contextlib.contextmanager
    def catching_ctrl_c(self) -> Iterator[None]:
        # Only the main thread receives signals, and only replace Python's own
        # handler (someone else's handler is left alone; KeyboardInterrupt
        # raised anyway is still caught around each step).
        if threading.current_thread() is not threading.main_thread() or \
                signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            yield
            return

        def handler(signum: int, frame: Any) -> None:
            if self.requested:  # the second Ctrl-C: stop now
                raise KeyboardInterrupt
            self.requested = True

        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


def _in_notebook() -> bool:
    """Whether we run in a Jupyter kernel (where a progress bar shows even though stderr is not a terminal)."""
    if "ipykernel" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _progress_bar(progress: bool, epochs: int) -> Any:
    """A tqdm bar over the epochs, or None when progress is off or output is not interactive."""
    if not progress or epochs == 0:
        return None
    notebook = _in_notebook()
    if not notebook and not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    if os.environ.get("TQDM_DISABLE"):
        return None
    if notebook:
        try:
            import ipywidgets  # noqa: F401  (tqdm's notebook bar needs it)
            from tqdm.notebook import tqdm
        except ImportError:
            from tqdm import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=epochs, unit="epoch", desc="training", leave=True, file=None if notebook else sys.stderr)
