"""The training loop: ``fit`` a model to data by gradient descent.

``fit`` runs epochs over the data; each step takes a batch of samples, runs
the forward pass, computes the loss (plus any L1/L2 penalty), runs
``backward()`` and lets the optimizer update the parameters:

* ``batch_size=None`` (or 0): batch gradient descent, the whole set each step;
* ``batch_size=1``: stochastic gradient descent, one sample per step;
* ``batch_size=k``: mini-batch gradient descent.

It returns a ``History`` (``nn.history``) of the losses, accuracies, gradient
norms, learning rates and times, which prints compactly and plots with
``History.plot()``. ``fit`` reads, in order: its arguments checked (the data
first), the run (``_Training``: epochs, each a loop of steps, then the
reasons to stop) and the step itself (``_train_step``: forward, loss,
backward, update), which is undone if anything at all goes wrong in it.

>>> from nn.module import MLP
>>> from nn.datasets import make_moons
>>> X, y = make_moons(40, noise=0.1, random_state=0)
>>> model = MLP(2, [8, 1], seed=0)
>>> history = fit(model, X, y, loss='hinge', epochs=20, lr=0.5, progress=False)
>>> history.epochs, history.loss[-1] < history.loss[0]
(20, True)
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from numbers import Real
from typing import Any, NamedTuple

from autograd import Program, Value, no_grad
from nn.checks import as_whole_number, check_int, check_number
from nn.datasets import labels_to_signs, signs_to_labels
from nn.history import History
from nn.losses import binary_cross_entropy, cross_entropy, hinge_loss, l1_penalty, l2_penalty, mse_loss
from nn.metrics import count_correct, decision_threshold
from nn.module import MLP, Module, Neuron, assign_parameters, gradient_norm
from nn.optim import SGD, Optimizer
from nn.runtime import StopRequest, gc_paused, progress_bar
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


def fit(model: Module, X: Sequence[Sequence[Any]], y: Sequence[Any], loss: str | Callable[..., Value] = "hinge",
        optimizer: Optimizer | None = None, epochs: int = 100, batch_size: int | None = None, shuffle: bool = True,
        seed: int | None = None, l2: float = 0.0, l1: float = 0.0, lr_schedule: ScheduleLike = None,
        tol: float | None = None, callbacks: Sequence[Callable[[History], Any]] = (), progress: bool = True,
        validation: tuple[Sequence[Any], Sequence[Any]] | None = None, lr: float | None = None,
        replay: bool = False) -> History:
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

    ``replay=True``: every step goes through ``autograd.Program.run()``
    instead of building the graph again (see ``_Replay``): the batch's loss
    is recorded once per batch size (the last, shorter mini-batch gets its
    own program) and replayed with plain floats, about 10x faster per step
    once recorded. The results are those of ``replay=False``, bit for bit.
    Only for an nn ``MLP`` or ``Neuron`` with one output and the ``'hinge'``
    or ``'mse'`` loss: other losses take decisions from the data while
    building the graph (``'bce'`` branches on each label, ``'cross_entropy'``
    picks the target logit by index and subtracts the largest logit as a
    number), which a program would freeze; a ValueError says so up front.
    """
    X = list(X)
    y = list(y)
    _check_data(X, y)
    epochs = check_int(epochs, "epochs", minimum=0)
    batch = _batch_size(batch_size, len(X))
    l2 = check_number(l2, "l2")
    l1 = check_number(l1, "l1")
    if tol is not None:
        check_number(tol, "tol")

    loss_name, loss_fn, task = _resolve_loss(loss)
    if replay:
        _check_replayable(model, loss)
    training_set = _samples(model, X, y, loss_name)
    validation_set = None
    if validation is not None:
        X_val, y_val = _unpack_validation(validation)
        _check_finite(X_val, "validation X", "feature")
        _check_finite(y_val, "validation y", "output")
        validation_set = _samples(model, X_val, y_val, loss_name)
    params = model.parameters()
    optimizer = _optimizer_for(params, optimizer, lr)
    schedule = as_schedule(lr_schedule, optimizer.lr)
    for callback in callbacks:
        if not callable(callback):
            raise TypeError(f"each callback must be a callable taking the History; got {callback!r}")

    objective = _Objective(loss_fn, task, decision_threshold(model), params, l2, l1)
    history = History(loss_name, batch, math.ceil(len(X) / batch))
    replayer = _Replay(objective, model, X, training_set.targets) if replay else None
    training = _Training(objective, training_set, validation_set, optimizer, schedule, history, batch, shuffle, seed,
                         replayer)
    bar = progress_bar(progress, epochs)
    try:
        return training.run(epochs, tol, callbacks, bar)
    finally:
        if bar is not None:
            bar.close()


