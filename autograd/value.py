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

The file reads top to bottom: the table of ops, the ``Value`` class with each
op (its forward computation and its local derivatives side by side), then the
backward pass (``topological_order`` and ``chain_rule``).

Conventions, where mathematics leaves a choice:

* ``relu``, ``abs`` and ``leaky_relu`` have a kink at 0; their derivative there
  is taken to be 0 (for ``leaky_relu``: the slope), a valid subgradient.
* ``x ** y`` with both Values: the derivative with respect to the exponent is
  ``x**y * log(x)`` where ``x > 0``, ``0`` where ``x == 0`` and NaN where
  ``x < 0`` (the same choice as PyTorch).
* Computing a local derivative never raises. Where the derivative is infinite
  (``sqrt`` at 0, ``x ** 0.5`` at 0) it is ``inf``, as IEEE arithmetic has it.
  Such a derivative cannot be differentiated again: ``grad(...,
  create_graph=True)`` says so with a ValueError naming the op.
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
import numbers
from collections.abc import Callable
from threading import get_ident
from typing import Any, NamedTuple, Union

from autograd.grad_mode import threads_not_recording

Number = Union[int, float]
Operand = Union["Value", int, float]


# ----------------------------------------------------------------- the op table


class Op:
    """One operation of the engine: its name, how a formula writes it, and its derivatives.

    ``rule(x, y, out)`` gives the op's local derivatives, one per operand
    (``(d/dx,)`` or ``(d/dx, d/dy)``), written with operations that work on
    Values, so that ``grad(..., create_graph=True)`` can differentiate them
    again. ``x`` and ``y`` are the operands (a Value, the plain-number
    constant, or None for a unary op) and ``out`` the node. The op's code
    computes the same derivatives with plain floats at forward time, right
    next to the rule; a test checks at every op's random and special points
    that the two agree.
    """

    __slots__ = ("name", "written", "math", "rule", "method")

    def __init__(self, name: str, written: str, math: str, rule: Callable[..., tuple[Any, ...]],
                 method: Callable[..., Value]) -> None:
        self.name = name  # as node.op has it: '*', 'tanh'
        self.written = written  # as a formula writes it: 'x * y', 'tanh(x)', 'leaky_relu(x, slope)'
        self.math = math  # the local derivatives, for people: 'd/dx = y, d/dy = x'
        self.rule = rule
        self.method = method  # the Value method that applies it

    def __repr__(self) -> str:
        return f"Op({self.name!r}: {self.written}; {self.math})"


OPS: dict[str, Op] = {}  # every op of the engine, by name, in the order of this file


def op(name: str, written: str, math: str, rule: Callable[..., tuple[Any, ...]]) -> Callable[[Callable], Callable]:
    """Enter the decorated method in ``OPS`` (the method itself is returned unchanged: no cost per call)."""
    def register(method: Callable[..., Value]) -> Callable[..., Value]:
        OPS[name] = Op(name, written, math, rule, method)
        return method
    return register


# ------------------------------------------------------------------ the node


def _as_number(other: object) -> float | None:
    """``other`` as a float if it is a plain real number, else None (the caller returns NotImplemented)."""
    kind = type(other)
    if kind is float:
        return other  # type: ignore[return-value]
    if kind is int or kind is bool:
        return _int_as_float(other)  # type: ignore[arg-type]
    if isinstance(other, (str, bytes, Value)) or not hasattr(kind, "__float__"):
        return None
    _refuse_complex_and_arrays(other)
    return float(other)  # type: ignore[arg-type]


def _int_as_float(number: int) -> float:
    try:
        return float(number)
    except OverflowError:
        raise OverflowError(f"a Value holds a float, at most about 1.8e308; got an int of {len(str(abs(number)))} "
                            f"digits (scale it down, or use math.log of it)") from None


def _refuse_complex_and_arrays(number: object) -> None:
    """A TypeError for a complex number (float() would drop its imaginary part) or an array of numbers."""
    if isinstance(number, numbers.Complex) and not isinstance(number, numbers.Real):
        raise TypeError(f"a Value holds a real number; got the complex {type(number).__name__} {number!r} "
                        f"(use its .real, or abs() of it)")
    if getattr(number, "ndim", 0) != 0:
        raise TypeError(f"a Value combines with one number at a time; got an array of shape "
                        f"{getattr(number, 'shape', '?')} (loop over it, or make one Value per element)")


