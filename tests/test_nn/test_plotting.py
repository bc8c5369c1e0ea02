"""Tests of nn.plotting: decision boundaries and several training runs compared on one plot."""

from __future__ import annotations

import pytest
from matplotlib.contour import ContourSet

import nn


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


def plotted_class(figure, point):
    """The class whose coloured region holds ``point``: the index of the filled contour band it lies in."""
    (filled,) = [c for c in figure.axes[0].collections if isinstance(c, ContourSet) and c.filled]
    (band,) = [k for k, region in enumerate(filled.get_paths()) if region.contains_point(point)]
    return band


def plotted_points(figure):
    """The samples drawn, by legend label: {'class 0': [(x0, x1), ...], ...}."""
    return {c.get_label(): [tuple(p) for p in c.get_offsets()] for c in figure.axes[0].collections
            if not isinstance(c, ContourSet)}


def test_decision_boundary_of_a_trained_model():
    X, y = nn.datasets.make_moons(30, noise=0.1, random_state=0)
    model = nn.MLP(2, [8, 1], seed=0)
    nn.fit(model, X, y, epochs=20, lr=0.5, progress=False)
    figure = nn.plot_decision_boundary(model, X, y, resolution=20, title="moons")
    assert figure.axes[0].get_title() == "moons"
    scores = nn.predict(model, X)
    assert {s > 0 for s in scores} == {True, False}  # both classes are predicted somewhere
    for point, score in zip(X, scores):
        if abs(score) > 0.05:  # nearer the line, the 20 x 20 grid's interpolation decides
            assert plotted_class(figure, point) == int(score > 0)
    assert plotted_points(figure) == {f"class {k}": [tuple(p) for p, t in zip(X, y) if t == k] for k in (0, 1)}
    with pytest.raises(ValueError, match="two inputs"):
        nn.plot_decision_boundary(nn.MLP(3, [1], seed=0), [[0.0, 0.0, 0.0]], [1])


def test_decision_boundary_of_a_sigmoid_output_and_of_three_classes():
    X, y = nn.datasets.make_moons(30, noise=0.1, random_state=0)
    model = nn.MLP(2, [8, 1], output_activation="sigmoid", seed=0)
    nn.fit(model, X, y, loss="mse", epochs=40, lr=1.0, progress=False)
    figure = nn.plot_decision_boundary(model, X, y, resolution=30)
    probabilities = nn.predict(model, X)
    assert min(probabilities) < 0.5 < max(probabilities)  # all above 0: a threshold of 0 would colour one class
    for point, probability in zip(X, probabilities):
        if abs(probability - 0.5) > 0.05:
            assert plotted_class(figure, point) == int(probability > 0.5)

    X, y = nn.datasets.make_blobs(60, centers=[[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]], cluster_std=0.4,
                                  random_state=0)
    model = nn.MLP(2, [8, 3], seed=0)
    nn.fit(model, X, y, loss="cross_entropy", optimizer=nn.Adam(model.parameters(), lr=0.05), epochs=30,
           progress=False)
    figure = nn.plot_decision_boundary(model, X, y, resolution=30)
    for point, outputs in zip(X, nn.predict(model, X)):
        first, second = sorted(outputs, reverse=True)[:2]
        if first - second > 0.1:
            assert plotted_class(figure, point) == outputs.index(first)
    nn.plotting.pyplot().close("all")
