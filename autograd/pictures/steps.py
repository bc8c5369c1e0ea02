"""Backpropagation step by step: the chain rule, one edge of the graph at a time.

``backward()`` seeds the output's gradient with 1 (d out/d out = 1), then
walks the nodes from the output back to the inputs (reversed topological
order) and, for each node and each of its operands in order, applies

    parent.grad += node.grad * d(node)/d(parent)

Each of these updates is a *step*. ``backward_steps(root)`` lists them in that
exact order without touching any ``.grad``; ``explain(root)`` shows them as a
table; ``draw_steps(root)`` draws one picture per step (in Jupyter, the
pictures show inline: ``draw_steps(root)`` as the last line of a cell; see
``autograd.pictures.frames``).

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b; c.label = 'c'
>>> for step in backward_steps(c):
...     print(step)
a.grad += c.grad (1) x dc/da (-3) = -3
b.grad += c.grad (1) x dc/db (2) = 2
"""

from __future__ import annotations

import html
import os
import pathlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import IO, Any, NamedTuple

from autograd.pictures.colors import NodeStyle
from autograd.pictures.labels import DEFAULT_PRECISION, format_number, label_of, op_text, shorten
from autograd.pictures.dot import (DrawingOptions, Overlay, build_graph, check_output_path, check_precision, check_root,
                              check_whole_number, file_path)
from autograd.files import write_atomically
from autograd.pictures.boxes import GroupBy
from autograd.pictures.render import OUTPUT_FORMATS, run_renderer
from autograd.pictures.jupyter import in_jupyter
from autograd.pictures.tables import html_table, text_table
from autograd.pictures.frames import StepFrames, SvgPicture
from autograd.value import Value, chain_rule, stand_ins, topological_order

__all__ = ["BackwardStep", "Explanation", "backward_steps", "draw_steps",
           "explain"]

DEFAULT_MAX_STEPS = 100  # pictures draw_steps makes, at most
DEFAULT_MAX_ROWS = 200  # steps explain shows, at most

# the colours of the step frames
SENDING = NodeStyle("#c6dbef")  # blue: the node whose gradient is passed back in this step
RECEIVING = NodeStyle("#fdae6b")  # orange: the operand whose gradient grows
DONE = NodeStyle("#e5e5e5")  # grey: has passed its gradient to all its operands
FRAME_LEGEND = [
    (SENDING, "passes its grad back"),
    (RECEIVING, "receives: grad += contribution"),
    (DONE, "has passed its grad on"),
]


@dataclass(frozen=True, repr=False, eq=False)
class BackwardStep:
    """One update of the backward pass: ``parent.grad += node.grad * d(node)/d(parent)``.

    ``upstream`` is ``node``'s gradient (complete when the step runs),
    ``local`` the local derivative d(node)/d(parent) recorded at forward
    time, and ``contribution = upstream * local`` what is added to the
    parent's gradient, which goes from ``parent_grad_before`` to
    ``parent_grad_after``. ``position`` says which operand of ``node`` the
    parent is (0: first, 1: second; ``a * a`` has two steps to ``a``).
    Names are the values' labels, or ``v<k>`` (k: the position in the
    topological order) for values without one.
    """

    number: int  # 1, 2, ... in the order backward() applies the steps
    node: Value
    parent: Value
    position: int
    upstream: float
    local: float
    contribution: float
    parent_grad_before: float
    parent_grad_after: float
    node_name: str
    parent_name: str

    def chain_rule(self, precision: int = DEFAULT_PRECISION) -> str:
        """The update the step makes, as the chain rule reads: ``'b.grad += c.grad (1) x dc/db (-4)'``."""
        node, parent = self.node_name, self.parent_name
        return (f"{parent}.grad += {node}.grad ({format_number(self.upstream, precision)}) x d{node}/d{parent} "
                f"({format_number(self.local, precision)})")

    def sentence(self, precision: int = DEFAULT_PRECISION) -> str:
        """The chain rule with its product: ``'b.grad += c.grad (1) x dc/db (-4) = -4'``."""
        return f"{self.chain_rule(precision)} = {format_number(self.contribution, precision)}"

    def new_grad(self, precision: int = DEFAULT_PRECISION) -> str:
        """The parent's gradient after the step: ``'b.grad = -6'``."""
        return f"{self.parent_name}.grad = {format_number(self.parent_grad_after, precision)}"

    def story(self, precision: int = DEFAULT_PRECISION) -> str:
        """The sentence and where it leaves the parent: ``'b.grad += c.grad (1) x dc/db (-4) = -4, so b.grad = -6'``."""
        return f"{self.sentence(precision)}, so {self.new_grad(precision)}"

    def __str__(self) -> str:
        return self.sentence()

    def __repr__(self) -> str:
        return f"BackwardStep({self.number}: {self.story()})"


