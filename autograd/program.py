"""Replay a recorded graph as a program: the forward trace and the backward sweep, as straight-line Python.

Every training step usually builds the same graph again, one Value at a time.
When the graph's *shape* does not change, ``Program(root)`` records it once and
``program.run()`` replays it: it recomputes every value from the leaves'
current ``.data`` with plain floats, runs the chain rule backwards, and adds
d(root)/d(leaf) to each leaf's ``.grad``, exactly as ``root.backward()`` would
on the graph rebuilt from those leaves. No Value is created.

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b + b ** 2; c.label = 'c'
>>> program = Program(c)
>>> a.data, b.data = 1.0, 4.0          # new numbers in the same leaves
>>> program.run()                      # c = a*b + b**2 at a = 1, b = 4
20.0
>>> a.grad, b.grad                     # dc/da = b = 4, dc/db = a + 2b = 9
(4.0, 9.0)

The program is the textbook form of reverse-mode differentiation (Griewank
and Walther, *Evaluating Derivatives*): the *evaluation trace*, one line per
intermediate value, then the *adjoint sweep*, one line per chain-rule step.
``print(program.source)`` shows it (its comment lines left out, notes added)::

    def chunk_0(V, G):
        a = V[0]                   # the leaves' data, by to_dot id
        b = V[1]
        v2 = a * b                 # forward: the evaluation trace
        v3 = b ** 2
        c = v2 + v3
        V[4] = c
        yield
        g_c = 1.0                  # backward: the adjoint sweep, g_x = dc/dx
        g_v2 = g_c
        g_v3 = g_c
        g_b = g_v3 * (2 * b)
        g_a = g_v2 * b
        g_b += g_v2 * a
        G[0] = g_a                 # d(c)/d(leaf), added to each leaf's .grad by run()
        G[1] = g_b
        yield

Values are named by their labels where these are usable, unique names, and
``v<k>`` otherwise, k being the node's id in ``to_dot``'s drawing.

What a program cannot see
-------------------------
A program records the *operations* on Values, not the Python code that chose
them. Every decision the user's code took from ``.data`` while the graph was
being built is frozen into the program: an ``if x.data > 0:`` branch takes the
same side at every replay, and a number computed from data (the
``max(v.data for v in logits)`` subtracted before a softmax) stays the number
it was, a constant of the program:

>>> x = Value(2.0, label='x')
>>> y = x * 3 if x.data > 0 else -x    # a Python branch on .data
>>> program = Program(y)
>>> x.data = -1.0
>>> program.run()                      # still x * 3: rebuilding would give -x = 1.0
-3.0

Replay only graphs whose shape is fixed by the code that builds them (a
network's forward pass on a batch of fixed size is), or build a new program
when the decision changes. Decisions taken *inside* an op (relu's kink, the
branch of ``abs``) are the op's own and are replayed as the engine takes them.

Exactness
---------
Each op replays with the engine's own float arithmetic, operation for
operation and in the same order (``FLOAT_FORMS`` below: the second form of
each op, kept for speed, and tested against the engine at random and special
points in ``tests/test_autograd/test_program.py``), so the values and the
gradients are *identical*, bit for bit, to those of rebuilding the graph and
calling ``backward()`` (a NaN is a NaN, whatever its sign bit). Domain errors
are the engine's too: when a step of the program fails (``log`` of a leaf set to
-1, a division by 0, an ``exp`` that overflows), the whole pass is done again
with the engine's own ops on temporary Values, which raises the engine's
exception with its message (or, where the engine does not raise, such as
``sin(inf)``, gives its result). ``run()`` changes nothing (no ``.grad``, no
``.data``) until every number has been computed, so an error leaves every
gradient as it was. Where the first failing op is ambiguous, the replay names
the first in topological order; a message quotes a constant as the graph
recorded it, a float (``1.0 / Value(...)`` where the code said ``1 / x``).

How it runs, and its size
-------------------------
Up to ``COMPILE_LIMIT`` values, the program is Python source compiled once,
split into *chunks* of ``VALUES_PER_CHUNK`` values. Each chunk is a
generator: the first ``next()`` runs its part of the forward trace, the second
its part of the backward sweep; values and gradients that cross chunks go
through two lists, ``V`` and ``G``, indexed like ``to_dot``'s node ids. A
chunk's source and syntax tree are freed before the next one is compiled, so
memory stays bounded; but CPython compiles at about 20 microseconds of CPU a
line whatever the function's length, so big programs are written *compact*
(``Program``'s ``compact`` option): a sum of products in one line, and no line
for a step that only copies a gradient, which halves the lines.

Past ``COMPILE_LIMIT`` values, the program is *interpreted* instead: a table
of (op, operands) rows and one generic loop each way, with each op's float
form as a small function. It records fast and runs a few times faster than
rebuilding the graph, where compiled code runs 20-30 times faster but takes
long to compile. ``Program(root, mode='compiled')`` or ``mode='interpreted'``
chooses. Measured with ``python -m benchmarks.replay_step`` on this machine
(2 shared cores, heavily loaded: medians of several runs, over three runs of
the script; CPU time of the process, and wall clock):

* micrograd's demo step (an MLP 2-16-16-1 on 100 moons points, max-margin
  loss + L2; 65,614 values): ``Program(loss)`` takes 1.3-1.6 s of CPU
  (1.6-3.2 s wall), 85,000 lines in 9 chunks, and holds 12-14 MB;
  ``run()`` + the SGD update takes 4-6.5 ms of CPU (4-13 ms wall) against
  100-145 ms (110-220 ms wall) for building the graph with Values and calling
  ``backward()``: 20-28 times faster, with the same losses and parameters bit
  for bit.
* a chain of a million values (v*0.5 + x and tanh(v*0.5 + x), alternately):
  interpreted, recorded in 2.5-3.3 s of CPU, holding 84 bytes a value (80 more
  while running); ``run()`` takes 0.45-0.7 s of CPU, against 1.1-1.5 s to build
  the graph and 0.45-0.6 s for ``backward()``. Compiled, the same chain's first
  250,000 values took 6.4 s of CPU to record (1M: about 26 s) and 275 bytes a
  value, for 28 ms a run where the interpreter takes 180 ms.
"""

