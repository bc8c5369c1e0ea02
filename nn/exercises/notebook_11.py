"""The exercises of notebook 11, *what backward() really runs*: replaying a recorded graph with autograd.Program.

11.1 replays the program of the blog post's f(a, b, c) = a·b² + 2·c³ at new
leaves; 11.2 replays a graph whose shape a Python branch on ``.data`` chose
(the branch is frozen into the program); 11.3 counts the leaves of the demo
loss when the inputs are Values. The right answers come from running
``autograd.Program``.
"""

from __future__ import annotations

import functools
from typing import Any

import nn
from autograd import Program, Value
from nn.exercises import close_to, exercise


def f(a: Any, b: Any, c: Any) -> Any:
    """The blog post's function a·b² + 2·c³."""
    return a * b**2 + 2 * c**3


def replayed_f() -> float:
    """The program of f recorded at (2, -3, 1.5), run with its leaves set to (3, -1, 2)."""
    leaves = [Value(2.0, label="a"), Value(-3.0, label="b"), Value(1.5, label="c")]
    program = Program(f(*leaves))
    for leaf, x in zip(program.leaves, (3.0, -1.0, 2.0)):
        leaf.data = x
    return program.run()


def replayed_branch() -> float:
    """y = x*x if x.data > 0 else x * -1.0, recorded at x = 2 and run at x = -3."""
    x = Value(2.0)
    y = x * x if x.data > 0 else x * -1.0
    program = Program(y)
    x.data = -3.0
    return program.run()


@functools.cache
def leaves_with_value_inputs() -> int:
    """Leaves of the program of notebook 11's demo loss built with every input coordinate a Value."""
    X, labels = nn.datasets.make_moons(n_samples=100, noise=0.1, random_state=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    inputs = [[Value(coordinate) for coordinate in point] for point in X]
    loss = (nn.hinge_loss([model(x) for x in inputs], nn.datasets.labels_to_signs(labels))
            + 1e-4 * nn.l2_penalty(model.parameters()))
    return len(Program(loss, mode="interpreted").leaves)  # interpreted: records fast, same leaves


@exercise("11.1", "The program of f(a, b, c) = a*b**2 + 2*c**3 (recorded at (2, -3, 1.5)), with its leaves set to "
          "(a, b, c) = (3, -1, 2): what does program.run() return?",
          hint="run() recomputes every value from the leaves' current .data: v2 = b**2, v3 = a*v2, v5 = c**3, "
               "v6 = 2*v5, f = v3 + v6, at the new numbers.")
def replay_new_numbers(answer: Any) -> tuple[bool, str]:
    truth = replayed_f()
    return close_to(answer, truth,
                    explanation=f"{truth:g} = 3·(-1)² + 2·2³: the same trace, new numbers.")


@exercise("11.2", "x = Value(2.0); y = x * x if x.data > 0 else x * -1.0; program = autograd.Program(y); "
          "x.data = -3.0: what does program.run() return?",
          hint="the program records the ops that ran when it was built, not the Python `if` that chose them; "
               "rebuilding y at x = -3 would take the other branch.")
def frozen_branch(answer: Any) -> tuple[bool, str]:
    truth = replayed_branch()
    return close_to(answer, truth,
                    explanation=f"{truth:g}: the program still computes x * x (rebuilding y would give 3).")


@exercise("11.3", "Notebook 11's demo loss (MLP(2, [16, 16, 1]), hinge loss of 100 points + 1e-4 L2), built with each "
          "point's two coordinates as a Value: how many leaves does its program have?",
          hint="the leaves are the Values with no parents: the network's parameters (2*16 + 16 + 16*16 + 16 + 16 + 1) "
               "and now the inputs too; the labels and the 1e-4 stay plain numbers.")
def leaves_of_demo(answer: Any) -> tuple[bool, str]:
    truth = leaves_with_value_inputs()
    return close_to(answer, truth, rel=0.0, abs_tol=0.5,
                    explanation=f"{truth} leaves: 337 parameters and 200 input coordinates.")
