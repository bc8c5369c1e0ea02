"""Small toy data sets for classification and regression, in pure Python: seeded, no downloads.

The names and arguments follow scikit-learn's (``make_moons(n_samples=100,
noise=0.1, random_state=0)``); each returns ``X``, a list of points (each a
list of floats), and ``y``, a list of labels: class indices ``0, 1, ...`` for
classification (sklearn's convention), floats for regression. The same
``random_state`` gives the same data on every machine.

The hinge loss wants labels -1/+1: ``labels_to_signs(y)`` maps 0/1 to -1/+1,
``signs_to_labels(y)`` maps back (``nn.fit`` does this for you).

>>> X, y = make_moons(n_samples=6, noise=0.1, random_state=0)
>>> len(X), len(X[0]), sorted(set(y))
(6, 2, [0, 1])
>>> labels_to_signs([0, 1, 1])
[-1, 1, 1]
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from nn.checks import check_fraction, check_int, check_number
from nn.grid import evenly_spaced

Dataset = tuple[list[list[float]], list[Any]]


def make_moons(n_samples: int = 100, shuffle: bool = True, noise: float | None = None,
               random_state: int | None = None) -> Dataset:
    """Two interleaving half circles: the classic data a straight line cannot separate.

    The outer moon (label 0) is (cos t, sin t), the inner one (label 1) is
    (1 - cos t, 1/2 - sin t), for t evenly spaced in [0, pi]; ``noise`` is
    the standard deviation of Gaussian noise added to every coordinate.
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    rng = random.Random(random_state)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    X = [[math.cos(t), math.sin(t)] for t in evenly_spaced(0.0, math.pi, n_outer)]
    X += [[1.0 - math.cos(t), 0.5 - math.sin(t)] for t in evenly_spaced(0.0, math.pi, n_inner)]
    y = [0] * n_outer + [1] * n_inner
    return _finish(X, y, rng, shuffle, noise)


def make_circles(n_samples: int = 100, shuffle: bool = True, noise: float | None = None,
                 random_state: int | None = None, factor: float = 0.8) -> Dataset:
    """A small circle (label 1, radius ``factor``) inside a large one (label 0, radius 1)."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    factor = check_fraction(factor, "factor (the inner circle's radius)")
    rng = random.Random(random_state)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    X = [[math.cos(t), math.sin(t)] for t in evenly_spaced(0.0, 2 * math.pi, n_outer, endpoint=False)]
    X += [[factor * math.cos(t), factor * math.sin(t)]
          for t in evenly_spaced(0.0, 2 * math.pi, n_inner, endpoint=False)]
    y = [0] * n_outer + [1] * n_inner
    return _finish(X, y, rng, shuffle, noise)


def make_blobs(n_samples: int = 100, n_features: int = 2, centers: int | Sequence[Sequence[float]] | None = None,
               cluster_std: float = 1.0, center_box: tuple[float, float] = (-10.0, 10.0), shuffle: bool = True,
               random_state: int | None = None) -> Dataset:
    """Gaussian clusters, one per class: ``centers`` is a count (default 3) or a list of points.

    Random centers are drawn uniformly in ``center_box``; the samples are
    shared out as evenly as possible, cluster i getting label i.
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    n_features = check_int(n_features, "n_features", minimum=1)
    rng = random.Random(random_state)
    cluster_std = check_number(cluster_std, "cluster_std")
    if centers is None:
        centers = 3
    if isinstance(centers, int) and not isinstance(centers, bool):
        check_int(centers, "centers", minimum=1)
        low, high = _checked_box(center_box)
        points = [[rng.uniform(low, high) for _ in range(n_features)] for _ in range(centers)]
    else:
        points = [[check_number(c, "each coordinate of centers", minimum=-math.inf) for c in center]
                  for center in centers]
        if not points or any(len(p) != len(points[0]) for p in points):
            raise ValueError(f"centers must be a count or a non-empty list of points of one dimension; got {centers!r}")
        n_features = len(points[0])
    k = len(points)
    X: list[list[float]] = []
    y: list[Any] = []
    for label, center in enumerate(points):
        count = n_samples // k + (1 if label < n_samples % k else 0)
        X += [[c + rng.gauss(0.0, cluster_std) for c in center] for _ in range(count)]
        y += [label] * count
    return _finish(X, y, rng, shuffle, None)


