"""Tests of nn.gradient_descent: the source article's loop and its worked example."""

from __future__ import annotations

import math

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
