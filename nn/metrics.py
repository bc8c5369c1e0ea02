"""How well a model does: its predictions, its accuracy, and the one rule that turns outputs into classes.

With several outputs the predicted class is the index of the largest; with
one output it is 1 above the decision threshold (0 for a score or a logit,
0.5 for a model whose output goes through a sigmoid, a probability) and 0
otherwise. ``fit``, ``accuracy`` and ``plot_decision_boundary`` all use
these functions, so they always agree on what a model predicts.

>>> predicted_class([0.1, 2.0, -1.0], 0.0), predicted_class(0.3, 0.0), predicted_class(0.3, 0.5)
(1, 1, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import no_grad
from nn.module import Module
from nn.runtime import gc_paused


def predict(model: Module, X: Sequence[Sequence[Any]]) -> list[Any]:
    """The model's outputs on every sample of ``X``, as plain floats (a list of floats for several outputs).

    No graph is recorded.

    >>> from nn.module import MLP
    >>> len(predict(MLP(2, [4, 1], seed=0), [[0.0, 1.0], [1.0, 0.0]]))
    2
    """
    results: list[Any] = []
    with no_grad(), gc_paused():
        for x in X:
            out = model(x)
            results.append([float(v) for v in out] if isinstance(out, (list, tuple)) else float(out))
    return results


def accuracy(model: Module, X: Sequence[Sequence[Any]], y: Sequence[Any]) -> float:
    """The fraction of samples the model classifies right.

    With several outputs the predicted class is the largest output and the
    labels are class indices. With one output the sample is predicted
    positive when the output is above 0 (above 0.5 for a model whose
    ``output_activation`` is ``'sigmoid'``) and a label is positive when it
    is above 0, so 0/1 and -1/+1 labels both work.

    >>> from nn.module import MLP
    >>> accuracy(MLP(1, [1], seed=0), [[1.0], [-1.0]], [1, 1])
    0.5
    """
    outputs = predict(model, X)
    labels = list(y)
    if len(outputs) != len(labels):
        raise ValueError(f"accuracy() needs one label per sample; got {len(outputs)} samples and {len(labels)} labels")
    if not outputs:
        raise ValueError("accuracy() needs at least one sample")
    threshold = decision_threshold(model)
    right = sum(predicted_class(out, threshold) == true_class(out, label) for out, label in zip(outputs, labels))
    return right / len(labels)


def decision_threshold(model: Any) -> float:
    """The output above which a one-output model predicts the positive class.

    0.5 for a model whose ``output_activation`` is ``'sigmoid'`` (its output
    is a probability), 0 otherwise (a score or a logit).

    >>> from nn.module import MLP
    >>> decision_threshold(MLP(2, [1], seed=0)), decision_threshold(MLP(2, [1], output_activation='sigmoid', seed=0))
    (0.0, 0.5)
    """
    return 0.5 if getattr(model, "output_activation", None) == "sigmoid" else 0.0


def predicted_class(output: float | list[float], threshold: float) -> int:
    """The class an output predicts: the index of the largest of several outputs; one output: 1 above ``threshold``.

    >>> predicted_class([0.1, 2.0, -1.0], 0.0), predicted_class(0.3, 0.0), predicted_class(0.3, 0.5)
    (1, 1, 0)
    """
    if isinstance(output, (list, tuple)):
        return max(range(len(output)), key=output.__getitem__)
    return int(output > threshold)


def true_class(output: float | list[float], label: Any) -> Any:
    """The class a label stands for: a class index for several outputs; for one, 1 for a label above 0, else 0.

    So 0/1 and -1/+1 labels both work with one output.

    >>> true_class(0.7, -1), true_class(0.7, 1), true_class([0.2, 0.9], 1)
    (0, 1, 1)
    """
    return label if isinstance(output, (list, tuple)) else int(label > 0)


def count_correct(threshold: float, outputs: list[Any], targets: list[Any]) -> int:
    """How many of a batch's outputs (Values, or lists of Values) predict their target's class.

    >>> from autograd import Value
    >>> count_correct(0.0, [Value(0.5), Value(-2.0), Value(1.0)], [1, 1, -1])
    1
    """
    count = 0
    for out, target in zip(outputs, targets):
        data = [v.data for v in out] if isinstance(out, (list, tuple)) else out.data
        count += predicted_class(data, threshold) == true_class(data, target)
    return count
