"""The exercises of notebook 00, *build it yourself*."""

from __future__ import annotations

from typing import Any

from autograd import Value
from nn.exercises import close_to, exercise


@exercise("00.1", "What is d(x*x)/dx at x = 3?", hint="the product rule gives x + x.")
def derivative_of_a_square(answer: Any) -> tuple[bool, str]:
    x = Value(3.0)
    (x * x).backward()
    right, detail = close_to(answer, x.grad)
    return right, (f"d(x*x)/dx at x = 3 is {x.grad:g}." if right else detail)
