"""grad(), higher-order derivatives through create_graph, hessian()."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings

from autograd import Value, grad, hessian, no_grad
from tests.strategies import central_difference, close, random_programs, reals, run_program


def test_grad_returns_a_tuple_and_touches_no_grad() -> None:
    x, y = Value(2.0), Value(5.0)
    z = x * x * y
    assert grad(z, [x, y]) == (20.0, 4.0)
    assert grad(z, x) == (20.0,)
    assert (x.grad, y.grad, z.grad) == (0.0, 0.0, 0.0)


def test_an_unrelated_input_gets_zero() -> None:
    x, unrelated = Value(2.0), Value(7.0)
    assert grad(x * 3, [x, unrelated]) == (3.0, 0.0)
    dx, du = grad(x * 3, [x, unrelated], create_graph=True)
    assert isinstance(du, Value) and du.data == 0.0 and dx.data == 3.0


@given(reals(-3, 3), reals(-3, 3))
def test_grad_agrees_with_backward(a: float, b: float) -> None:
    x, y = Value(a), Value(b)
    f = (x * y).sin() + x.exp() * y - (x * x + 1).log()
    expected = grad(f, [x, y])
    f.backward()
    assert expected == (x.grad, y.grad)


@given(reals(-5, 5))
def test_second_derivative_of_x_cubed_is_6x(a: float) -> None:
    x = Value(a)
    (dx,) = grad(x**3, [x], create_graph=True)
    assert isinstance(dx, Value)
    assert dx.data == pytest.approx(3 * a * a)
    (d2x,) = grad(dx, [x])
    assert d2x == pytest.approx(6 * a)


def test_second_derivative_of_x_cubed_at_2_is_12() -> None:
    x = Value(2.0)
    (dx,) = grad(x**3, [x], create_graph=True)
    assert grad(dx, [x]) == (12.0,)


@given(reals(-10, 10))
def test_second_derivative_of_sin_is_minus_sin(a: float) -> None:
    x = Value(a)
    (dx,) = grad(x.sin(), [x], create_graph=True)
    assert grad(dx, [x])[0] == pytest.approx(-math.sin(a), abs=1e-12)


@given(reals(-3, 3))
def test_third_derivative_of_exp_is_exp(a: float) -> None:
    x = Value(a)
    (d1,) = grad(x.exp(), [x], create_graph=True)
    (d2,) = grad(d1, [x], create_graph=True)
    (d3,) = grad(d2, [x])
    assert d3 == pytest.approx(math.exp(a))


ANYWHERE = (0.3, 1.7, -0.8)
POSITIVE = (0.3, 1.7, 4.0)


@pytest.mark.parametrize("op, second, points", [
    (lambda v: v.tanh(), lambda a: -2 * math.tanh(a) * (1 - math.tanh(a) ** 2), ANYWHERE),
    (lambda v: v.sigmoid(), lambda a: (s := 1 / (1 + math.exp(-a))) * (1 - s) * (1 - 2 * s), ANYWHERE),
    (lambda v: v.softplus(), lambda a: (s := 1 / (1 + math.exp(-a))) * (1 - s), ANYWHERE),
    (lambda v: v.log(), lambda a: -1 / a**2, POSITIVE),
    (lambda v: v.sqrt(), lambda a: -0.25 * a**-1.5, POSITIVE),
    (lambda v: 1 / v, lambda a: 2 / a**3, ANYWHERE),
    (lambda v: v / (v + 2), lambda a: -4 / (a + 2) ** 3, ANYWHERE),
    (lambda v: v.cos(), lambda a: -math.cos(a), ANYWHERE),
    (lambda v: v.exp(), math.exp, ANYWHERE),
    (lambda v: 2.0**v, lambda a: 2.0**a * math.log(2) ** 2, ANYWHERE),
    (lambda v: v**v, lambda a: a**a * ((math.log(a) + 1) ** 2 + 1 / a), POSITIVE),
    (lambda v: v**2.5, lambda a: 2.5 * 1.5 * a**0.5, POSITIVE),
    (lambda v: v.relu() * v, lambda a: 2.0 if a > 0 else 0.0, ANYWHERE),
    (lambda v: abs(v) * v, lambda a: 2.0 if a > 0 else -2.0, ANYWHERE),
    (lambda v: v.leaky_relu(0.1) * v, lambda a: 2.0 if a > 0 else 0.2, ANYWHERE),
    (lambda v: -(+v) * (v - 1), lambda a: -2.0, ANYWHERE),
], ids=["tanh", "sigmoid", "softplus", "log", "sqrt", "reciprocal", "quotient", "cos", "exp",
        "number ** x", "x ** x", "x ** 2.5", "relu", "abs", "leaky_relu", "neg and pos"])
def test_second_derivatives_of_every_op(op, second, points) -> None:
    for a in points:
        x = Value(a)
        (d1,) = grad(op(x), [x], create_graph=True)
        (d2,) = grad(d1, [x])
        assert d2 == pytest.approx(second(a), rel=1e-9, abs=1e-12), (a, d2, second(a))


def test_mixed_partials_of_x_y_y() -> None:
    x, y = Value(3.0), Value(2.0)
    dx, dy = grad(x * y * y, [x, y], create_graph=True)  # y^2, 2xy
    assert grad(dx, [x, y]) == (0.0, 4.0)  # d/dx y^2 = 0, d/dy y^2 = 2y
    assert grad(dy, [x, y]) == (4.0, 6.0)  # d/dx 2xy = 2y, d/dy 2xy = 2x


def test_hessian_is_symmetric_and_right() -> None:
    h = hessian(lambda x, y: x * y * y, [3.0, 2.0])
    assert h == [[0.0, 4.0], [4.0, 6.0]]
    # Rosenbrock at (1, 1): [[802, -400], [-400, 200]]
    rosenbrock = hessian(lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2, [1.0, 1.0])
    assert rosenbrock == [[802.0, -400.0], [-400.0, 200.0]]


def test_create_graph_works_even_inside_no_grad() -> None:
    x = Value(2.0)
    y = x**3
    with no_grad():
        (dx,) = grad(y, [x], create_graph=True)
    assert grad(dx, [x]) == (12.0,)


def test_a_hessian_where_a_slope_is_infinite_is_an_error_naming_the_op_not_a_wrong_zero() -> None:
    # before issue 8 this returned [[0.0]]; the truth at 0 is -inf (from the right)
    with pytest.raises(ValueError, match="derivative of 'sqrt'"):
        hessian(lambda a: a.sqrt(), [0.0])


@pytest.mark.parametrize("point, expected", [
    ([2.0, 1.0], [[0.0, 1 + math.log(2)], [1 + math.log(2), 2 * math.log(2) ** 2]]),
    ([2.0, 0.0], [[0.0, 0.5], [0.5, math.log(2) ** 2]]),
    ([3.0, 2.0], [[2.0, 3 * (1 + 2 * math.log(3))], [3 * (1 + 2 * math.log(3)), 9 * math.log(3) ** 2]]),
])
def test_hessian_of_x_to_the_y_at_exponents_0_and_1(point, expected) -> None:
    # issue 8, defect 1: at y = 1 the off-diagonal was 1 (not 1 + ln 2), at y = 0 it was 0 (not 1/x)
    h = hessian(lambda x, y: x**y, point)
    for row, truth in zip(h, expected):
        assert row == pytest.approx(truth, rel=1e-12)
    assert h[0][1] == h[1][0]


def test_second_derivative_of_x_to_the_x_minus_1_at_2() -> None:
    # issue 8, defect 1: gave 3.654; d2/dx2 x**(x-1) at 2 is 2 (ln 2 + 1/2)^2 + 2 (1/2 + 1/4) = 4.347...
    x = Value(2.0)
    (g,) = grad(x ** (x - 1), [x], create_graph=True)
    (second,) = grad(g, [x])
    truth = 2 * ((math.log(2) + 0.5) ** 2 + 0.5 + 0.25)
    assert second == pytest.approx(truth, rel=1e-12)


def test_grad_checks_its_arguments() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="output"):
        grad(3.0, [x])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="input 1 is float"):
        grad(x * 2, [x, 2.0])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="return a Value"):
        hessian(lambda x: 3.0, [1.0])  # type: ignore[arg-type,return-value]


@settings(max_examples=150, deadline=None)
@given(random_programs())
def test_every_hessian_of_a_random_graph_is_symmetric_and_matches_central_differences(program) -> None:
    inputs, steps = program
    values = [Value(x) for x in inputs]
    _, closest_to_kink = run_program(steps, values)
    assume(closest_to_kink > 1e-3)  # a kink is not differentiable: stay away from it
    h = hessian(lambda *vs: run_program(steps, list(vs))[0], inputs)
    n = len(inputs)
    scale = max([1.0] + [abs(e) for row in h for e in row])
    for i in range(n):
        for j in range(i + 1, n):
            assert abs(h[i][j] - h[j][i]) <= 1e-9 * scale, (h, i, j)

    def gradient_component(j: int, i: int):
        def along_i(t: float) -> float:
            point = [Value(x) for x in inputs]
            point[i] = Value(t)
            return grad(run_program(steps, point)[0], point)[j]
        return along_i

    for i in range(n):
        for j in range(n):
            numeric, rounding = central_difference(gradient_component(j, i), inputs[i])
            assert close(h[j][i], numeric, rounding, rtol=1e-4, atol=1e-5), (h, i, j, numeric)


def test_the_hessian_of_a_power_of_a_negative_base_is_nan_wherever_the_exponent_enters() -> None:
    h = hessian(lambda x, y: x**y, [-2.0, 2.0])
    assert h[0][0] == 2.0
    assert math.isnan(h[0][1]) and math.isnan(h[1][0]) and math.isnan(h[1][1])
    assert math.isnan(hessian(lambda y: (-2) ** y, [3.0])[0][0])
