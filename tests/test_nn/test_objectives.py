"""Tests of nn.objectives: each test function's minima really are its minima."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from autograd import Value, grad, hessian
from nn.objectives import OBJECTIVES, ROSENBROCK, STYBLINSKI_TANG, VALLEY, Objective
from tests.strategies import reals

ALL = list(OBJECTIVES.values())


@pytest.mark.parametrize("objective", ALL, ids=lambda o: o.name)
def test_every_listed_minimum_is_a_minimum(objective):
    for point in objective.minima:
        xs = [Value(c) for c in point]
        assert max(abs(g) for g in grad(objective(*xs), xs)) < 1e-9  # stationary
        (a, b), (c, d) = hessian(objective, list(point))
        assert b == pytest.approx(c)
        assert a > 0 and a * d - b * c > 0  # positive definite: a minimum, not a saddle or maximum


@pytest.mark.parametrize("objective", ALL, ids=lambda o: o.name)
def test_the_global_minimum_is_first_and_lowest_on_a_fine_grid(objective):
    values = objective.minimum_values
    assert values[0] == min(values)
    _, _, zs = objective.grid(121)
    assert min(min(row) for row in zs) >= values[0] - 1e-12


@pytest.mark.parametrize("objective", ALL, ids=lambda o: o.name)
def test_the_start_and_the_minima_lie_in_the_bounds(objective):
    (x_low, x_high), (y_low, y_high) = objective.bounds
    for x, y in (objective.start, *objective.minima):
        assert x_low <= x <= x_high and y_low <= y <= y_high


@settings(max_examples=30, deadline=None)
@given(reals(-3, 3), reals(-3, 3))
def test_values_and_floats_give_the_same_numbers(x, y):
    for objective in ALL:
        assert objective(Value(x), Value(y)).data == pytest.approx(objective(x, y), rel=1e-12, abs=1e-12)


def test_known_values():
    assert VALLEY(1.0, 1.0) == 26.0
    assert ROSENBROCK(1.0, 1.0) == 0.0 and ROSENBROCK(0.0, 0.0) == 1.0
    assert STYBLINSKI_TANG.minimum_values[0] == pytest.approx(-78.33233, abs=1e-5)  # -39.16617 per variable
    assert STYBLINSKI_TANG.global_minimum == pytest.approx((-2.903534, -2.903534), abs=1e-6)
    assert len(STYBLINSKI_TANG.minima) == 4 and len(set(STYBLINSKI_TANG.minima)) == 4


def test_which_minimum_and_nearest_minimum():
    assert STYBLINSKI_TANG.which_minimum([-2.9, -2.9]) == 0
    assert STYBLINSKI_TANG.which_minimum([2.747, 2.747]) == 3
    assert STYBLINSKI_TANG.which_minimum([0.0, 0.0]) is None
    assert STYBLINSKI_TANG.which_minimum([2.8, 2.8], tolerance=0.1) == 3
    index, distance = VALLEY.nearest_minimum([0.0, 2.0])
    assert (index, distance) == (0, 2.0)
    with pytest.raises(ValueError, match="two numbers"):
        VALLEY.which_minimum([1.0])


def test_random_starts_are_reproducible_and_in_the_bounds():
    starts = STYBLINSKI_TANG.random_starts(200, seed=3)
    assert starts == STYBLINSKI_TANG.random_starts(200, seed=3)
    assert starts != STYBLINSKI_TANG.random_starts(200, seed=4)
    assert all(-5 <= x <= 5 and -5 <= y <= 5 for x, y in starts)
    assert min(x for x, _ in starts) < -4 and max(x for x, _ in starts) > 4  # spread over the box
    assert STYBLINSKI_TANG.random_starts(0) == []
    with pytest.raises(ValueError, match="count"):
        VALLEY.random_starts(-1)


def test_grid_is_laid_out_for_matplotlib():
    xs, ys, zs = ROSENBROCK.grid(5)
    assert xs == [-2.0, -1.0, 0.0, 1.0, 2.0] and ys == [-1.0, 0.0, 1.0, 2.0, 3.0]
    assert len(zs) == len(ys) and all(len(row) == len(xs) for row in zs)
    assert zs[1][3] == ROSENBROCK(xs[3], ys[1]) == 100.0  # f(1, 0)
    with pytest.raises(ValueError, match="resolution"):
        ROSENBROCK.grid(1)


def test_an_objective_of_ones_own():
    bowl = Objective("bowl", "x^2 + y^2", lambda x, y: x**2 + y**2, ((0.0, 0.0),), ((-1.0, 1.0), (-1.0, 1.0)),
                     (0.5, 0.5))
    assert bowl(3.0, 4.0) == 25.0 and bowl.global_minimum == (0.0, 0.0)
    assert repr(bowl) == "Objective('bowl': x^2 + y^2, 1 minima)"
    assert math.isclose(bowl.minimum_values[0], 0.0)