from __future__ import annotations

import builtins
import keyword
import math
import operator
import re
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable
from typing import Any, Optional

from autograd.grad_mode import enable_grad
from autograd.value import OPS, Value, chain_rule, power, power_local_base, power_local_exponent, sigmoid, topological_order

# NOTE: the sizes, measured on the demo's graph (benchmarks/replay_step.py):
# compiling costs the same per line for chunks of 2,000 to 70,000 values
# (1.2-1.5 s of CPU), but each chunk loads the values and gradients it shares
# with others (an MLP's weights are shared by every chunk): chunks of 2,000
# values write 111,000 lines, of 8,000 85,000, of 70,000 76,000.
VALUES_PER_CHUNK = 8_000
COMPILE_LIMIT = 200_000  # above this many values 'auto' interprets: compiling would take over 5 s of CPU
SHOW_SOURCE_UP_TO = 100  # print(program) shows the source up to this many values, a summary above
MAX_INLINE_DEPTH = 50  # compact code nests at most this many ops in one expression (CPython's compiler recurses)


# ------------------------------------------------------------- the float forms
# The engine's ops with plain floats, as the generated code writes them: the
# forward expression, then the local derivative with respect to each operand
# (x, then y), in terms of the operands x and y and the result out. A constant
# operand (the 2 in 2 * x) takes the place of x or y. Each is the engine's
# arithmetic, operation for operation (autograd/value.py); where the engine
# raises, the forward expression raises too (any exception: the engine then
# gives its own). A test checks that every op of OPS has its row.

FLOAT_FORMS: dict[str, tuple[str, ...]] = {
    "+": ("{x} + {y}", "1.0", "1.0"),
    "-": ("{x} - {y}", "1.0", "-1.0"),
    "*": ("{x} * {y}", "{y}", "{x}"),
    "/": ("{x} / {y}", "1.0 / {y}", "-{out} / {y}"),  # a division by 0 raises ZeroDivisionError, as the engine
    "**": ("power({x}, {y})", "power_local_base({x}, {y})", "power_local_exponent({x}, {out})"),
    "neg": ("-{x}", "-1.0"),
    "pos": ("+{x}", "1.0"),
    "abs": ("abs({x})", "copysign(1.0, {x}) if {x} else 0.0"),
    "exp": ("exp({x})", "{out}"),  # math.exp raises OverflowError above 709.78, as the engine
    "log": ("log({x})", "1.0 / {x}"),  # math.log raises ValueError for x <= 0, as the engine
    "sqrt": ("sqrt({x})", "0.5 / {out} if {out} else inf"),  # math.sqrt raises ValueError for x < 0
    "tanh": ("tanh({x})", "1.0 - {out} * {out}"),
    "sigmoid": ("sigmoid({x})", "{out} * (1.0 - {out})"),
    # NOTE: "x <= 0" as the engine writes it, so that relu(NaN) is NaN with slope 1
    "relu": ("0.0 if {x} <= 0 else {x}", "0.0 if {x} <= 0 else 1.0"),
    "leaky_relu": ("{y} * {x} if {x} <= 0 else {x}", "{y} if {x} <= 0 else 1.0"),  # y: the slope
    "softplus": ("({x} if {x} > 0 else 0.0) + log1p(exp(-abs({x})))", "sigmoid({x})"),
    # NOTE: math.sin(inf) raises ValueError where the engine gives NaN: the engine's pass then gives it
    "sin": ("sin({x})", "cos({x})"),
    "cos": ("cos({x})", "-sin({x})"),
}

