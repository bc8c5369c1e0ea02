"""Tests of nn.minimize: the article's gradient_descent, every optimizer on a few Values, Newton's method."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Value, grad, hessian
from nn.minimize import METHODS, minimize, solve
from nn.objectives import ROSENBROCK, STYBLINSKI_TANG, VALLEY
from tests.strategies import reals


def bowl(x, y):
    return 2 + 3 * x**2 + 4 * y**2


def test_newton_lands_on_the_minimum_of_a_quadratic_in_one_step():
    result = minimize(lambda x, y: (x - 1) ** 2 + 2 * (y + 3) ** 2 + x * y, [10.0, -7.0], optimizer="newton")
    # minimum where 2(x-1) + y = 0 and 4(y+3) + x = 0: x = 8/7 + ... solve exactly
    expected = solve([[2.0, 1.0], [1.0, 4.0]], [2.0, -12.0])
    assert result.converged and result.steps == 1
    assert result.point == pytest.approx(expected, abs=1e-12)
    # two evaluations (start, end), each with 1 + 2 backward passes (gradient, two Hessian rows)
    assert result.evaluations == 2 and result.backward_passes == 6


def test_a_newton_step_is_the_hessian_solve_of_the_gradient():
    start = list(ROSENBROCK.start)
    result = minimize(ROSENBROCK, start, optimizer="newton", max_steps=1)
    xs = [Value(c) for c in start]
    gradient = list(grad(ROSENBROCK(*xs), xs))
    step = solve(hessian(ROSENBROCK, start), gradient)
    assert result.path[1] == pytest.approx([c - d for c, d in zip(start, step)], rel=1e-12)
    assert result.steps == 1 and not result.converged and "max_steps" in result.reason


def test_a_damped_newton_step_takes_a_fraction_of_the_full_step():
    result = minimize(lambda x: (x - 2) ** 2, [0.0], optimizer="newton", lr=0.5, max_steps=1)
    assert result.path[1] == [1.0]


def test_newton_on_rosenbrock_converges_in_few_steps_and_gradient_descent_needs_thousands():
    newton = minimize(ROSENBROCK, ROSENBROCK.start, optimizer="newton", tol=1e-6)
    assert newton.converged and newton.steps < 20
    assert ROSENBROCK.which_minimum(newton.point, tolerance=1e-6) == 0
    descent = minimize(ROSENBROCK, ROSENBROCK.start, optimizer="gd", lr=1e-3, tol=1e-6, max_steps=2000)
    assert not descent.converged and descent.steps == 2000


def test_newton_heads_for_any_stationary_point_even_a_maximum():
    # Styblinski-Tang has its maximum near (0.1567, 0.1567); Newton from next to it converges there
    result = minimize(STYBLINSKI_TANG, [0.3, 0.2], optimizer="newton", tol=1e-9)
    assert result.converged
    assert STYBLINSKI_TANG.which_minimum(result.point) is None
    assert result.point == pytest.approx([0.1567, 0.1567], abs=1e-3)
    h = hessian(STYBLINSKI_TANG, result.point)
    assert h[0][0] < 0 and h[1][1] < 0  # a maximum


def test_a_singular_hessian_stops_newton_and_says_so():
    result = minimize(lambda x, y: (x + y) ** 2 + x + y, [1.0, 1.0], optimizer="newton")
    assert not result.converged and "singular" in result.reason
    assert result.steps == 0 and result.point == [1.0, 1.0]


def test_plain_gradient_descent_takes_the_articles_step():
    result = minimize(bowl, [10.0, 10.0], optimizer="gd", lr=0.1, max_steps=2)
    # each step multiplies x by 1 - 0.1*6 = 0.4 and y by 1 - 0.1*8 = 0.2, as nn.gradient_descent does
    assert result.path == [pytest.approx([10.0, 10.0]), pytest.approx([4.0, 2.0]), pytest.approx([1.6, 0.4])]
    reference = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.1, max_steps=2)
    assert result.path == [pytest.approx(p) for p in reference.path]
    assert result.values == pytest.approx([bowl(*p) for p in result.path])


@pytest.mark.parametrize("name, optimizer_class, options", [
    ("gd", nn.SGD, {}),
    ("momentum", nn.SGD, {"momentum": 0.9}),
    ("nesterov", nn.SGD, {"momentum": 0.9, "nesterov": True}),
    ("rmsprop", nn.RMSProp, {}),
    ("adam", nn.Adam, {}),
])
def test_each_named_optimizer_moves_as_the_nn_optimizer_does(name, optimizer_class, options):
    result = minimize(ROSENBROCK, [-1.0, 2.0], optimizer=name, lr=1e-3, max_steps=5)
    params = [Value(-1.0), Value(2.0)]
    optimizer = optimizer_class(params, lr=1e-3, **options)
    path = [[-1.0, 2.0]]
    for _ in range(5):
        optimizer.zero_grad()
        ROSENBROCK(*params).backward()
        optimizer.step()
        path.append([p.data for p in params])
    assert result.path == [pytest.approx(p, rel=1e-12) for p in path]
    assert result.method == name


def test_an_optimizer_class_or_a_factory_can_be_given():
    by_class = minimize(VALLEY, [1.0, 1.0], optimizer=nn.SGD, lr=0.01, momentum=0.5, max_steps=10)
    by_factory = minimize(VALLEY, [1.0, 1.0], optimizer=lambda ps: nn.SGD(ps, lr=0.01, momentum=0.5), max_steps=10)
    assert by_class.path == by_factory.path
    assert by_class.method == by_factory.method == "SGD"
    with pytest.raises(TypeError, match="sets its own lr"):
        minimize(VALLEY, [1.0, 1.0], optimizer=lambda ps: nn.SGD(ps), lr=0.1)
    with pytest.raises(TypeError, match="must return an nn optimizer"):
        minimize(VALLEY, [1.0, 1.0], optimizer=lambda ps: None)


def test_adams_first_step_moves_each_coordinate_by_lr():
    result = minimize(VALLEY, [2.0, -1.0], optimizer="adam", lr=0.1, max_steps=1)
    assert result.path[1] == pytest.approx([1.9, -0.9], abs=1e-6)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_converges_on_the_valley(method):
    lr = {"gd": 0.03, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 0.01, "adam": 0.1, "newton": None}[method]
    result = minimize(VALLEY, VALLEY.start, optimizer=method, lr=lr, tol=1e-5, max_steps=5000)
    assert result.converged, result
    assert result.gradient_norm < 1e-5
    assert VALLEY.which_minimum(result.point, tolerance=1e-4) == 0
    assert len(result.path) == len(result.values) == result.steps + 1
    assert result.evaluations == result.steps + 1
    assert result.backward_passes == result.evaluations * (3 if method == "newton" else 1)


def test_a_too_large_step_diverges_and_the_result_says_so():
    # curvature 50 across the valley: gradient descent diverges once lr > 2/50
    result = minimize(VALLEY, [1.0, 1.0], optimizer="gd", lr=0.05, max_steps=10_000)
    assert not result.converged and "diverged" in result.reason
    assert all(math.isfinite(c) for c in result.point) and math.isfinite(result.value)
    assert result.steps < 10_000 and len(result.path) == result.steps + 1


def test_max_steps_zero_evaluates_the_start_only():
    result = minimize(bowl, [1.0, 1.0], max_steps=0)
    assert result.steps == 0 and result.evaluations == 1 and result.point == [1.0, 1.0]
    assert result.gradient_norm == pytest.approx(10.0)  # (6, 8)
    assert not result.converged


def test_a_start_at_the_minimum_has_converged_without_a_step():
    result = minimize(bowl, [0.0, 0.0], optimizer="adam")
    assert result.converged and result.steps == 0 and result.value == 2.0


def test_one_variable_and_three_variables_work():
    assert minimize(lambda x: (x - 3) ** 2, [0.0], optimizer="newton").point == pytest.approx([3.0])
    result = minimize(lambda x, y, z: x**2 + (y - 1) ** 2 + (z + 2) ** 4, [1.0, 1.0, 1.0], optimizer="newton",
                      tol=1e-8, max_steps=100)
    assert result.converged and result.point == pytest.approx([0.0, 1.0, -2.0], abs=1e-2)
    assert result.backward_passes == 4 * result.evaluations


@pytest.mark.parametrize("call, error, match", [
    (lambda: minimize(bowl, []), ValueError, "at least one coordinate"),
    (lambda: minimize(bowl, [math.nan, 0.0]), ValueError, "finite starting point"),
    (lambda: minimize(bowl, [1.0, 1.0], optimizer="bfgs"), ValueError, "optimizer must be one of"),
    (lambda: minimize(bowl, [1.0, 1.0], optimizer=3), TypeError, "optimizer must be one of"),
    (lambda: minimize(bowl, [1.0, 1.0], optimizer="newton", momentum=0.9), TypeError, "no optimizer options"),
    (lambda: minimize(bowl, [1.0, 1.0], optimizer="newton", lr=0), ValueError, "lr must be"),
    (lambda: minimize(bowl, [1.0, 1.0], tol=-1), ValueError, "tol must be"),
    (lambda: minimize(bowl, [1.0, 1.0], max_steps=-1), ValueError, "max_steps must be"),
    (lambda: minimize(lambda x, y: 3.0, [1.0, 1.0]), TypeError, "return a Value"),
    (lambda: minimize(lambda x, y: (x * 1000).exp(), [1.0, 1.0]), ValueError, "starting point"),
])
def test_bad_arguments_are_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_long_gradient_is_measured_and_one_too_long_for_a_float_is_divergence_not_an_overflow_error():
    # components of 1e154: their squares sum beyond the largest float, but the length, 1.4e154, is a float
    result = minimize(lambda x, y: 1e154 * x + 1e154 * y, [0.0, 0.0], max_steps=0)
    assert result.gradient_norm == pytest.approx(math.sqrt(2) * 1e154)
    # components of 1.5e308: each finite, but the length, 2.1e308, is beyond the largest float (1.8e308)
    with pytest.raises(ValueError, match="not finite at the starting point: minimize"):
        minimize(lambda x, y: 1.5e308 * x + 1.5e308 * y, [0.0, 0.0])


@settings(max_examples=40, deadline=None)
@given(st.lists(reals(-5, 5), min_size=9, max_size=9), st.lists(reals(-5, 5), min_size=3, max_size=3))
def test_solve_solves_well_conditioned_systems(entries, rhs):
    matrix = [entries[0:3], entries[3:6], entries[6:9]]
    for i in range(3):
        matrix[i][i] += 20.0  # diagonally dominant: far from singular
    x = solve(matrix, rhs)
    assert x is not None
    for row, b in zip(matrix, rhs):
        assert sum(a * xi for a, xi in zip(row, x)) == pytest.approx(b, abs=1e-9)


def test_solve_refuses_a_singular_matrix_and_a_wrong_shape():
    assert solve([[0.0, 0.0], [0.0, 0.0]], [1.0, 1.0]) is None
    assert solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 1.0]) is None
    with pytest.raises(ValueError, match="n x n"):
        solve([[1.0, 2.0]], [1.0, 1.0])


def test_repr_names_the_method_and_the_outcome():
    text = repr(minimize(bowl, [1.0, 1.0], optimizer="newton"))
    assert text.startswith("MinimizeResult(newton: point=[0, 0]") and "converged=True" in text


def test_steps_to_reach_counts_steps_until_the_path_is_near_a_point():
    result = minimize(lambda x, y: x**2 + y**2, [1.0, 0.0], optimizer="gd", lr=0.25, max_steps=20)
    # x halves each step: 1, 0.5, 0.25, 0.125, ...
    assert result.steps_to_reach([0.0, 0.0], tolerance=0.3) == 2
    assert result.steps_to_reach([0.0, 0.0], tolerance=0.25) == 2  # within means <= tolerance
    assert result.steps_to_reach([1.0, 0.0]) == 0
    assert result.steps_to_reach([5.0, 5.0]) is None
    with pytest.raises(ValueError, match="2 coordinates"):
        result.steps_to_reach([0.0])


def test_steps_to_reach_sees_a_run_that_gets_near_the_minimum_without_converging():
    result = minimize(ROSENBROCK, ROSENBROCK.start, optimizer="rmsprop", lr=1e-3, tol=1e-4, max_steps=5000)
    assert not result.converged and result.steps == 5000
    reached = result.steps_to_reach(ROSENBROCK.global_minimum, tolerance=0.05)
    assert reached is not None and reached < 5000
    assert math.dist(result.path[reached], ROSENBROCK.global_minimum) <= 0.05
    assert math.dist(result.path[reached - 1], ROSENBROCK.global_minimum) > 0.05


# ---------------------------------------------------------------- gradient_descent: the source article's loop


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


def test_gradient_descent_refuses_bad_arguments_clearly():
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
def test_every_argument_of_gradient_descent_is_checked_as_minimize_checks_it(options, message):
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


def test_gradient_descent_is_minimize_with_plain_descent_and_the_articles_stopping_rule():
    article = nn.gradient_descent(bowl, [10.0, 10.0], step_size=0.1)
    assert isinstance(article, nn.DescentResult) and isinstance(article, nn.MinimizeResult)
    assert article.method == "gd" and article.evaluations == article.backward_passes == article.steps + 1
    # the same loop and the same optimizer, stopped by the gradient instead (never, with tol=0) after as many steps
    same_steps = minimize(bowl, [10.0, 10.0], optimizer="gd", lr=0.1, tol=0.0, max_steps=article.steps)
    assert same_steps.path == article.path and same_steps.values == article.values
    assert same_steps.gradient == article.gradient and same_steps.gradient_norm == article.gradient_norm
    assert not same_steps.converged and article.converged
    assert repr(same_steps).startswith("MinimizeResult(gd: ") and repr(article).startswith("DescentResult(point=")


def test_an_infinite_step_size_diverges_at_the_first_step():
    result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=math.inf)
    assert not result.converged and result.steps == 0 and result.reason.startswith("diverged at step 1:")
    with pytest.raises(ValueError, match=r"not finite at the starting point: gradient_descent\(\) needs"):
        nn.gradient_descent(lambda x: (x * 1000).exp(), [1.0], step_size=0.1)

