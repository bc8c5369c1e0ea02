"""Reference solutions to the exercises of notebook 09 (the tests check them with nn.exercises.check)."""

import nn
from autograd import numerical_grad
from nn.objectives import ROSENBROCK, STYBLINSKI_TANG


def solve_09_1():
    # f = (x^4 - 16 x^2 + 5 x + y^4 - 16 y^2 + 5 y) / 2: d2f/dx2 = 6 x^2 - 16, d2f/dy2 = 6 y^2 - 16, no x*y term
    x, y = 0.5, 0.5
    return [[6 * x**2 - 16, 0.0], [0.0, 6 * y**2 - 16]]


def solve_09_2():
    return nn.minimize(STYBLINSKI_TANG, [0.5, 0.5], optimizer="newton").point


def solve_09_3():
    point = [-1.2, 1.0]
    for _ in range(20):
        gradient = numerical_grad(ROSENBROCK, point)
        point = [p - 0.001 * g for p, g in zip(point, gradient)]
    return point


SOLUTIONS = {"09.1": solve_09_1, "09.2": solve_09_2, "09.3": solve_09_3}
WRONG = {  # answers that must be judged wrong
    "09.1": [[-14.5, 0.0], [0.0, 14.5]],
    "09.2": STYBLINSKI_TANG.global_minimum,
    "09.3": [-1.2, 1.0],
}