# each row's templates, ready to fill: (forward, d/dx, d/dy or None) as str.format methods
_CODE_FORMS = {name: (row[0].format, row[1].format, row[2].format if len(row) == 3 else None)
               for name, row in FLOAT_FORMS.items()}

BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow}
_CONSTANT_SECOND, _CONSTANT_FIRST = -2, -3  # where a value's constant goes (see Program._record)
_UNARY_WITH_CONSTANT = {op for op, row in FLOAT_FORMS.items() if len(row) == 2 and "{y}" in row[0]}  # leaky_relu


# What the generated code can call, by the names it writes.
HELPERS: dict[str, Any] = {
    "power": power, "power_local_base": power_local_base, "power_local_exponent": power_local_exponent,
    "sigmoid": sigmoid, "exp": math.exp, "log": math.log, "log1p": math.log1p, "sqrt": math.sqrt,
    "tanh": math.tanh, "sin": math.sin, "cos": math.cos, "copysign": math.copysign,
    "inf": math.inf, "nan": math.nan, "abs": abs,
}


# ------------------------------------------------------------------ the names


def number_code(c: float) -> str:
    """A float as code that gives back exactly that float: ``'0.5'``, ``'(-2.0)'``, ``'inf'``.

    >>> number_code(-2.0), number_code(1e-3), number_code(float('-inf'))
    ('(-2.0)', '0.001', '(-inf)')
    """
    if c != c:
        return "nan"
    if math.isinf(c):
        return "inf" if c > 0 else "(-inf)"
    text = repr(c)
    return f"({text})" if text.startswith("-") else text


def _exponent_code(c: float) -> str:
    """A whole-number exponent as an int literal (``b ** 2``): Python converts it back to exactly ``c``."""
    return str(int(c)) if c.is_integer() and abs(c) < 2**53 and math.copysign(1.0, c) > 0 else number_code(c)


# A label is not used as a name where it would hide or clash with a name the
# generated code uses: keywords, builtins, the helpers, V and G, and the forms
# the generated names take (v<k>, g_<name>, chunk_<j>).
RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins)) | \
    frozenset(HELPERS) | {"V", "G"}
_GENERATED = re.compile(r"v[0-9]+$|g_|chunk_[0-9]+$")


def value_names(order: list[Value]) -> list[str]:
    """The name of each value in the generated code: its label where that is a usable name, else ``v<k>``.

    A label is used when it is a Python identifier (as written: NFKC-normal),
    not reserved, not of a generated form, and no other value has it; k is
    the value's position in ``order``, as ``to_dot`` numbers the nodes.

    >>> x = Value(1.0, label='x'); y = Value(2.0, label='lambda')
    >>> value_names(topological_order(x * y))
    ['x', 'v1', 'v2']
    """
    labels = [node.label for node in order]
    counts = Counter(labels)
    names = []
    for k, label in enumerate(labels):
        usable = (label and counts[label] == 1 and label.isidentifier() and label not in RESERVED
                  and not _GENERATED.match(label) and unicodedata.normalize("NFKC", label) == label)
        names.append(label if usable else f"v{k}")
    return names


# ------------------------------------------------------------------ the program


