"""Tests of nn.training: fit's variants, divergence, Ctrl-C, the checks of its data, an error anywhere in a step."""

from __future__ import annotations

import gc
import math
import os
import random
import signal

import numpy
import pytest

import nn
from autograd import Value
from tests.test_nn.faults import NN, FaultAt


@pytest.mark.slow
def test_the_micrograd_demo_reaches_100_percent_training_accuracy_within_100_steps(moons):
    X, y = moons
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    history = nn.fit(model, X, y, loss="hinge", epochs=100, l2=1e-4, lr=1.0,
                     lr_schedule=nn.LinearDecay(1.0, 0.1, 100), progress=False)
    assert history.steps == 100
    assert nn.accuracy(model, X, y) == 1.0
    assert history.accuracy[-1] == 1.0
    assert history.lr[:3] == [1.0, 1.0 - 0.9 / 100, 1.0 - 1.8 / 100]


@pytest.mark.parametrize("batch_size", [None, 1, 10])
def test_batch_stochastic_and_mini_batch_all_reduce_the_loss(moons, batch_size):
    X, y = moons
    X, y = X[:40], y[:40]
    model = nn.MLP(2, [8, 1], seed=3)
    epochs = 15 if batch_size is None else 5
    lr = 0.3 if batch_size is None else 0.05
    history = nn.fit(model, X, y, epochs=epochs, batch_size=batch_size, lr=lr, seed=0, progress=False)
    steps_per_epoch = {None: 1, 1: 40, 10: 4}[batch_size]
    assert history.steps == epochs * steps_per_epoch and history.steps_per_epoch == steps_per_epoch
    assert history.loss[-1] < 0.7 * history.loss[0]


def test_batch_size_zero_is_the_whole_set_and_larger_sizes_are_clamped(moons):
    X, y = moons
    assert nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=2, batch_size=0, progress=False).steps == 2
    assert nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=2, batch_size=500, progress=False).batch_size == 100


def test_the_same_seed_gives_the_same_training(moons):
    X, y = moons
    runs = [nn.fit(nn.MLP(2, [4, 1], seed=1), X, y, epochs=3, batch_size=7, seed=5, progress=False).step_loss
            for _ in range(2)]
    assert runs[0] == runs[1]
    other = nn.fit(nn.MLP(2, [4, 1], seed=1), X, y, epochs=3, batch_size=7, seed=6, progress=False).step_loss
    assert other != runs[0]


def test_hinge_accepts_0_1_labels_by_mapping_them_to_signs(moons):
    X, y = moons
    signs = nn.datasets.labels_to_signs(y)
    first = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)
    second = nn.fit(nn.MLP(2, [4, 1], seed=0), X, signs, epochs=3, progress=False)
    assert first.step_loss == second.step_loss
    with pytest.raises(ValueError, match="binary labels"):
        nn.fit(nn.MLP(2, [4, 1], seed=0), X, [2] * len(X), epochs=1, progress=False)


def test_cross_entropy_trains_a_three_class_model():
    X, y = nn.datasets.make_blobs(60, centers=[[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]], cluster_std=0.4,
                                  random_state=0)
    model = nn.MLP(2, [8, 3], seed=0)
    history = nn.fit(model, X, y, loss="cross_entropy", optimizer=nn.Adam(model.parameters(), lr=0.05),
                     epochs=30, progress=False)
    assert nn.accuracy(model, X, y) >= 0.95
    assert history.loss[-1] < history.loss[0]
    with pytest.raises(ValueError, match="class indices 0 .. 2"):
        nn.fit(model, X, [3] * len(X), loss="cross_entropy", epochs=1, progress=False)