def start_caption(root_name: str) -> str:
    """What the backward pass starts with: ``'start: c.grad = 1 (dc/dc = 1)'``, the seed."""
    return f"start: {root_name}.grad = 1 (d{root_name}/d{root_name} = 1)"


def value_names(order: Iterable[Value]) -> dict[Value, str]:
    """A name for each value: its label, or ``v<k>`` with k its position in ``order``.

    >>> x = Value(1.0, label='x')
    >>> list(value_names(topological_order(x * 2)).values())
    ['x', 'v1']
    """
    return {node: label_of(node) or f"v{k}" for k, node in enumerate(order)}


class BackwardPass(NamedTuple):
    """The backward pass from ``root``: the values in topological order, their names, and the steps."""

    root: Value
    order: list[Value]
    names: dict[Value, str]
    steps: list[BackwardStep]


def backward_steps(root: Value) -> list[BackwardStep]:
    """The backward pass from ``root`` as a list of steps, in the order ``backward()`` applies them.

    Touches no ``.grad``: the gradients are computed on the side, from zero,
    exactly as one call of ``backward()`` computes them, so for each value the
    contributions it receives add up to the ``.grad`` that ``backward()``
    gives it (the root also gets its seed, 1).

    >>> x = Value(3.0, label='x'); y = x * x; y.label = 'y'
    >>> [repr(s) for s in backward_steps(y)]
    ['BackwardStep(1: x.grad += y.grad (1) x dy/dx (3) = 3, so x.grad = 3)', \
'BackwardStep(2: x.grad += y.grad (1) x dy/dx (3) = 3, so x.grad = 6)']
    """
    check_root(root, "backward_steps()")
    return trace_backward(root).steps


def trace_backward(root: Value) -> BackwardPass:
    """The steps of ``backward_steps``, with the topological order and the names they were made from.

    The steps are those of the engine's own ``chain_rule``, run over stand-ins
    for the graph's nodes (so no ``.grad`` is touched) whose local derivatives
    note each multiplication the sweep makes.
    """
    order = topological_order(root)
    names = value_names(order)
    steps: list[BackwardStep] = []
    copy_of: dict[Value, Any] = {}

    def noted(node: Value) -> tuple[_NotedDerivative, ...]:
        return tuple(_NotedDerivative(node, parent, position, local, steps, copy_of, names)
                     for position, (parent, local) in enumerate(zip(node.parents, node.local_derivatives)))

    copies = stand_ins(order, noted)
    copy_of.update(zip(order, copies))
    copies[-1].grad = 1.0  # the seed: d(root)/d(root) = 1
    chain_rule(copies)
    return BackwardPass(root, order, names, steps)


class _NotedDerivative:
    """A local derivative that notes the step each time the chain rule multiplies a gradient by it."""

    __slots__ = ("node", "parent", "position", "local", "steps", "copy_of", "names")

    def __init__(self, node: Value, parent: Value, position: int, local: float, steps: list[BackwardStep],
                 copy_of: dict[Value, Any], names: dict[Value, str]) -> None:
        self.node, self.parent, self.position, self.local = node, parent, position, local
        self.steps, self.copy_of, self.names = steps, copy_of, names

    def __rmul__(self, upstream: float) -> float:
        """``upstream * local``, as the sweep computes it; the parent's gradient then grows by it."""
        contribution = upstream * self.local
        before = self.copy_of[self.parent].grad
        self.steps.append(BackwardStep(len(self.steps) + 1, self.node, self.parent, self.position, upstream,
                                       self.local, contribution, before, before + contribution,
                                       self.names[self.node], self.names[self.parent]))
        return contribution


