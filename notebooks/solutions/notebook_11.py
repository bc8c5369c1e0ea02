"""Reference solutions to the exercises of notebook 11 (the tests check them with nn.exercises.check)."""

import autograd
import nn
from autograd import Value


def solve_11_1():
    a, b, c = Value(2.0), Value(-3.0), Value(1.5)
    program = autograd.Program(a * b**2 + 2 * c**3)
    a.data, b.data, c.data = 3.0, -1.0, 2.0
    return program.run()


def solve_11_2():
    x = Value(2.0)
    y = x * x if x.data > 0 else x * -1.0
    program = autograd.Program(y)
    x.data = -3.0
    return program.run()


def solve_11_3():
    X, labels = nn.datasets.make_moons(n_samples=100, noise=0.1, random_state=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    inputs = [[Value(v) for v in point] for point in X]
    loss = (nn.hinge_loss([model(x) for x in inputs], nn.datasets.labels_to_signs(labels))
            + 1e-4 * nn.l2_penalty(model.parameters()))
    return len(autograd.Program(loss, mode='interpreted').leaves)


SOLUTIONS = {"11.1": solve_11_1, "11.2": solve_11_2, "11.3": solve_11_3}
WRONG = {  # answers that must be judged wrong
    "11.1": 24.75,   # the value recorded at (2, -3, 1.5): run() recomputes from the leaves
    "11.2": 3.0,     # what rebuilding y would give: the branch is frozen in the program
    "11.3": 337,     # the parameters only: the inputs are leaves now too
}
