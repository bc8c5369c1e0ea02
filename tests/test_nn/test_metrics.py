"""Tests of nn.metrics: predict, accuracy, and the one rule that turns outputs into classes."""

from __future__ import annotations

import pytest

import nn
from autograd import Value
from nn.metrics import count_correct, decision_threshold, predicted_class, true_class


def test_fit_and_accuracy_predict_the_class_by_the_same_rule():
    model = nn.MLP(1, [1], output_activation="sigmoid", seed=0)
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.b.data = 1.0, 0.0  # sigmoid(x): above 0.5, the positive class, exactly for x > 0
    X, y = [[-2.0], [-1.0], [1.0], [2.0]], [0, 0, 1, 1]
    history = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=1, progress=False,
                     validation=(X, y))
    assert nn.accuracy(model, X, y) == 1.0
    assert history.step_accuracy == history.accuracy == history.val_accuracy == [1.0]
    X3, y3 = [[0.0, 1.0], [1.0, 0.0]], [1, 0]
    three = nn.MLP(2, [3], seed=0)
    three.layers[0].neurons[0].w[0].data = 5.0  # class 0 wins for [1, 0]
    three.layers[0].neurons[1].w[1].data = 5.0  # class 1 for [0, 1]
    multiclass = nn.fit(three, X3, y3, loss="cross_entropy", optimizer=nn.SGD(three.parameters(), lr=0.0),
                        epochs=1, progress=False)
    assert multiclass.accuracy == [nn.accuracy(three, X3, y3)] == [1.0]


def test_predict_and_accuracy():
    model = nn.MLP(1, [1], seed=0)
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.b.data = 2.0, -1.0
    assert nn.predict(model, [[0.0], [1.0], [Value(2.0)]]) == [-1.0, 1.0, 3.0]
    assert nn.accuracy(model, [[0.0], [1.0]], [-1, 1]) == 1.0
    assert nn.accuracy(model, [[0.0], [1.0]], [0, 1]) == 1.0
    assert nn.accuracy(model, [[0.0], [1.0]], [1, 1]) == 0.5
    probabilities = nn.MLP(1, [1], output_activation="sigmoid", seed=0)
    probabilities.layers[0].neurons[0].w[0].data = 1.0
    assert nn.accuracy(probabilities, [[-0.1], [0.1]], [0, 1]) == 1.0  # threshold 0.5 for a sigmoid output
    several = nn.MLP(1, [2], seed=0)
    a, b = several.layers[0].neurons
    a.w[0].data, b.w[0].data = 1.0, -1.0
    assert nn.predict(several, [[1.0]]) == [[1.0, -1.0]]
    assert nn.accuracy(several, [[1.0], [-1.0]], [0, 1]) == 1.0
    with pytest.raises(ValueError, match="one label per sample"):
        nn.accuracy(model, [[1.0]], [1, 1])


def test_one_rule_for_the_class_an_output_predicts_and_the_class_a_label_stands_for():
    assert [predicted_class(score, 0.0) for score in (-0.5, 0.0, 0.5)] == [0, 0, 1]  # 0 itself is not above 0
    assert predicted_class(0.4, 0.5) == 0 and predicted_class(0.6, 0.5) == 1
    assert predicted_class([0.2, 0.9, 0.9], 0.0) == 1  # the first of the largest
    assert [true_class(0.0, label) for label in (-1, 0, 1)] == [0, 0, 1]  # 0/1 and -1/+1 labels alike
    assert true_class([0.1, 0.2], 1) == 1  # several outputs: the label is the class index
    assert decision_threshold(nn.MLP(1, [1], output_activation="sigmoid", seed=0)) == 0.5
    assert decision_threshold(nn.MLP(1, [1], seed=0)) == decision_threshold(lambda x: x) == 0.0


def test_count_correct_reads_values_and_lists_of_values():
    assert count_correct(0.0, [Value(1.0), Value(-1.0), Value(2.0)], [1, -1, 0]) == 2
    outputs = [[Value(0.1), Value(3.0)], [Value(2.0), Value(0.0)]]
    assert count_correct(0.0, outputs, [1, 1]) == 1
    assert count_correct(0.5, [Value(0.4), Value(0.6)], [0, 1]) == 2
    assert count_correct(0.0, [], []) == 0
    with pytest.raises(AttributeError):
        count_correct(0.0, [1.0], [1])  # outputs are the model's Values