# ------------------------------------------------------------------- explain


def expression(node: Value, names: Mapping[Value, str], precision: int = DEFAULT_PRECISION) -> str:
    """How ``node`` was computed, in the names of its operands: ``'c = a * b'``, ``'v3 = tanh(v2)'``.

    A plain-number operand is written in ``precision`` significant digits, on
    the side it was written, as the drawing's op nodes show it.

    >>> x = Value(2.0, label='x'); y = 2 - x; y.label = 'y'
    >>> expression(y, {x: 'x', y: 'y'}), expression(x, {x: 'x'})
    ('y = 2 - x', 'x (an input)')
    """
    name = names[node]
    if not node.op:
        return f"{name} (an input)"
    operands = [names[p] for p in node.parents]
    op = node.op
    if len(operands) == 2:
        return f"{name} = {operands[0]} {op} {operands[1]}"
    x = operands[0]
    if op in ("+", "-", "*", "/", "**"):  # the other operand is a plain number
        text = op_text(node, precision)
        return f"{name} = {text} {x}" if node.constant_first else f"{name} = {x} {text}"
    if op == "neg":
        return f"{name} = -{x}"
    if op == "pos":
        return f"{name} = +{x}"
    if op == "abs":
        return f"{name} = |{x}|"
    if node.constant is not None:  # leaky_relu and its slope
        return f"{name} = {op}({x}, {format_number(node.constant, precision)})"
    return f"{name} = {op}({x})"


class Explanation:
    """The backward pass as a table: text in a terminal (``str``), HTML in Jupyter (``_repr_html_``).

    Shows the first ``max_rows`` steps (None: all) and says how many more
    there are, so that a large graph does not flood the screen. Numbers have
    ``precision`` significant digits (1 to 17).
    """

    COLUMNS = ("step", "computed as", "chain rule", "contribution", "grad now")
    RIGHT_ALIGNED = (True, False, False, True, False)  # the numbers (step, contribution) line up on the right
    MAX_RESULTS = 20  # gradients listed in the result line

    def __init__(self, root: Value, precision: int = DEFAULT_PRECISION,
                 max_rows: int | None = DEFAULT_MAX_ROWS) -> None:
        check_root(root, "explain()")
        check_precision(precision)
        check_whole_number("max_rows", max_rows, none_means="to show every step")
        backward_pass = trace_backward(root)
        self.names = backward_pass.names
        self.root = root
        self.steps = backward_pass.steps
        self.precision = precision
        self.max_rows = max_rows
        self.leaves = [node for node in backward_pass.order if not node.op and node is not root]
        self._final = {step.parent: step.parent_grad_after for step in self.steps}  # the last step wins

    def _number(self, x: float) -> str:
        return format_number(x, self.precision)

    def title(self) -> str:
        n = len(self.steps)
        return (f"Backpropagation through {self.names[self.root]}: {n:,} step{'s' if n != 1 else ''}, "
                f"in the order backward() applies them")

    def start(self) -> str:
        return start_caption(self.names[self.root])

    def result(self) -> str:
        shown = self.leaves[:self.MAX_RESULTS]
        grads = ", ".join(f"{self.names[leaf]}.grad = {self._number(self._final.get(leaf, 0.0))}" for leaf in shown)
        if len(self.leaves) > len(shown):
            grads += f", ... ({len(self.leaves) - len(shown):,} more inputs)"
        return f"result: {grads}" if grads else "result: no inputs"

    def hidden(self) -> str:
        """The line that says how many steps are not shown ('' when all are)."""
        if self.max_rows is None or len(self.steps) <= self.max_rows:
            return ""
        return f"... {len(self.steps) - self.max_rows:,} more steps (explain(root, max_rows=None) shows them all)"

    def rows(self) -> list[tuple[str, ...]]:
        """One row of text per step shown, in the order of ``COLUMNS``."""
        return [(str(s.number), expression(s.node, self.names, self.precision), s.chain_rule(self.precision),
                 self._number(s.contribution), s.new_grad(self.precision))
                for s in self.steps[:self.max_rows]]

    def __str__(self) -> str:
        table = [text_table(self.COLUMNS, self.rows(), self.RIGHT_ALIGNED)]
        if self.hidden():
            table.append(self.hidden())
        return "\n".join([self.title(), self.start(), "", *table, "", self.result()])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        esc = html.escape
        table = html_table(self.COLUMNS, self.rows(), code=True, note=self.hidden() or None)
        return (f"<div><p><b>{esc(self.title())}</b><br><code>{esc(self.start())}</code></p>{table}"
                f"<p><code>{esc(self.result())}</code></p></div>")