# ---------------------------------------------------------------------- the run


class _Samples(NamedTuple):
    """A data set as ``fit`` uses it: ``forward(i)`` runs the model on sample i; the labels as the loss needs them."""

    forward: Callable[[int], Any]
    targets: list[Any]


class _Objective(NamedTuple):
    """What training minimises and measures: the loss plus the penalties on ``params``, and right answers."""

    loss_fn: Callable[..., Value]
    task: str | None  # 'binary', 'multiclass' or None (a regression loss: no accuracy)
    threshold: float  # the decision threshold of a one-output model (see nn.metrics)
    params: list[Value]
    l2: float
    l1: float

    def total(self, outputs: list[Any], targets: list[Any]) -> Value:
        """The loss of ``outputs`` against ``targets``, plus ``l2 * sum p^2`` and ``l1 * sum |p|``."""
        total = self.loss_fn(outputs, targets)
        if not isinstance(total, Value):
            raise TypeError(f"the loss function must return a Value; it returned {type(total).__name__}: {total!r}")
        if self.l2:
            total = total + self.l2 * l2_penalty(self.params)
        if self.l1:
            total = total + self.l1 * l1_penalty(self.params)
        return total

    def correct(self, outputs: list[Any], targets: list[Any]) -> int:
        """How many of the outputs predict their target's class; 0 when the loss is not a classifier's."""
        return 0 if self.task is None else count_correct(self.threshold, outputs, targets)

    def evaluate(self, samples: _Samples) -> tuple[float, float]:
        """(loss, accuracy) on a whole set, without recording a graph."""
        with no_grad(), gc_paused():
            outputs = [samples.forward(i) for i in range(len(samples.targets))]
            total = self.total(outputs, samples.targets)
            correct = self.correct(outputs, samples.targets)
        return total.data, correct / len(samples.targets)