def test_mse_and_bce_and_a_callable_loss():
    X, y = nn.datasets.make_regression(30, function="line", noise=0.0, random_state=0)
    model = nn.MLP(1, [1], seed=0)
    history = nn.fit(model, X, y, loss="mse", epochs=60, lr=0.3, progress=False)
    assert history.loss[-1] < 1e-3
    w, b = model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data
    assert (w, b) == pytest.approx((2.0, 1.0), abs=0.05)

    X, y = nn.datasets.make_blobs(40, centers=[[-1.0, -1.0], [1.0, 1.0]], cluster_std=0.3, random_state=0)
    model = nn.MLP(2, [1], seed=0)
    nn.fit(model, X, nn.datasets.labels_to_signs(y), loss="bce", epochs=20, lr=0.5, progress=False)
    assert nn.accuracy(model, X, y) == 1.0

    seen = []

    def loss(outputs, targets):
        seen.append(len(outputs))
        return nn.mse_loss(outputs, targets)

    nn.fit(nn.MLP(2, [1], seed=0), X, [float(t) for t in y], loss=loss, epochs=2, batch_size=16, progress=False)
    assert seen == [16, 16, 8, 16, 16, 8]


def test_l1_and_l2_penalties_enter_the_loss(moons):
    X, y = moons
    plain = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=1, progress=False).loss[0]
    model = nn.MLP(2, [4, 1], seed=0)
    squares = sum(p.data ** 2 for p in model.parameters())
    absolute = sum(abs(p.data) for p in model.parameters())
    penalised = nn.fit(model, X, y, epochs=1, l2=0.01, l1=0.001, progress=False).loss[0]
    assert penalised == pytest.approx(plain + 0.01 * squares + 0.001 * absolute)


def test_a_schedule_sets_the_learning_rate_of_every_step(moons):
    X, y = moons
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, batch_size=50,
                     lr_schedule=lambda k: 0.1 / (k + 1), progress=False)
    assert history.lr == [0.1 / (k + 1) for k in range(6)]
    with pytest.raises(ValueError, match="schedule gave -1"):
        nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=1, lr_schedule=lambda k: -1, progress=False)


def test_tol_and_callbacks_stop_early(moons):
    X, y = moons
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=500, lr=0.01, tol=1e9, progress=False)
    assert history.epochs == 2 and history.stop_reason == "converged"
    epochs_seen = []
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=50, progress=False,
                     callbacks=[lambda h: epochs_seen.append(h.epochs), lambda h: h.epochs == 3])
    assert history.epochs == 3 and history.stop_reason == "callback" and epochs_seen == [1, 2, 3]


def test_a_nan_loss_stops_with_a_clear_error_and_restores_the_parameters(moons):
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    after_each_epoch = []
    calls = []

    def loss(outputs, targets):
        calls.append(1)
        value = nn.hinge_loss(outputs, targets)
        return value * math.nan if len(calls) == 4 else value

    with pytest.raises(nn.TrainingDivergedError, match=r"diverged at step 3 \(epoch 3\): the loss is nan") as info:
        nn.fit(model, X, nn.datasets.labels_to_signs(y), loss=loss, epochs=10, progress=False,
               callbacks=[lambda h: after_each_epoch.append([p.data for p in model.parameters()])])
    assert info.value.step == 3 and math.isnan(info.value.loss)
    assert isinstance(info.value, ValueError)
    assert [p.data for p in model.parameters()] == after_each_epoch[-1]
    assert gc.isenabled()


def test_an_exploding_update_is_undone(moons):
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    snapshots = [[p.data for p in model.parameters()]]
    with pytest.raises(nn.TrainingDivergedError, match=r"step (\d)") as info:
        nn.fit(model, X, y, epochs=3, lr_schedule=lambda k: 1e308, progress=False,
               callbacks=[lambda h: snapshots.append([p.data for p in model.parameters()])])
    assert [p.data for p in model.parameters()] == snapshots[info.value.step]
    assert all(math.isfinite(p.data) for p in model.parameters())