class Program:
    """A recorded graph, replayed as straight-line code: values forward, gradients backward, plain floats.

    ``Program(root)`` records the graph behind ``root``. Set new numbers in the
    leaves (``program.leaves``: new parameters, a new batch of inputs), then
    ``program.run()`` recomputes the graph from them and adds the gradients to
    the leaves' ``.grad``, as ``root.backward()`` would on the rebuilt graph.

    >>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
    >>> c = a * b + b ** 2; c.label = 'c'
    >>> program = Program(c)
    >>> program.leaves
    (Value(data=2.0, grad=0.0, label='a'), Value(data=-3.0, grad=0.0, label='b'))
    >>> b.data = 4.0
    >>> program.run(), a.grad, b.grad
    (24.0, 4.0, 10.0)

    NOTE: the program sees only the ops. A Python decision taken from
    ``.data`` while the graph was built (``if x.data > 0``, a ``max(...)`` of
    data subtracted as a constant) is frozen into it, as the module's
    docstring shows.

    Options, for the size of the code and how it runs:

    * ``mode``: 'auto' (compiled Python up to ``COMPILE_LIMIT`` values,
      interpreted above), 'compiled' or 'interpreted'.
    * ``compact``: write compact code: a sum's terms inline in one line
      (``v9 = v1 * v2 + v3 * v4``) and no line for a step that only copies a
      gradient (``g_v7 = g_v9``: ``g_v9`` serves for both). The default,
      None, writes one line per value and per chain-rule step up to
      ``SHOW_SOURCE_UP_TO`` values, and compact code above (it compiles about
      twice as fast). Both compute the same floats in the same order.
    * ``values_per_chunk``: how many values each compiled function holds.

    The program keeps the graph's nodes alive: it reads their labels and
    constants, and ``run(update_graph=True)`` writes into them.
    """

    def __init__(self, root: Value, *, mode: str = "auto", compact: Optional[bool] = None,
                 values_per_chunk: int = VALUES_PER_CHUNK) -> None:
        if not isinstance(root, Value):
            hint = " (pass one output, or sum them first: sum(outputs))" if isinstance(root, (list, tuple)) else ""
            raise TypeError(f"Program() needs a Value, the output of a computation; got {type(root).__name__}: "
                            f"{root!r}{hint}")
        if mode not in ("auto", "compiled", "interpreted"):
            raise ValueError(f"Program() mode must be 'auto', 'compiled' or 'interpreted'; got {mode!r}")
        if type(values_per_chunk) is not int or values_per_chunk < 1:
            raise ValueError(f"values_per_chunk must be a positive int; got {values_per_chunk!r}")
        started = time.perf_counter()
        self.root = root
        self._record(root)
        self.leaves: tuple[Value, ...] = tuple(self._order[k] for k in self._leaf_ids)
        self._value_names: Optional[list[str]] = None
        self._values_per_chunk = values_per_chunk
        order = self._order
        self.compact = len(order) > SHOW_SOURCE_UP_TO if compact is None else bool(compact)
        if mode == "auto":
            mode = "compiled" if len(order) <= COMPILE_LIMIT else "interpreted"
        self.mode = mode
        self._chunks: list[Callable[..., Any]] = []
        self._table: Any = None
        if mode == "compiled":
            layout = _Layout(self)
            namespace = dict(HELPERS)
            namespace["__builtins__"] = {}
            for j in range(len(layout.chunks)):
                source = "\n".join(self._chunk_lines(j, layout)) + "\n"
                # NOTE: one chunk at a time: its source and syntax tree are freed before the next is compiled
                exec(compile(source, f"<chaingrad program, chunk {j}>", "exec", dont_inherit=True), namespace)
                self._chunks.append(namespace.pop(f"chunk_{j}"))
            self.lines = layout.lines
        else:
            self._table = self._build_table()
            self.lines = 0
        self.compile_seconds = time.perf_counter() - started

    # ---------------------------------------------------------------- recording

    def _record(self, root: Value) -> None:
        """Note each value of the graph: its op, the positions of its parents, its constant.

        NOTE: flat arrays, not tuples or dicts per value: recording a
        million-value graph then holds about 100 bytes a value in all
        (benchmarks/replay_step.py), not about 300 as with tuples. The
        first array holds the first parent's position (-1 for a leaf); the
        second, the second parent's, or where the constant goes (-2: second,
        x - 2; -3: first, 2 - x); the third, the constant.
        """
        order = topological_order(root)
        position = {node: k for k, node in enumerate(order)}
        n = len(order)
        first = array("q", [-1]) * n
        second = array("q", [-1]) * n
        constants = array("d", bytes(8 * n))
        ops = [node.op for node in order]
        op_ids = array("q")  # NOTE: an array, not a list of ints: 8 bytes a value, not 36
        leaf_ids = []
        for k, node in enumerate(order):
            parents = node.parents
            if not parents:
                leaf_ids.append(k)
                continue
            op_ids.append(k)
            op = ops[k]
            if op not in FLOAT_FORMS:
                raise ValueError(f"Program() knows the ops {', '.join(FLOAT_FORMS)}; got a node with op {op!r}: "
                                 f"{node!r} (add the op's float form to FLOAT_FORMS in autograd/program.py)")
            first[k] = position[parents[0]]
            if len(parents) == 2:
                second[k] = position[parents[1]]
            elif op in BINARY or op in _UNARY_WITH_CONSTANT:  # x op c, c op x, leaky_relu(x, slope)
                c = node.constant
                if c is None:
                    raise ValueError(f"the {op!r} node {node!r} has one parent and no constant: Program() "
                                     f"cannot replay it")
                constants[k] = c
                second[k] = _CONSTANT_FIRST if op in BINARY and node.constant_first else _CONSTANT_SECOND
        self._order, self._ops, self._first, self._second, self._constants = order, ops, first, second, constants
        self._op_ids, self._leaf_ids = op_ids, leaf_ids

    def _parents_of(self, k: int) -> tuple[int, ...]:
        """The positions of value k's parents, in operand order."""
        a, b = self._first[k], self._second[k]
        return () if a < 0 else (a, b) if b >= 0 else (a,)

    def _operands(self, k: int) -> tuple[Any, Any]:
        """Value k's operands (x, y): a position (an int), a constant (a float) or None."""
        a, b = self._first[k], self._second[k]
        if b >= 0:
            return a, b
        if b == _CONSTANT_SECOND:
            return a, self._constants[k]
        if b == _CONSTANT_FIRST:
            return self._constants[k], a
        return a, None

    @property
    def _names(self) -> list[str]:
        """Each value's name in the code (made when first needed: an interpreted program may never need them)."""
        if self._value_names is None:
            self._value_names = value_names(self._order)
        return self._value_names

    # ------------------------------------------------------------- the source

    def _code_of(self, k: int, inlined: dict[int, str]) -> tuple[str, list[tuple[int, str]]]:
        """Value k's forward expression, and (parent, local derivative) as code for each of its Value operands.

        ``inlined`` holds the expressions of operands written inline (compact
        code); they are taken out of it as they are used.
        """
        x, y = self._operands(k)
        x_code = self._operand_code(x, inlined, right=False)
        y_code = self._operand_code(y, inlined, right=True)
        op = self._ops[k]
        if op == "**" and not (isinstance(x, int) and isinstance(y, int)):
            return _power_code(x, y, x_code, y_code, self._names[k])
        forward, d_x, d_y = _CODE_FORMS[op]
        out = self._names[k]
        steps = []
        if isinstance(x, int):
            steps.append((x, d_x(x=x_code, y=y_code, out=out)))
        if d_y is not None and isinstance(y, int):
            steps.append((y, d_y(x=x_code, y=y_code, out=out)))
        return forward(x=x_code, y=y_code, out=out), steps

    def _operand_code(self, operand: Any, inlined: dict[int, str], right: bool) -> str:
        if isinstance(operand, int):
            expression = inlined.pop(operand, None)
            if expression is None:
                return self._names[operand]
            # x - (a + b) needs its parentheses; (a + b) - x and x + a * b do not
            return f"({expression})" if right and self._ops[operand] != "*" else expression
        return "" if operand is None else number_code(operand)

    def _chunk_lines(self, j: int, layout: _Layout) -> list[str]:
        """The source of chunk ``j``, line by line."""
        names, parents_of = self._names, self._parents_of
        chunk_of, last_use, uses, inline = layout.chunk_of, layout.last_use, layout.uses, layout.inline
        ids = layout.chunks[j]
        root = len(self._order) - 1
        outside = sorted({p for k in ids for p in parents_of(k) if chunk_of[p] != j})
        lines = [f"def chunk_{j}(V, G):"]
        lines += [f"    {names[p]} = V[{p}]" for p in outside]
        lines.append("    # forward: the evaluation trace, one line per value")
        inlined: dict[int, str] = {}
        steps_of = []
        for k in ids:
            forward, steps = self._code_of(k, inlined)
            steps_of.append(steps)
            if inline[k]:
                inlined[k] = forward  # written inside the one line of its only user
            else:
                lines.append(f"    {names[k]} = {forward}")
        lines += [f"    V[{k}] = {names[k]}" for k in ids if last_use[k] > j or k == root]
        lines.append("    yield")
        lines.append(f"    # backward: the adjoint sweep, g_x = d{names[root]}/dx, one line per chain-rule step")
        started: set[int] = set()
        gradient = {p: f"g_{names[p]}" for p in outside}  # the name holding each value's gradient
        if chunk_of[root] == j:
            lines.append(f"    g_{names[root]} = 1.0")
            started.add(root)
        for p in outside + ids:
            if last_use[p] > j:  # later chunks have added to its gradient already
                lines.append(f"    g_{names[p]} = G[{p}]")
                started.add(p)
        compact = self.compact
        for k, steps in zip(reversed(ids), reversed(steps_of)):
            g = gradient.pop(k, None) or f"g_{names[k]}"
            for p, derivative in steps:
                if compact and uses[p] == 1 and derivative == "1.0":
                    gradient[p] = g  # its only step would copy g: g serves as its gradient
                else:
                    g_parent = gradient.get(p) or f"g_{names[p]}"
                    lines.append("    " + _chain_rule_line(g_parent, g, derivative, p in started))
                started.add(p)
        lines += [f"    G[{p}] = {gradient[p]}" for p in outside]
        lines.append("    yield")
        layout.lines += len(lines)
        return lines

    @property
    def source(self) -> str:
        """The program as Python source: each chunk's forward trace, then its backward sweep.

        Generated on each call (the compiled code does not keep it); for an
        interpreted program it is the code it would compile to.
        """
        layout = _Layout(self)
        names = self._names
        root = len(self._order) - 1
        chunks = len(layout.chunks)
        head = [f"# The program of {names[root]}: {_count(len(self._order), 'value')}, "
                f"{_count(len(self.leaves), 'leaf')}, {_count(chunks, 'chunk')}.",
                "# V[k] and G[k]: the value of node k and its gradient, k numbering the nodes as to_dot does.",
                "# Each chunk is a generator: next() on each chunk in order runs the forward trace,",
                "# then next() on each in reverse order runs the backward sweep.", ""]
        if not chunks:
            head.append(f"# {names[root]} is a leaf: its value is its data, and d{names[root]}/d{names[root]} = 1.")
        body = ["\n".join(self._chunk_lines(j, layout)) for j in range(chunks)]
        return "\n".join(head) + "\n" + "\n\n".join(body) + "\n"

    # ------------------------------------------------------------ interpreting

    def _build_table(self) -> tuple[Any, ...]:
        """The interpreted program: one row per op (its function, where its result and operands are in V)."""
        functions = _float_functions()
        slots: list[float] = [0.0] * len(self._order)
        constants: dict[str, int] = {}

        def slot_of(operand: Any) -> int:
            if isinstance(operand, int):
                return operand
            c = 0.0 if operand is None else operand  # no operand: a constant 0.0, whose gradient nobody reads
            key = c.hex()  # NOTE: by bits, so that -0.0 and 0.0 stay apart (and NaN finds itself)
            if key not in constants:
                constants[key] = len(slots)
                slots.append(c)
            return constants[key]

        op_functions = []
        a_slots = array("q")
        b_slots = array("q")
        first, second, ops = self._first, self._second, self._ops
        for k in self._op_ids:
            op_functions.append(functions[ops[k]])
            if second[k] >= 0:
                a_slots.append(first[k])
                b_slots.append(second[k])
            else:
                x, y = self._operands(k)
                a_slots.append(slot_of(x))
                b_slots.append(slot_of(y))
        return slots, op_functions, self._op_ids, a_slots, b_slots

    # ------------------------------------------------------------------ running

    def run(self, backward: bool = True, update_graph: bool = False) -> float:
        """Recompute the graph from the leaves' .data, add the gradients to their .grad, return the root's value.

        * ``backward=True`` adds d(root)/d(leaf) to each leaf's ``.grad``, as
          ``root.backward()`` does (gradients accumulate: set them to 0 first,
          as before a ``backward()``); ``backward=False`` only evaluates, and
          changes no gradient.
        * The intermediate Values of the recorded graph are not touched,
          unless ``update_graph=True``: then each of them is left as it would
          be in the graph rebuilt from the leaves (after ``backward()`` on it,
          with ``backward``): ``.data`` its new value and ``.grad``
          d(root)/d(it), or 0.0 without ``backward``, replacing what they
          held. Their recorded local derivatives stay those of the build (the
          engine has no public way to set them): take gradients at the new
          point from ``run()``, not from ``root.backward()``. This pass runs
          the engine's own ops, as slowly as rebuilding the graph.
        * The leaves' ``.data`` are read as floats; nothing is changed until
          every number is computed, so an error (the engine's, such as
          ``log`` of a leaf set to -1) leaves every ``.grad`` and ``.data``
          as it was.

        >>> x = Value(3.0, label='x'); y = x * x
        >>> program = Program(y)
        >>> program.run(), x.grad
        (9.0, 6.0)
        >>> x.data = 5.0
        >>> program.run(backward=False), x.grad
        (25.0, 6.0)
        """
        leaf_values = [_leaf_number(leaf) for leaf in self.leaves]
        if update_graph:
            result = self._run_with_engine(leaf_values, backward)
        else:
            try:
                result = self._run_fast(leaf_values, backward)
            except (ArithmeticError, ValueError):
                # a step failed: do it all again with the engine's ops, which raise the engine's error (or agree)
                result = self._run_with_engine(leaf_values, backward)
        root_value, leaf_grads, values, grads = result
        # Every number is computed: now write them, leaving the gradients as they were if interrupted.
        if backward:
            before = [leaf.grad for leaf in self.leaves]
            try:
                for leaf, g in zip(self.leaves, leaf_grads):
                    # NOTE: + 0.0 turns a -0.0 into 0.0, as backward()'s sums (which start at 0.0) have it
                    leaf.grad += g + 0.0
            except BaseException:
                for leaf, g in zip(self.leaves, before):
                    leaf.grad = g
                raise
        if update_graph:
            for k in self._op_ids:
                node = self._order[k]
                node.data = values[k]
                node.grad = grads[k] if backward else 0.0
        return root_value

    def _run_fast(self, leaf_values: list[float], backward: bool) -> tuple[Any, ...]:
        """The compiled (or interpreted) pass: (root value, leaf gradients, None, None)."""
        n = len(self._order)
        if not self._op_ids:  # the root is a leaf
            return leaf_values[0], [1.0], None, None
        if self.mode == "interpreted":
            return self._interpret(leaf_values, backward)
        V: list[Any] = [0.0] * n
        for k, x in zip(self._leaf_ids, leaf_values):
            V[k] = x
        G = [0.0] * n
        parts = [chunk(V, G) for chunk in self._chunks]
        for part in parts:
            next(part)  # the forward trace of each chunk, in order
        if backward:
            for part in reversed(parts):
                next(part)  # the backward sweep of each chunk, in reverse order
        return V[n - 1], [G[k] for k in self._leaf_ids] if backward else [], None, None

    def _interpret(self, leaf_values: list[float], backward: bool) -> tuple[Any, ...]:
        slots, functions, op_ids, a_slots, b_slots = self._table
        V = list(slots)
        for k, x in zip(self._leaf_ids, leaf_values):
            V[k] = x
        DA = array("d")
        DB = array("d")
        for k, function, a, b in zip(op_ids, functions, a_slots, b_slots):
            V[k], da, db = function(V[a], V[b])
            DA.append(da)
            DB.append(db)
        n = len(self._order)
        if not backward:
            return V[n - 1], [], None, None
        G = [0.0] * len(V)
        G[n - 1] = 1.0
        # the chain rule, as autograd.value.chain_rule applies it (a constant's gradient is never read)
        for k, a, b, da, db in zip(reversed(op_ids), reversed(a_slots), reversed(b_slots), reversed(DA), reversed(DB)):
            g = G[k]
            G[a] += g * da
            G[b] += g * db
        return V[n - 1], [G[k] for k in self._leaf_ids], None, None

    def _run_with_engine(self, leaf_values: list[float], backward: bool) -> tuple[Any, ...]:
        """The same pass with the engine itself: the graph built again from the leaves' numbers, then its chain rule.

        Slow, but with the engine's errors (their messages name the values by
        their labels) and the engine's numbers, whatever they are.
        """
        order = self._order
        copies: list[Any] = [None] * len(order)
        for k, x in zip(self._leaf_ids, leaf_values):
            copies[k] = self._stand_in(k, x)
        with enable_grad():  # even inside no_grad(): the copies must record their parents and local derivatives
            for k in self._op_ids:
                node = order[k]
                operands = [copies[p] for p in self._parents_of(k)]
                c = node.constant
                if c is not None and node.constant_first:
                    out = BINARY[node.op](c, operands[0])  # 2 - x: the reflected operator
                else:
                    out = OPS[node.op].method(*operands, *(() if c is None else (c,)))
                if node.label:
                    out.label = node.label
                copies[k] = out
        values = [copy.data for copy in copies]
        grads = [0.0] * len(order)
        if backward:
            for copy in copies:
                copy.grad = 0.0
            copies[-1].grad = 1.0
            chain_rule(copies)  # the copies are in the recorded graph's order: parents first
            grads = [copy.grad for copy in copies]
        return values[-1], [grads[k] for k in self._leaf_ids] if backward else [], values, grads

    def _stand_in(self, k: int, x: float) -> Value:
        """A temporary leaf for leaf k holding ``x``, with its label and grad, as the engine's errors print it."""
        node = self._order[k]
        stand_in = Value(x, node.label)
        stand_in.grad = node.grad
        return stand_in

    # ---------------------------------------------------------------- printing

    def _root_name(self) -> str:
        if self._value_names is not None:
            return self._value_names[-1]
        return repr(self.root.label) if self.root.label else f"v{len(self._order) - 1}"

    def summary(self) -> str:
        """One line: how many values and leaves, how the program runs, and how long recording it took."""
        if self.mode == "compiled":
            chunks = len(self._chunks)
            how = (f"compiled to {_count(chunks, 'chunk')} of {'compact ' if self.compact else ''}"
                   f"Python ({self.lines:,} lines)")
        else:
            how = "interpreted (a table of ops, one loop each way)"
        return (f"Program of {self._root_name()}: {_count(len(self._order), 'value')} "
                f"({_count(len(self.leaves), 'leaf')}), {how}, "
                f"recorded in {self.compile_seconds:.2f} s; print(program.source) shows the code")

    def __len__(self) -> int:
        """How many values the program computes: the graph's nodes, leaves included."""
        return len(self._order)

    def __str__(self) -> str:
        return self.source if len(self._order) <= SHOW_SOURCE_UP_TO else self.summary()

    def __repr__(self) -> str:
        return (f"Program({self._root_name()}: {_count(len(self._order), 'value')}, "
                f"{_count(len(self.leaves), 'leaf')}, {self.mode})")


