"""Tests of nn.history: what a run records, when a curve reaches a target, noise, JSON, and runs compared."""

from __future__ import annotations

import gc
import json
import math

import pytest

import nn


def test_history_records_everything_and_prints_compactly(moons):
    X, y = moons
    X_val, y_val = nn.datasets.make_moons(30, noise=0.1, random_state=1)
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=4, batch_size=50, lr=0.2, progress=False,
                     validation=(X_val, y_val))
    assert len(history.loss) == len(history.accuracy) == len(history.val_loss) == len(history.val_accuracy) == 4
    assert len(history.step_loss) == len(history.grad_norm) == len(history.lr) == len(history.step_accuracy) == 8
    assert history.time == sorted(history.time) and history.time[0] > 0
    assert all(0.0 <= a <= 1.0 for a in history.accuracy + history.val_accuracy)
    assert history.stop_reason == "completed" and not history.interrupted
    text = repr(history)
    assert text.startswith("History(epochs=4, steps=8, loss=") and "val_accuracy=" in text
    json.dumps(history.as_dict())
    assert gc.isenabled()


def test_history_plot_returns_a_figure(moons, tmp_path):
    X, y = moons
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, batch_size=25, progress=False,
                     validation=(X[:10], y[:10]))
    figure = history.plot(title="moons")
    assert type(figure).__name__ == "Figure" and len(figure.axes) == 2
    figure.savefig(tmp_path / "loss.png")
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    regression = nn.fit(nn.MLP(1, [4, 1], seed=0), *nn.datasets.make_regression(20, random_state=0),
                        loss="mse", epochs=2, progress=False)
    assert len(regression.plot().axes) == 1 and regression.accuracy == []


def test_epochs_steps_and_time_to_a_target_read_the_epoch_curves(moons):
    X, y = moons
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=12, batch_size=25, lr=0.2, progress=False,
                     validation=(X, y))
    target = (history.val_loss[0] + min(history.val_loss)) / 2
    epoch = history.epochs_to(target, curve="val_loss")
    assert epoch is not None and history.val_loss[epoch - 1] <= target
    assert all(value > target for value in history.val_loss[:epoch - 1])
    assert history.steps_to(target, curve="val_loss") == 4 * epoch
    assert history.time_to(target, curve="val_loss") == history.time[epoch - 1]
    assert history.epochs_to(-1.0) is None and history.steps_to(-1.0) is None and history.time_to(-1.0) is None
    assert history.epochs_to(math.inf) == 1


def test_an_accuracy_reaches_its_target_from_below():
    history = nn.History("hinge", batch_size=5, steps_per_epoch=2)
    history.accuracy, history.loss, history.time = [0.5, 0.8, 0.7, 0.95], [0.9, 0.8, 0.7, 0.6], [1.0, 2.0, 3.0, 4.0]
    assert history.epochs_to(0.8, curve="accuracy") == 2 and history.steps_to(0.9, curve="accuracy") == 8
    assert history.epochs_to(0.99, curve="accuracy") is None
    assert history.epochs_to(0.75) == 3
    with pytest.raises(ValueError, match="per-epoch curves"):
        history.epochs_to(0.5, curve="step_loss")
    with pytest.raises(ValueError, match="target must be a number"):
        history.epochs_to(math.nan)


def test_noise_is_the_spread_of_step_to_step_changes():
    history = nn.History("hinge", batch_size=1, steps_per_epoch=5)
    history.step_loss = [3.0, 2.0, 1.0, 0.0, -1.0]  # a straight line down: every change is the same
    assert history.noise() == 0.0
    history.step_loss = [1.0, 0.0, 1.0, 0.0, 1.0]  # changes -1, +1, -1, +1
    assert history.noise() == 1.0
    history.step_loss = [9.0, 5.0, 1.0, 2.0, 1.0, 2.0, 1.0]
    assert history.noise(last=5) == 1.0 and history.noise() > 1.0
    history.loss = [0.9]
    with pytest.raises(ValueError, match="at least 2 values of 'loss'; the history has 1"):
        history.noise("loss")
    with pytest.raises(ValueError, match="curve must be one of"):
        history.noise("weights")
    with pytest.raises(ValueError, match="last must be a whole number >= 2"):
        history.noise(last=1)


def test_stochastic_steps_are_noisier_than_full_batch_steps(moons):
    X, y = moons
    runs = {size: nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, batch_size=size, lr=0.05, seed=0,
                         progress=False) for size in (None, 1)}
    assert runs[1].noise() > 5 * runs[None].noise()


