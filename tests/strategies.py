"""Shared test data: the table of ops, a hypothesis strategy for each op's domain, random graphs.

One row per op form. Each row says how to apply the op to Values (``value_fn``),
how to compute the same thing with plain floats and the ``math`` module
(``float_fn``, the reference), which operands are Values (the others are plain
numbers: the ``2 * x`` and ``x * 2`` forms) and the domain to draw inputs from.
Adding an op to the engine means adding its rows here; the tests in
``test_autograd/test_ops.py`` pick them up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from autograd import Value


def reals(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


def away_from(points: tuple[float, ...], gap: float, low: float, high: float) -> st.SearchStrategy[float]:
    """Reals in [low, high] at least ``gap`` away from each kink in ``points``."""
    return reals(low, high).filter(lambda x: all(abs(x - p) >= gap for p in points))


def integers_as_floats(low: int, high: int) -> st.SearchStrategy[float]:
    return st.integers(low, high).map(float)


def reference_sigmoid(x: float) -> float:
    # the textbook formula, which overflows only below -709; there sigmoid(x) = e^x to double precision
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else math.exp(x)


def reference_softplus(x: float) -> float:
    return math.log1p(math.exp(x)) if x < 30 else x + math.exp(-x)


@dataclass(frozen=True)
class OpForm:
    """One way of calling an op: which operands are Values, and its reference in plain floats."""

    name: str
    value_fn: Callable[..., Value]  # takes Values (or numbers, where not ``is_value``)
    float_fn: Callable[..., float]
    is_value: tuple[bool, ...]  # per operand: a Value (differentiated) or a plain number
    domain: tuple[st.SearchStrategy[float], ...]  # one strategy per operand
    lower_bound: float | None = None  # operand 0 must stay above this when nudged (log, sqrt)

    @property
    def id(self) -> str:
        return self.name


def with_special(domain: st.SearchStrategy[float], *points: float) -> st.SearchStrategy[float]:
    """``domain``, with its special points drawn often: hypothesis tries them first and again and again."""
    return st.one_of(st.sampled_from(points), domain) if points else domain


# The special points of each domain: 0 where it is defined, exponents that are
# whole numbers (0, 1, 2, -1, ...), a base of 1. Kinks (0 for abs and relu)
# are not among them: a kinked op is not differentiable there.
WIDE = with_special(reals(-1e6, 1e6), 0.0, 1.0, -1.0, 2.0)
SMALL = reals(-100.0, 100.0)
NONZERO = with_special(away_from((0.0,), 1e-3, -1e6, 1e6), 1.0, -1.0, 2.0)
BASE = with_special(reals(1e-3, 100.0), 1.0, 2.0, 0.5)
EXPONENT = with_special(reals(-5.0, 5.0), 0.0, 1.0, 2.0, -1.0, 3.0, -2.0, 0.5)
NEGATIVE_BASE = with_special(reals(-100.0, -1e-3), -1.0, -2.0)
INTEGER_EXPONENT = integers_as_floats(-5, 5)
ANY_SMOOTH = with_special(reals(-1000.0, 1000.0), 0.0, 1.0, -1.0)
ANGLE = with_special(reals(-1e4, 1e4), 0.0, math.pi / 2, math.pi)
POSITIVE = with_special(reals(1e-100, 1e100), 1.0, 2.0)


def _binary(name: str, value_fn: Callable, float_fn: Callable, x_domain, y_domain) -> list[OpForm]:
    """The three forms of a binary op: Value op Value, Value op number, number op Value."""
    return [
        OpForm(f"Value {name} Value", value_fn, float_fn, (True, True), (x_domain, y_domain)),
        OpForm(f"Value {name} number", value_fn, float_fn, (True, False), (x_domain, y_domain)),
        OpForm(f"number {name} Value", value_fn, float_fn, (False, True), (x_domain, y_domain)),
    ]


def _unary(name: str, value_fn: Callable, float_fn: Callable, domain, lower_bound=None) -> OpForm:
    return OpForm(name, value_fn, float_fn, (True,), (domain,), lower_bound)


OP_FORMS: list[OpForm] = [
    *_binary("+", lambda x, y: x + y, lambda x, y: x + y, WIDE, WIDE),
    *_binary("-", lambda x, y: x - y, lambda x, y: x - y, WIDE, WIDE),
    *_binary("*", lambda x, y: x * y, lambda x, y: x * y, WIDE, WIDE),
    *_binary("/", lambda x, y: x / y, lambda x, y: x / y, WIDE, NONZERO),
    *_binary("**", lambda x, y: x**y, lambda x, y: math.pow(x, y), BASE, EXPONENT),
    OpForm("negative Value ** integer", lambda x, y: x**y, math.pow, (True, False), (NEGATIVE_BASE, INTEGER_EXPONENT)),
    _unary("neg", lambda x: -x, lambda x: -x, WIDE),
    _unary("pos", lambda x: +x, lambda x: +x, WIDE),
    _unary("abs", abs, abs, NONZERO),
    _unary("exp", lambda x: x.exp(), math.exp, with_special(reals(-700.0, 700.0), 0.0, 1.0)),
    _unary("log", lambda x: x.log(), math.log, POSITIVE, lower_bound=0.0),
    _unary("sqrt", lambda x: x.sqrt(), math.sqrt, POSITIVE, lower_bound=0.0),
    _unary("tanh", lambda x: x.tanh(), math.tanh, ANY_SMOOTH),
    _unary("sigmoid", lambda x: x.sigmoid(), reference_sigmoid, ANY_SMOOTH),
    _unary("relu", lambda x: x.relu(), lambda x: max(x, 0.0), NONZERO),
    _unary("leaky_relu", lambda x: x.leaky_relu(0.1), lambda x: x if x > 0 else 0.1 * x, NONZERO),
    _unary("softplus", lambda x: x.softplus(), reference_softplus, ANY_SMOOTH),
    _unary("sin", lambda x: x.sin(), math.sin, ANGLE),
    _unary("cos", lambda x: x.cos(), math.cos, ANGLE),
]

# Points where an op is defined but its derivative is infinite: a second
# derivative cannot be taken there, and grad(create_graph=True) must say so.
INFINITE_SLOPES = [("sqrt at 0", lambda x: x.sqrt(), 0.0), ("x ** 0.5 at 0", lambda x: x**0.5, 0.0)]

# every op name the engine has must appear in the table (checked by a test)
OP_NAMES_COVERED = {"+", "-", "*", "/", "**", "neg", "pos", "abs", "exp", "log", "sqrt",
                    "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "sin", "cos"}


def central_difference(f: Callable[[float], float], x: float,
                       lower_bound: float | None = None) -> tuple[float, float]:
    """(f(x + h) - f(x - h)) / (the step really taken), and a bound on its rounding error.

    The step is relative to |x|; near a domain boundary it shrinks to stay inside.
    The rounding bound matters where f's value is large next to the change
    made by the step (x + y with x = 65536 and y = 4, say).
    """
    h = 1e-7 * max(1.0, abs(x))
    if lower_bound is not None:
        h = min(h, 1e-4 * (x - lower_bound))
    above, below = x + h, x - h
    f_above, f_below = f(above), f(below)
    step = above - below  # what the floats really took
    rounding = 4 * 2.2e-16 * max(abs(f_above), abs(f_below)) / step
    return (f_above - f_below) / step, rounding


def close(analytic: float, numeric: float, rounding: float = 0.0, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """Whether an analytic and a numeric derivative agree, allowing for the numeric one's rounding."""
    return abs(analytic - numeric) <= atol + rounding + rtol * max(abs(analytic), abs(numeric))


