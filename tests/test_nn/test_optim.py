"""Tests of nn.optim: each update rule against steps computed by hand (PyTorch's rules)."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value
from tests.test_nn.faults import FaultAt


def run(optimizer_factory, start, grads):
    """Apply the optimizer to one parameter starting at ``start`` with the given gradient sequence."""
    p = Value(start)
    optimizer = optimizer_factory([p])
    trajectory = []
    for g in grads:
        p.grad = g
        optimizer.step()
        trajectory.append(p.data)
    return trajectory


def test_plain_sgd():
    # p -= lr * g: 1 - 0.1*2 = 0.8; 0.8 - 0.1*(-1) = 0.9
    assert run(lambda ps: nn.SGD(ps, lr=0.1), 1.0, [2.0, -1.0]) == pytest.approx([0.8, 0.9])


def test_sgd_with_weight_decay():
    # g = grad + 0.5 p: step 1: g = 1 + 0.5 = 1.5 -> p = 1 - 0.15 = 0.85
    # step 2: g = 1 + 0.425 = 1.425 -> p = 0.85 - 0.1425 = 0.7075
    assert run(lambda ps: nn.SGD(ps, lr=0.1, weight_decay=0.5), 1.0, [1.0, 1.0]) == pytest.approx([0.85, 0.7075])


def test_sgd_with_momentum():
    # b1 = g1 = 1 -> p = 1 - 0.1 = 0.9
    # b2 = 0.9*1 + 2 = 2.9 -> p = 0.9 - 0.29 = 0.61
    # b3 = 0.9*2.9 - 1 = 1.61 -> p = 0.61 - 0.161 = 0.449
    assert run(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9), 1.0, [1.0, 2.0, -1.0]) == \
        pytest.approx([0.9, 0.61, 0.449])


def test_sgd_with_momentum_and_dampening():
    # b1 = g1 = 1 (no dampening on the first step) -> p = 0.9
    # b2 = 0.9*1 + (1-0.5)*2 = 1.9 -> p = 0.9 - 0.19 = 0.71
    assert run(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5), 1.0, [1.0, 2.0]) == \
        pytest.approx([0.9, 0.71])


def test_sgd_with_nesterov_momentum():
    # b1 = 1, direction = g + 0.9 b = 1.9 -> p = 1 - 0.19 = 0.81
    # b2 = 0.9 + 2 = 2.9, direction = 2 + 2.61 = 4.61 -> p = 0.81 - 0.461 = 0.349
    assert run(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9, nesterov=True), 1.0, [1.0, 2.0]) == \
        pytest.approx([0.81, 0.349])


def test_rmsprop():
    # v1 = 0.1 * 4 = 0.4 (alpha 0.9), step = 0.01 * 2 / (sqrt(0.4) + 1e-8)
    v1 = 0.4
    p1 = 1.0 - 0.01 * 2.0 / (math.sqrt(v1) + 1e-8)
    # v2 = 0.9 * 0.4 + 0.1 * 1 = 0.46, g = -1
    v2 = 0.46
    p2 = p1 + 0.01 * 1.0 / (math.sqrt(v2) + 1e-8)
    assert run(lambda ps: nn.RMSProp(ps, lr=0.01, alpha=0.9), 1.0, [2.0, -1.0]) == pytest.approx([p1, p2], rel=1e-12)


def test_rmsprop_centered_with_momentum_and_weight_decay():
    # g1 = 2 + 0.1*1 = 2.1; v1 = 0.1*4.41 = 0.441; a1 = 0.21; d1 = sqrt(0.441 - 0.0441) + eps
    # b1 = g1 / d1; p1 = 1 - 0.01 b1
    g1 = 2.1
    v1, a1 = 0.1 * g1 * g1, 0.1 * g1
    b1 = g1 / (math.sqrt(v1 - a1 * a1) + 1e-8)
    p1 = 1.0 - 0.01 * b1
    g2 = -1.0 + 0.1 * p1
    v2, a2 = 0.9 * v1 + 0.1 * g2 * g2, 0.9 * a1 + 0.1 * g2
    b2 = 0.5 * b1 + g2 / (math.sqrt(v2 - a2 * a2) + 1e-8)
    p2 = p1 - 0.01 * b2
    result = run(lambda ps: nn.RMSProp(ps, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.1),
                 1.0, [2.0, -1.0])
    assert result == pytest.approx([p1, p2], rel=1e-12)


def test_adam_with_bias_correction():
    # t=1: m = 0.1*g, v = 0.001*g^2; m_hat = g, v_hat = g^2 -> step = lr * g / (|g| + eps) ~ lr
    g1, g2 = 4.0, -2.0
    m1, v1 = 0.1 * g1, 0.001 * g1 * g1
    p1 = 1.0 - 0.1 * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)
    m2, v2 = 0.9 * m1 + 0.1 * g2, 0.999 * v1 + 0.001 * g2 * g2
    c1, c2 = 1 - 0.9**2, 1 - 0.999**2
    p2 = p1 - 0.1 * (m2 / c1) / (math.sqrt(v2 / c2) + 1e-8)
    assert run(lambda ps: nn.Adam(ps, lr=0.1), 1.0, [g1, g2]) == pytest.approx([p1, p2], rel=1e-12)
    assert p1 == pytest.approx(0.9)


def test_adam_with_weight_decay_adds_it_to_the_gradient():
    g = 1.0 + 0.5 * 2.0  # grad + weight_decay * p
    assert run(lambda ps: nn.Adam(ps, lr=0.01, weight_decay=0.5), 2.0, [1.0]) == \
        pytest.approx([2.0 - 0.01 * g / (abs(g) + 1e-8)])


@pytest.mark.parametrize("factory", [
    lambda ps: nn.SGD(ps, lr=0.1), lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9),
    lambda ps: nn.SGD(ps, lr=0.05, momentum=0.9, nesterov=True), lambda ps: nn.RMSProp(ps, lr=0.05),
    lambda ps: nn.Adam(ps, lr=0.1)])
def test_every_optimizer_minimises_a_bowl(factory):
    x, y = Value(3.0), Value(-2.0)
    optimizer = factory([x, y])
    for _ in range(300):
        loss = 2 + 3 * x**2 + 4 * y**2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert abs(x.data) < 0.05 and abs(y.data) < 0.05


def test_zero_grad_lr_and_repr():
    p = Value(1.0)
    p.grad = 3.0
    optimizer = nn.SGD([p], lr=0.1, momentum=0.9)
    optimizer.zero_grad()
    assert p.grad == 0.0
    optimizer.lr = 0.5
    p.grad = 1.0
    optimizer.step()
    assert p.data == 0.5 and optimizer.steps == 1
    assert repr(optimizer) == "SGD(1 parameters, lr=0.5, momentum=0.9)"
    assert "betas=(0.9, 0.999)" in repr(nn.Adam([p]))


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="empty parameter list"):
        nn.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="list of parameters"):
        nn.SGD(Value(1.0), lr=0.1)
    with pytest.raises(TypeError, match="parameter 1 is float"):
        nn.Adam([Value(1.0), 2.0])
    with pytest.raises(ValueError, match="lr must be a finite number >= 0"):
        nn.SGD([Value(1.0)], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum needs momentum > 0"):
        nn.SGD([Value(1.0)], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="beta2 must be a number in"):
        nn.Adam([Value(1.0)], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="alpha"):
        nn.RMSProp([Value(1.0)], alpha=1.5)


def test_a_snapshot_of_the_state_undoes_steps():
    p = Value(1.0)
    optimizer = nn.Adam([p], lr=0.1)
    p.grad = 2.0
    optimizer.step()
    saved, data = optimizer.state_snapshot(), p.data
    moments = optimizer.first_moments
    optimizer.step()
    optimizer.step()
    optimizer.restore_state(saved)
    p.data = data
    assert optimizer.steps == 1 and optimizer.first_moments is moments and moments == saved["first_moments"]
    optimizer.step()
    again = p.data
    p.data = data
    optimizer.restore_state(saved)
    optimizer.step()
    assert p.data == again  # the same step as before: nothing of the undone steps is left


@pytest.mark.parametrize("make", [nn.Adam, nn.RMSProp])
@pytest.mark.parametrize("eps", [0.0, -1e-8, math.nan, math.inf])
def test_eps_must_be_a_positive_finite_number(make, eps):
    # with eps = 0 a parameter whose gradients are all 0 (a dead relu) makes 0 / 0 in the update
    with pytest.raises(ValueError, match=r"eps must be a finite number > 0; got .*such as 1e-8"):
        make([Value(1.0)], eps=eps)


OPTIMIZERS = [
    lambda ps: nn.SGD(ps, lr=0.1),
    lambda ps: nn.SGD(ps, lr=0.1, weight_decay=0.1),
    lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5),
    lambda ps: nn.RMSProp(ps, lr=0.01),
    lambda ps: nn.RMSProp(ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.1),
    lambda ps: nn.Adam(ps, lr=0.01),
    lambda ps: nn.Adam(ps, lr=0.01, weight_decay=0.1),
]


def optimizer_after_two_steps(make):
    """Three parameters and an optimizer that has taken two steps (so every buffer holds something), grads set."""
    params = [Value(0.5), Value(-1.0), Value(2.0)]
    optimizer = make(params)
    for grads in ([0.1, -0.2, 0.3], [0.4, 0.0, -0.1], [-0.3, 0.2, 0.5]):
        for p, g in zip(params, grads):
            p.grad = g
        if optimizer.steps < 2:
            optimizer.step()
    return params, optimizer


def state_of(params, optimizer):
    return [p.data for p in params], [p.grad for p in params], optimizer.state_snapshot()


@pytest.mark.parametrize("make", OPTIMIZERS)
@pytest.mark.parametrize("error", [KeyboardInterrupt, ZeroDivisionError])
def test_an_error_at_any_line_of_a_step_leaves_parameters_and_state_as_before(make, error):
    at = 0
    while True:
        at += 1
        params, optimizer = optimizer_after_two_steps(make)
        before = state_of(params, optimizer)
        with FaultAt(at, error) as fault:
            try:
                optimizer.step()
            except error:
                pass
        if not fault.fired:  # the step ran to its end: every line has had its turn
            break
        assert state_of(params, optimizer) == before, f"a fault at line {at} of the step left a change"
    assert at > 10
    assert state_of(params, optimizer)[0] != before[0] and optimizer.steps == 3


class ExplodingGrad(float):
    """A gradient that raises ``error`` on the ``at``-th arithmetic operation made with it (counted in ``ops``)."""

    ops = [0]

    def __new__(cls, value, at, error):
        self = super().__new__(cls, value)
        self.at, self.error = at, error
        return self

    def _count(self, result):
        ExplodingGrad.ops[0] += 1
        if ExplodingGrad.ops[0] == self.at:
            raise self.error("injected")
        return result

    def __add__(self, other): return self._count(float(self) + other)
    def __radd__(self, other): return self._count(other + float(self))
    def __sub__(self, other): return self._count(float(self) - other)
    def __rsub__(self, other): return self._count(other - float(self))
    def __mul__(self, other): return self._count(float(self) * other)
    def __rmul__(self, other): return self._count(other * float(self))
    def __truediv__(self, other): return self._count(float(self) / other)
    def __rtruediv__(self, other): return self._count(other / float(self))
    def __neg__(self): return self._count(-float(self))


@pytest.mark.parametrize("make", OPTIMIZERS)
@pytest.mark.parametrize("error", [ZeroDivisionError, OverflowError])
def test_a_gradient_that_raises_in_any_operation_leaves_everything_as_before(make, error):
    at = 0
    while True:
        at += 1
        params, optimizer = optimizer_after_two_steps(make)
        ExplodingGrad.ops[0] = 0
        for p in params:
            p.grad = ExplodingGrad(p.grad, at, error)
        before = state_of(params, optimizer)
        try:
            optimizer.step()
        except error:
            assert state_of(params, optimizer) == before, f"an error in operation {at} left a change"
        else:  # fewer than ``at`` operations: each of them has raised once
            break
    assert at > 3  # at least one operation per parameter