@pytest.mark.parametrize("make_optimizer", [
    lambda params: nn.SGD(params, lr=0.1, momentum=0.9),
    lambda params: nn.RMSProp(params, lr=0.01, momentum=0.5, centered=True),
    lambda params: nn.Adam(params, lr=0.01),
])
def test_a_diverging_step_also_leaves_the_optimizer_state_as_it_was(moons, make_optimizer):
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    optimizer = make_optimizer(model.parameters())
    states = [optimizer.state_snapshot()]  # before the first step, then after each (one step per epoch)

    def steep_loss(outputs, targets):  # gradients large enough for a step of lr 1e308 to overflow
        return nn.hinge_loss(outputs, targets) * 100.0

    with pytest.raises(nn.TrainingDivergedError, match="in the update") as info:
        nn.fit(model, X, nn.datasets.labels_to_signs(y), loss=steep_loss, optimizer=optimizer, epochs=5,
               lr_schedule=lambda k: 1e-4 if k < 2 else 1e308, progress=False,
               callbacks=[lambda h: states.append(optimizer.state_snapshot())])
    assert info.value.step == 2
    assert optimizer.steps == info.value.step
    assert optimizer.state_snapshot() == {**states[info.value.step], "lr": 1e308}  # lr is the schedule's for the step


def test_an_overflow_in_the_forward_pass_is_divergence(moons):
    X, y = moons

    def loss(outputs, targets):
        return (outputs[0] * 1e6).exp()

    model = nn.MLP(2, [4, 1], seed=0)
    model.layers[-1].neurons[0].b.data = 10.0
    with pytest.raises(nn.TrainingDivergedError, match="overflowed"):
        nn.fit(model, X, y, loss=loss, epochs=1, progress=False)


class Interrupting(nn.MLP):
    """An MLP that raises KeyboardInterrupt (as Ctrl-C would) in its forward pass on the n-th call."""

    def __init__(self, after_calls: int, **kwargs):
        super().__init__(2, [4, 1], seed=0, **kwargs)
        self.calls = 0
        self.after_calls = after_calls

    def forward(self, x):
        self.calls += 1
        if self.calls == self.after_calls:
            raise KeyboardInterrupt
        return super().forward(x)


def test_ctrl_c_during_a_step_abandons_it_restores_the_parameters_and_returns_the_history(moons):
    X, y = moons
    model = Interrupting(after_calls=250)  # in the middle of the third step (100 samples per step)
    snapshots = []
    history = nn.fit(model, X, y, epochs=10, progress=False,
                     callbacks=[lambda h: snapshots.append([p.data for p in model.parameters()])])
    assert history.interrupted and history.stop_reason == "interrupted"
    assert history.epochs == 2 and history.steps == 2
    assert [p.data for p in model.parameters()] == snapshots[-1]
    assert gc.isenabled()


def test_ctrl_c_between_steps_finishes_the_step_then_stops(moons):
    X, y = moons
    previous = signal.getsignal(signal.SIGINT)

    def press_ctrl_c(history):
        if history.epochs == 2:
            os.kill(os.getpid(), signal.SIGINT)

    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=10, batch_size=50, progress=False,
                     callbacks=[press_ctrl_c])
    assert history.interrupted and history.epochs == 2 and history.steps == 4
    assert signal.getsignal(signal.SIGINT) is previous


def test_bad_arguments_are_clear_errors(moons):
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    with pytest.raises(ValueError, match="got 100 samples and 99 labels"):
        nn.fit(model, X, y[:-1], progress=False)
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.fit(model, X, y, loss="l2", progress=False)
    with pytest.raises(ValueError, match="both an optimizer and lr"):
        nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.1), lr=0.2, progress=False)
    with pytest.raises(ValueError, match="expects 2 inputs; got 3"):
        nn.fit(model, [[1.0, 2.0, 3.0]], [1], progress=False)
    with pytest.raises(ValueError, match="batch_size"):
        nn.fit(model, X, y, batch_size=-1, progress=False)
    with pytest.raises(ValueError, match="empty"):
        nn.fit(model, [], [], progress=False)
    with pytest.raises(TypeError, match="must return a Value"):
        nn.fit(model, X, y, loss=lambda o, t: 1.0, epochs=1, progress=False)


