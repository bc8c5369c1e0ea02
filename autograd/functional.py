"""Gradients as return values: ``grad`` and ``hessian``.

``Value.backward()`` writes gradients into ``.grad``; the functions here return
them instead and leave every ``.grad`` as it was. With ``create_graph=True``
the gradients are Values with a graph of their own, so they can be
differentiated again: second derivatives, Hessians, Newton's method.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd.grad_mode import _mode
from autograd.value import DIFFERENTIABLE_RULES, Value, topological_order


def grad(output: Value, inputs: Value | Sequence[Value], create_graph: bool = False) -> tuple[Any, ...]:
    """The gradient of ``output`` with respect to each of ``inputs``, as a tuple.

    No ``.grad`` is touched. An input that ``output`` does not depend on gets
    0.0. With ``create_graph=True`` each gradient is a Value (``Value(0.0)``
    for an unrelated input) that can itself be differentiated.

    >>> x = Value(2.0); y = Value(5.0)
    >>> grad(x * x * y, [x, y])
    (20.0, 4.0)
    >>> (dx,) = grad(x ** 3, [x], create_graph=True)   # 3 x^2
    >>> dx.data, grad(dx, [x])                         # 12, and 6 x = 12
    (12.0, (12.0,))
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad() needs a Value as output; got {type(output).__name__}: {output!r}")
    inputs = [inputs] if isinstance(inputs, Value) else list(inputs)
    for index, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(
                f"grad() needs Values as inputs; input {index} is {type(x).__name__}: {x!r} "
                f"(wrap numbers as Value(...) before computing the output from them)"
            )
    order = topological_order(output)
    if create_graph:
        adjoints = _differentiable_adjoints(order, output)
        return tuple(adjoints[x] if x in adjoints else Value(0.0) for x in inputs)
    return tuple(_adjoints(order, output).get(x, 0.0) for x in inputs)


def _adjoints(order: list[Value], output: Value) -> dict[Value, float]:
    """d(output)/d(node) for every node in ``order`` (parents first), as floats."""
    adjoint = {output: 1.0}
    for node in reversed(order):
        g = adjoint.get(node, 0.0)
        for parent, local in zip(node.parents, node.local_derivatives):
            adjoint[parent] = adjoint.get(parent, 0.0) + g * local
    return adjoint


def _differentiable_adjoints(order: list[Value], output: Value) -> dict[Value, Value]:
    """d(output)/d(node) for every node in ``order``, as Values with graphs of their own."""
    recording = _mode.enabled
    _mode.enabled = True  # the gradient graph must be recorded even inside no_grad()
    try:
        adjoint: dict[Value, Value] = {output: Value(1.0)}
        for node in reversed(order):
            g = adjoint.get(node)
            if g is None:
                continue
            for parent, local in _differentiable_locals(node):
                if type(local) is float and local == 0.0:
                    continue  # a constant zero derivative: nothing flows
                contribution = g if (type(local) is float and local == 1.0) else g * local
                previous = adjoint.get(parent)
                adjoint[parent] = contribution if previous is None else previous + contribution
        return adjoint
    finally:
        _mode.enabled = recording


def _differentiable_locals(node: Value) -> list[tuple[Value, Any]]:
    """(parent, local derivative as a Value or a float) for each parent of ``node``."""
    if node._a is None and node._b is None:
        return []
    x = node._a if node._a is not None else node._const
    y = node._b if node._b is not None else node._const
    try:
        derivatives = DIFFERENTIABLE_RULES[node.op](node, x, y)
    except (ArithmeticError, ValueError):
        # NOTE: the symbolic rule fails only where the derivative is infinite or
        # undefined (sqrt at 0, say). Use the recorded number there; it is
        # right, but it is a constant, so it is not differentiated further.
        derivatives = (node._da, node._db)
    pairs = []
    if node._a is not None:
        pairs.append((node._a, derivatives[0]))
    if node._b is not None:
        pairs.append((node._b, derivatives[1]))
    return pairs


def hessian(f: Callable[..., Value], point: Sequence[float]) -> list[list[float]]:
    """The matrix of second derivatives of ``f`` at ``point``.

    ``f`` is called with one Value per coordinate and returns a Value.

    >>> hessian(lambda x, y: x * y * y, [3.0, 2.0])
    [[0.0, 4.0], [4.0, 6.0]]
    """
    xs = [Value(p) for p in point]
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"hessian() needs f to return a Value; it returned {type(out).__name__}: {out!r}")
    first = grad(out, xs, create_graph=True)
    return [list(grad(g, xs)) for g in first]