def explain(root: Value, *, precision: int = DEFAULT_PRECISION, max_rows: int | None = DEFAULT_MAX_ROWS,
            file: IO[str] | None = None) -> None:
    """Show the backward pass from ``root`` as a table a learner can follow, one row per step.

    Prints the table (to ``file``, default standard output); in a Jupyter
    notebook it is displayed as an HTML table instead. Returns None, like
    ``print``; ``Explanation(root)`` is the table as an object. Shows the
    first ``max_rows`` steps (None: all of them), the numbers in ``precision``
    significant digits (1 to 17).

    >>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
    >>> c = a * b; c.label = 'c'
    >>> explain(c)
    Backpropagation through c: 2 steps, in the order backward() applies them
    start: c.grad = 1 (dc/dc = 1)
    <BLANKLINE>
    step  computed as  chain rule                         contribution  grad now
    ----  -----------  ---------------------------------  ------------  -----------
       1  c = a * b    a.grad += c.grad (1) x dc/da (-3)            -3  a.grad = -3
       2  c = a * b    b.grad += c.grad (1) x dc/db (2)              2  b.grad = 2
    <BLANKLINE>
    result: a.grad = -3, b.grad = 2
    """
    if file is not None and not callable(getattr(file, "write", None)):
        raise TypeError(f"explain() file must be a text file open for writing (sys.stdout, or open('steps.txt', 'w')), "
                        f"or None for standard output; got {type(file).__name__}: {file!r}")
    table = Explanation(root, precision, max_rows)
    if file is None and in_jupyter():
        from IPython.display import display

        display(table)
    else:
        print(table, file=file if file is not None else sys.stdout)


# -------------------------------------------------------------------- frames


def frame_overlays(backward_pass: BackwardPass, precision: int = DEFAULT_PRECISION) -> list[Overlay]:
    """What each picture of ``draw_steps`` shows: the seed, then the graph after each step.

    The captions write their numbers in ``precision`` significant digits, and
    the names as the drawing shows them (a long label cut), as the drawing does.
    """
    root, order, names, steps = backward_pass
    unlabeled_names = {node: name for node, name in names.items() if not label_of(node)}
    shown = {node: shorten(name) for node, name in names.items()}
    grads: dict[Value, float | None] = {node: None for node in order}  # None: not reached yet
    grads[root] = 1.0
    total = len(steps)
    overlays = [Overlay(dict(grads), {root: SENDING}, FRAME_LEGEND, None, unlabeled_names, start_caption(shown[root]))]
    done: list[Value] = []
    for k, step in enumerate(steps):
        if k > 0 and steps[k - 1].node is not step.node:
            done.append(steps[k - 1].node)
        grads[step.parent] = step.parent_grad_after
        styles = {node: DONE for node in done}
        styles[step.node] = SENDING
        styles[step.parent] = RECEIVING
        story = replace(step, node_name=shown[step.node], parent_name=shown[step.parent]).story(precision)
        overlays.append(Overlay(dict(grads), styles, FRAME_LEGEND, (step.node, step.position),
                                unlabeled_names, f"step {step.number} of {total}: {story}"))
    return overlays