# ------------------------------------------------------------- random graphs
# A random program over a few inputs: each step applies an op to earlier
# results (chosen with repeats, so nodes get reused and diamonds appear).
# Domain-restricted ops get their operand through a smooth map into their
# domain, so almost every drawn program can be evaluated.

_SAFE_UNARY: list[tuple[str, Callable[[Value], Value]]] = [
    ("neg", lambda v: -v),
    ("abs", abs),
    ("exp", lambda v: (v.tanh() * 3).exp()),
    ("log", lambda v: (v * v + 0.5).log()),
    ("sqrt", lambda v: (v * v + 0.5).sqrt()),
    ("tanh", lambda v: v.tanh()),
    ("sigmoid", lambda v: v.sigmoid()),
    ("relu", lambda v: v.relu()),
    ("leaky_relu", lambda v: v.leaky_relu(0.2)),
    ("softplus", lambda v: v.softplus()),
    ("sin", lambda v: v.sin()),
    ("cos", lambda v: v.cos()),
    ("square", lambda v: v**2),
    ("constant power", lambda v: (v * v + 0.5) ** 1.5),
]

_SAFE_BINARY: list[tuple[str, Callable[[Value, Value], Value]]] = [
    ("+", lambda a, b: a + b),
    ("-", lambda a, b: a - b),
    ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / (b * b + 0.5)),
    ("**", lambda a, b: (a * a + 0.5) ** b.tanh()),
    ("number **", lambda a, b: 1.5 ** b.tanh()),
    ("number -", lambda a, b: 2.0 - a * b),
    ("number /", lambda a, b: 1.0 / (a * a + 0.5)),
]

KINKED = {"abs", "relu", "leaky_relu"}


@st.composite
def random_programs(draw: st.DrawFn, max_inputs: int = 3, max_steps: int = 12):
    """(inputs as floats, a function of that many Values) drawn at random."""
    n_inputs = draw(st.integers(1, max_inputs))
    inputs = draw(st.lists(reals(-2.0, 2.0), min_size=n_inputs, max_size=n_inputs))
    steps = []
    for i in range(draw(st.integers(1, max_steps))):
        available = n_inputs + i
        if draw(st.booleans()):
            name = draw(st.sampled_from([n for n, _ in _SAFE_UNARY]))
            steps.append(("unary", name, draw(st.integers(0, available - 1)), None))
        else:
            name = draw(st.sampled_from([n for n, _ in _SAFE_BINARY]))
            steps.append(("binary", name, draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1))))
    return inputs, steps


def run_program(steps, values: list[Value]) -> tuple[Value, float]:
    """Evaluate a drawn program; also return the smallest |input| seen by a kinked op."""
    unary, binary = dict(_SAFE_UNARY), dict(_SAFE_BINARY)
    results = list(values)
    closest_to_kink = math.inf
    for kind, name, i, j in steps:
        if kind == "unary":
            if name in KINKED:
                closest_to_kink = min(closest_to_kink, abs(results[i].data))
            results.append(unary[name](results[i]))
        else:
            results.append(binary[name](results[i], results[j]))
    # the output combines the last result with every input, so it depends on all of them
    return results[-1] + sum(0.5 * v for v in values), closest_to_kink