# NOTE: an empty node without running __init__, whose input checks the ops have
# already done and whose argument parsing they do not need: about 100 ns less
# per node than calling Value(...) (benchmarks/per_op.py).
_new = object.__new__


def _unrecorded(out: Value) -> Value:
    """``out`` as a plain leaf if this thread is inside no_grad(), else ``out`` (only asked when some thread is)."""
    return Value(out.data) if get_ident() in threads_not_recording else out


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

    # NOTE: __slots__ instead of a per-instance __dict__ keeps a node small
    # (benchmarks/memory_per_node.py) and attribute access fast. The two
    # parents sit in fixed slots (_a, _b) with their local derivatives as
    # plain floats (_da, _db): no tuples, no closures, so no reference cycles
    # and few references for Python's cyclic garbage collector to chase.
    # An op stores only the slots it needs: a unary op leaves _db unset (a
    # slot never assigned costs no store and nothing for the collector to
    # visit).
    # NOTE: eight slots, so that a node takes one of the allocator's 96-byte
    # blocks rather than a 112-byte one (blocks come in steps of 16 bytes):
    # - a plain-number operand (the 2 in x * 2) has no slot of its own: it
    #   sits in the derivative slot its missing parent leaves free (_db for
    #   x * 2, with _b None; _da for 2 - x, with _a None), which the chain
    #   rule never reads;
    # - the label and the scope share _tags (see the properties below): None,
    #   the label (a str), the scope itself, or a _Tags pair when a node has
    #   both. Every op sets it to None, so that setting the scope (nn does it
    #   for every value it makes) never meets an unset slot, whose
    #   AttributeError made nn.fit's epoch twice as slow when it was tried.
    # Measured: 133 -> 117 bytes a node in whole blocks (memory_per_node.py),
    # and the steps within the noise (benchmarks/paired.py).
    __slots__ = ("data", "grad", "op", "_a", "_da", "_b", "_db", "_tags")

    data: float
    grad: float
    op: str
    _a: Value | None
    _b: Value | None
    _da: float
    _db: float
    _tags: Any

    def __init__(self, data: Any, label: str = "") -> None:
        number = _as_number(data)  # the same rule as for a number operand (2 * x)
        if number is None:
            hint = " (use v.data for its number, or v.detach() for a new leaf)" if isinstance(data, Value) else ""
            raise TypeError(
                f"Value() needs a real number (int, float, bool or an object with __float__); "
                f"got {type(data).__name__}: {data!r}{hint}"
            )
        self.data = number
        self.grad = 0.0
        self.op = ""
        self._a = self._b = self._tags = None
        if label:
            self.label = label
        elif not isinstance(label, str):
            self.label = label  # the setter says what is wrong

    # ----------------------------------------------------------------- the graph

    @property
    def label(self) -> str:
        """A name for printing and drawing ('' if none); only a str can be set."""
        tags = self._tags
        if type(tags) is str:
            return tags
        return tags.label if type(tags) is _Tags else ""

    @label.setter
    def label(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"a Value's label must be a str; got {type(text).__name__}: {text!r} "
                            f"(use str(...) to make one)")
        self._tags = _tags_of(str(text), self.scope)  # a plain str, also for a subclass such as numpy.str_

    @property
    def scope(self) -> Any:
        """Which part of a bigger computation made this value (None if unset).

        The engine only keeps it: ``nn`` sets it to the neuron or layer that
        made the value, and drawings use it to put values in boxes.
        """
        tags = self._tags
        if tags is None or type(tags) is str:
            return None
        return tags.scope if type(tags) is _Tags else tags

    @scope.setter
    def scope(self, owner: Any) -> None:
        if self._tags is None and type(owner) is not str and type(owner) is not _Tags:
            self._tags = owner  # the common case (nn's, on a new value): the owner itself, no object made
        else:
            self._tags = _tags_of(self.label, owner)

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
        derivatives = []
        if self._a is not None:
            derivatives.append(self._da)
        if self._b is not None:
            derivatives.append(self._db)
        return tuple(derivatives)

    @property
    def constant(self) -> float | None:
        """The plain-number operand of this node's op (the 2 in ``2 * x``), or None."""
        try:  # in the derivative slot of the missing parent (see __slots__)
            if self._b is None:
                return self._db  # x * 2, x - 2, leaky_relu's slope; unset for other unary ops and leaves
            if self._a is None:
                return self._da  # 2 - x
        except AttributeError:
            pass
        return None

    @property
    def constant_first(self) -> bool:
        """Whether the constant is the first operand (``2 - x``) rather than the second (``x - 2``)."""
        return self._a is None and self._b is not None and self.constant is not None

    # ------------------------------------------------------------ binary operators
    # Each op fills a new node, the same small pattern every time: its data,
    # then each parent beside the local derivative d(out)/d(parent), then its
    # grad, op name and (empty) tags. A plain number operand is kept as the node's constant;
    # the reflected forms (__radd__, ...) handle "number op Value", with the
    # constant as the first operand (so the first parent slot stays empty).
    # NOTE: a node is built inline rather than by a helper function, one call
    # fewer per op, and "type(other) is float" tests the commonest constant
    # before the general _as_number: with both, a*b went from about 240 to 180
    # ns and a.relu() from 234 to 146 (benchmarks/per_op.py, same machine).
    # The last line returns a plain leaf instead when inside no_grad() (the
    # set is empty unless some thread is).

    @op("+", "x + y", "d/dx = 1, d/dy = 1", rule=lambda x, y, out: (1.0, 1.0))
    def __add__(self, other: Operand) -> Value:
        out = _new(Value)
        if isinstance(other, Value):
            out.data = self.data + other.data
            out._a, out._da = self, 1.0
            out._b, out._db = other, 1.0
        else:
            c = other if type(other) is float else _as_number(other)
            if c is None:
                return NotImplemented
            out.data = self.data + c
            out._a, out._da = self, 1.0
            out._b, out._db = None, c
        out.grad, out.op, out._tags = 0.0, "+", None
        return out if not threads_not_recording else _unrecorded(out)

    def __radd__(self, other: Number) -> Value:
        c = other if type(other) is float else _as_number(other)
        if c is None:
            return NotImplemented
        out = _new(Value)
        out.data = c + self.data
        out._a, out._da = None, c
        out._b, out._db = self, 1.0
        out.grad, out.op, out._tags = 0.0, "+", None
        return out if not threads_not_recording else _unrecorded(out)

    @op("-", "x - y", "d/dx = 1, d/dy = -1", rule=lambda x, y, out: (1.0, -1.0))
    def __sub__(self, other: Operand) -> Value:
        out = _new(Value)
        if isinstance(other, Value):
            out.data = self.data - other.data
            out._a, out._da = self, 1.0
            out._b, out._db = other, -1.0
        else:
            c = other if type(other) is float else _as_number(other)
            if c is None:
                return NotImplemented
            out.data = self.data - c
            out._a, out._da = self, 1.0
            out._b, out._db = None, c
        out.grad, out.op, out._tags = 0.0, "-", None
        return out if not threads_not_recording else _unrecorded(out)

    def __rsub__(self, other: Number) -> Value:
        c = other if type(other) is float else _as_number(other)
        if c is None:
            return NotImplemented
        out = _new(Value)
        out.data = c - self.data
        out._a, out._da = None, c
        out._b, out._db = self, -1.0
        out.grad, out.op, out._tags = 0.0, "-", None
        return out if not threads_not_recording else _unrecorded(out)

    @op("*", "x * y", "d/dx = y, d/dy = x", rule=lambda x, y, out: (y, x))
    def __mul__(self, other: Operand) -> Value:
        out = _new(Value)
        if isinstance(other, Value):
            x, y = self.data, other.data
            out.data = x * y
            out._a, out._da = self, y
            out._b, out._db = other, x
        else:
            c = other if type(other) is float else _as_number(other)
            if c is None:
                return NotImplemented
            out.data = self.data * c
            out._a, out._da = self, c
            out._b, out._db = None, c
        out.grad, out.op, out._tags = 0.0, "*", None
        return out if not threads_not_recording else _unrecorded(out)

    def __rmul__(self, other: Number) -> Value:
        c = other if type(other) is float else _as_number(other)
        if c is None:
            return NotImplemented
        out = _new(Value)
        out.data = c * self.data
        out._a, out._da = None, c
        out._b, out._db = self, c
        out.grad, out.op, out._tags = 0.0, "*", None
        return out if not threads_not_recording else _unrecorded(out)

    @op("/", "x / y", "d/dx = 1/y, d/dy = -x/y**2 = -out/y", rule=lambda x, y, out: (1 / y, -out / y))
    def __truediv__(self, other: Operand) -> Value:
        out = _new(Value)
        if isinstance(other, Value):
            y = other.data
            if y == 0:
                raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
            out.data = quotient = self.data / y
            out._a, out._da = self, 1.0 / y
            out._b, out._db = other, -quotient / y
        else:
            c = other if type(other) is float else _as_number(other)
            if c is None:
                return NotImplemented
            if c == 0:
                raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
            out.data = self.data / c
            out._a, out._da = self, 1.0 / c
            out._b, out._db = None, c
        out.grad, out.op, out._tags = 0.0, "/", None
        return out if not threads_not_recording else _unrecorded(out)

    def __rtruediv__(self, other: Number) -> Value:
        c = _as_number(other)
        if c is None:
            return NotImplemented
        y = self.data
        if y == 0:
            raise ZeroDivisionError(f"division by zero: {other!r} / {self!r}")
        out = _new(Value)
        out.data = quotient = c / y
        out._a, out._da = None, c
        out._b, out._db = self, -quotient / y
        out.grad, out.op, out._tags = 0.0, "/", None
        return out if not threads_not_recording else _unrecorded(out)

    @op("**", "x ** y", "d/dx = y * x**(y-1), d/dy = x**y * log(x)", rule=lambda x, y, out: _power_rule(x, y, out))
    def __pow__(self, other: Operand) -> Value:
        x = self.data
        out = _new(Value)
        if isinstance(other, Value):
            y = other.data
            out.data = result = power(x, y, self, other)
            out._a, out._da = self, power_local_base(x, y)
            out._b, out._db = other, power_local_exponent(x, result)
        else:
            c = other if type(other) is float else _as_number(other)
            if c is None:
                return NotImplemented
            out.data = power(x, c, self, other)
            out._a, out._da = self, power_local_base(x, c)
            out._b, out._db = None, c
        out.grad, out.op, out._tags = 0.0, "**", None
        return out if not threads_not_recording else _unrecorded(out)

    def __rpow__(self, other: Number) -> Value:
        c = other if type(other) is float else _as_number(other)
        if c is None:
            return NotImplemented
        out = _new(Value)
        out.data = result = power(c, self.data, other, self)
        out._a, out._da = None, c
        out._b, out._db = self, power_local_exponent(c, result)
        out.grad, out.op, out._tags = 0.0, "**", None
        return out if not threads_not_recording else _unrecorded(out)

    # ---------------------------------------------------------- unary operations
    # The same pattern with one parent: the second parent slot is set to None,
    # and the tags with it in one statement (four targets in one tuple
    # assignment would build a tuple: 360 instructions more for exp).

    @op("neg", "-x", "d/dx = -1", rule=lambda x, y, out: (-1.0,))
    def __neg__(self) -> Value:
        out = _new(Value)
        out.data, out.grad, out.op = -self.data, 0.0, "neg"
        out._a, out._da = self, -1.0
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("pos", "+x", "d/dx = 1", rule=lambda x, y, out: (1.0,))
    def __pos__(self) -> Value:
        out = _new(Value)
        out.data, out.grad, out.op = self.data, 0.0, "pos"
        out._a, out._da = self, 1.0
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    # NOTE: the derivative of a kinked op is piecewise constant: its rule is the recorded number
    @op("abs", "abs(x)", "d/dx = sign(x); 0 at the kink x = 0", rule=lambda x, y, out: (out._da,))
    def __abs__(self) -> Value:
        x = self.data
        out = _new(Value)
        out.data, out.grad, out.op = abs(x), 0.0, "abs"
        out._a, out._da = self, math.copysign(1.0, x) if x else 0.0
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("exp", "exp(x)", "d/dx = exp(x) = out", rule=lambda x, y, out: (out,))
    def exp(self) -> Value:
        """e to the power of this value.

        >>> Value(0.0).exp().data
        1.0
        """
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp() overflows for inputs above 709.78; got {self!r}") from None
        out = _new(Value)
        out.data, out.grad, out.op = e, 0.0, "exp"
        out._a, out._da = self, e
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("log", "log(x)", "d/dx = 1/x", rule=lambda x, y, out: (1 / x,))
    def log(self) -> Value:
        """The natural logarithm; needs a positive input.

        >>> Value(1.0).log().data
        0.0
        """
        x = self.data
        if x <= 0:
            raise ValueError(f"log() needs a positive input; got {self!r}")
        out = _new(Value)
        out.data, out.grad, out.op = math.log(x), 0.0, "log"
        out._a, out._da = self, 1.0 / x
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("sqrt", "sqrt(x)", "d/dx = 1/(2 sqrt(x)) = 0.5/out; inf at 0", rule=lambda x, y, out: (0.5 / out,))
    def sqrt(self) -> Value:
        """The square root; needs an input >= 0. Its derivative at 0 is inf.

        >>> Value(9.0).sqrt().data
        3.0
        """
        x = self.data
        if x < 0:
            raise ValueError(f"sqrt() needs an input >= 0; got {self!r}")
        root = math.sqrt(x)
        out = _new(Value)
        out.data, out.grad, out.op = root, 0.0, "sqrt"
        out._a, out._da = self, 0.5 / root if root else math.inf
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("tanh", "tanh(x)", "d/dx = 1 - tanh(x)**2 = 1 - out**2", rule=lambda x, y, out: (1 - out * out,))
    def tanh(self) -> Value:
        """The hyperbolic tangent, stable for any input.

        >>> Value(0.0).tanh().data
        0.0
        """
        t = math.tanh(self.data)
        out = _new(Value)
        out.data, out.grad, out.op = t, 0.0, "tanh"
        out._a, out._da = self, 1.0 - t * t
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("sigmoid", "sigmoid(x)", "d/dx = s (1 - s), s = sigmoid(x) = out", rule=lambda x, y, out: (out * (1 - out),))
    def sigmoid(self) -> Value:
        """The logistic function 1 / (1 + e^-x), stable for any input.

        >>> Value(0.0).sigmoid().data
        0.5
        """
        s = sigmoid(self.data)
        out = _new(Value)
        out.data, out.grad, out.op = s, 0.0, "sigmoid"
        out._a, out._da = self, s * (1.0 - s)
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("relu", "relu(x)", "d/dx = 1 for x > 0, else 0 (0 at the kink)", rule=lambda x, y, out: (out._da,))
    def relu(self) -> Value:
        """max(0, x). NOTE: the derivative at 0 is taken to be 0 (a subgradient).

        >>> Value(-2.0).relu().data, Value(3.0).relu().data
        (0.0, 3.0)
        """
        x = self.data
        out = _new(Value)
        if x <= 0:  # written "x <= 0" rather than "x > 0" so that NaN stays NaN
            out.data, out._da = 0.0, 0.0
        else:
            out.data, out._da = x, 1.0
        out.grad, out.op, out._tags = 0.0, "relu", None
        out._a, out._b = self, None
        return out if not threads_not_recording else _unrecorded(out)

    @op("leaky_relu", "leaky_relu(x, slope)", "d/dx = 1 for x > 0, else slope (the slope at the kink)",
        rule=lambda x, y, out: (out._da,))
    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, slope * x otherwise. NOTE: the derivative at 0 is the slope.

        >>> Value(-2.0).leaky_relu(0.1).data
        -0.2
        """
        x = self.data
        c = _as_number(slope)
        if c is None:
            raise TypeError(f"leaky_relu() needs a number as its slope; got {type(slope).__name__}: {slope!r}")
        out = _new(Value)
        if x <= 0:
            out.data, out._da = c * x, c
        else:
            out.data, out._da = x, 1.0
        out.grad, out.op, out._tags = 0.0, "leaky_relu", None
        out._a, out._b, out._db = self, None, c  # the slope is kept (as the constant), for drawings
        return out if not threads_not_recording else _unrecorded(out)

    @op("softplus", "softplus(x)", "d/dx = sigmoid(x)", rule=lambda x, y, out: (x.sigmoid(),))
    def softplus(self) -> Value:
        """log(1 + e^x), a smooth relu, stable for any input: softplus(1000) == 1000.

        >>> round(Value(0.0).softplus().data, 6)
        0.693147
        """
        x = self.data
        # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): the exponent is never positive
        out = _new(Value)
        out.data, out.grad, out.op = (x if x > 0 else 0.0) + math.log1p(math.exp(-abs(x))), 0.0, "softplus"
        out._a, out._da = self, sigmoid(x)
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("sin", "sin(x)", "d/dx = cos(x)", rule=lambda x, y, out: (x.cos(),))
    def sin(self) -> Value:
        """The sine (of an angle in radians); sin(inf) is NaN.

        >>> Value(0.0).sin().data
        0.0
        """
        x = self.data
        if math.isinf(x):
            x = math.nan  # math.sin(inf) raises; the IEEE answer is NaN
        out = _new(Value)
        out.data, out.grad, out.op = math.sin(x), 0.0, "sin"
        out._a, out._da = self, math.cos(x)
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    @op("cos", "cos(x)", "d/dx = -sin(x)", rule=lambda x, y, out: (-x.sin(),))
    def cos(self) -> Value:
        """The cosine (of an angle in radians); cos(inf) is NaN.

        >>> Value(0.0).cos().data
        1.0
        """
        x = self.data
        if math.isinf(x):
            x = math.nan  # math.cos(inf) raises; the IEEE answer is NaN
        out = _new(Value)
        out.data, out.grad, out.op = math.cos(x), 0.0, "cos"
        out._a, out._da = self, -math.sin(x)
        out._b = out._tags = None
        return out if not threads_not_recording else _unrecorded(out)

    # ------------------------------------------------------------ backpropagation

    def backward(self) -> None:
        """Fill ``.grad`` of every node this value depends on with d(self)/d(node).

        Gradients accumulate, as in PyTorch: each call computes fresh
        gradients and *adds* them to ``.grad``, so calling it twice doubles
        every gradient exactly. Call ``zero_grad()`` to start again from 0.
        An error or interrupt (Ctrl-C) anywhere in the call leaves every
        gradient as it was before it.

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
        try:
            carried = any(earlier)
            if carried:  # usually not: zero_grad() was called, or the graph is new
                for node in order:
                    node.grad = 0.0
            self.grad = 1.0
            chain_rule(order)
            if carried:
                for node, before in zip(order, earlier):
                    node.grad += before
        except BaseException:  # an error, or Ctrl-C: put every gradient back as it was
            for node, before in zip(order, earlier):
                node.grad = before
            raise

    def zero_grad(self) -> None:
        """Set ``.grad`` to 0 on this value and every node it depends on."""
        for node in topological_order(self):
            node.grad = 0.0

    def detach(self) -> Value:
        """A new leaf with the same data (and label), cut off from this graph."""
        return Value(self.data, self.label)

    def draw(self, **options: Any) -> Any:
        """Draw the graph behind this value: a shortcut for ``autograd.draw_dot(self, **options)``."""
        import autograd

        return autograd.draw_dot(self, **options)

    def explore(self, **options: Any) -> Any:
        """Explore the graph behind this value in the browser: a shortcut for ``autograd.explore(self, **options)``."""
        import autograd

        return autograd.explore(self, **options)

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
        label = self.label
        label = f", label={label!r}" if label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # ----------------------------------------------------------------- copying

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """Pickle and copy a graph of any depth: its nodes as a flat list, rebuilt without recursion.

        Leaves shared by several pickled Values stay shared (pickle keeps
        their identity); the inner nodes of each graph are rebuilt from its list.
        """
        if self._a is None and self._b is None:  # a leaf: its data, then its state (see __setstate__)
            state = {"grad": self.grad, "op": self.op, "label": self.label, "scope": self.scope}
            return (Value, (self.data,), (None, state))
        order = topological_order(self)
        index = {node: k for k, node in enumerate(order)}
        records = [node if (node._a is None and node._b is None) else
                   (node.data, node.grad, node.op, node.label, node.scope, node.constant,
                    index.get(node._a, -1), node._da if node._a is not None else 0.0,
                    index.get(node._b, -1), node._db if node._b is not None else 0.0)
                   for node in order]
        return (_rebuild, (records,))

    def __setstate__(self, state: tuple[Any, dict[str, Any]]) -> None:
        """A pickled leaf's state back: its grad, op, label and scope.

        Also reads the state a leaf was pickled with before the label and
        the scope shared a slot (the keys ``_label`` and ``_scope``).
        """
        _, kept = state
        for name, value in kept.items():
            setattr(self, _PICKLED_AS.get(name, name), value)


