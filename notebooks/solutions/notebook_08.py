"""Reference solutions to the exercises of notebook 08 (the tests check them with nn.exercises.check)."""

import nn


def solve_08_1():
    # one step: p -= 0.1 * (2 * 0.05 * p), i.e. p *= 0.99; the same with nn.minimize:
    result = nn.minimize(lambda p: 0.05 * p**2, [1.0], optimizer="gd", lr=0.1, tol=0, max_steps=150)
    assert abs(result.point[0] - 0.99**150) < 1e-12
    return result.point[0]


def near_zero(optimizer, l2=1e-4, random_state=2):
    X, y = nn.datasets.make_moons(n_samples=24, noise=0.3, random_state=random_state)
    model = nn.MLP(2, [8, 8, 1], seed=0)
    nn.fit(model, X, y, loss="hinge", optimizer=optimizer(model.parameters()), epochs=150, l2=l2, progress=False)
    return sum(abs(p.data) < 0.01 for name, p in model.named_parameters() if ".w." in name)


def solve_08_2():
    return (near_zero(lambda params: nn.Adam(params, lr=0.05)), near_zero(lambda params: nn.SGD(params, lr=0.5)))


def solve_08_3():
    return "b"


SOLUTIONS = {"08.1": solve_08_1, "08.2": solve_08_2, "08.3": solve_08_3}
WRONG = {"08.1": 0.99, "08.2": (0, 0), "08.3": "d"}  # answers that must be judged wrong
