"""Tests of nn.schedules."""

from __future__ import annotations

import math

import pytest

import nn
from nn.schedules import as_schedule


def test_linear_decay_is_exactly_micrograds_demo_schedule():
    schedule = nn.LinearDecay(1.0, 0.1, 100)
    assert [schedule(k) for k in range(100)] == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert schedule(100) == schedule(1000) == 0.1


def test_step_exponential_cosine_and_constant():
    assert [nn.StepDecay(0.8, every=2, factor=0.5)(k) for k in range(5)] == [0.8, 0.8, 0.4, 0.4, 0.2]
    assert nn.ExponentialDecay(2.0, 0.5)(3) == 0.25
    cosine = nn.CosineDecay(1.0, 100, end=0.2)
    assert cosine(0) == 1.0 and cosine(100) == pytest.approx(0.2) and cosine(500) == pytest.approx(0.2)
    assert cosine(50) == pytest.approx(0.6)
    assert all(cosine(k) >= cosine(k + 1) for k in range(120))
    assert nn.Constant(0.3)(12345) == 0.3


def test_schedules_print_readably():
    assert repr(nn.LinearDecay(1.0, 0.1, 100)) == "LinearDecay(start=1.0, end=0.1, steps=100)"


def test_any_callable_or_number_is_a_schedule():
    assert as_schedule(lambda k: 1 / (k + 1), 0.5)(3) == 0.25
    assert as_schedule(0.2, 0.5)(7) == 0.2
    assert as_schedule(None, 0.5)(7) == 0.5
    with pytest.raises(TypeError, match="callable step -> lr"):
        as_schedule("fast", 0.5)


@pytest.mark.parametrize("make", [lambda: nn.Constant(-1.0), lambda: nn.LinearDecay(1.0, 0.1, 0),
                                  lambda: nn.StepDecay(1.0, every=0), lambda: nn.CosineDecay(math.nan, 10),
                                  lambda: nn.ExponentialDecay(1.0, -0.5)])
def test_bad_schedules_are_clear_errors(make):
    with pytest.raises(ValueError, match="must be"):
        make()


def test_schedules_near_the_largest_float_do_not_overflow():
    linear = nn.LinearDecay(1e308, 1e307, 3)
    assert [linear(k) for k in range(4)] == pytest.approx([1e308, 7e307, 4e307, 1e307])
    cosine = nn.CosineDecay(1.7e308, 4)
    assert cosine(0) == pytest.approx(1.7e308) and cosine(2) == pytest.approx(0.85e308)
    assert all(math.isfinite(schedule(k)) for schedule in (linear, cosine) for k in range(10))
