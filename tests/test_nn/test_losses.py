"""Tests of nn.losses: values against plain-float references, gradients against gradcheck, errors."""

from __future__ import annotations

import math

import numpy
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nn
from autograd import Value, gradcheck
from tests.strategies import reals, reference_softplus

LOGITS = reals(-30.0, 30.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(reals(-10, 10), reals(-10, 10)), min_size=1, max_size=6))
def test_mse_value_and_gradient(pairs):
    preds = [p for p, _ in pairs]
    targets = [t for _, t in pairs]
    expected = sum((p - t) ** 2 for p, t in pairs) / len(pairs)
    assert nn.mse_loss(preds, targets).data == pytest.approx(expected)
    assert gradcheck(lambda *ps: nn.mse_loss(list(ps), targets), preds)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(reals(-5, 5), st.sampled_from([-1, 1])), min_size=1, max_size=6))
def test_hinge_value_and_gradient(pairs):
    scores = [s for s, _ in pairs]
    labels = [y for _, y in pairs]
    assume(all(abs(1 - y * s) > 1e-3 for s, y in pairs))  # away from the kink
    expected = sum(max(0.0, 1 - y * s) for s, y in pairs) / len(pairs)
    assert nn.hinge_loss(scores, labels).data == pytest.approx(expected)
    assert gradcheck(lambda *ss: nn.hinge_loss(list(ss), labels), scores)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(LOGITS, st.sampled_from([0, 1])), min_size=1, max_size=6))
def test_binary_cross_entropy_value_and_gradient(pairs):
    logits = [z for z, _ in pairs]
    labels = [y for _, y in pairs]

    def reference(z, y):
        # -log(sigmoid(z)) = softplus(-z), -log(1 - sigmoid(z)) = softplus(z), by the textbook formula
        return reference_softplus(-z if y == 1 else z)

    expected = sum(reference(z, y) for z, y in pairs) / len(pairs)
    assert nn.binary_cross_entropy(logits, labels).data == pytest.approx(expected, rel=1e-6, abs=1e-9)
    assert gradcheck(lambda *zs: nn.binary_cross_entropy(list(zs), labels), logits)


@settings(max_examples=50, deadline=None)
@given(st.lists(LOGITS, min_size=1, max_size=5), st.data())
def test_cross_entropy_value_and_gradient(logits, data):
    target = data.draw(st.integers(0, len(logits) - 1))
    expected = math.log(sum(math.exp(z) for z in logits)) - logits[target]
    assert nn.cross_entropy([Value(z) for z in logits], target).data == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert gradcheck(lambda *zs: nn.cross_entropy(list(zs), target), logits)


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    logits = [Value(1.0), Value(2.0), Value(-0.5)]
    nn.cross_entropy(logits, 1).backward()
    total = sum(math.exp(z.data) for z in logits)
    for j, z in enumerate(logits):
        assert z.grad == pytest.approx(math.exp(z.data) / total - (j == 1))


def test_cross_entropy_of_several_samples_is_the_mean():
    samples = [[Value(1.0), Value(0.0)], [Value(-2.0), Value(3.0)]]
    mean = nn.cross_entropy(samples, [0, 0]).data
    assert mean == pytest.approx((nn.cross_entropy(samples[0], 0).data + nn.cross_entropy(samples[1], 0).data) / 2)


def test_the_log_losses_are_stable_for_logits_of_plus_minus_1000():
    logits = [Value(1000.0), Value(-1000.0), Value(0.0)]
    loss = nn.cross_entropy(logits, 1)
    assert loss.data == pytest.approx(2000.0)
    loss.backward()
    assert [z.grad for z in logits] == pytest.approx([1.0, -1.0, 0.0])
    assert nn.cross_entropy(logits, 0).data == 0.0
    assert nn.binary_cross_entropy([Value(1000.0)], [0]).data == pytest.approx(1000.0)
    assert nn.binary_cross_entropy([Value(-1000.0)], [1]).data == pytest.approx(1000.0)
    assert nn.binary_cross_entropy([Value(1000.0)], [1]).data == 0.0
    assert all(math.isfinite(p.data) for p in nn.softmax([Value(1000.0), Value(-1000.0)]))


