"""Loss functions and weight penalties: the one number that training makes small.

Each function takes a model's outputs (Values, or plain numbers) and the
targets, and returns one Value, the mean over the samples, so that
``loss.backward()`` gives every weight its gradient. The labels each loss
needs:

=========================  ==================  ===============================
loss                       model output        label
=========================  ==================  ===============================
``mse_loss``               any number          any number
``hinge_loss``             a score             -1 or +1
``binary_cross_entropy``   a logit (a score)   0 or 1
``cross_entropy``          k logits            a class index 0 .. k-1
=========================  ==================  ===============================

``nn.datasets.labels_to_signs`` maps 0/1 labels to -1/+1; ``nn.fit`` does it
for you.

>>> from autograd import Value
>>> loss = hinge_loss([Value(2.0), Value(-0.5)], [1, 1])
>>> loss.data   # (max(0, 1 - 2) + max(0, 1 + 0.5)) / 2
0.75
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from autograd import Value
from nn.checks import as_whole_number


def mse_loss(preds: Sequence[Any], targets: Sequence[Any]) -> Value:
    """The mean squared error: mean over i of (pred_i - target_i)^2.

    A prediction may itself be a list (a model with several outputs); its
    target is then a list of the same length, and every output counts once.

    >>> mse_loss([Value(1.0), Value(3.0)], [0.0, 1.0]).data   # (1 + 4) / 2
    2.5
    """
    preds, targets = _paired(preds, targets, "mse_loss", "predictions", "targets")
    flat_preds: list[Any] = []
    flat_targets: list[Any] = []
    for i, (p, t) in enumerate(zip(preds, targets)):
        if isinstance(p, (list, tuple)):
            if not isinstance(t, (list, tuple)) or len(t) != len(p):
                raise ValueError(
                    f"mse_loss() needs a target of the same shape as each prediction; prediction {i} has "
                    f"{len(p)} outputs but its target is {t!r}"
                )
            flat_preds.extend(p)
            flat_targets.extend(t)
        else:
            flat_preds.append(p)
            flat_targets.append(t)
    terms = []
    for i, (p, t) in enumerate(zip(flat_preds, flat_targets)):
        target = t if isinstance(t, Value) else _number(t, "mse_loss", "target", i)
        difference = _value(p, "mse_loss", "prediction", i) - target
        terms.append(difference * difference)  # d(d^2)/dd = 2d
    return _mean(terms)


def hinge_loss(scores: Sequence[Any], labels: Sequence[Any]) -> Value:
    """The SVM max-margin loss: mean over i of max(0, 1 - label_i * score_i), labels -1 or +1.

    A sample costs nothing once it is on the right side with a margin of 1;
    this is the loss of micrograd's demo.

    >>> hinge_loss([Value(0.5)], [-1]).data
    1.5
    """
    scores, labels = _paired(scores, labels, "hinge_loss", "scores", "labels")
    terms = []
    for i, (score, label) in enumerate(zip(scores, labels)):
        y = _number(label, "hinge_loss", "label", i)
        if y != 1.0 and y != -1.0:
            raise ValueError(
                f"hinge_loss() needs labels of -1 or +1; label {i} is {label!r} "
                f"(map 0/1 labels with nn.datasets.labels_to_signs(y))"
            )
        # NOTE: a Value label enters the graph as the number would (y * score is score * y, bit for bit,
        # with the same local derivative y for the score): nn.fit(replay=True) records labels as leaves
        factor = label if isinstance(label, Value) else y
        terms.append((1 - factor * _value(score, "hinge_loss", "score", i)).relu())
    return _mean(terms)


def binary_cross_entropy(logits: Sequence[Any], labels: Sequence[Any]) -> Value:
    """The logistic loss from logits: mean over i of -log(p_i) where p_i = sigmoid(z_i) is the model's P(label_i).

    Computed stably without forming the probability: for label 1 the loss is
    ``-log(sigmoid(z)) = softplus(-z)``, for label 0 it is
    ``-log(1 - sigmoid(z)) = softplus(z)``, and the engine's softplus never
    overflows, so logits of +-1000 are fine. Labels are 0 or 1.

    >>> round(binary_cross_entropy([Value(0.0)], [1]).data, 6)   # log 2
    0.693147
    """
    logits, labels = _paired(logits, labels, "binary_cross_entropy", "logits", "labels")
    terms = []
    for i, (logit, label) in enumerate(zip(logits, labels)):
        y = _number(label, "binary_cross_entropy", "label", i)
        z = _value(logit, "binary_cross_entropy", "logit", i)
        if y == 1.0:
            terms.append((-z).softplus())  # d softplus(-z)/dz = -sigmoid(-z) = sigmoid(z) - 1
        elif y == 0.0:
            terms.append(z.softplus())  # d softplus(z)/dz = sigmoid(z)
        else:
            raise ValueError(
                f"binary_cross_entropy() needs labels of 0 or 1; label {i} is {label!r} "
                f"(map -1/+1 labels with nn.datasets.signs_to_labels(y))"
            )
    return _mean(terms)


def cross_entropy(logits: Sequence[Any], target_index: Any) -> Value:
    """The softmax cross-entropy: -log softmax(logits)[target], for one sample or the mean over several.

    One sample: ``logits`` is a list of k Values and ``target_index`` an int
    in 0 .. k-1. Several: a list of such lists and a list of ints. Computed
    with the log-sum-exp trick, ``log(sum e^z_j) = m + log(sum e^(z_j - m))``
    with m the largest logit, so that no exponential overflows (logits of
    +-1000 are fine). m is a plain number: the result does not depend on it,
    so no gradient needs to flow through it.

    >>> round(cross_entropy([Value(0.0), Value(0.0)], 1).data, 6)   # log 2
    0.693147
    """
    if not hasattr(target_index, "__len__"):  # one sample
        return _cross_entropy_one(logits, target_index, 0)
    samples, targets = _paired(logits, target_index, "cross_entropy", "logit lists", "target indices")
    return _mean([_cross_entropy_one(sample, target, i) for i, (sample, target) in enumerate(zip(samples, targets))])


def _cross_entropy_one(logits: Any, target: Any, sample: int) -> Value:
    if not isinstance(logits, (list, tuple)) or len(logits) == 0:
        raise ValueError(
            f"cross_entropy() needs the logits of sample {sample} as a non-empty list of Values, one per class; "
            f"got {type(logits).__name__}: {logits!r} (a model for k classes needs k outputs)"
        )
    index = as_whole_number(target)  # an int, or a numpy integer, as the other losses take numpy numbers
    if index is None or not 0 <= index < len(logits):
        raise ValueError(
            f"cross_entropy() needs each target as a class index, an int from 0 to {len(logits) - 1}; "
            f"target {sample} is {target!r}"
        )
    values = [_value(z, "cross_entropy", "logit", j) for j, z in enumerate(logits)]
    shift = max(v.data for v in values)
    shifted = [v - shift for v in values]
    total = _sum([s.exp() for s in shifted])
    # -log(e^(z_t - m) / sum_j e^(z_j - m)) = log(sum_j e^(z_j - m)) - (z_t - m)
    return total.log() - shifted[index]


def softmax(values: Sequence[Any]) -> list[Value]:
    """Turn scores into probabilities: e^(v_i) / sum_j e^(v_j), computed without overflow.

    >>> [round(p.data, 4) for p in softmax([Value(0.0), Value(1000.0)])]
    [0.0, 1.0]
    """
    if not isinstance(values, Sequence) or len(values) == 0:
        raise ValueError(f"softmax() needs a non-empty list of Values; got {values!r}")
    items = [_value(v, "softmax", "value", i) for i, v in enumerate(values)]
    shift = max(v.data for v in items)
    exps = [(v - shift).exp() for v in items]
    total = _sum(exps)
    return [e / total for e in exps]


def l1_penalty(params: Iterable[Value]) -> Value:
    """The L1 penalty sum |p|: pushes weights to exactly 0 (sparse models).

    >>> l1_penalty([Value(-2.0), Value(3.0)]).data
    5.0
    """
    return _sum([abs(_value(p, "l1_penalty", "parameter", i)) for i, p in enumerate(params)])  # d|p|/dp = sign(p)


def l2_penalty(params: Iterable[Value]) -> Value:
    """The L2 penalty sum p^2 (weight decay): keeps weights small; micrograd's demo adds 1e-4 of it.

    >>> l2_penalty([Value(-2.0), Value(3.0)]).data
    13.0
    """
    values = [_value(p, "l2_penalty", "parameter", i) for i, p in enumerate(params)]
    return _sum([p * p for p in values])  # d(p^2)/dp = 2p


# ---------------------------------------------------------------------- helpers


def _paired(first: Any, second: Any, function: str, first_name: str, second_name: str) -> tuple[list[Any], list[Any]]:
    """Both arguments as lists of equal, non-zero length (a single Value or number counts as a list of one)."""
    first = [first] if isinstance(first, (Value, int, float)) else first
    second = [second] if isinstance(second, (int, float)) or isinstance(second, Value) else second
    for name, items in ((first_name, first), (second_name, second)):
        if isinstance(items, (str, bytes)) or not hasattr(items, "__len__"):
            raise TypeError(f"{function}() needs the {name} as a list; got {type(items).__name__}: {items!r}")
    if len(first) != len(second):
        raise ValueError(
            f"{function}() needs one of the {second_name} per item of the {first_name}; "
            f"got {len(first)} {first_name} and {len(second)} {second_name}"
        )
    if len(first) == 0:
        raise ValueError(f"{function}() needs at least one sample; got empty lists")
    return list(first), list(second)


def _value(x: Any, function: str, what: str, index: int) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Value(x)
    if isinstance(x, (list, tuple)):
        raise TypeError(
            f"{function}() needs each {what} to be one Value; {what} {index} is a list of {len(x)} "
            f"(for a model with several outputs use cross_entropy or mse_loss)"
        )
    raise TypeError(f"{function}() needs each {what} to be a Value or a number; {what} {index} is "
                    f"{type(x).__name__}: {x!r}")


def _number(x: Any, function: str, what: str, index: int) -> float:
    if isinstance(x, Value):
        return x.data
    if isinstance(x, bool) or not hasattr(type(x), "__float__") or isinstance(x, (str, bytes, complex)):
        raise TypeError(f"{function}() needs each {what} to be a number; {what} {index} is "
                        f"{type(x).__name__}: {x!r}")
    return float(x)


def _sum(terms: list[Value]) -> Value:
    """``terms[0] + terms[1] + ...``, added left to right (one term is returned as it is; none: Value(0.0))."""
    if not terms:
        return Value(0.0)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _mean(terms: list[Value]) -> Value:
    """The mean of ``terms`` (one term is returned as it is)."""
    total = _sum(terms)
    return total if len(terms) == 1 else total * (1.0 / len(terms))