_PICKLED_AS = {"_label": "label", "_scope": "scope"}  # slot names of earlier versions -> what they were


class _Tags(NamedTuple):
    """A node's label and scope together, for the rare node that has both (see Value.__slots__)."""

    label: str
    scope: Any


def _tags_of(label: str, scope: Any) -> Any:
    """What a node's _tags slot holds for this label and scope: None, the label, the scope, or both as a _Tags.

    >>> _tags_of('', None), _tags_of('x', None), _tags_of('', 3), _tags_of('x', 3), _tags_of('', 'a str')
    (None, 'x', 3, _Tags(label='x', scope=3), _Tags(label='', scope='a str'))
    """
    if scope is None:
        return label or None
    if not label and type(scope) is not str and type(scope) is not _Tags:
        return scope
    return _Tags(label, scope)  # both; or a scope that alone would read as a label or as a pair


def _rebuild(records: list[Any]) -> Value:
    """The graph again from its flat list (parents first); returns its last node."""
    nodes: list[Value] = []
    for record in records:
        if isinstance(record, Value):
            nodes.append(record)
            continue
        data, grad, op_name, label, scope, constant, a, da, b, db = record
        node = Value(data, label)
        node.grad, node.op = grad, op_name
        if scope is not None:
            node.scope = scope
        if a >= 0:
            node._a, node._da = nodes[a], da
        if b >= 0:
            node._b, node._db = nodes[b], db
        if constant is not None:  # in the derivative slot of the missing parent, as the ops keep it
            if b < 0:
                node._db = constant
            else:
                node._da = constant
        nodes.append(node)
    return nodes[-1]