def draw_steps(root: Value, path_prefix: os.PathLike[str] | str | None = None, format: str = "svg", *,
               rankdir: str = "LR", show_local: bool = False, group_by: GroupBy = None,
               precision: int = DEFAULT_PRECISION, max_steps: int | None = DEFAULT_MAX_STEPS) -> list[Any]:
    """Draw the backward pass as a sequence of pictures: the seed, then one per step.

    Picture 0 shows the seed (the output's grad is 1); picture k shows the
    graph after step k, its edge in red with its local derivative, the
    gradients filled in as far as the pass has reached (``?``: not reached
    yet) and a caption with the chain rule of that step.

    Without ``path_prefix`` returns the pictures: SVG text (``format='svg'``),
    bytes (``'png'``, ...) or, with ``format='dot'``, the DOT text, which needs
    no Graphviz program. With ``path_prefix`` writes ``<prefix>_000.svg``,
    ``<prefix>_001.svg``, ... (missing folders are made, each file is written
    all at once) and returns their paths. ``rankdir``, ``show_local``,
    ``group_by`` and ``precision`` are those of ``draw_dot``, long labels
    included: a name is cut at 200 characters, in the captions too.

    The SVG pictures come as ``StepFrames``, a list of ``str`` that Jupyter
    shows inline: as the last line of a cell, ``draw_steps(root)`` shows every
    frame, one under the other; ``frames[k]`` shows one; ``frames.combined(2)``
    shows them in a grid of two columns.

    A graph with more than ``max_steps`` steps is refused (one picture per
    step would be too many); pass ``max_steps=None`` to draw it anyway.

    >>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
    >>> frames = draw_steps(a * b, format='dot')
    >>> len(frames), 'step 2 of 2: b.grad += v2.grad (1) x dv2/db (2) = 2' in frames[2]
    (3, True)
    """
    check_root(root, "draw_steps()")
    options = DrawingOptions(rankdir=rankdir, show_local=show_local, group_by=group_by, precision=precision,
                             max_nodes=None)
    check_whole_number("max_steps", max_steps, none_means="for no limit")
    if not isinstance(format, str) or format not in OUTPUT_FORMATS:
        raise ValueError(f"draw_steps() format must be 'dot' (the DOT text) or a Graphviz output format such as "
                         f"'svg', 'png' or 'pdf'; got {format!r}")
    prefix = None if path_prefix is None else file_path(path_prefix, "draw_steps()")
    backward_pass = trace_backward(root)
    n_steps = len(backward_pass.steps)
    if max_steps is not None and n_steps > max_steps:
        raise ValueError(f"draw_steps() draws one picture per step, and this graph has {n_steps:,} steps, "
                         f"more than max_steps={max_steps}: draw a smaller graph, or pass a larger max_steps "
                         f"(None for no limit)")
    # the files' paths are checked before anything is rendered: a mistake costs no rendering time
    paths = [] if prefix is None else [check_output_path(path, "draw_steps()")
                                       for path in _frame_paths(prefix, n_steps + 1, format)]
    sources = [build_graph(root, options, overlay).source for overlay in frame_overlays(backward_pass, precision)]
    if format == "dot":
        pictures: list[Any] = sources
    else:
        pictures = [run_renderer(source, format, quiet=True) for source in sources]
        if format == "svg" and prefix is None:
            pictures = StepFrames(SvgPicture(picture.decode("utf-8")) for picture in pictures)
    if prefix is None:
        return pictures
    return [write_atomically(path, picture, make_folders=True) for path, picture in zip(paths, pictures)]


def _frame_paths(prefix: pathlib.Path, count: int, format: str) -> list[pathlib.Path]:
    """The files of ``count`` frames: ``<prefix>_000.<format>``, ... (more digits when there are over 1000).

    >>> [path.name for path in _frame_paths(pathlib.Path('out/step'), 2, 'svg')]
    ['step_000.svg', 'step_001.svg']
    """
    digits = max(3, len(str(count - 1)))
    return [prefix.with_name(f"{prefix.name}_{k:0{digits}d}.{format}") for k in range(count)]
