"""Reference solutions to the exercises of notebook 05 (the tests check them with nn.exercises.check)."""

import nn
from autograd import no_grad

X_train, y_train = nn.datasets.make_moons(40, noise=0.1, random_state=1337)


def run(rate):
    """Section 1's recipe from seed 0: (model, history); raises nn.TrainingDivergedError on divergence."""
    model = nn.MLP(2, [6, 6, 1], seed=0)
    history = nn.fit(model, X_train, y_train, loss='hinge', l2=1e-4, lr=rate, epochs=25, progress=False)
    return model, history


def solve_05_1():
    return run(0.5)[1].steps_to(0.5)


def solve_05_2():
    for rate in [1000, 2000, 4000, 6000, 8000, 10000]:
        try:
            run(rate)
        except nn.TrainingDivergedError:
            return rate
    return None


def solve_05_3():
    model, _ = run(3.0)
    alive = 0
    with no_grad():
        for layer_index in range(2):
            on = set()
            for x in X_train:
                hidden = x
                for layer in model.layers[:layer_index + 1]:
                    hidden = layer(hidden)
                on.update(i for i, unit in enumerate(hidden) if unit.data > 0)
            alive += len(on)
    return alive


SOLUTIONS = {"05.1": solve_05_1, "05.2": solve_05_2, "05.3": solve_05_3}
WRONG = {"05.1": 25, "05.2": 10000, "05.3": 12}  # answers that must be judged wrong
