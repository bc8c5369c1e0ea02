"""The scalar ``Value``: a number that remembers how it was computed.

Every arithmetic operation on Values returns a new Value (a *node*) that records

* ``op``: the name of the operation that made it (``'*'``, ``'tanh'``, ...),
* its parents, in operand order (``a * a`` has the parent ``a`` twice),
* the *local derivative* of the node with respect to each parent, computed
  right away, at forward time, while the inputs are at hand.

``backward()`` then walks the graph from the output towards the inputs and
applies the chain rule: each parent's gradient grows by the node's gradient
times the local derivative it recorded for that parent.

>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b + b ** 2
>>> c.backward()
>>> a.grad, b.grad
(-3.0, -4.0)

Conventions, where mathematics leaves a choice:

* ``relu``, ``abs`` and ``leaky_relu`` have a kink at 0; their derivative there
  is taken to be 0 (for ``leaky_relu``: the slope), a valid subgradient.
* ``x ** y`` with both Values: the derivative with respect to the exponent is
  ``x**y * log(x)`` where ``x > 0``, ``0`` where ``x == 0`` and NaN where
  ``x < 0`` (the same choice as PyTorch).
* Computing a local derivative never raises. Where the derivative is infinite
  (``sqrt`` at 0, ``x ** 0.5`` at 0) it is ``inf``, as IEEE arithmetic has it.
* Bad inputs to the *forward* operation raise the error the ``math`` module
  would: ``ValueError`` for ``log`` of x <= 0, ``sqrt`` of x < 0 and a negative
  base with a fractional exponent; ``ZeroDivisionError`` for division by zero;
  ``OverflowError`` when ``exp`` or ``**`` overflow. NaN and inf inputs flow
  through as IEEE floats do (``sin(inf)`` is NaN).

A plain number operand (the ``2`` in ``2 * x``) does not become a node: it is
kept in the node as its *constant*, so it shows up in drawings (``'2 *'``)
without costing a node of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Union

from autograd.grad_mode import _mode

Number = Union[int, float]
Operand = Union["Value", int, float]

# For create_graph: each op's local derivatives written as Value expressions, so
# that a gradient can itself be differentiated. Filled in right below each op in
# the class body, next to the float rule it mirrors. A rule gets the node and its
# two operands (a Value, a plain-number constant, or None for a unary op) and
# returns one derivative per operand: (d/dx,) or (d/dx, d/dy).
DIFFERENTIABLE_RULES: dict[str, Callable[..., tuple[Any, ...]]] = {}


def _as_number(other: object) -> float | None:
    """``other`` as a float if it is a plain number, else None (the caller returns NotImplemented)."""
    kind = type(other)
    if kind is float:
        return other  # type: ignore[return-value]
    if kind is int or kind is bool:
        return float(other)  # type: ignore[arg-type]
    if isinstance(other, (str, bytes, complex, Value)) or not hasattr(kind, "__float__"):
        return None
    return float(other)  # type: ignore[arg-type]


def _new_node(data: float, op: str, a: Value | None, da: float,
              b: Value | None = None, db: float = 0.0, const: float | None = None) -> Value:
    """Make the output node of one operation (no input checks: the op did them).

    ``a`` and ``b`` are the Value operands in operand order (None where the
    operand is the plain number ``const``, or for a unary op), ``da`` and ``db``
    the local derivatives d(out)/da and d(out)/db.
    """
    # NOTE: object.__new__ and direct slot stores skip Value.__init__, whose
    # input checks the op has already done; no constructor arguments to parse.
    out = _object_new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.module = None
    if _mode.enabled:
        out.op = op
        out._a = a
        out._da = da
        out._b = b
        out._db = db
        out._const = const
    else:  # inside no_grad(): a leaf, nothing recorded
        out.op = ""
        out._a = out._b = out._const = None
        out._da = out._db = 0.0
    return out


_object_new = object.__new__


class Value:
    """A scalar that records the operations it takes part in, for backpropagation.

    ``Value(data, label='')``: ``data`` is an int, float, bool or anything with
    ``__float__`` (such as a NumPy scalar) and is stored as a Python float;
    ``label`` is a name for printing and drawing.

    >>> x = Value(3, label='x')
    >>> x
    Value(data=3.0, grad=0.0, label='x')
    >>> y = (x * x).tanh()
    >>> y.op, y.parents[0].op
    ('tanh', '*')
    """

    # NOTE: __slots__ instead of a per-instance __dict__ keeps a node at 128
    # bytes (measured by benchmarks/memory_per_node.py; micrograd's nodes take
    # 590), and makes attribute access faster. The two parents sit
    # in fixed slots (_a, _b) with their local derivatives as plain floats
    # (_da, _db): no tuples, no closures, so no reference cycles for Python's
    # cyclic garbage collector to chase.
    __slots__ = ("data", "grad", "label", "op", "module", "_a", "_b", "_da", "_db", "_const")

    data: float
    grad: float
    label: str
    op: str
    module: Any  # the nn module (neuron or layer) that made this value, for drawing
    _a: Value | None
    _b: Value | None
    _da: float
    _db: float
    _const: float | None

    def __init__(self, data: Any, label: str = "") -> None:
        if isinstance(data, (str, bytes, complex, Value)) or not hasattr(type(data), "__float__"):
            hint = " (use v.data for its number, or v.detach() for a new leaf)" if isinstance(data, Value) else ""
            raise TypeError(
                f"Value() needs a real number (int, float, bool or an object with __float__); "
                f"got {type(data).__name__}: {data!r}{hint}"
            )
        if not isinstance(label, str):
            raise TypeError(f"Value() label must be a str; got {type(label).__name__}: {label!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.module = None
        self._a = self._b = self._const = None
        self._da = self._db = 0.0

    # ----------------------------------------------------------------- the graph

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, in operand order, repeats kept."""
        return tuple(p for p in (self._a, self._b) if p is not None)

    @property
    def local_derivatives(self) -> tuple[float, ...]:
        """d(self)/d(parent) for each parent, as recorded at forward time.

        >>> a = Value(2.0); b = Value(5.0)
        >>> (a * b).local_derivatives
        (5.0, 2.0)
        """
        pairs = ((self._a, self._da), (self._b, self._db))
        return tuple(d for p, d in pairs if p is not None)

    @property
    def constant(self) -> float | None:
        """The plain-number operand of this node's op (the 2 in ``2 * x``), or None."""
        return self._const

    @property
    def op_label(self) -> str:
        """The op with its constant operand, where it has one, as a drawing shows it.

        >>> x = Value(1.0)
        >>> (x * 2).op_label, (2 - x).op_label, x.tanh().op_label
        ('* 2', '2 -', 'tanh')
        """
        const = self._const
        if const is None:
            return self.op
        text = f"{const:.4g}"
        if self.op in ("leaky_relu",):
            return f"{self.op} {text}"
        return f"{text} {self.op}" if self._a is None else f"{self.op} {text}"

    # ------------------------------------------------------------ binary operators
    # Each op computes its output and the local derivative for each operand, the
    # math in a comment next to it. A plain number operand is kept as the node's
    # constant; the reflected forms (__radd__, ...) handle "number op Value".

    def __add__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            # d(x+y)/dx = 1, d(x+y)/dy = 1
            return _new_node(self.data + other.data, "+", self, 1.0, other, 1.0)
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(self.data + c, "+", self, 1.0, const=c)

    def __radd__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(c + self.data, "+", None, 0.0, self, 1.0, c)

    DIFFERENTIABLE_RULES["+"] = lambda out, x, y: (1.0, 1.0)

    def __sub__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            # d(x-y)/dx = 1, d(x-y)/dy = -1
            return _new_node(self.data - other.data, "-", self, 1.0, other, -1.0)
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(self.data - c, "-", self, 1.0, const=c)

    def __rsub__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(c - self.data, "-", None, 0.0, self, -1.0, c)

    DIFFERENTIABLE_RULES["-"] = lambda out, x, y: (1.0, -1.0)

    def __mul__(self, other: Operand) -> Value:
        x = self.data
        if isinstance(other, Value):
            y = other.data
            # d(x*y)/dx = y, d(x*y)/dy = x
            return _new_node(x * y, "*", self, y, other, x)
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(x * c, "*", self, c, const=c)

    def __rmul__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        return _new_node(c * self.data, "*", None, 0.0, self, c, c)

    DIFFERENTIABLE_RULES["*"] = lambda out, x, y: (y, x)

    def __truediv__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            y = other.data
            if y == 0:
                raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
            out = self.data / y
            # d(x/y)/dx = 1/y, d(x/y)/dy = -x/y**2 = -out/y
            return _new_node(out, "/", self, 1.0 / y, other, -out / y)
        c = _as_number(other)
        if c is None:
            return NotImplemented
        if c == 0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        return _new_node(self.data / c, "/", self, 1.0 / c, const=c)

    def __rtruediv__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        y = self.data
        if y == 0:
            raise ZeroDivisionError(f"division by zero: {other!r} / {self!r}")
        out = c / y
        return _new_node(out, "/", None, 0.0, self, -out / y, c)  # d(c/y)/dy = -out/y

    DIFFERENTIABLE_RULES["/"] = lambda out, x, y: (1.0 / y, -out / y)

    def __pow__(self, other: Operand) -> Value:
        x = self.data
        if isinstance(other, Value):
            y = other.data
            out = _power(x, y, self, other)
            # d(x**y)/dx = y * x**(y-1), d(x**y)/dy = x**y * log(x)
            return _new_node(out, "**", self, _power_local_base(x, y), other, _power_local_exponent(x, out))
        c = _as_number(other)
        if c is None:
            return NotImplemented
        out = _power(x, c, self, other)
        return _new_node(out, "**", self, _power_local_base(x, c), const=c)

    def __rpow__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        out = _power(c, self.data, other, self)
        return _new_node(out, "**", None, 0.0, self, _power_local_exponent(c, out), c)

    DIFFERENTIABLE_RULES["**"] = lambda out, x, y: _power_rule(out, x, y)

    # ------------------------------------------------------------- unary operators

    def __neg__(self) -> Value:
        return _new_node(-self.data, "neg", self, -1.0)  # d(-x)/dx = -1

    DIFFERENTIABLE_RULES["neg"] = lambda out, x, y: (-1.0,)

    def __pos__(self) -> Value:
        return _new_node(self.data, "pos", self, 1.0)  # d(+x)/dx = 1

    DIFFERENTIABLE_RULES["pos"] = lambda out, x, y: (1.0,)

    def __abs__(self) -> Value:
        x = self.data
        # d|x|/dx = sign(x); NOTE: 0 at the kink x = 0 (a subgradient)
        return _new_node(abs(x), "abs", self, math.copysign(1.0, x) if x else 0.0)

    DIFFERENTIABLE_RULES["abs"] = lambda out, x, y: (out._da,)  # piecewise constant

    # ------------------------------------------------------------------ functions

    def exp(self) -> Value:
        """e to the power of this value.

        >>> Value(0.0).exp().data
        1.0
        """
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp() overflows for inputs above 709.78; got {self!r}") from None
        return _new_node(out, "exp", self, out)  # d(e^x)/dx = e^x

    DIFFERENTIABLE_RULES["exp"] = lambda out, x, y: (out,)

    def log(self) -> Value:
        """The natural logarithm; needs a positive input.

        >>> Value(1.0).log().data
        0.0
        """
        x = self.data
        if x <= 0:
            raise ValueError(f"log() needs a positive input; got {self!r}")
        return _new_node(math.log(x), "log", self, 1.0 / x)  # d(log x)/dx = 1/x

    DIFFERENTIABLE_RULES["log"] = lambda out, x, y: (1.0 / x,)

    def sqrt(self) -> Value:
        """The square root; needs an input >= 0. Its derivative at 0 is inf.

        >>> Value(9.0).sqrt().data
        3.0
        """
        x = self.data
        if x < 0:
            raise ValueError(f"sqrt() needs an input >= 0; got {self!r}")
        out = math.sqrt(x)
        return _new_node(out, "sqrt", self, 0.5 / out if out else math.inf)  # d(sqrt x)/dx = 1/(2 sqrt x)

    DIFFERENTIABLE_RULES["sqrt"] = lambda out, x, y: (0.5 / out,)

    def tanh(self) -> Value:
        """The hyperbolic tangent, stable for any input.

        >>> Value(0.0).tanh().data
        0.0
        """
        t = math.tanh(self.data)
        return _new_node(t, "tanh", self, 1.0 - t * t)  # d(tanh x)/dx = 1 - tanh(x)^2

    DIFFERENTIABLE_RULES["tanh"] = lambda out, x, y: (1 - out * out,)

    def sigmoid(self) -> Value:
        """The logistic function 1 / (1 + e^-x), stable for any input.

        >>> Value(0.0).sigmoid().data
        0.5
        """
        s = _sigmoid(self.data)
        return _new_node(s, "sigmoid", self, s * (1.0 - s))  # d(sigmoid x)/dx = s (1 - s)

    DIFFERENTIABLE_RULES["sigmoid"] = lambda out, x, y: (out * (1 - out),)

    def relu(self) -> Value:
        """max(0, x). NOTE: the derivative at 0 is taken to be 0 (a subgradient).

        >>> Value(-2.0).relu().data, Value(3.0).relu().data
        (0.0, 3.0)
        """
        x = self.data
        # written "0 if x <= 0" rather than "x if x > 0" so that NaN stays NaN
        return _new_node(0.0 if x <= 0 else x, "relu", self, 0.0 if x <= 0 else 1.0)  # d(relu x)/dx = [x > 0]

    DIFFERENTIABLE_RULES["relu"] = lambda out, x, y: (out._da,)  # piecewise constant

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, slope * x otherwise. NOTE: the derivative at 0 is the slope.

        >>> Value(-2.0).leaky_relu(0.1).data
        -0.2
        """
        x = self.data
        slope = float(slope)
        # d/dx = 1 for x > 0, slope otherwise
        return _new_node(slope * x if x <= 0 else x, "leaky_relu", self, slope if x <= 0 else 1.0, const=slope)

    DIFFERENTIABLE_RULES["leaky_relu"] = lambda out, x, y: (out._da,)  # piecewise constant

    def softplus(self) -> Value:
        """log(1 + e^x), a smooth relu, stable for any input: softplus(1000) == 1000.

        >>> round(Value(0.0).softplus().data, 6)
        0.693147
        """
        x = self.data
        # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): the exponent is never positive
        out = (x if x > 0 else 0.0) + math.log1p(math.exp(-abs(x)))
        return _new_node(out, "softplus", self, _sigmoid(x))  # d(softplus x)/dx = sigmoid(x)

    DIFFERENTIABLE_RULES["softplus"] = lambda out, x, y: (x.sigmoid(),)

    def sin(self) -> Value:
        """The sine (of an angle in radians); sin(inf) is NaN.

        >>> Value(0.0).sin().data
        0.0
        """
        x = self.data
        if math.isinf(x):
            return _new_node(math.nan, "sin", self, math.nan)
        return _new_node(math.sin(x), "sin", self, math.cos(x))  # d(sin x)/dx = cos x

    DIFFERENTIABLE_RULES["sin"] = lambda out, x, y: (x.cos(),)

    def cos(self) -> Value:
        """The cosine (of an angle in radians); cos(inf) is NaN.

        >>> Value(0.0).cos().data
        1.0
        """
        x = self.data
        if math.isinf(x):
            return _new_node(math.nan, "cos", self, math.nan)
        return _new_node(math.cos(x), "cos", self, -math.sin(x))  # d(cos x)/dx = -sin x

    DIFFERENTIABLE_RULES["cos"] = lambda out, x, y: (-x.sin(),)

    # ------------------------------------------------------------ backpropagation

    def backward(self) -> None:
        """Fill ``.grad`` of every node this value depends on with d(self)/d(node).

        Gradients accumulate, as in PyTorch: each call computes fresh
        gradients and *adds* them to ``.grad``, so calling it twice doubles
        every gradient exactly. Call ``zero_grad()`` to start again from 0.

        >>> x = Value(3.0); y = x * x
        >>> y.backward(); x.grad
        6.0
        >>> y.backward(); x.grad
        12.0
        """
        order = topological_order(self)
        # Fresh gradients are computed in .grad itself (the fastest place to
        # keep them), so first set aside what earlier passes left there.
        earlier = [node.grad for node in order]
        carried = any(earlier)
        if carried:  # usually not: zero_grad() was called, or the graph is new
            for node in order:
                node.grad = 0.0
        self.grad = 1.0
        # The chain rule, from the output back to the inputs: every node's
        # gradient is complete before it is passed on, because all the nodes
        # that use it come later in the order.
        try:
            for node in reversed(order):
                g = node.grad
                a = node._a
                if a is not None:
                    a.grad += g * node._da
                b = node._b
                if b is not None:
                    b.grad += g * node._db
        except BaseException:  # interrupted (Ctrl-C): leave the gradients as they were
            for node, before in zip(order, earlier):
                node.grad = before
            raise
        if carried:
            for node, before in zip(order, earlier):
                node.grad += before

    def zero_grad(self) -> None:
        """Set ``.grad`` to 0 on this value and every node it depends on."""
        for node in topological_order(self):
            node.grad = 0.0

    def detach(self) -> Value:
        """A new leaf with the same data (and label), cut off from this graph."""
        return Value(self.data, self.label)

    def draw(self, **options: Any) -> Any:
        """Draw the graph behind this value: a shortcut for ``autograd.draw_dot(self, **options)``."""
        from autograd.drawing import draw_dot

        return draw_dot(self, **options)

    # ------------------------------------------------------ comparisons and printing
    # Ordering compares data; == and hash stay those of object (identity), so
    # Values can be dict keys and set members.

    def __lt__(self, other: Operand) -> bool:
        o = other.data if isinstance(other, Value) else _as_number(other)
        return NotImplemented if o is None else self.data < o

    def __le__(self, other: Operand) -> bool:
        o = other.data if isinstance(other, Value) else _as_number(other)
        return NotImplemented if o is None else self.data <= o

    def __gt__(self, other: Operand) -> bool:
        o = other.data if isinstance(other, Value) else _as_number(other)
        return NotImplemented if o is None else self.data > o

    def __ge__(self, other: Operand) -> bool:
        o = other.data if isinstance(other, Value) else _as_number(other)
        return NotImplemented if o is None else self.data >= o

    __hash__ = object.__hash__

    def __float__(self) -> float:
        return self.data

    def __format__(self, spec: str) -> str:
        """Format the data: ``f'{loss:.3f}'``; an empty spec gives the repr."""
        return format(self.data, spec) if spec else repr(self)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, itself included, each after all its parents.

    Iterative (an explicit stack, never recursion), so a graph a million nodes
    deep works at the default recursion limit.

    >>> a = Value(1.0, label='a'); b = a * 2; b.label = 'b'
    >>> [v.label for v in topological_order(b + a)]
    ['a', 'b', '']
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list[Any] = [root]
    # NOTE: "while True ... break" rather than "while stack": CPython 3.11
    # specializes a function's bytecode only after it warms up, at calls and
    # at unconditional backward jumps. "while stack" ends in a conditional
    # jump, so a sort called once (one backward() on a big graph) ran
    # unspecialized: 2.2x the instructions (measured with callgrind on a
    # 400,000-node graph).
    while True:
        if not stack:
            break
        node = stack.pop()
        if node is _PARENTS_DONE:  # the node under this marker has all its parents in order
            order.append(stack.pop())
        elif node not in visited:
            visited.add(node)
            a, b = node._a, node._b
            if a is None and b is None:  # a leaf: no parents to wait for
                order.append(node)
                continue
            # NOTE: a marker object on the stack rather than (node, flag)
            # tuples, and leaves emitted at once: on a 400,000-node graph this
            # takes 1.9x fewer instructions than pushing tuples (callgrind).
            stack.append(node)
            stack.append(_PARENTS_DONE)
            # push b before a, so a is visited first and orders come out in operand order
            if b is not None and b not in visited:
                stack.append(b)
            if a is not None and a not in visited:
                stack.append(a)
    return order


_PARENTS_DONE = object()


# ------------------------------------------------------------ numeric helpers


def _sigmoid(x: float) -> float:
    """1 / (1 + e^-x), exponentiating only a non-positive number, so nothing overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)