class _Layout:
    """How a program's values fall into chunks, and which of them compact code writes inline."""

    def __init__(self, program: Program) -> None:
        size = program._values_per_chunk
        ops, kinds, first, second = program._op_ids, program._ops, program._first, program._second
        n = len(kinds)
        self.chunks = [ops[i:i + size].tolist() for i in range(0, len(ops), size)]
        self.chunk_of = chunk_of = [-1] * n  # -1: a leaf, in no chunk
        self.last_use = last_use = [-1] * n  # the last chunk with a value computed from it
        self.uses = uses = [0] * n  # how many operands it is
        for j, ids in enumerate(self.chunks):
            for k in ids:
                chunk_of[k] = j
                for p in (first[k], second[k]):
                    if p >= 0:
                        last_use[p] = j
                        uses[p] += 1
        self.inline = inline = [False] * n
        if program.compact:
            # a +, - or * used once, by a + or - of the same chunk, goes inside its user's line (at most
            # MAX_INLINE_DEPTH deep, for the compiler's recursion limit)
            depth = [0] * n
            for k in ops:
                deepest = 0
                if kinds[k] in ("+", "-"):
                    for p in program._parents_of(k):
                        if uses[p] == 1 and kinds[p] in ("+", "-", "*") and chunk_of[p] == chunk_of[k] \
                                and depth[p] < MAX_INLINE_DEPTH:
                            inline[p] = True
                            deepest = max(deepest, depth[p])
                depth[k] = deepest + 1
        self.lines = 0  # counted as the chunks' lines are written