def test_an_optimizer_over_some_parameters_trains_those_and_every_gradient_is_cleared(moons):
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    last_layer = model.layers[-1].parameters()
    frozen = [p for p in model.parameters() if all(p is not q for q in last_layer)]
    before = [p.data for p in frozen]
    history = nn.fit(model, X, y, optimizer=nn.SGD(last_layer, lr=0.0), epochs=3, progress=False)
    # lr 0: nothing moves, so every step has the same gradient, unless old gradients are left to pile up
    assert history.grad_norm == [history.grad_norm[0]] * 3
    assert [p.data for p in frozen] == before
    moved = nn.MLP(2, [4, 1], seed=0)
    nn.fit(moved, X, y, optimizer=nn.SGD(moved.layers[-1].parameters(), lr=0.1), epochs=3, progress=False)
    assert [p.data for p in moved.layers[0].parameters()] == [p.data for p in model.layers[0].parameters()]
    assert [p.data for p in moved.layers[-1].parameters()] != [p.data for p in model.layers[-1].parameters()]


def test_an_optimizer_built_on_another_model_is_refused(moons):
    X, y = moons
    model, other = nn.MLP(2, [4, 1], seed=0), nn.MLP(2, [4, 1], seed=0)
    with pytest.raises(ValueError, match=r"17 of the optimizer's 17 parameters are not parameters of the model.*"
                                         r"Adam\(model.parameters\(\), ...\)"):
        nn.fit(model, X, y, optimizer=nn.Adam(other.parameters()), epochs=1, progress=False)
    mixed = nn.SGD(model.parameters() + [Value(1.0)], lr=0.1)
    with pytest.raises(ValueError, match="1 of the optimizer's 18 parameters .*the first is parameter 17"):
        nn.fit(model, X, y, optimizer=mixed, epochs=1, progress=False)


def test_a_diverged_error_carries_the_history_before_it(moons):
    X, y = moons
    with pytest.raises(nn.TrainingDivergedError) as info:
        nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=5, batch_size=50,
               lr_schedule=lambda k: 0.1 if k < 3 else 1e308, progress=False)
    history = info.value.history
    assert history.stop_reason == "diverged" and info.value.step >= 3
    assert history.steps == info.value.step and history.epochs == info.value.step // 2
    assert history.lr[:3] == [0.1, 0.1, 0.1] and all(math.isfinite(v) for v in history.step_loss)


def test_huge_but_finite_gradients_and_parameters_are_measured_without_overflow_errors():
    model = nn.MLP(1, [2, 1], activation="linear", seed=0)
    for p in model.parameters():
        p.data = 1e100
    X, y = [[1e100]], [1.0]
    with pytest.raises(nn.TrainingDivergedError) as info:  # not an OverflowError from summing squares
        nn.fit(model, X, y, loss="mse", epochs=2, lr=1e-300, progress=False)
    assert info.value.history.stop_reason == "diverged"
    assert all(p.data == 1e100 for p in model.parameters())


# ------------------------------------------------------------- data checked first


@pytest.mark.parametrize("bad, shown", [(math.nan, "NaN"), (math.inf, "inf"), (-math.inf, "-inf"),
                                        (Value(math.nan), "NaN"), (10**400, "a number too large for a float")])
def test_nan_or_inf_in_X_is_reported_as_such_before_training(moons, bad, shown):
    X, y = moons
    X = [list(x) for x in X]
    X[17][1] = bad
    model = nn.MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError, match=rf"^X contains {shown} at sample 17, feature 1; fit\(\) needs finite"):
        nn.fit(model, X, y, epochs=1, progress=False)
    with pytest.raises(ValueError, match=rf"^validation X contains {shown} at sample 17, feature 1"):
        nn.fit(model, moons[0], y, epochs=1, progress=False, validation=(X, y))
    assert model.state_dict() == before


