"""Reference solutions to the exercises of notebook 00 (the tests check them with nn.exercises.check)."""

from autograd import Value


def solve_00_1() -> float:
    x = Value(3.0)
    (x * x).backward()
    return x.grad


SOLUTIONS = {"00.1": solve_00_1}
WRONG = {"00.1": 5.0}  # an answer that must be judged wrong
