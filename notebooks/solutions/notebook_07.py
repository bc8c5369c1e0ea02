"""Reference solutions to the exercises of notebook 07 (the tests check them with nn.exercises.check)."""

import nn

X, y = nn.datasets.make_moons(n_samples=24, noise=0.1, random_state=0)


def solve_07_1():
    model = nn.MLP(2, [8] * 5 + [1], activation="sigmoid", seed=0)
    model([1.0, 0.5]).backward()
    sizes = model.layer_gradient_sizes()
    return sizes[0] / sizes[-1]


def train(optimizer, depth):
    model = nn.MLP(2, [6] * depth + [1], activation="sigmoid", seed=0)
    return nn.fit(model, X, y, loss="hinge", optimizer=optimizer(model.parameters()), epochs=50, progress=False)


def solve_07_2():
    return train(lambda parameters: nn.Adam(parameters, lr=0.02), depth=4).epochs_to(0.5)


def solve_07_3():
    return train(lambda parameters: nn.SGD(parameters, lr=30.0), depth=6).loss[-1]


SOLUTIONS = {"07.1": solve_07_1, "07.2": solve_07_2, "07.3": solve_07_3}
WRONG = {"07.1": 0.25 ** 5, "07.2": 50, "07.3": 0.3}  # answers that must be judged wrong
