"""The exercises of notebook 00, *build it yourself*: checks of the learner's own engine.

In notebook 00 the learner writes a tiny scalar ``Value`` of their own, one
op per cell, and passes the class to ``check`` after each cell. The checks
hold it to the contract the notebook sets out:

* ``Value(data, parents=(), local_grads=())`` makes a node; it has
  ``data``, ``grad`` (starting at 0), ``parents`` (the Values it was made
  from, in order, duplicates kept) and ``local_grads`` (d(node)/d(parent),
  one per parent, computed when the node is made);
* ``a + b``, ``a * b`` (either side may be a plain number), ``x ** n`` for a
  number ``n``, ``x.tanh()``; later ``x.exp()``, ``a - b`` and ``a / b``;
* ``out.backward()`` fills ``.grad`` of everything ``out`` depends on.

Each op is checked against chaingrad: the node's ``data`` against
``autograd.Value``, the local derivatives it recorded against central
differences (``autograd.numerical_grad``); ``backward`` against chaingrad's
``backward()`` and central differences; the learner's ``MLP`` against
``nn.MLP`` with the same weights copied in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, numerical_grad
from nn.exercises import close_to, exercise

Expression = Callable[..., Any]  # written once, run with the learner's Values and with chaingrad's

# how close the learner's numbers must come: data and gradients computed the same way agree to
# rounding; central differences (eps = 1e-6) agree with exact derivatives to about 1e-8
SAME = dict(rel_tol=1e-9, abs_tol=1e-12)
NUMERICAL = dict(rel_tol=1e-5, abs_tol=1e-7)


@exercise("00.1", "What is d(x*x)/dx at x = 3?", hint="the product rule gives x + x.")
def derivative_of_a_square(answer: Any) -> tuple[bool, str]:
    x = Value(3.0)
    (x * x).backward()
    return close_to(answer, x.grad,
                    explanation=f"d(x*x)/dx at x = 3 is {x.grad:g}.")


# ------------------------------------------------------------ one op at a time


def _recorded_gradients(out: Any, inputs: Sequence[Any]) -> list[float]:
    """d(out)/d(input) for each input, from the one node ``out``: the sum of its local derivatives towards it.

    An input that is a parent twice (``a + a``) gets both of its local
    derivatives, as ``backward`` would add them.
    """
    return [sum(local for parent, local in zip(out.parents, out.local_grads) if parent is x) for x in inputs]


def _judge_op(answer: Any, cases: Sequence[tuple[str, Expression, Sequence[float]]]) -> tuple[bool, str]:
    """Run each case with the learner's class and with chaingrad; the first disagreement, or all agreed."""
    if not isinstance(answer, type):
        return False, f"pass your Value class itself (check(key, Value)); got {type(answer).__name__}: {answer!r}"
    for written, expression, point in cases:
        where = ", ".join(f"{name} = {v:g}" for name, v in zip("abc", point))
        mine = [answer(v) for v in point]
        out = expression(*mine)
        truth = expression(*[Value(v) for v in point])
        if not math.isclose(out.data, truth.data, **SAME):
            return False, f"{written} at {where}: your data is {out.data!r}, chaingrad's Value gives {truth.data!r}"
        recorded = _recorded_gradients(out, mine)
        expected = numerical_grad(expression, list(point))
        for name, got, want in zip("abc", recorded, expected):
            if not math.isclose(got, want, **NUMERICAL):
                return False, (f"{written} at {where}: the local derivatives your node recorded give "
                               f"d/d{name} = {got!r}; central differences give {want:.6g}")
    return True, (f"{', '.join(written for written, _, _ in cases)}: the data agree with chaingrad's Value, the "
                  f"recorded local derivatives with central differences (numerical_grad).")


@exercise("00.add", "Give your Value a + that records its parents and local derivatives.",
          hint="d(a+b)/da = d(a+b)/db = 1; wrap a plain number in a Value; keep the parents in a tuple, "
               "so that a + a has a twice (a set would keep it once).")
def your_add(answer: Any) -> tuple[bool, str]:
    return _judge_op(answer, [
        ("a + b", lambda a, b: a + b, (2.0, -3.0)),
        ("a + 1", lambda a: a + 1, (0.5,)),
        ("2 + a", lambda a: 2 + a, (0.5,)),
        ("a + a", lambda a: a + a, (1.5,)),
    ])


@exercise("00.mul", "Give your Value a * that records its parents and local derivatives.",
          hint="d(a*b)/da = b and d(a*b)/db = a: each factor's derivative is the other factor; "
               "__rmul__ makes 3 * a work.")
def your_mul(answer: Any) -> tuple[bool, str]:
    return _judge_op(answer, [
        ("a * b", lambda a, b: a * b, (2.0, -3.0)),
        ("a * 4", lambda a: a * 4, (0.5,)),
        ("3 * a", lambda a: 3 * a, (-1.5,)),
        ("a * a", lambda a: a * a, (3.0,)),
    ])