def make_spirals(n_samples: int = 100, n_classes: int = 2, noise: float | None = 0.0, turns: float = 1.0,
                 shuffle: bool = True, random_state: int | None = None) -> Dataset:
    """``n_classes`` interleaved spiral arms around the origin, one per class: hard for a small network.

    Arm j starts at the centre and winds ``turns`` times outwards to radius 1,
    rotated by 2 pi j / n_classes; ``noise`` is the standard deviation of
    Gaussian noise added to every coordinate.
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    turns = check_number(turns, "turns", minimum=-math.inf)
    rng = random.Random(random_state)
    X: list[list[float]] = []
    y: list[Any] = []
    for label in range(n_classes):
        count = n_samples // n_classes + (1 if label < n_samples % n_classes else 0)
        offset = 2 * math.pi * label / n_classes
        for r in evenly_spaced(0.05, 1.0, count):
            angle = offset + 2 * math.pi * turns * r
            X.append([r * math.cos(angle), r * math.sin(angle)])
            y.append(label)
    return _finish(X, y, rng, shuffle, noise)


def make_xor(n_samples: int = 100, noise: float | None = None, shuffle: bool = True,
             random_state: int | None = None) -> Dataset:
    """Points in the square [-1, 1]^2, label 1 where exactly one coordinate is positive (the XOR pattern).

    A single neuron cannot learn it; one hidden layer can. ``noise`` moves
    the points after labelling, blurring the border.
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    rng = random.Random(random_state)
    X = [[rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0)] for _ in range(n_samples)]
    y: list[Any] = [int((a > 0) != (b > 0)) for a, b in X]
    return _finish(X, y, rng, shuffle, noise)


def make_regression(n_samples: int = 100, function: str = "line", noise: float = 0.1,
                    random_state: int | None = None) -> Dataset:
    """Noisy samples of a function of one input x in [-1, 1]: ``'line'`` (y = 2x + 1) or ``'sine'`` (y = sin(pi x)).

    ``X`` is a list of one-element lists (one input per sample) and ``y`` a
    list of floats; ``noise`` is the standard deviation of the Gaussian noise
    added to y. The x are sorted, which makes plotting easy.

    >>> X, y = make_regression(3, noise=0.0, random_state=0)
    >>> all(abs(t - (2 * x[0] + 1)) < 1e-12 for x, t in zip(X, y))
    True
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    functions = {"line": lambda x: 2.0 * x + 1.0, "sine": lambda x: math.sin(math.pi * x)}
    if function not in functions:
        raise ValueError(f"function must be one of {', '.join(map(repr, functions))}; got {function!r}")
    _check_noise(noise)
    rng = random.Random(random_state)
    xs = sorted(rng.uniform(-1.0, 1.0) for _ in range(n_samples))
    f = functions[function]
    return [[x] for x in xs], [f(x) + (rng.gauss(0.0, noise) if noise else 0.0) for x in xs]


def train_test_split(X: Sequence[Any], y: Sequence[Any], test_size: float | int = 0.25, shuffle: bool = True,
                     random_state: int | None = None) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Split into ``X_train, X_test, y_train, y_test``, as scikit-learn's function does.

    ``test_size`` is a fraction of the samples (0.25: a quarter, rounded up)
    or a count.

    >>> X_train, X_test, y_train, y_test = train_test_split(list(range(8)), list(range(8)), random_state=0)
    >>> len(X_train), len(X_test), sorted(X_train + X_test) == list(range(8))
    (6, 2, True)
    """
    if len(X) != len(y):
        raise ValueError(f"train_test_split() needs as many labels as samples; got {len(X)} samples and {len(y)} labels")
    n = len(X)
    if isinstance(test_size, float) and 0.0 < test_size < 1.0:
        n_test = math.ceil(test_size * n)
    elif isinstance(test_size, int) and not isinstance(test_size, bool) and 0 <= test_size <= n:
        n_test = test_size
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a count from 0 to {n}; got {test_size!r}")
    if n - n_test < 1:
        raise ValueError(f"test_size={test_size!r} leaves no training samples out of {n}")
    order = list(range(n))
    if shuffle:
        random.Random(random_state).shuffle(order)
    train, test = order[: n - n_test], order[n - n_test:]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]