@settings(max_examples=50, deadline=None)
@given(st.lists(LOGITS, min_size=1, max_size=5), st.data())
def test_softmax_sums_to_one_and_each_output_passes_gradcheck(values, data):
    probabilities = nn.softmax([Value(v) for v in values])
    assert sum(p.data for p in probabilities) == pytest.approx(1.0)
    j = data.draw(st.integers(0, len(values) - 1))
    assert gradcheck(lambda *vs: nn.softmax(list(vs))[j], values)


@settings(max_examples=50, deadline=None)
@given(st.lists(reals(-10, 10), min_size=1, max_size=6))
def test_penalties_value_and_gradient(params):
    assert nn.l2_penalty([Value(p) for p in params]).data == pytest.approx(sum(p * p for p in params))
    assert gradcheck(lambda *ps: nn.l2_penalty(ps), params)
    assume(all(abs(p) > 1e-3 for p in params))
    assert nn.l1_penalty([Value(p) for p in params]).data == pytest.approx(sum(abs(p) for p in params))
    assert gradcheck(lambda *ps: nn.l1_penalty(ps), params)


def test_each_loss_returns_one_value_also_for_plain_numbers():
    for loss in (nn.mse_loss([1.0], [0.0]), nn.hinge_loss([0.5], [1]), nn.binary_cross_entropy([0.0], [1]),
                 nn.cross_entropy([0.0, 1.0], 0), nn.l1_penalty([]), nn.l2_penalty([])):
        assert isinstance(loss, Value)
    assert nn.mse_loss(Value(3.0), 1.0).data == 4.0


def test_mse_with_several_outputs_per_sample():
    preds = [[Value(1.0), Value(2.0)], [Value(0.0), Value(0.0)]]
    assert nn.mse_loss(preds, [[0.0, 0.0], [1.0, 1.0]]).data == pytest.approx((1 + 4 + 1 + 1) / 4)
    with pytest.raises(ValueError, match="same shape"):
        nn.mse_loss(preds, [[0.0], [1.0, 1.0]])


def test_mismatched_lengths_and_bad_labels_are_clear_errors():
    with pytest.raises(ValueError, match="got 2 scores and 1 labels"):
        nn.hinge_loss([Value(1.0), Value(2.0)], [1])
    with pytest.raises(ValueError, match=r"labels of -1 or \+1; label 1 is 0.*labels_to_signs"):
        nn.hinge_loss([Value(1.0), Value(2.0)], [1, 0])
    with pytest.raises(ValueError, match="labels of 0 or 1; label 0 is -1"):
        nn.binary_cross_entropy([Value(1.0)], [-1])
    with pytest.raises(ValueError, match="class index, an int from 0 to 1; target 0 is 2"):
        nn.cross_entropy([Value(1.0), Value(2.0)], 2)
    with pytest.raises(ValueError, match="target 0 is True"):
        nn.cross_entropy([Value(1.0), Value(2.0)], True)
    with pytest.raises(ValueError, match="at least one sample"):
        nn.mse_loss([], [])
    with pytest.raises(TypeError, match="a list of 2"):
        nn.hinge_loss([[Value(1.0), Value(2.0)]], [1])
    with pytest.raises(TypeError, match="number"):
        nn.mse_loss([Value(1.0)], ["a"])
    with pytest.raises(ValueError, match="non-empty list"):
        nn.softmax([])


def test_a_class_index_may_be_any_whole_number_type_as_the_other_losses_take_numpy_numbers():
    logits = [Value(0.0), Value(1.0), Value(-1.0)]
    expected = nn.cross_entropy(logits, 1).data
    assert nn.cross_entropy(logits, numpy.int64(1)).data == expected
    assert nn.cross_entropy([logits, logits], numpy.array([1, 1])).data == expected
    assert nn.hinge_loss([Value(0.5)], [numpy.int64(-1)]).data == 1.5
    with pytest.raises(ValueError, match=r"target 0 is (np\.float64\()?1\.0"):
        nn.cross_entropy(logits, numpy.float64(1.0))
    with pytest.raises(ValueError, match=r"target 0 is (np\.)?True"):
        nn.cross_entropy(logits, numpy.True_)