class _Training:
    """One call of ``fit`` as it runs: epochs of steps, each recorded in the History, and the reasons to stop."""

    def __init__(self, objective: _Objective, training_set: _Samples, validation_set: _Samples | None,
                 optimizer: Optimizer, schedule: Callable[[int], float], history: History, batch: int,
                 shuffle: bool, seed: int | None, replay: _Replay | None = None) -> None:
        self.objective = objective
        self.replay = replay
        self.samples = training_set
        self.validation = validation_set
        self.optimizer = optimizer
        self.schedule = schedule
        self.history = history
        self.batch = batch
        self.shuffle = shuffle
        self.rng = random.Random(seed)
        self.order = list(range(len(training_set.targets)))  # the samples in the order of this epoch
        self.steps_taken = 0
        self.stop = StopRequest()
        self.started = time.perf_counter()

    def run(self, epochs: int, tol: float | None, callbacks: Sequence[Callable[[History], Any]], bar: Any) -> History:
        """Train for at most ``epochs`` epochs; return the History, whose ``stop_reason`` says why it ended."""
        with self.stop.catching_ctrl_c():
            for epoch in range(epochs):
                # a Ctrl-C between epochs (in a callback, say) or during this one: an unfinished epoch is not recorded
                totals = None if self.stop.requested else self.epoch(epoch)
                if totals is None:
                    self.stopped("interrupted")
                    break
                self.record_epoch(*totals)
                if bar is not None:
                    bar.set_postfix_str(_progress_text(self.history), refresh=False)
                    bar.update(1)
                reason = self.reason_to_stop(callbacks, tol)
                if reason is not None:
                    self.stopped(reason)
                    break
        return self.history

    def epoch(self, epoch: int) -> tuple[float, int] | None:
        """Run one epoch's steps; return (the loss summed over its samples, how many of them were classified right).

        None when a Ctrl-C cut the epoch short.
        """
        n, batch = len(self.order), self.batch
        if self.shuffle and batch < n:
            self.rng.shuffle(self.order)
        loss_sum = 0.0
        correct = 0
        for begin in range(0, n, batch):
            if self.stop.requested:  # Ctrl-C came between two steps
                return None
            indices = self.order[begin:begin + batch]
            measured = self.step(indices, epoch)
            if measured is None:  # a second Ctrl-C abandoned the step
                return None
            step_loss, step_correct = measured
            loss_sum += step_loss * len(indices)
            correct += step_correct
            if self.stop.requested:  # Ctrl-C during the step, which was finished: the epoch is complete if it was last
                return (loss_sum, correct) if begin + batch >= n else None
        return loss_sum, correct

    def step(self, indices: list[int], epoch: int) -> tuple[float, int] | None:
        """One optimizer step on the samples ``indices``, recorded in the History; undone if anything goes wrong.

        Returns (the batch's loss, how many it classified right), or None
        when a Ctrl-C abandoned the step (the parameters are as before it).
        """
        rate = self.schedule(self.steps_taken)
        if not (isinstance(rate, (int, float)) and math.isfinite(rate) and rate >= 0):
            raise ValueError(f"the learning-rate schedule gave {rate!r} at step {self.steps_taken}; "
                             f"it must return a finite number >= 0")
        self.optimizer.lr = float(rate)
        before = _StepStart(self.objective.params, self.optimizer)
        try:
            loss, correct, norm = _train_step(self.objective, self.samples, indices, self.optimizer,
                                              self.steps_taken, epoch, self.replay)
        except KeyboardInterrupt:  # a second Ctrl-C (or one outside the main thread): abandon the step
            before.restore()
            self.stop.requested = True
            return None
        except TrainingDivergedError as error:
            before.restore()
            self.history.stop_reason = "diverged"
            error.history = self.history
            raise
        except BaseException:  # any other error, at any point of the step: undo it, then let it go on
            before.restore()
            raise
        history = self.history
        history.step_loss.append(loss)
        if self.objective.task is not None:
            history.step_accuracy.append(correct / len(indices))
        history.grad_norm.append(norm)
        history.lr.append(self.optimizer.lr)
        self.steps_taken += 1
        return loss, correct

    def record_epoch(self, loss_sum: float, correct: int) -> None:
        """Add the epoch's loss and accuracy, the validation measured now, and the time so far, to the History."""
        history, n, task = self.history, len(self.order), self.objective.task
        history.loss.append(loss_sum / n)
        if task is not None:
            history.accuracy.append(correct / n)
        if self.validation is not None:
            val_loss, val_accuracy = self.objective.evaluate(self.validation)
            history.val_loss.append(val_loss)
            if task is not None:
                history.val_accuracy.append(val_accuracy)
        history.time.append(time.perf_counter() - self.started)

    def reason_to_stop(self, callbacks: Sequence[Callable[[History], Any]], tol: float | None) -> str | None:
        """Why training stops after this epoch (``'interrupted'``, ``'callback'``, ``'converged'``); None to go on."""
        if self.stop.requested:
            return "interrupted"
        if any([callback(self.history) is True for callback in callbacks]):  # a list: every callback is called
            return "callback"
        loss = self.history.loss
        if tol is not None and len(loss) >= 2 and abs(loss[-2] - loss[-1]) < tol:
            return "converged"
        return None

    def stopped(self, reason: str) -> None:
        """Note in the History why training ended early."""
        self.history.stop_reason = reason
        if reason == "interrupted":
            self.history.interrupted = True


def _train_step(objective: _Objective, samples: _Samples, indices: list[int], optimizer: Optimizer, step: int,
                epoch: int, replay: _Replay | None = None) -> tuple[float, int, float]:
    """One step on the samples ``indices``: forward, loss, backward, update. Returns (loss, correct, grad norm).

    With ``replay`` (``fit(replay=True)``), forward and backward are one ``Program.run()`` of the batch's
    recorded loss; the gradients are cleared before it, since it adds them (a failed step is undone anyway).
    """
    params = objective.params
    with gc_paused():
        batch_targets = [samples.targets[i] for i in indices]
        try:
            if replay is None:
                outputs = [samples.forward(i) for i in indices]
                total = objective.total(outputs, batch_targets)
                loss_value = total.data
            else:
                for p in params:  # model.zero_grad(), as below: run() adds the gradients
                    p.grad = 0.0
                loss_value = replay.run(indices)
        except OverflowError as error:
            raise _diverged(step, epoch, math.inf, f"the forward pass overflowed ({error})") from error
        if not math.isfinite(loss_value):
            raise _diverged(step, epoch, loss_value, f"the loss is {loss_value}")
        if replay is None:
            correct = objective.correct(outputs, batch_targets)
            for p in params:  # model.zero_grad(): every parameter of the model, also those the optimizer leaves alone
                p.grad = 0.0
            total.backward()
            # drop the graph now, while the cyclic collector is paused: it is freed
            # by reference counting alone, and the collector never has to scan it
            outputs = total = None  # type: ignore[assignment]
        else:
            correct = replay.correct(samples, indices, batch_targets)
        norm = gradient_norm([p.grad for p in params])
        if not math.isfinite(norm):
            raise _diverged(step, epoch, loss_value, f"the gradient norm is {norm}")
        optimizer.step()
        if not all(math.isfinite(p.data) for p in params):
            raise _diverged(step, epoch, loss_value, "a parameter became NaN or infinite in the update")
    return loss_value, correct, norm