def test_as_dict_is_strict_json_with_nan_and_infinities_as_null(moons):
    X, y = moons
    history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=2, progress=False)
    history.val_loss = [math.nan, math.inf]
    record = history.as_dict()
    assert record["val_loss"] == [None, None] and history.val_loss[1] == math.inf  # the History keeps its numbers
    assert json.loads(json.dumps(record, allow_nan=False)) == record
    assert record["loss"] == history.loss


# ---------------------------------------------------------------- plot_histories: several runs on one plot


def history(losses, steps_per_epoch=1, step_losses=(), times=None):
    result = nn.History("hinge", batch_size=10, steps_per_epoch=steps_per_epoch)
    result.loss = list(losses)
    result.step_loss = list(step_losses)
    result.time = list(times) if times is not None else [0.5 * (k + 1) for k in range(len(losses))]
    return result


def lines(figure):
    return {line.get_label(): (list(line.get_xdata()), list(line.get_ydata())) for line in figure.axes[0].get_lines()}


def test_each_run_is_one_labelled_line_with_its_values():
    runs = {"batch": history([1.0, 0.5, 0.25]), "stochastic": history([0.6, 0.3], steps_per_epoch=4)}
    drawn = lines(nn.plot_histories(runs, title="variants"))
    assert drawn == {"batch": ([1, 2, 3], [1.0, 0.5, 0.25]), "stochastic": ([1, 2], [0.6, 0.3])}
    pairs = lines(nn.plot_histories(list(runs.items())))
    assert pairs == drawn


def test_x_can_be_epochs_steps_or_seconds():
    runs = {"mini-batch": history([0.6, 0.3], steps_per_epoch=4, step_losses=[0.9, 0.7, 0.5, 0.6, 0.4, 0.3, 0.2, 0.3],
                                  times=[0.2, 0.45])}
    assert lines(nn.plot_histories(runs, x="step"))["mini-batch"][0] == [4, 8]
    assert lines(nn.plot_histories(runs, x="time"))["mini-batch"][0] == [0.2, 0.45]
    per_step = lines(nn.plot_histories(runs, curve="step_loss"))["mini-batch"]
    assert per_step[0] == [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0] and per_step[1][0] == 0.9
    assert lines(nn.plot_histories(runs, curve="step_loss", x="step"))["mini-batch"][0] == list(range(1, 9))
    with pytest.raises(ValueError, match="per step: use x='epoch' or x='step'"):
        nn.plot_histories(runs, curve="step_loss", x="time")


def test_the_y_axis_is_logarithmic_when_positive_values_span_a_factor_over_100():
    assert nn.plot_histories({"a": history([10.0, 0.01])}).axes[0].get_yscale() == "log"
    assert nn.plot_histories({"a": history([10.0, 1.0])}).axes[0].get_yscale() == "linear"
    assert nn.plot_histories({"a": history([10.0, 0.0])}).axes[0].get_yscale() == "linear"  # 0 has no log
    assert nn.plot_histories({"a": history([10.0, 1.0])}, log=True).axes[0].get_yscale() == "log"
    assert nn.plot_histories({"a": history([10.0, 0.01])}, log=False).axes[0].get_yscale() == "linear"


def test_it_draws_on_given_axes_and_passes_line_options(tmp_path):
    plt = nn.plotting.pyplot()
    figure, (left, right) = plt.subplots(1, 2)
    returned = nn.plot_histories({"a": history([1.0, 0.5])}, ax=right, alpha=0.4, linewidth=3)
    assert returned is figure and len(right.get_lines()) == 1 and not left.get_lines()
    assert right.get_lines()[0].get_alpha() == 0.4 and right.get_lines()[0].get_linewidth() == 3
    figure.savefig(tmp_path / "runs.png")
    assert (tmp_path / "runs.png").read_bytes()[:4] == b"\x89PNG"
    plt.close("all")


def test_real_runs_are_drawn():
    X, y = nn.datasets.make_moons(30, noise=0.1, random_state=0)
    runs = {f"batch {size}": nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, epochs=3, batch_size=size, seed=0,
                                    progress=False) for size in (1, 10)}
    drawn = lines(nn.plot_histories(runs, curve="step_loss"))
    assert len(drawn["batch 1"][0]) == 90 and len(drawn["batch 10"][0]) == 9


@pytest.mark.parametrize("arguments, error, message", [
    (({},), ValueError, "at least one history"),
    (({"a": [1.0, 0.5]},), TypeError, "'a' is list"),
    (({"a": history([1.0])}, "weights"), ValueError, "curve must be one of"),
    (({"a": history([1.0])}, "loss", "samples"), ValueError, "x must be"),
])
def test_bad_arguments_are_clear_errors(arguments, error, message):
    with pytest.raises(error, match=message):
        nn.plot_histories(*arguments)