def labels_to_signs(y: Sequence[Any]) -> list[int]:
    """Map 0/1 labels to -1/+1 (what the hinge loss needs); -1/+1 labels stay as they are.

    One convention per list: 0 and -1 together are refused, since a 0
    among -1/+1 labels is more likely a mistake than a negative.

    >>> labels_to_signs([1, 0, 0]), labels_to_signs([1, -1, -1])
    ([1, -1, -1], [1, -1, -1])
    """
    return _binary(y, negative=-1, function="labels_to_signs", expected="0/1 or -1/+1")


def signs_to_labels(y: Sequence[Any]) -> list[int]:
    """Map -1/+1 labels to 0/1 (what binary cross-entropy needs); 0/1 labels stay as they are.

    As for ``labels_to_signs``, 0 and -1 in the same list are refused.

    >>> signs_to_labels([1, -1, -1])
    [1, 0, 0]
    """
    return _binary(y, negative=0, function="signs_to_labels", expected="-1/+1 or 0/1")


DATASETS = {"moons": make_moons, "circles": make_circles, "blobs": make_blobs, "spirals": make_spirals,
            "xor": make_xor}


# ---------------------------------------------------------------------- helpers


def _binary(y: Sequence[Any], negative: int, function: str, expected: str) -> list[int]:
    """Binary labels with 1 kept as 1 and the negative label (0, or -1, not both) written as ``negative``."""
    result = []
    first_negative: tuple[int, Any] | None = None  # (index, label) of the first 0 or -1, to hold the others to it
    for i, label in enumerate(y):
        if label == 1:
            result.append(1)
        elif label == 0 or label == -1:
            if first_negative is None:
                first_negative = (i, label)
            elif label != first_negative[1]:
                raise ValueError(
                    f"{function}() needs one convention, 0/1 or -1/+1; label {first_negative[0]} is "
                    f"{first_negative[1]!r} and label {i} is {label!r} (map the labels to one convention first)")
            result.append(negative)
        else:
            raise ValueError(f"{function}() needs labels of {expected}; label {i} is {label!r}")
    return result


def _check_noise(noise: object) -> None:
    if noise is not None:
        check_number(noise, "noise", hint=" (the standard deviation of the noise; None for none)")


def _checked_box(box: object) -> tuple[float, float]:
    """``center_box`` as two finite floats (low, high) with low <= high; else a ValueError."""
    if not isinstance(box, (tuple, list)) or len(box) != 2:
        raise ValueError(f"center_box must be a pair (low, high) of finite numbers; got {box!r}")
    low, high = (check_number(bound, "each bound of center_box", minimum=-math.inf) for bound in box)
    if low > high:
        raise ValueError(f"center_box must be a pair (low, high) with low <= high; got {box!r}")
    return low, high


def _finish(X: list[list[float]], y: list[Any], rng: random.Random, shuffle: bool, noise: Any) -> Dataset:
    """Add Gaussian noise to every coordinate, then shuffle the samples (with their labels)."""
    _check_noise(noise)
    if noise:
        X = [[c + rng.gauss(0.0, noise) for c in point] for point in X]
    if shuffle:
        order = list(range(len(X)))
        rng.shuffle(order)
        X = [X[i] for i in order]
        y = [y[i] for i in order]
    return X, y