@exercise("00.pow", "Give your Value x ** n for a plain number n.",
          hint="d(x**n)/dx = n * x**(n - 1); the exponent is a number, not a parent.")
def your_pow(answer: Any) -> tuple[bool, str]:
    return _judge_op(answer, [
        ("a ** 2", lambda a: a ** 2, (3.0,)),
        ("a ** 3", lambda a: a ** 3, (-1.5,)),
        ("a ** -1", lambda a: a ** -1, (2.0,)),
        ("a ** 0.5", lambda a: a ** 0.5, (4.0,)),
    ])


@exercise("00.tanh", "Give your Value a tanh() method.",
          hint="d(tanh x)/dx = 1 - tanh(x)**2: use the output t = tanh(x), not x itself.")
def your_tanh(answer: Any) -> tuple[bool, str]:
    return _judge_op(answer, [
        ("tanh(a)", lambda a: a.tanh(), (0.5,)),
        ("tanh(a) at 0", lambda a: a.tanh(), (0.0,)),
        ("tanh(a) at -2", lambda a: a.tanh(), (-2.0,)),
    ])


# ------------------------------------------------------------ the backward pass

# graphs for backward(): each a function of its inputs, run with both engines
GRAPHS: list[tuple[str, Expression, Sequence[float]]] = [
    ("a*b + b**2", lambda a, b: a * b + b ** 2, (2.0, -3.0)),
    ("tanh(a*b + c) * a", lambda a, b, c: (a * b + c).tanh() * a, (0.5, -1.0, 0.3)),
    ("a neuron, tanh(w0*x0 + w1*x1 + b)", lambda a, b, c: (a * 2.0 + b * -1.0 + c).tanh(), (0.4, -0.6, 0.1)),
    ("e*e + e with e = a*b (e used three times)", lambda a, b: (lambda e: e * e + e)(a * b), (1.5, -0.5)),
]
DEPTH = 2000  # twice Python's default recursion limit: a recursive topological sort stops here


def _chain(x: Any) -> Any:
    """x * 1.0001 + 0.001, ``DEPTH`` times over: a graph 2 * DEPTH nodes deep."""
    for _ in range(DEPTH):
        x = x * 1.0001 + 0.001
    return x


def _chaingrad_gradients(expression: Expression, point: Sequence[float]) -> list[float]:
    inputs = [Value(v) for v in point]
    expression(*inputs).backward()
    return [x.grad for x in inputs]


@exercise("00.backward", "Give your Value a backward() that fills .grad through a topological order.",
          hint="sort the graph so that every node comes after its parents, set the output's grad to 1, then go "
               "through the order backwards: parent.grad += node.grad * local. Use += (a node used twice gets "
               "both contributions) and an explicit stack, not recursion (a graph 4,000 deep must work).")
def your_backward(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, type):
        return False, f"pass your Value class itself (check(key, Value)); got {type(answer).__name__}: {answer!r}"
    for written, expression, point in GRAPHS:
        where = ", ".join(f"{name} = {v:g}" for name, v in zip("abc", point))
        mine = [answer(v) for v in point]
        expression(*mine).backward()
        truth = _chaingrad_gradients(expression, point)
        numerical = numerical_grad(expression, list(point))
        for name, x, want, estimate in zip("abc", mine, truth, numerical):
            if not math.isclose(x.grad, want, **SAME):
                return False, (f"{written} at {where}: your d/d{name} is {x.grad!r}; chaingrad's backward() gives "
                               f"{want!r} (central differences: {estimate:.6g})")
    x = answer(0.5)
    try:
        _chain(x).backward()
    except RecursionError:
        return False, (f"on a chain {2 * DEPTH:,} nodes deep, backward() raised RecursionError: a recursive "
                       f"sort stops at Python's recursion limit (1000 by default)")
    reference = Value(0.5)
    _chain(reference).backward()
    if not math.isclose(x.grad, reference.grad, **SAME):
        return False, (f"on a chain {2 * DEPTH:,} nodes deep your gradient is {x.grad!r}; chaingrad's is "
                       f"{reference.grad!r}")
    return True, (f"on {len(GRAPHS)} graphs (one using a node three times) your gradients agree with chaingrad's "
                  f"backward() and with central differences, and a chain {2 * DEPTH:,} nodes deep works.")


# ------------------------------------------------------------ a network


SHAPES = [(3, [4, 4, 1]), (2, [5, 1])]
INPUTS = {3: [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1]], 2: [[0.5, -1.0], [1.5, 0.2], [-0.7, 0.9]]}


def _squares_summed(outputs: Sequence[Any]) -> Any:
    """out0*out0 + out1*out1 + ...: a loss built with + and * only, so that any toy engine can run it."""
    total = outputs[0] * outputs[0]
    for out in outputs[1:]:
        total = total + out * out
    return total


