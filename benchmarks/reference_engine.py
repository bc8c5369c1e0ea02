"""The reference engine "modern": a scalar Value of the straightforward design popular since 2026.

This is the engine the GPT step (``gpt_step``) compares chaingrad with. It is
written here, for the benchmarks, from a description of the design that the
well-known pure-Python GPT scripts use, and it follows that design on purpose,
including the parts chaingrad does differently:

* ``__slots__``: a node holds its data, its gradient, its children (the
  operands it was computed from) and the local gradient for each child, the
  last two as tuples;
* a plain-number operand (the ``2`` in ``x * 2``) is wrapped in a Value of its
  own, so it becomes a node of the graph;
* only ``+``, ``*``, ``**`` (by a number), ``log``, ``exp`` and ``relu`` are
  operations; ``-`` and ``/`` are composed from them:
  ``-a = a * -1``, ``a - b = a + (-b)`` and ``a / b = a * b**-1``;
* ``backward()`` orders the graph with a recursive depth-first search (a set
  of visited nodes; one Python call per level, so deep graphs need a higher
  recursion limit: ``benchmarks.engines.allow_deep_graphs`` raises it), then
  applies the chain rule ``child.grad += local_grad * node.grad``.

>>> a = Value(2.0); b = Value(-3.0)
>>> c = a * b + b ** 2
>>> c.backward()
>>> a.grad, b.grad
(-3.0, -4.0)
"""

from __future__ import annotations

import math
from typing import Any, Union

Operand = Union["Value", int, float]


class Value:
    """A scalar that remembers its children and the local gradient towards each of them.

    >>> x = Value(3.0)
    >>> y = x * x
    >>> y, y._local_grads
    (Value(data=9.0, grad=0), (3.0, 3.0))
    """

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data: float, children: tuple[Value, ...] = (), local_grads: tuple[float, ...] = ()) -> None:
        self.data = data
        self.grad = 0
        self._children = children  # the operands this node was computed from, in order
        self._local_grads = local_grads  # d(this node)/d(child), one per child

    # ------------------------------------------------------------ the operations

    def __add__(self, other: Operand) -> Value:
        other = other if isinstance(other, Value) else Value(other)  # a number becomes a node
        # d(a+b)/da = 1, d(a+b)/db = 1
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other: Operand) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        # d(a*b)/da = b, d(a*b)/db = a
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent: float) -> Value:
        # d(a**n)/da = n * a**(n-1), for a number n
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def log(self) -> Value:
        """The natural logarithm: d(log a)/da = 1/a."""
        return Value(math.log(self.data), (self,), (1 / self.data,))

    def exp(self) -> Value:
        """e to the power of this value: d(e^a)/da = e^a."""
        out = math.exp(self.data)
        return Value(out, (self,), (out,))

    def relu(self) -> Value:
        """max(0, a): d(relu a)/da = 1 where a > 0, else 0."""
        return Value(max(0, self.data), (self,), (float(self.data > 0),))

    # -------------------------------------------- composed from the operations above

    def __neg__(self) -> Value:
        return self * -1

    def __radd__(self, other: Operand) -> Value:  # number + Value, as in sum()
        return self + other

    def __sub__(self, other: Operand) -> Value:
        return self + (-other)

    def __rsub__(self, other: Operand) -> Value:
        return other + (-self)

    def __rmul__(self, other: Operand) -> Value:
        return self * other

    def __truediv__(self, other: Operand) -> Value:
        return self * other**-1

    def __rtruediv__(self, other: Operand) -> Value:
        return other * self**-1

    # ------------------------------------------------------------ backpropagation

    def backward(self) -> None:
        """Add d(self)/d(node) to ``.grad`` of every node this value depends on.

        >>> x = Value(3.0); y = x * x + x
        >>> y.backward(); x.grad
        7.0
        """
        order: list[Value] = []
        visited: set[Value] = set()

        def visit(node: Value) -> None:  # recursive: one Python call per level of the graph
            if node not in visited:
                visited.add(node)
                for child in node._children:
                    visit(child)
                order.append(node)  # after all its children

        visit(self)
        self.grad = 1
        for node in reversed(order):
            for child, local_grad in zip(node._children, node._local_grads):
                child.grad += local_grad * node.grad  # the chain rule

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"


def parents_of(node: Value) -> Any:
    """The children of ``node`` (the nodes it was computed from), for counting nodes outside the timed code."""
    return node._children
