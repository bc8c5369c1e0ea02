"""Gradients as return values: ``grad`` and ``hessian``.

``Value.backward()`` writes gradients into ``.grad``; the functions here return
them instead and leave every ``.grad`` as it was. With ``create_graph=True``
the gradients are Values with a graph of their own, so they can be
differentiated again: second derivatives, Hessians, Newton's method.

Both run the engine's one chain rule (``autograd.value.chain_rule``). For
``create_graph=True`` it runs over *stand-ins* for the graph's nodes whose
local derivatives are Values (each op's rule in ``OPS``): multiplying and
adding those builds the gradient's own graph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd.grad_mode import enable_grad
from autograd.value import Value, chain_rule, differentiable_local_derivatives, stand_ins, topological_order


def grad(output: Value, inputs: Value | Sequence[Value], create_graph: bool = False) -> tuple[Any, ...]:
    """The gradient of ``output`` with respect to each of ``inputs``, as a tuple.

    No ``.grad`` is changed once it returns (the work is done in ``.grad``
    and every one is put back, also after an error or Ctrl-C); so, like
    ``backward()``, it must not run at the same time as another ``grad`` or
    ``backward`` on a graph that shares nodes with this one (in another thread). An input that
    ``output`` does not depend on gets 0.0. With ``create_graph=True`` each
    gradient is a Value (``Value(0.0)`` for an unrelated input) that can
    itself be differentiated; where a local derivative cannot be
    differentiated (``sqrt`` at 0, whose slope is infinite) that is a
    ValueError naming the op.

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
        return _differentiable_grad(order, inputs)
    in_graph = set(order)
    saved = [node.grad for node in order]
    try:
        for node in order:
            node.grad = 0.0
        output.grad = 1.0
        chain_rule(order)
        return tuple(x.grad if x in in_graph else 0.0 for x in inputs)
    finally:
        for node, before in zip(order, saved):
            node.grad = before


def _differentiable_grad(order: list[Value], inputs: list[Value]) -> tuple[Value, ...]:
    """The gradients of ``order[-1]`` as Values: the chain rule over stand-ins with Value derivatives."""
    with enable_grad():  # the gradient's graph is recorded even inside no_grad()
        copies = stand_ins(order, differentiable_local_derivatives)
        copies[-1].grad = Value(1.0)
        chain_rule(copies)
    position = {node: k for k, node in enumerate(order)}
    gradients = []
    for x in inputs:
        g = copies[position[x]].grad if x in position else 0.0
        gradients.append(g if isinstance(g, Value) else Value(g))  # 0.0 where nothing flowed
    return tuple(gradients)


def hessian(f: Callable[..., Value], point: Sequence[float]) -> list[list[float]]:
    """The matrix of second derivatives of ``f`` at ``point``.

    ``f`` is called with one Value per coordinate and returns a Value.

    >>> hessian(lambda x, y: x * y * y, [3.0, 2.0])
    [[0.0, 4.0], [4.0, 6.0]]
    """
    xs = [Value(p) for p in point]
    with enable_grad():  # f's graph is needed, even inside no_grad()
        out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"hessian() needs f to return a Value; it returned {type(out).__name__}: {out!r}")
    first = grad(out, xs, create_graph=True)
    return [list(grad(g, xs)) for g in first]
