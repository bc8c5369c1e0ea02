"""Tests of nn.plotting: decision boundaries and descents drawn on the function they minimised."""

from __future__ import annotations

import pytest
from matplotlib.contour import ContourSet

import nn


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


# ---------------------------------------------------------------- plot_descent


def bowl(x, y):
    return 2 + 3 * x**2 + 4 * y**2


def line_labels(figure):
    return [line.get_label() for line in figure.axes[0].get_lines() if not line.get_label().startswith("_")]


def test_plot_descent_draws_each_path_on_the_contour_map():
    results = [nn.gradient_descent(bowl, [10.0, 10.0], step_size=s) for s in (0.1, 0.2)]
    figure = nn.plot_descent(bowl, results, ["step 0.1", "step 0.2"], levels=12)
    ax = figure.axes[0]
    assert line_labels(figure) == ["step 0.1", "step 0.2"]
    path_line = next(line for line in ax.get_lines() if line.get_label() == "step 0.2")
    assert list(path_line.get_xdata()) == [p[0] for p in results[1].path]
    assert list(path_line.get_ydata()) == [p[1] for p in results[1].path]
    low, high = ax.get_xlim()  # every point visited is in view, with a margin
    assert low < min(p[0] for r in results for p in r.path) and high > 10.0
    assert len(ax.collections) == 1 and not ax.collections[0].filled  # the contour lines
    filled = nn.plot_descent(bowl, results, filled=True, levels=[3, 10, 100]).axes[0]
    assert filled.collections[0].filled and list(filled.collections[0].levels) == [3, 10, 100]
    assert line_labels(nn.plot_descent(bowl, results[:1])) == [f"{results[0].steps} steps, converged"]
    figure = nn.plot_descent(bowl, [nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.5)],
                             xlim=(-50, 50), ylim=(-60, 60))
    assert figure.axes[0].get_xlim() == (-50, 50) and figure.axes[0].get_ylim() == (-60, 60)
    assert line_labels(figure)[0].endswith("steps, not converged")


def test_plot_descent_draws_a_function_of_one_number_as_a_curve():
    def valley(x):
        return (x - 1) ** 2

    results = [nn.gradient_descent(valley, [start], step_size=0.25) for start in (-2.0, 3.0)]
    figure = nn.plot_descent(valley, results, ["from -2", "from 3"], xlim=(-3, 4))
    ax = figure.axes[0]
    assert ax.get_xlim() == (-3, 4) and ax.get_ylabel() == "f(x)"
    curve = ax.get_lines()[0]
    assert len(curve.get_xdata()) == 100 and curve.get_ydata()[0] == pytest.approx(16.0)
    from_three = next(line for line in ax.get_lines() if line.get_label() == "from 3")
    assert list(from_three.get_ydata()) == results[1].values


def test_plot_descent_refuses_what_it_cannot_draw():
    two = nn.gradient_descent(bowl, [1.0, 1.0], step_size=0.1)
    three = nn.gradient_descent(lambda x, y, z: x * x + y * y + z * z, [1.0, 1.0, 1.0], step_size=0.1)
    one = nn.gradient_descent(lambda x: x * x, [1.0], step_size=0.1)
    with pytest.raises(ValueError, match="one or two numbers"):
        nn.plot_descent(lambda x, y, z: x, [three])
    with pytest.raises(ValueError, match=r"one or two numbers; got points with \[1, 2\]"):
        nn.plot_descent(bowl, [two, one])
    with pytest.raises(ValueError, match="at least one"):
        nn.plot_descent(bowl, [])
    with pytest.raises(ValueError, match="one label per result; got 2 labels for 1"):
        nn.plot_descent(bowl, [two], ["a", "b"])
    with pytest.raises(ValueError, match="resolution"):
        nn.plot_descent(bowl, [two], resolution=1)
    for wrong in (0, 2.5, True):
        with pytest.raises(ValueError, match="max_points must be a whole number >= 1"):
            nn.plot_descent(bowl, [two], max_points=wrong)


def test_plot_descent_can_draw_only_the_start_of_long_paths():
    diverging = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.26)  # thousands of steps
    figure = nn.plot_descent(bowl, [diverging], ["step 0.26"], max_points=5)
    lines = figure.axes[0].get_lines()
    assert [len(line.get_xdata()) for line in lines] == [5, 1]  # the path and its start; no end cross
    assert list(lines[0].get_ydata()) == [p[1] for p in diverging.path[:5]]
    assert figure.axes[0].get_ylim()[1] < 20  # the view fits the points drawn, not the overflowed end
    whole = nn.plot_descent(bowl, [nn.gradient_descent(bowl, [1.0, 1.0], step_size=0.1)], max_points=1000)
    assert len(whole.axes[0].get_lines()) == 3  # a path shorter than max_points is drawn whole, end included
    one = nn.plot_descent(lambda x: (x - 1) ** 2, [nn.gradient_descent(lambda x: (x - 1) ** 2, [5.0], 0.1)],
                          max_points=3)
    assert [len(line.get_xdata()) for line in one.axes[0].get_lines()] == [100, 3, 1]
