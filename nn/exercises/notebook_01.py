"""The exercises of notebook 01, *values and the chain rule*: a gradient, a count of steps, an accumulation.

01.1 evaluates the blog post's gradient (b², 2ab, 6c²) of f(a, b, c) = a·b² + 2·c³
at a new point; 01.2 counts the chain-rule steps of one backward pass (one per
edge from a Value to a Value; a plain number is no edge); 01.3 calls
``backward()`` twice without clearing the gradient. The right answers come
from the engine: ``backward()``, ``autograd.backward_steps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value, backward_steps
from nn.exercises import close_to, exercise

POINT = (1.0, 2.0, -1.0)


def f(a: Any, b: Any, c: Any) -> Any:
    """The blog post's function a·b² + 2·c³."""
    return a * b**2 + 2 * c**3


def gradient_of_f() -> tuple[float, float, float]:
    """(df/da, df/db, df/dc) at POINT, from backward()."""
    a, b, c = (Value(x) for x in POINT)
    f(a, b, c).backward()
    return a.grad, b.grad, c.grad


def steps_of_e() -> int:
    """How many chain-rule steps backward() takes for e = (a*b + b) * a + 3."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    return len(backward_steps((a * b + b) * a + 3))


def grad_after_two_backward_calls() -> float:
    """x.grad after y = x*x*x at x = 2 and two calls of y.backward() with no zero_grad between them."""
    x = Value(2.0)
    y = x * x * x
    y.backward()
    y.backward()
    return x.grad


@exercise("01.1", "What is the gradient (df/da, df/db, df/dc) of the blog post's f(a, b, c) = a*b**2 + 2*c**3 "
          "at (a, b, c) = (1, 2, -1)? Give the three numbers as a tuple.",
          hint="the blog post's formula is (b², 2ab, 6c²); check it with Values and backward() as in section 2.")
def gradient_at_a_new_point(answer: Any) -> tuple[bool, str]:
    truth = gradient_of_f()
    if not isinstance(answer, Sequence) or isinstance(answer, str) or len(answer) != 3:
        return False, f"the answer should be three numbers, (df/da, df/db, df/dc); got {answer!r}"
    for name, given, right in zip(("df/da", "df/db", "df/dc"), answer, truth):
        ok, detail = close_to(given, right)
        if not ok:
            return False, f"{name}: {detail}"
    return True, f"(b², 2ab, 6c²) at (1, 2, -1) is ({truth[0]:g}, {truth[1]:g}, {truth[2]:g})."


@exercise("01.2", "How many chain-rule steps does backward() take for e = (a*b + b) * a + 3?",
          hint="one step per edge from a value to a Value it was computed from: a*b has two, + b two, * a two, "
               "and + 3 one, because 3 is a plain number, not a Value; count them with len(backward_steps(e)).")
def steps_of_an_expression(answer: Any) -> tuple[bool, str]:
    truth = steps_of_e()
    return close_to(answer, truth, rel=0.0, abs_tol=0.5,
                    explanation=f"{truth} steps: two for each of a*b, + b and * a, one for + 3 (the constant gets "
                                f"no step).")


@exercise("01.3", "x = Value(2.0); y = x * x * x; then y.backward() twice, with no zero_grad in between: "
          "what is x.grad?",
          hint="one backward() gives dy/dx = 3x² (x is used three times, and its three contributions add up); "
               "a second call adds the same again.")
def accumulated_gradient(answer: Any) -> tuple[bool, str]:
    truth = grad_after_two_backward_calls()
    return close_to(answer, truth,
                    explanation=f"{truth:g}: each backward() adds 3x² = 12 to x.grad.")