# ------------------------------------------------------------ backpropagation


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
    # NOTE: cheaper orderings were measured and dropped (benchmarks/README.md,
    # "What issue 12 tried"): a creation stamp per node, sorted, needs an int
    # object per node (156 bytes a node, against 120 at the time) and is
    # slower where a graph reuses its values; the grad slot as the visited
    # mark made backward() 20-30% faster on big graphs with gc off but nothing
    # measurable in the workloads, and it writes every gradient while it
    # orders, which would take a lock against other threads' orderings.
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


def chain_rule(order: list[Value]) -> None:
    """Pass each node's gradient on to its parents, from the last node of ``order`` back to the first.

    This is the chain rule, and the one place chaingrad applies it:
    ``backward()``, ``grad()`` and the step-by-step pictures all run it.
    ``order`` lists nodes parents first (as ``topological_order`` gives them);
    every node's ``.grad`` must hold d(root)/d(node) from everything outside
    ``order`` (1 for the root, usually 0 for the others). A node's gradient
    is complete before it is passed on, because every node that uses it comes
    later in the order, so it has already passed its own.

    >>> x = Value(3.0); y = x * x
    >>> y.grad = 1.0; chain_rule(topological_order(y)); x.grad
    6.0
    """
    for node in reversed(order):
        g = node.grad
        a = node._a
        if a is not None:
            a.grad += g * node._da  # d(root)/da += d(root)/d(node) * d(node)/da
        b = node._b
        if b is not None:
            b.grad += g * node._db