@pytest.mark.parametrize("loss", ["hinge", "bce", "mse", "cross_entropy"])
def test_nan_or_inf_in_the_labels_is_reported_as_such_before_training(moons, loss):
    X, y = moons
    for bad, shown in ((math.nan, "NaN"), (math.inf, "inf")):
        labels = list(y)
        labels[3] = bad
        model = nn.MLP(2, [4, 2 if loss == "cross_entropy" else 1], seed=0)
        with pytest.raises(ValueError, match=rf"^y contains {shown} at sample 3; fit\(\) needs finite"):
            nn.fit(model, X, labels, loss=loss, epochs=1, progress=False)


def test_nan_in_a_label_list_names_the_output():
    X = [[0.0, 1.0], [1.0, 0.0]]
    with pytest.raises(ValueError, match=r"^y contains NaN at sample 1, output 0"):
        nn.fit(nn.MLP(2, [3, 2], seed=0), X, [[0.0, 1.0], [math.nan, 0.0]], loss="mse", epochs=1, progress=False)


def test_numpy_data_and_labels_train():
    numpy_X = numpy.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    labels = numpy.array([0, 1, 2], dtype=numpy.int64)
    model = nn.MLP(2, [4, 3], seed=0)
    history = nn.fit(model, numpy_X, labels, loss="cross_entropy", epochs=3, lr=0.1, progress=False)
    assert history.epochs == 3 and history.loss[-1] < history.loss[0]
    bad = numpy_X.copy()
    bad[2, 0] = numpy.nan
    with pytest.raises(ValueError, match="X contains NaN at sample 2, feature 0"):
        nn.fit(model, bad, labels, loss="cross_entropy", epochs=1, progress=False)


# ------------------------------------------------- an error anywhere in a step undoes it


def fit_states(make_optimizer, fault=None):
    """Train a small model 2 steps (one per epoch); return the states (data, grads, optimizer) after each.

    The first state is the one before training. With ``fault`` (a FaultAt) the
    run is made inside it and only the state at its end is returned.
    """
    X, y = [[0.5, -1.0], [1.0, 0.2], [-0.3, 0.8]], [1, -1, 1]
    model = nn.MLP(2, [2, 1], seed=0)
    params = model.parameters()
    optimizer = make_optimizer(params)

    def state():
        return [p.data for p in params], [p.grad for p in params], optimizer.state_snapshot()

    states = [state()]
    if fault is None:
        nn.fit(model, X, y, optimizer=optimizer, epochs=2, l2=0.01, progress=False,
               callbacks=[lambda h: states.append(state())])
        return states
    with fault:
        try:
            nn.fit(model, X, y, optimizer=optimizer, epochs=2, l2=0.01, progress=False)
        except fault.error:
            pass
    return [state()]


def test_an_error_at_any_line_of_fit_leaves_the_state_of_a_step_boundary():
    # Adam has the most state; every optimizer's own step is tested line by line in test_optim.py
    def make_optimizer(params):
        return nn.Adam(params, lr=0.05)

    reference = fit_states(make_optimizer)
    assert len(reference) == 3 and reference[0] != reference[1] != reference[2]
    spare = ("gc_paused", "catching_ctrl_c")

    def error(at):  # a Ctrl-C (which fit answers by returning the history) or any other error, in turn
        return KeyboardInterrupt if at % 2 else RuntimeError

    # every line of nn (the loop, the loss, the gradient clearing, the optimizer step), then a
    # seeded sample of all the lines, the engine's forward and backward passes included
    counter = FaultAt(10**9, RuntimeError, within=(NN,), spare=spare)
    fit_states(make_optimizer, counter)
    points = [FaultAt(at, error(at), within=(NN,), spare=spare) for at in range(1, counter.lines + 1)]
    counter = FaultAt(10**9, RuntimeError, spare=spare)
    fit_states(make_optimizer, counter)
    points += [FaultAt(at, error(at), spare=spare) for at in random.Random(0).sample(range(1, counter.lines + 1), 150)]
    for fault in points:
        (state,) = fit_states(make_optimizer, fault)
        assert fault.fired
        assert state in reference, f"a fault at line {fault.at} {fault.within} left a state between two steps"
        assert gc.isenabled()
