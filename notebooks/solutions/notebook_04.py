"""Reference solutions to the exercises of notebook 04 (the tests check them with nn.exercises.check)."""

import math


def solve_04_1() -> float:
    """The blog post's (2/m) Σ (θᵀx − y) x_j for w, with θ = (b, w) = (0, 1)."""
    points, b, w = [(1.0, 3.0), (2.0, 5.0), (3.0, 7.0)], 0.0, 1.0
    return 2 / len(points) * sum((b + w * x - y) * x for x, y in points)


def solve_04_2() -> int:
    """ceil(100 / 8) = 13 steps per epoch, 5 epochs."""
    return math.ceil(100 / 8) * 5


def solve_04_3() -> float:
    """The buffer settles at b = 0.9 b + g, so b = g / (1 - 0.9)."""
    return 1 / (1 - 0.9)


SOLUTIONS = {"04.1": solve_04_1, "04.2": solve_04_2, "04.3": solve_04_3}
WRONG = {  # answers that must be judged wrong
    "04.1": -20 / 3,  # the factor 2 of the derivative of the square forgotten
    "04.2": 60,       # 100 // 8 = 12 batches: the last, smaller batch forgotten
    "04.3": 1.0,      # as if momentum did not lengthen the steps
}
