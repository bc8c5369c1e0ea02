"""Reference solutions to the exercises of notebook 06 (the tests check them with nn.exercises.check)."""

from autograd import Value


def solve_06_1():
    scores, labels = [0.5, -2.0, 3.0, 1.5], [1, 1, -1, 1]
    return sum(max(0.0, 1 - y * s) for s, y in zip(scores, labels)) / len(scores)


def chain(weight):
    x = Value(0.0)
    h = x
    for _ in range(3):
        h = (weight * h).sigmoid()
    h.backward()
    return x.grad


SOLUTIONS = {"06.1": solve_06_1, "06.2": lambda: chain(2.0), "06.3": lambda: chain(8.0)}
WRONG = {"06.1": 2.5, "06.2": 0.25 ** 3, "06.3": 2 * 0.25 ** 2}  # answers that must be judged wrong
