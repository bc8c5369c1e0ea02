"""The two-moons data set of the micrograd demo, in pure Python and seeded.

Two interleaving half circles with Gaussian noise, labelled -1 and +1 (the
labels the SVM max-margin loss wants).
"""

from __future__ import annotations

import math
import random


def make_moons(n_points: int = 100, noise: float = 0.1, seed: int = 1) -> tuple[list[list[float]], list[float]]:
    """``n_points`` points ``[x0, x1]`` on two noisy half moons, and their labels (-1.0 or +1.0).

    The same ``seed`` always gives the same points.

    >>> X, y = make_moons(4, noise=0.0)
    >>> len(X), sorted(y)
    (4, [-1.0, -1.0, 1.0, 1.0])
    >>> make_moons(10, seed=7) == make_moons(10, seed=7)
    True
    """
    if n_points < 2:
        raise ValueError(f"make_moons() needs at least 2 points (one per moon); got n_points={n_points}")
    rng = random.Random(seed)
    n_outer = n_points // 2
    n_inner = n_points - n_outer
    points: list[list[float]] = []
    labels: list[float] = []
    for i in range(n_outer):  # the upper moon: a half circle around (0, 0)
        angle = math.pi * i / max(n_outer - 1, 1)
        points.append([math.cos(angle), math.sin(angle)])
        labels.append(-1.0)
    for i in range(n_inner):  # the lower moon: a half circle around (1, 0.5), upside down
        angle = math.pi * i / max(n_inner - 1, 1)
        points.append([1.0 - math.cos(angle), 0.5 - math.sin(angle)])
        labels.append(1.0)
    noisy = [[x0 + rng.gauss(0.0, noise), x1 + rng.gauss(0.0, noise)] for x0, x1 in points]
    order = list(range(n_points))
    rng.shuffle(order)  # mix the two moons, as a data set would come
    return [noisy[i] for i in order], [labels[i] for i in order]