# ------------------------------------------------------------------ helpers


def _power_code(x: Any, y: Any, x_code: str, y_code: str, out: str) -> tuple[str, list[tuple[int, str]]]:
    """``x ** c`` and ``c ** y`` with a constant c: simpler code where the constant allows it, the same floats."""
    if not isinstance(y, int):  # x ** c
        c = y
        if c.is_integer() and 0 < c < 2**53:
            # NOTE: a whole positive exponent needs none of power()'s checks; x ** c overflows with an
            # OverflowError (the engine then gives its own). The derivative c * x**(c-1): x ** 1.0 is x and
            # x ** 0.0 is 1.0 exactly, so c = 1 and c = 2 read simply.
            exponent = _exponent_code(c)
            derivative = "1.0" if c == 1 else f"2 * {x_code}" if c == 2 else \
                f"{exponent} * {x_code} ** {_exponent_code(c - 1)}"
            return f"{x_code} ** {exponent}", [(x, derivative)]
        c_code = number_code(c)
        derivative = "0.0" if c == 0 else f"power_local_base({x_code}, {c_code})"
        return f"power({x_code}, {c_code})", [(x, derivative)]
    c = x  # c ** y: d/dy = c**y * log(c) for c > 0, 0 for c == 0, NaN for c < 0
    c_code = number_code(c)
    derivative = f"{out} * log({c_code})" if c > 0 else "0.0" if c == 0 else "nan"
    return f"power({c_code}, {y_code})", [(y, derivative)]