def stand_ins(order: list[Value], derivatives_of: Callable[[Value], tuple[Any, ...]]) -> list[Any]:
    """The graph of ``order`` again, with the local derivatives ``derivatives_of(node)`` instead of the recorded ones.

    One stand-in per node, in the same order, with the same parents (their
    stand-ins) and ``grad`` 0.0. ``chain_rule`` over the stand-ins then
    multiplies and adds whatever ``derivatives_of`` gives, one per parent of
    each node: Values, to differentiate the gradient again (``grad(...,
    create_graph=True)``), or objects that note each step (``backward_steps``).
    The nodes of ``order`` are not changed.
    """
    copies: dict[Value, Value] = {}
    result = []
    for node in order:
        copy = _new(Value)
        copy.data, copy.grad, copy.op = node.data, 0.0, node.op
        copy._a = copy._b = copy._tags = None
        if node._a is not None or node._b is not None:
            derivatives = iter(derivatives_of(node))
            if node._a is not None:
                copy._a, copy._da = copies[node._a], next(derivatives)
            if node._b is not None:
                copy._b, copy._db = copies[node._b], next(derivatives)
        copies[node] = copy
        result.append(copy)
    return result


def differentiable_local_derivatives(node: Value) -> tuple[Any, ...]:
    """The local derivatives of ``node``, one per parent, as Values (from its op's rule in ``OPS``).

    Raises a ValueError naming the op where a derivative is infinite or
    undefined (``sqrt`` at 0), since it cannot be differentiated there.

    >>> x = Value(3.0)
    >>> differentiable_local_derivatives(x * x)
    (Value(data=3.0, grad=0.0), Value(data=3.0, grad=0.0))
    """
    a, b = node._a, node._b
    if a is None and b is None:
        return ()
    x = a if a is not None else node.constant
    y = b if b is not None else node.constant
    try:
        derivatives = OPS[node.op].rule(x, y, node)
    except (ArithmeticError, ValueError) as error:
        operands = ", ".join(repr(p) for p in node.parents)
        raise ValueError(
            f"the derivative of {node.op!r} at {operands} is {node.local_derivatives} and cannot be "
            f"differentiated further (with create_graph=True): {error}; move the point away from it"
        ) from None
    return tuple(d for parent, d in zip((a, b), derivatives) if parent is not None)