REPLAYABLE_LOSSES = ("hinge", "mse")


class _Replay:
    """The training step's loss as ``autograd.Program``\\ s, one per batch size, for ``fit(replay=True)``.

    A program for batch size B is recorded from a graph built exactly as
    ``_train_step`` builds it, on *leaves* standing for the data: B rows of
    input Values (one per feature) and B target Values, holding the first
    batch of that size; ``model.forward`` on the rows, then
    ``objective.total`` (the loss and the penalties, on the parameters,
    leaves too). Each step sets the input and target leaves' ``.data`` from
    its batch and calls ``run()``, which recomputes the loss from them and
    the parameters' current ``.data`` and adds the gradients to the
    parameters' ``.grad``.

    Why it is exact: the graph nn builds for an MLP and the hinge or mse loss
    has the same ops whatever the data (relu's kink is decided inside its op,
    and the op replays it), and a Value target enters the arithmetic as the
    number did: ``y * score`` (the same product as ``score * y``, with the same
    local derivative y for the score) and ``pred - target``. Program.run()
    replays the engine's float arithmetic op for op, so the losses, the
    gradients and hence the parameters are those of ``replay=False`` bit for
    bit (tests/test_nn/test_replay.py checks it with ==).

    The accuracy needs the model's outputs, which a program does not return:
    they are computed again under ``no_grad`` (plain floats, the same numbers
    to the last bit, see ``Neuron._forward_data``) before the update, and only
    for a classifier's loss (hinge).
    """

    def __init__(self, objective: _Objective, model: Module, X: list[Any], targets: list[Any]) -> None:
        self.objective, self.model, self.X, self.targets = objective, model, X, targets
        # batch size -> (program, the input leaves row by row, the target leaves)
        self.programs: dict[int, tuple[Program, list[list[Value]], list[Value]]] = {}

    def run(self, indices: list[int]) -> float:
        """The batch's loss, recomputed by its program from the samples ``indices``; gradients added to the parameters."""
        entry = self.programs.get(len(indices))
        if entry is None:
            entry = self._record(indices)
        program, inputs, targets = entry
        self._feed(inputs, targets, indices)
        return program.run()

    def _feed(self, inputs: list[list[Value]], targets: list[Value], indices: list[int]) -> None:
        X, y = self.X, self.targets
        for row, target, i in zip(inputs, targets, indices):
            for leaf, x in zip(row, X[i]):
                leaf.data = float(x)
            target.data = float(y[i])

    def _record(self, indices: list[int]) -> tuple[Program, list[list[Value]], list[Value]]:
        nin = self.model.nin
        inputs = [[Value(0.0, label=f"x{b}_{j}") for j in range(nin)] for b in range(len(indices))]
        targets = [Value(0.0, label=f"y{b}") for b in range(len(indices))]
        self._feed(inputs, targets, indices)  # the real data, so the loss's checks of its labels see them
        outputs = [self.model.forward(row) for row in inputs]
        entry = (Program(self.objective.total(outputs, targets)), inputs, targets)
        self.programs[len(indices)] = entry
        return entry

    def correct(self, samples: _Samples, indices: list[int], batch_targets: list[Any]) -> int:
        """How many of the batch the model classifies right, its outputs computed with floats (no graph)."""
        if self.objective.task is None:
            return 0
        with no_grad():
            outputs = [samples.forward(i) for i in indices]
        return self.objective.correct(outputs, batch_targets)