def _power(x: float, y: float, base: object, exponent: object) -> float:
    """x ** y as the math module computes it, with errors that name the operands."""
    if x == 0 and y < 0:
        raise ZeroDivisionError(f"0 cannot be raised to a negative power: {base!r} ** {exponent!r}")
    if x < 0 and math.isfinite(y) and not y.is_integer():
        raise ValueError(
            f"a negative base needs an integer exponent (the result would be complex): {base!r} ** {exponent!r}"
        )
    try:
        return x**y
    except OverflowError:
        raise OverflowError(f"** overflows: {base!r} ** {exponent!r} is too large for a float") from None


def _power_local_base(x: float, y: float) -> float:
    """d(x**y)/dx = y * x**(y-1), never raising: inf where the derivative is infinite."""
    if y == 0:
        return 0.0
    try:
        return y * x ** (y - 1)
    except ZeroDivisionError:  # x == 0 and 0 < y < 1: the slope of x**0.5 at 0
        return math.inf
    except OverflowError:  # tiny x with y < 1: a huge slope
        odd = x < 0 and (y - 1) % 2 == 1
        return math.copysign(math.inf, -y if odd else y)


def _power_local_exponent(x: float, out: float) -> float:
    """d(x**y)/dy = x**y * log(x) for x > 0; 0 for x == 0; NaN for x < 0 (as PyTorch)."""
    if x > 0:
        return out * math.log(x)
    if x == 0:
        return 0.0
    return math.nan


def _power_rule(out: Value, x: Any, y: Any) -> tuple[Any, Any]:
    """The ``**`` local derivatives as Value expressions (for create_graph)."""
    x_data = x.data if isinstance(x, Value) else x
    y_data = y.data if isinstance(y, Value) else y
    d_base: Any = 0.0
    if isinstance(x, Value) and y_data != 0:
        d_base = y if y_data == 1 else y * x ** (y - 1)
    d_exponent: Any = 0.0
    if isinstance(y, Value):
        if x_data > 0:
            d_exponent = out * (x.log() if isinstance(x, Value) else math.log(x))
        elif x_data < 0:
            d_exponent = math.nan
    return d_base, d_exponent
