"""Reference solutions to the exercises of notebook 01 (the tests check them with nn.exercises.check)."""

from autograd import Value, backward_steps


def solve_01_1():
    """The blog post's formula (b², 2ab, 6c²) at (1, 2, -1)."""
    a, b, c = 1.0, 2.0, -1.0
    return (b ** 2, 2 * a * b, 6 * c ** 2)


def solve_01_2():
    a, b = Value(2.0, label='a'), Value(-3.0, label='b')
    e = (a * b + b) * a + 3
    return len(backward_steps(e))


def solve_01_3():
    x = Value(2.0)
    y = x * x * x
    y.backward()
    y.backward()
    return x.grad


SOLUTIONS = {"01.1": solve_01_1, "01.2": solve_01_2, "01.3": solve_01_3}
WRONG = {  # answers that must be judged wrong
    "01.1": (4.0, 4.0, -6.0),   # 6c³ instead of 6c²: the sign of c kept
    "01.2": 8,                  # the constant 3 counted as an edge
    "01.3": 12.0,               # one backward() only: the second call adds again
}
