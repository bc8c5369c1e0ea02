"""Tests of nn.datasets: shapes, labels, geometry, seeding, splitting."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn import datasets

MAKERS = [datasets.make_moons, datasets.make_circles, datasets.make_blobs, datasets.make_spirals,
          datasets.make_xor]


@pytest.mark.parametrize("make", MAKERS)
def test_every_classification_set_is_lists_of_points_and_int_labels_and_seeded(make):
    X, y = make(n_samples=37, random_state=3)
    assert isinstance(X, list) and isinstance(y, list) and len(X) == len(y) == 37
    assert all(isinstance(p, list) and len(p) == 2 and all(isinstance(c, float) for c in p) for p in X)
    assert all(type(label) is int for label in y)
    assert make(n_samples=37, random_state=3) == (X, y)
    assert make(n_samples=37, random_state=4) != (X, y)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = datasets.make_moons(50, random_state=0)
    assert y.count(0) == 25 and y.count(1) == 25
    for (a, b), label in zip(X, y):
        if label == 0:
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:
            assert math.hypot(1 - a, 0.5 - b) == pytest.approx(1.0) and b <= 0.5 + 1e-12


def test_noise_moves_the_points():
    clean, _ = datasets.make_moons(50, shuffle=False, random_state=0)
    noisy, _ = datasets.make_moons(50, shuffle=False, noise=0.1, random_state=0)
    moved = [math.dist(p, q) for p, q in zip(clean, noisy)]
    assert 0.02 < sum(moved) / len(moved) < 0.3


def test_circles_blobs_spirals_and_xor_have_their_geometry():
    X, y = datasets.make_circles(40, factor=0.5, random_state=0)
    assert all(math.hypot(*p) == pytest.approx(1.0 if t == 0 else 0.5) for p, t in zip(X, y))
    X, y = datasets.make_blobs(90, centers=[[0.0, 0.0], [10.0, 10.0], [-10.0, 5.0]], cluster_std=0.5,
                               random_state=0)
    assert [y.count(k) for k in range(3)] == [30, 30, 30]
    assert all(math.dist(p, [[0.0, 0.0], [10.0, 10.0], [-10.0, 5.0]][t]) < 3 for p, t in zip(X, y))
    X, y = datasets.make_spirals(90, n_classes=3, random_state=0)
    assert sorted(set(y)) == [0, 1, 2] and all(math.hypot(*p) <= 1.0 + 1e-12 for p in X)
    X, y = datasets.make_xor(200, random_state=0)
    assert all(t == int((a > 0) != (b > 0)) for (a, b), t in zip(X, y))
    assert 60 < sum(y) < 140


def test_regression_sets():
    X, y = datasets.make_regression(30, function="sine", noise=0.0, random_state=0)
    assert [x[0] for x in X] == sorted(x[0] for x in X)
    assert all(t == pytest.approx(math.sin(math.pi * x[0])) for x, t in zip(X, y))
    with pytest.raises(ValueError, match="function must be one of 'line', 'sine'"):
        datasets.make_regression(function="cubic")


@given(st.integers(2, 60), st.one_of(st.floats(0.05, 0.95), st.integers(1, 1)), st.integers(0, 10**6))
def test_train_test_split_partitions_the_samples(n, test_size, seed):
    X = [[float(i)] for i in range(n)]
    y = list(range(n))
    expected_test = math.ceil(test_size * n) if isinstance(test_size, float) else test_size
    if expected_test >= n:
        with pytest.raises(ValueError, match="leaves no training samples"):
            datasets.train_test_split(X, y, test_size=test_size, random_state=seed)
        return
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_size=test_size, random_state=seed)
    assert len(X_test) == expected_test and len(X_train) == n - expected_test
    assert sorted(y_train + y_test) == y
    assert [x[0] for x in X_train] == [float(t) for t in y_train]  # points stay with their labels


def test_train_test_split_errors():
    with pytest.raises(ValueError, match="as many labels as samples"):
        datasets.train_test_split([[1.0]], [1, 2])
    with pytest.raises(ValueError, match="test_size must be"):
        datasets.train_test_split([[1.0]] * 4, [0] * 4, test_size=1.5)
    with pytest.raises(ValueError, match="leaves no training samples"):
        datasets.train_test_split([[1.0]] * 4, [0] * 4, test_size=4)


def test_label_helpers():
    assert datasets.labels_to_signs([0, 1, 1, 0]) == [-1, 1, 1, -1]
    assert datasets.signs_to_labels([-1, 1]) == [0, 1]
    assert datasets.signs_to_labels(datasets.labels_to_signs([0, 1])) == [0, 1]
    with pytest.raises(ValueError, match="label 2 is 2"):
        datasets.labels_to_signs([0, 1, 2])
    with pytest.raises(ValueError, match="label 0 is 0.5"):
        datasets.signs_to_labels([0.5])


@pytest.mark.parametrize("call", [lambda: datasets.make_moons(1), lambda: datasets.make_moons(10, noise=-1),
                                  lambda: datasets.make_circles(10, factor=1.5),
                                  lambda: datasets.make_spirals(10, n_classes=1),
                                  lambda: datasets.make_blobs(10, centers=[[0.0], [1.0, 2.0]])])
def test_bad_arguments_are_clear_errors(call):
    with pytest.raises(ValueError, match="must be|needs"):
        call()


@pytest.mark.parametrize("call", [
    lambda: datasets.make_moons(10, noise=math.nan), lambda: datasets.make_moons(10, noise=math.inf),
    lambda: datasets.make_circles(10, noise=math.nan), lambda: datasets.make_xor(10, noise=-0.1),
    lambda: datasets.make_spirals(10, noise=math.nan), lambda: datasets.make_regression(10, noise=math.nan),
    lambda: datasets.make_spirals(10, turns=math.inf), lambda: datasets.make_circles(10, factor=math.nan),
    lambda: datasets.make_blobs(10, cluster_std=math.nan), lambda: datasets.make_blobs(10, center_box=(0, math.inf)),
    lambda: datasets.make_blobs(10, center_box=(1.0, -1.0)), lambda: datasets.make_blobs(10, centers=[[0.0, math.nan]]),
    lambda: datasets.make_moons(10, noise="0.1"),
])
def test_non_finite_or_negative_parameters_are_refused(call):
    with pytest.raises(ValueError, match=r"must be (a finite number|a number in|a pair|finite numbers)"):
        call()


def test_label_conventions_may_not_be_mixed():
    with pytest.raises(ValueError, match=r"labels_to_signs\(\) needs one convention, 0/1 or -1/\+1; label 0 is 0 "
                                         r"and label 1 is -1"):
        datasets.labels_to_signs([0, -1, 1])
    with pytest.raises(ValueError, match=r"signs_to_labels\(\) needs one convention"):
        datasets.signs_to_labels([1, -1, 0])
    assert datasets.labels_to_signs([1, 1]) == [1, 1] and datasets.signs_to_labels([-1, -1]) == [0, 0]
