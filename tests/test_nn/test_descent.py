"""Tests of nn.gradient_descent: the source article's loop and its worked example."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings

import nn
from tests.strategies import reals


def bowl(x, y):
    return 2 + 3 * x**2 + 4 * y**2


def test_the_articles_example_converges_with_step_0_1():
    result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.1)
    assert result.converged and "threshold" in result.reason
    assert result.point == pytest.approx([0.0, 0.0], abs=1e-3)
    assert result.value == pytest.approx(2.0, abs=1e-6)
    # each step multiplies x by 1 - 0.1*6 = 0.4 and y by 1 - 0.1*8 = 0.2
    assert result.path[1] == pytest.approx([4.0, 2.0])
    assert result.path[2] == pytest.approx([1.6, 0.4])
    assert len(result.path) == len(result.values) == result.steps + 1
    assert result.values == sorted(result.values, reverse=True)


def test_the_articles_example_diverges_with_step_0_5_and_says_so():
    result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.5)
    assert not result.converged and "diverged" in result.reason
    # each step multiplies x by 1 - 0.5*6 = -2 and y by 1 - 0.5*8 = -3
    assert result.path[1] == pytest.approx([-20.0, -30.0])
    assert all(math.isfinite(c) for c in result.point) and math.isfinite(result.value)
    assert result.steps < 10_000


def test_max_steps_stops_a_slow_descent():
    result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.001, max_steps=20)
    assert not result.converged and result.steps == 20 and "max_steps" in result.reason


@settings(max_examples=30, deadline=None)
@given(reals(-5, 5), reals(-5, 5))
def test_any_start_reaches_the_minimum_of_a_bowl(x, y):
    result = nn.gradient_descent(lambda a, b: (a - 1) ** 2 + 2 * (b + 2) ** 2, [x, y], step_size=0.1,
                                 threshold=1e-12)
    assert result.converged
    assert result.point == pytest.approx([1.0, -2.0], abs=1e-4)


def test_one_coordinate_and_any_function_of_values():
    result = nn.gradient_descent(lambda x: (x - 3.0).cos() * -1, [2.5], step_size=0.5, threshold=1e-14)
    assert result.point[0] == pytest.approx(3.0, abs=1e-5)
    assert repr(result).startswith("DescentResult(point=[3")


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="step_size must be a number > 0"):
        nn.gradient_descent(bowl, [1.0, 1.0], step_size=0)
    with pytest.raises(ValueError, match="at least one coordinate"):
        nn.gradient_descent(bowl, [], step_size=0.1)
    with pytest.raises(ValueError, match="finite starting point"):
        nn.gradient_descent(bowl, [math.inf, 1.0], step_size=0.1)
    with pytest.raises(TypeError, match="f to return a Value"):
        nn.gradient_descent(lambda x: 3.0, [1.0], step_size=0.1)


@pytest.mark.parametrize("options, message", [
    ({"max_steps": -1}, "max_steps must be a whole number >= 0; got -1"),
    ({"max_steps": 2.5}, "max_steps must be a whole number >= 0; got float: 2.5"),
    ({"threshold": "1e-6"}, "threshold must be a number >= 0; got str: '1e-6'"),
    ({"threshold": None}, "threshold must be a number >= 0; got NoneType: None"),
    ({"threshold": math.nan}, "threshold must be a number >= 0; got nan"),
    ({"step_size": "0.1"}, "step_size must be a number > 0; got str: '0.1'"),
])
def test_every_argument_is_checked_as_minimize_checks_it(options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        nn.gradient_descent(bowl, [1.0, 1.0], **{"step_size": 0.1, **options})


def test_the_result_holds_the_gradient_where_it_stopped():
    result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.1)
    x, y = result.point
    assert result.gradient == pytest.approx([6 * x, 8 * y])
    diverged = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.5)
    x, y = diverged.point  # the last finite point, and its gradient
    assert diverged.gradient == pytest.approx([6 * x, 8 * y]) and abs(diverged.gradient[0]) > 1e50


def test_on_a_plateau_f_stops_changing_where_the_gradient_is_not_zero():
    def cliff(x):  # flat (3) for large x, a valley at x = 2
        return 3 - 3 * (-(x - 2) ** 2).exp()

    result = nn.gradient_descent(cliff, [6.0], step_size=0.1)
    assert result.converged and result.steps == 1  # "converged", but far from the valley at 2
    assert result.point[0] > 5.9 and 0 < abs(result.gradient[0]) < 1e-4


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
