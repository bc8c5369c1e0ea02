"""gradcheck(), and the engine checked by it on random composed graphs and algebraic identities."""

from __future__ import annotations

import pytest
from hypothesis import assume, given

from autograd import is_grad_enabled
from autograd import GradcheckError, Value, grad, gradcheck, numerical_grad
from tests.strategies import random_programs, reals, run_program


@given(random_programs())
def test_random_composed_graphs_pass_gradcheck(program) -> None:
    inputs, steps = program
    _, closest_to_kink = run_program(steps, [Value(x) for x in inputs])
    assume(closest_to_kink > 1e-3)  # central differences straddling a kink are meaningless
    assert gradcheck(lambda *vs: run_program(steps, list(vs))[0], inputs, atol=1e-4, rtol=1e-3)


@given(random_programs())
def test_random_graphs_backward_equals_grad_of_a_fresh_build(program) -> None:
    from autograd import grad

    inputs, steps = program
    xs = [Value(x) for x in inputs]
    out, _ = run_program(steps, xs)
    expected = grad(out, xs)
    out.backward()
    assert tuple(x.grad for x in xs) == expected


@given(reals(-50, 50))
def test_x_minus_x_has_gradient_zero(a: float) -> None:
    x = Value(a)
    (x - x).backward()
    assert x.grad == 0.0


@given(reals(-50, 50).filter(lambda a: abs(a) > 1e-6))
def test_x_over_x_is_one_with_gradient_zero(a: float) -> None:
    x = Value(a)
    y = x / x
    y.backward()
    assert y.data == 1.0 and x.grad == pytest.approx(0.0, abs=1e-12)


@given(reals(-50, 50).filter(lambda a: abs(a) > 1e-6))
def test_square_then_square_root_is_abs(a: float) -> None:
    x, y = Value(a), Value(a)
    z = (x**2) ** 0.5
    z.backward()
    w = abs(y)
    w.backward()
    assert z.data == pytest.approx(w.data) and x.grad == pytest.approx(y.grad)


@given(reals(-5, 5))
def test_exp_of_log_and_tanh_through_sigmoid(a: float) -> None:
    x = Value(a)
    (x.exp().log()).backward()
    assert x.grad == pytest.approx(1.0)
    y, z = Value(a), Value(a)
    (2 * (2 * y).sigmoid() - 1).backward()
    z.tanh().backward()
    assert y.grad == pytest.approx(z.grad, abs=1e-12)


def test_gradcheck_passes_a_correct_gradient() -> None:
    assert gradcheck(lambda x, y: x * y + y.exp(), [1.0, -0.5]) is True


def _tanh_with_a_wrong_derivative(x: Value) -> Value:
    # a function whose graph (recorded) is half the function it evaluates
    # without recording (central differences): its derivative is twice the truth
    return 2 * x.tanh() if is_grad_enabled() else x.tanh()


def test_gradcheck_raises_with_a_table_of_the_failing_inputs() -> None:
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x, y: _tanh_with_a_wrong_derivative(x) + y, [0.5, 2.0])
    message = str(caught.value)
    assert "1 of 2 inputs" in message
    header, row = message.splitlines()[1:3]
    assert header.split() == ["input", "at", "analytic", "numeric", "difference"]
    index, at, analytic, numeric, difference = row.split()
    assert (index, float(at)) == ("0", 0.5)
    assert float(analytic) == pytest.approx(2 * float(numeric), rel=1e-6)
    assert isinstance(caught.value, AssertionError)


def test_gradcheck_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match="return a Value"):
        gradcheck(lambda x: 1.0, [1.0])  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="input 0 is str"):
        gradcheck(lambda x: x, ["a"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="finite"):
        gradcheck(lambda x: x, [float("nan")])


def test_gradcheck_leaves_no_graph_from_the_numeric_pass() -> None:
    seen = []

    def f(x: Value) -> Value:
        out = x * x
        seen.append(out)
        return out

    gradcheck(f, [3.0])
    assert seen[0].parents and all(out.parents == () for out in seen[1:])


@given(reals(-3, 3), reals(-3, 3))
def test_numerical_grad_approximates_the_engine_gradient(a: float, b: float) -> None:
    def f(x: Value, y: Value) -> Value:
        return (x * y).sin() + x * x - y.exp()

    x, y = Value(a), Value(b)
    analytic = grad(f(x, y), [x, y])
    numeric = numerical_grad(f, [a, b])
    assert numeric == pytest.approx(analytic, rel=1e-5, abs=1e-6)