def _check_replayable(model: Any, loss: Any) -> None:
    """Refuse ``replay=True`` for what a recorded program could not replay exactly, saying why."""
    if not isinstance(loss, str):
        raise ValueError("replay=True works with the hinge and mse losses, given by name; a loss function of one's "
                         "own may take decisions from the numbers while it builds the graph (an if on .data), "
                         "which a recorded program would freeze: nn only builds programs for graphs it builds "
                         "itself. Use replay=False")
    if loss not in REPLAYABLE_LOSSES:
        why = ("bce branches on each label (softplus(-z) for 1, softplus(z) for 0)" if loss == "bce" else
               "cross_entropy picks the target logit by index and subtracts the largest logit as a number")
        raise ValueError(f"replay=True works with the hinge and mse losses, whose graph has the same shape "
                         f"whatever the data; {why}, decisions a recorded program would freeze. Use replay=False")
    if type(model) not in (MLP, Neuron) or type(model).__call__ is not Module.__call__:
        raise ValueError(f"replay=True needs an nn MLP or Neuron; got {type(model).__name__}: nn only builds "
                         f"programs for graphs it builds itself (a model of one's own may take decisions from "
                         f"the numbers, which a recorded program would freeze). Use replay=False")
    outputs = model.nouts[-1] if isinstance(model, MLP) else 1
    if outputs != 1:
        raise ValueError(f"replay=True needs a model with one output; {model!r} has {outputs}. Use replay=False")


def _diverged(step: int, epoch: int, loss: float, what: str) -> TrainingDivergedError:
    """The error for a step whose loss, gradient or update stopped being finite (``what`` says which)."""
    return TrainingDivergedError(
        f"training diverged at step {step} (epoch {epoch}): {what}. The parameters from before this step are "
        f"restored. Try a smaller learning rate, a schedule that decays it, or gradient-friendlier inputs "
        f"(scaled to about -1 .. 1).", step, epoch, loss)


class _StepStart:
    """What a training step changes, saved before it: the parameters (data and gradients) and the optimizer's state."""

    def __init__(self, params: list[Value], optimizer: Optimizer) -> None:
        self.params, self.optimizer = params, optimizer
        self.data = [p.data for p in params]
        self.grads = [p.grad for p in params]
        self.optimizer_state = optimizer.state_snapshot()  # its step count, momentum buffers, running averages

    def restore(self) -> None:
        """Put everything back as it was before the step."""
        assign_parameters(self.params, self.data, self.grads)
        self.optimizer.restore_state(self.optimizer_state)


def _progress_text(history: History) -> str:
    """What the progress bar shows after an epoch: ``loss=0.312 acc=0.870``."""
    text = f"loss={history.loss[-1]:.4g}"
    if history.accuracy:
        text += f" acc={history.accuracy[-1]:.3f}"
    if history.val_accuracy:
        text += f" val_acc={history.val_accuracy[-1]:.3f}"
    elif history.val_loss:
        text += f" val_loss={history.val_loss[-1]:.4g}"
    return text


# ---------------------------------------------------------------------- the arguments, checked first


def _check_data(X: list[Any], y: list[Any]) -> None:
    """Refuse an empty X, a label count that is not one per sample, and NaN or infinities in either."""
    n = len(X)
    if n == 0:
        raise ValueError("fit() needs at least one training sample; got an empty X")
    if len(y) != n:
        raise ValueError(f"fit() needs one label per sample; got {n} samples and {len(y)} labels")
    _check_finite(X, "X", "feature")
    _check_finite(y, "y", "output")


def _batch_size(batch_size: int | None, n: int) -> int:
    """How many samples a step takes: all ``n`` for None or 0, else ``batch_size`` (at most ``n``)."""
    if batch_size is None or batch_size == 0:
        return n
    return min(check_int(batch_size, "batch_size", minimum=1, otherwise=", or 0 or None for the whole set"), n)


def _samples(model: Any, X: list[Any], y: list[Any], loss_name: str) -> _Samples:
    """The data set ``X``, ``y`` ready to train on: the labels converted for the loss, the inputs checked."""
    targets = _prepare_targets(y, loss_name, model)
    return _Samples(_forward_function(model, X), targets)


def _optimizer_for(params: list[Value], optimizer: Optimizer | None, lr: float | None) -> Optimizer:
    """The optimizer ``fit`` was given, checked to update the model's parameters, or plain SGD with ``lr``."""
    if optimizer is None:
        return SGD(params, lr=0.1 if lr is None else lr)
    if lr is not None:
        raise ValueError("fit() got both an optimizer and lr; give the learning rate to the optimizer instead")
    _check_optimizer_params(optimizer, params)
    return optimizer


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
            model.checked_inputs(x)
        run = model.forward
    elif callable(model):
        run = model
    else:
        raise TypeError(f"fit() needs a model (an nn Module); got {type(model).__name__}: {model!r}")
    return lambda i: run(X[i])


def _unpack_validation(validation: Any) -> tuple[list[Any], list[Any]]:
    """``validation=(X_val, y_val)`` as two lists, checked to hold one label per sample."""
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