@exercise("00.mlp", "Write Neuron, Layer and MLP with your Value: the same outputs and gradients as nn.MLP.",
          hint="as nn.MLP(nin, nouts, activation='tanh'): each neuron computes b + w0*x0 + w1*x1 + ..., tanh in "
               "every layer but the last (the output is linear); parameters() lists, layer by layer and neuron by "
               "neuron, the weights and then the bias; a last layer of one neuron returns a Value, not a list.")
def your_mlp(answer: Any) -> tuple[bool, str]:
    import nn  # here, not at the top: nn.exercises is part of nn

    if not callable(answer):
        return False, f"pass your MLP class itself (check(key, MLP)); got {type(answer).__name__}: {answer!r}"
    for nin, nouts in SHAPES:
        mine = answer(nin, list(nouts))
        reference = nn.MLP(nin, nouts, activation="tanh", seed=0)
        ours, theirs = list(mine.parameters()), reference.parameters()
        if len(ours) != len(theirs):
            return False, f"your MLP({nin}, {nouts}) has {len(ours)} parameters; nn.MLP's has {len(theirs)}"
        for p, q in zip(ours, theirs):  # the same weights copied in
            p.data = q.data
        outputs, expected = [], []
        for x in INPUTS[nin]:
            out, want = mine(x), reference(x)
            out = out[0] if isinstance(out, list) and len(out) == 1 else out
            if not math.isclose(out.data, want.data, **SAME):
                return False, (f"MLP({nin}, {nouts}) with nn.MLP's weights, at x = {x}: your output is {out.data!r}, "
                               f"nn.MLP's is {want.data!r}")
            outputs.append(out)
            expected.append(want)
        _squares_summed(outputs).backward()
        _squares_summed(expected).backward()
        names = [name for name, _ in reference.named_parameters()]
        for name, p, q in zip(names, ours, theirs):
            if not math.isclose(p.grad, q.grad, **SAME):
                return False, (f"MLP({nin}, {nouts}): the gradient of the sum of squared outputs for parameter "
                               f"{name} is {p.grad!r} in yours, {q.grad!r} in nn.MLP")
    return True, ("with nn.MLP's weights copied in, MLP(3, [4, 4, 1]) and MLP(2, [5, 1]) give nn.MLP's outputs and "
                  "nn.MLP's gradients for every parameter.")


# ------------------------------------------------------------ the exercises at the end


@exercise("00.2", "Give your Value an exp() method; pass the class.",
          hint="d(e^x)/dx = e^x: the local derivative is the output itself.")
def your_exp(answer: Any) -> tuple[bool, str]:
    return _judge_op(answer, [
        ("exp(a)", lambda a: a.exp(), (0.5,)),
        ("exp(a) at 0", lambda a: a.exp(), (0.0,)),
        ("exp(a) at -2", lambda a: a.exp(), (-2.0,)),
    ])


DIFFERENCES_AND_QUOTIENTS: list[tuple[str, Expression, Sequence[float]]] = [
    ("a - b", lambda a, b: a - b, (2.0, -3.0)),
    ("a - 3", lambda a: a - 3, (0.5,)),
    ("2 - a", lambda a: 2 - a, (0.5,)),
    ("-a", lambda a: -a, (1.5,)),
    ("a / b", lambda a, b: a / b, (2.0, -4.0)),
    ("a / 4", lambda a: a / 4, (1.5,)),
    ("1 / a", lambda a: 1 / a, (2.0,)),
]


@exercise("00.3", "Give your Value -a, a - b and a / b (numbers on either side) built from +, * and ** only.",
          hint="a - b = a + (-1) * b and a / b = a * b ** -1; __rsub__ and __rtruediv__ handle 2 - a and 1 / a "
               "(the number comes first: other - self, other / self).")
def your_sub_and_div(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, type):
        return False, f"pass your Value class itself (check(key, Value)); got {type(answer).__name__}: {answer!r}"
    for written, expression, point in DIFFERENCES_AND_QUOTIENTS:
        where = ", ".join(f"{name} = {v:g}" for name, v in zip("ab", point))
        mine = [answer(v) for v in point]
        out = expression(*mine)
        truth = expression(*[Value(v) for v in point])
        if not math.isclose(out.data, truth.data, **SAME):
            return False, f"{written} at {where}: your data is {out.data!r}, chaingrad's Value gives {truth.data!r}"
        out.backward()
        for name, x, want in zip("ab", mine, numerical_grad(expression, list(point))):
            if not math.isclose(x.grad, want, **NUMERICAL):
                return False, (f"{written} at {where}: your backward() gives d/d{name} = {x.grad!r}; central "
                               f"differences give {want:.6g}")
    return True, ("-a, a - b, a - 3, 2 - a, a / b, a / 4 and 1 / a: data as chaingrad's Value, gradients from your "
                  "backward() as central differences; no new local derivative was needed.")