# ------------------------------------------------------------ numeric helpers
# The ops' float arithmetic that takes more than a line. autograd.program's
# generated code calls these same functions, so a replay computes what the
# ops compute.


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x), exponentiating only a non-positive number, so nothing overflows.

    >>> sigmoid(0.0), sigmoid(-1000.0)
    (0.5, 0.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def power(x: float, y: float, base: object = None, exponent: object = None) -> float:
    """x ** y as the math module computes it, with errors that name the operands (``base``, ``exponent``: x, y).

    A negative base with a fractional exponent is a ValueError (Python's own
    ``**`` would give a complex number), 0 to a negative power a
    ZeroDivisionError, a result too large an OverflowError.

    >>> power(2.0, 3.0)
    8.0
    """
    base = x if base is None else base
    exponent = y if exponent is None else exponent
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


def power_local_base(x: float, y: float) -> float:
    """d(x**y)/dx = y * x**(y-1), never raising: inf where the derivative is infinite.

    >>> power_local_base(3.0, 2.0), power_local_base(0.0, 0.5)
    (6.0, inf)
    """
    if y == 0:
        return 0.0
    try:
        return y * x ** (y - 1)
    except ZeroDivisionError:  # x == 0 and 0 < y < 1: the slope of x**0.5 at 0
        return math.inf
    except OverflowError:  # tiny x with y < 1: a huge slope
        odd = x < 0 and (y - 1) % 2 == 1
        return math.copysign(math.inf, -y if odd else y)


def power_local_exponent(x: float, out: float) -> float:
    """d(x**y)/dy = x**y * log(x) for x > 0 (``out`` is x**y); 0 for x == 0; NaN for x < 0 (as PyTorch).

    >>> power_local_exponent(1.0, 1.0), power_local_exponent(-2.0, 4.0)
    (0.0, nan)
    """
    if x > 0:
        return out * math.log(x)
    if x == 0:
        return 0.0
    return math.nan


def _power_rule(x: Any, y: Any, out: Value) -> tuple[Any, Any]:
    """The ``**`` local derivatives as Value expressions, keeping every dependence on x and y.

    NOTE: no shortcut for an exponent whose *value* is 0 or 1: y * x**(y-1)
    still depends on y there (d2(x**y)/dxdy = 1/x at y = 0). Only a constant
    exponent of 0 gives the constant 0.
    """
    d_base: Any = 0.0
    if isinstance(x, Value) and not (not isinstance(y, Value) and y == 0):
        d_base = y * x ** (y - 1)
    d_exponent: Any = 0.0
    if isinstance(y, Value):
        base = x.data if isinstance(x, Value) else x
        if base > 0:
            d_exponent = out * (x.log() if isinstance(x, Value) else math.log(x))
        elif base < 0:  # NaN, as the float rule; through out, so its own derivatives are NaN too
            d_exponent = out * math.nan
    return d_base, d_exponent