_ATOM = re.compile(r"[\w.]+|\(-[\w.]+\)")


def _chain_rule_line(g_parent: str, g_node: str, derivative: str, started: bool) -> str:
    """One step of the chain rule: ``g_parent += g_node * derivative`` (``=`` for the first term)."""
    if derivative in ("1.0", "1"):  # NOTE: g * 1.0 is g exactly, and g * -1.0 is -g: no multiplication
        term, sign = g_node, "+"
    elif derivative in ("-1.0", "(-1.0)", "(-1)"):
        term, sign = g_node, "-"
    else:
        term = f"{g_node} * {derivative if _ATOM.fullmatch(derivative) else f'({derivative})'}"
        sign = "+"
    if started:
        return f"{g_parent} {sign}= {term}"
    # NOTE: the first term is assigned, where backward() adds it to 0.0: the two differ only where the
    # term is -0.0 (0.0 + -0.0 is 0.0), a sign that run() takes off at the end (+ 0.0)
    return f"{g_parent} = {term}" if sign == "+" else f"{g_parent} = -{term}"


def _count(n: int, noun: str) -> str:
    """'1 leaf', '2 leaves', '65,614 values'."""
    plural = "leaves" if noun == "leaf" else noun + "s"
    return f"{n:,} {noun if n == 1 else plural}"


def _leaf_number(leaf: Value) -> float:
    """A leaf's data as a float (as Value() stores it), or a TypeError naming the leaf."""
    x = leaf.data
    if type(x) is float:
        return x
    if isinstance(x, (str, bytes)) or not hasattr(type(x), "__float__"):
        raise TypeError(f"Program.run() needs each leaf's data to be a real number; got {type(x).__name__} "
                        f"{x!r} in the leaf labelled {leaf.label!r} (set leaf.data to a float)")
    return float(x)


_FLOAT_FUNCTIONS: dict[str, Callable[[float, float], tuple[float, float, float]]] = {}


def _float_functions() -> dict[str, Callable[[float, float], tuple[float, float, float]]]:
    """Each op of FLOAT_FORMS as a function (x, y) -> (out, d/dx, d/dy), for the interpreter; compiled once."""
    if not _FLOAT_FUNCTIONS:
        namespace = dict(HELPERS)
        for name, (forward, *derivatives) in FLOAT_FORMS.items():
            fill = {"x": "x", "y": "y", "out": "out"}
            terms = [d.format(**fill) for d in derivatives] + ["0.0"] * (2 - len(derivatives))
            source = f"def op(x, y):\n    out = {forward.format(**fill)}\n    return out, {terms[0]}, {terms[1]}\n"
            exec(compile(source, f"<chaingrad float form of {name!r}>", "exec", dont_inherit=True), namespace)
            _FLOAT_FUNCTIONS[name] = namespace.pop("op")
    return _FLOAT_FUNCTIONS
