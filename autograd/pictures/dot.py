"""Computation graphs as pictures: every value with its data and grad, every op between them.

``draw_dot(root)`` returns a ``graphviz.Digraph`` (a picture in Jupyter,
``.render()`` and ``.pipe()`` to files and bytes); ``to_dot(root)`` returns
its DOT text alone, which needs no Graphviz program; ``save_graph(root,
'graph.svg')`` writes a file in the format its suffix names.

Each value is a record node ``{ label | data | grad }``; each op is a small
node of its own (``+``, ``* 2``, ``tanh``) with arrows from its operands and to
its result. A plain-number operand is not a node: it is part of the op's label
(``* 2``, ``2 -``).

The DOT text is deterministic: node ids follow the topological order
(``v0``, ``v1``, ...; the op that made ``v3`` is ``v3_op``), never ``id()``,
so the same graph always gives the same text, byte for byte.

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b; c.label = 'c'
>>> print(to_dot(c, show_grad=False), end='')  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
// computation graph drawn by chaingrad: 3 values, 1 op
digraph {
...
	v0 [label="{ a | data 2 }"]
	v1 [label="{ b | data -3 }"]
	v2 [label="{ c | data -6 }"]
	v2_op [label="*" ...]
	v0 -> v2_op
	v1 -> v2_op
	v2_op -> v2
}
"""

from __future__ import annotations

import numbers
import os
import pathlib
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from autograd.pictures.colors import Legend, NodeStyle, color_by_grad, color_by_role
from autograd.pictures.labels import (DEFAULT_PRECISION, MAX_LABEL_LENGTH, MAX_PRECISION, MAX_TOOLTIP_LENGTH,
                                 format_number, html_text, label_of, op_text, plain_label, record_field, shorten)
from autograd.files import nearest_existing_folder, write_atomically
from autograd.pictures.boxes import Box, Boxes, GroupBy, check_group_by, group_of
from autograd.pictures.render import Digraph, format_from_suffix, run_renderer
from autograd.value import Value, topological_order

__all__ = ["GraphTruncatedWarning", "draw_dot", "save_graph", "to_dot"]

RANKDIRS = ("LR", "RL", "TB", "BT")
COLOR_BY = (None, "grad", "role")
DEFAULT_MAX_NODES = 500

FONT = "Helvetica"  # known to the system Graphviz and to graphviz-pure's built-in font metrics
GRAPH_ATTRIBUTES = {"rankdir": "LR", "fontname": FONT, "fontsize": "11"}
NODE_ATTRIBUTES = {"shape": "record", "fontname": FONT, "fontsize": "11", "height": "0.3"}
EDGE_ATTRIBUTES = {"fontname": FONT, "fontsize": "9", "arrowsize": "0.6"}
OP_NODE = 'shape=ellipse fontsize=10 margin=0.03 width=0.3 height=0.3'
SUMMARY_NODE = 'shape=box style="rounded,dashed" color=grey45 fontcolor=grey25'
BOX_STYLE = 'style="rounded,dashed" color=grey55 fontcolor=grey30 labeljust=l'
HIGHLIGHT = 'color="#d62728" fontcolor="#d62728" penwidth=2.5'


class GraphTruncatedWarning(UserWarning):
    """A graph had more values than ``max_nodes``: only the output side is drawn."""


@dataclass(frozen=True)
class DrawingOptions:
    """The options of ``draw_dot``, checked: see ``draw_dot`` for what each one does."""

    rankdir: str = "LR"
    show_grad: bool = True
    show_local: bool = False
    color_by: str | None = None
    max_nodes: int | None = DEFAULT_MAX_NODES
    group_by: GroupBy = None
    precision: int = DEFAULT_PRECISION
    parameters: Iterable[Value] | None = None  # made a frozenset when checked

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"rankdir must be one of {', '.join(map(repr, RANKDIRS))}; got {self.rankdir!r}")
        check_flag("show_grad", self.show_grad)
        check_flag("show_local", self.show_local)
        if self.color_by not in COLOR_BY:
            raise ValueError(f"color_by must be None, 'grad' or 'role'; got {self.color_by!r}")
        check_whole_number("max_nodes", self.max_nodes, none_means="for no limit")
        check_precision(self.precision)
        check_group_by(self.group_by)
        if self.parameters is not None:
            if isinstance(self.parameters, Value) or not isinstance(self.parameters, Iterable):
                raise TypeError(f"parameters must be a collection of Values (a list, or model.parameters()); "
                                f"got {type(self.parameters).__name__}: {self.parameters!r}")
            parameters = list(self.parameters)
            wrong = [p for p in parameters if not isinstance(p, Value)]
            if wrong:
                raise TypeError(f"parameters must be Values; got {type(wrong[0]).__name__}: {wrong[0]!r}")
            # a set (Values hash by identity): membership is then one lookup per node
            object.__setattr__(self, "parameters", frozenset(parameters))


# ------------------------------------------------------------------- checks: the options of every drawing tool


def check_whole_number(name: str, value: object, *, at_most: int | None = None, none_means: str | None = None) -> None:
    """Raise a ``ValueError`` unless ``value`` is a whole number from 1 (to ``at_most``), or None where allowed.

    None is allowed when ``none_means`` says what it does (``'for no limit'``).
    A bool is refused: True is an int to Python, but never meant as a number.

    >>> check_whole_number('max_rows', 0, none_means='to show every step')
    Traceback (most recent call last):
    ...
    ValueError: max_rows must be a whole number >= 1, or None to show every step; got 0
    """
    if value is None and none_means is not None:
        return
    if (isinstance(value, numbers.Integral) and not isinstance(value, bool)
            and 1 <= value and (at_most is None or value <= at_most)):
        return
    expected = "a whole number >= 1" if at_most is None else f"a whole number from 1 to {at_most}"
    if none_means is not None:
        expected += f", or None {none_means}"
    raise ValueError(f"{name} must be {expected}; got {value!r}")


def check_precision(precision: object) -> None:
    """Raise a ``ValueError`` unless ``precision`` is a number of significant digits, from 1 to 17."""
    check_whole_number("precision (significant digits)", precision, at_most=MAX_PRECISION)


def check_flag(name: str, value: object) -> None:
    """Raise a ``ValueError`` unless ``value`` is True or False."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False; got {value!r}")


def file_path(path: object, caller: str) -> pathlib.Path:
    """``path`` as a ``Path``; a ``TypeError`` saying what ``caller`` needs when it is not a str or ``os.PathLike``."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{caller} needs a file path (a str or pathlib.Path); got {type(path).__name__}: {path!r}")
    return pathlib.Path(path)


def check_output_path(path: object, caller: str) -> pathlib.Path:
    """``path`` as a ``Path``, once it is clear that ``caller`` can write a file there; else an error saying what to do.

    Missing folders are fine (they are made when the file is written); a folder
    where the file should be, a file where a folder should be, or a folder that
    cannot be written in are not. Checked before anything is drawn, so that a
    mistake costs no rendering time.
    """
    path = file_path(path, caller)
    if path.is_dir():
        raise IsADirectoryError(f"{os.fspath(path)!r} is a folder, not a file: give a file name inside it")
    folder = nearest_existing_folder(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {os.fspath(path)!r}: {os.fspath(folder)!r} is a file, not a folder: "
                                 f"choose a path in a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(f"cannot write {os.fspath(path)!r}: cannot write in the folder {os.fspath(folder)!r}: "
                              f"choose a folder you can write to")
    return path


@dataclass
class Overlay:
    """Changes to a drawing for one frame of the backward pass (``autograd.pictures.steps.draw_steps`` makes them).

    ``grads`` replaces each value's ``.grad`` (None shows ``?``: not reached
    yet); ``styles`` and ``legend`` replace the colouring; ``highlighted``
    is the edge ``(node, parent position)`` to draw in red, with its local
    derivative; ``names`` are shown for values without a label; ``caption`` is
    written under the picture.
    """

    grads: Mapping[Value, float | None]
    styles: Mapping[Value, NodeStyle] = field(default_factory=dict)
    legend: Legend = field(default_factory=list)
    highlighted: tuple[Value, int] | None = None
    names: Mapping[Value, str] = field(default_factory=dict)
    caption: str = ""


# --------------------------------------------------------------------- public


def draw_dot(root: Value, *, rankdir: str = "LR", show_grad: bool = True, show_local: bool = False,
             color_by: str | None = None, max_nodes: int | None = DEFAULT_MAX_NODES, group_by: GroupBy = None,
             precision: int = DEFAULT_PRECISION, parameters: Iterable[Value] | None = None) -> Digraph:
    """Draw the computation graph behind ``root``: a ``graphviz.Digraph``, shown as SVG in Jupyter.

    * ``rankdir``: ``'LR'`` (inputs on the left), ``'RL'``, ``'TB'`` or ``'BT'``.
    * ``show_grad``: show each value's ``.grad`` next to its data.
    * ``show_local``: label each operand's edge with the local derivative
      d(result)/d(operand), the number the chain rule multiplies in there.
    * ``color_by``: ``'grad'`` shades values by |grad| on a log scale,
      ``'role'`` tells inputs, parameters, intermediates and the output apart
      (see ``autograd.pictures.colors``); a legend explains the colours.
    * ``max_nodes``: with more values than this, draw the ``max_nodes`` nearest
      the output and summarise the rest (a ``GraphTruncatedWarning`` says so);
      None draws everything. Counts values, not op nodes. With ``group_by``,
      only the boxes of drawn values are drawn; a value left out is counted in
      its group's box, or, when nothing of its group is drawn, in the summary
      outside the boxes.
    * ``group_by``: ``'module'`` draws a box around the values each nn neuron
      or layer made; a function ``node -> group name`` works too (see
      ``autograd.pictures.boxes``).
    * ``precision``: significant digits of the numbers shown, from 1 to 17.
    * ``parameters``: for ``color_by='role'``, the values that are parameters.

    A label (or a box's name) longer than 200 characters is shown cut: its
    first 199 characters and an ellipsis (``…``), the text in the node's
    tooltip, up to 3,000 characters. (The system ``dot`` cannot read a label of
    more than 16,384 bytes, which 3,300 escaped ``&`` or spaces reach.)

    ``.pipe(format='svg')``, ``.render(outfile='graph.png')`` and Jupyter's
    display run the Graphviz program ``autograd.pictures.render.find_renderer()``
    finds; ``.render()`` without a format writes SVG (every renderer can);
    ``.source`` is the DOT text.

    >>> x = Value(3.0, label='x'); y = (x * x).tanh()
    >>> graph = draw_dot(y, show_local=True)
    >>> 'label="{ x | data 3 | grad 0 }"' in graph.source
    True
    """
    options = DrawingOptions(rankdir, show_grad, show_local, color_by, max_nodes, group_by, precision, parameters)
    return build_graph(root, options)


def to_dot(root: Value, **options: Any) -> str:
    """The DOT text of ``draw_dot(root, **options)``; needs no Graphviz program.

    >>> to_dot(Value(1.0, label='x')).splitlines()[-2]
    '\\tv0 [label="{ x | data 1 | grad 0 }"]'
    """
    return draw_dot(root, **options).source


def save_graph(root: Value, path: os.PathLike[str] | str, **options: Any) -> pathlib.Path:
    """Draw ``root`` and write it to ``path``, in the format the suffix names; returns the path.

    ``.svg``, ``.png``, ``.pdf`` (and any other format of Graphviz) are
    rendered; ``.dot`` and ``.gv`` write the DOT text and need no program.
    ``options`` are those of ``draw_dot``. Missing folders are made; the file
    is written all at once (``autograd.files.write_atomically``), so a failure
    leaves an older file there as it was.
    """
    path = check_output_path(path, "save_graph()")
    output_format = format_from_suffix(path)
    if output_format is None:
        problem = (f"{os.fspath(path)!r} has none" if not path.suffix else
                   f"{os.fspath(path)!r} ends in {path.suffix!r}, which is not a Graphviz format")
        raise ValueError(f"save_graph() takes the format from the file's suffix; {problem}: "
                         f"use a name such as 'graph.svg', 'graph.png', 'graph.pdf' or 'graph.dot' (the DOT text)")
    graph = draw_dot(root, **options)
    if output_format in ("dot", "gv"):
        content: str | bytes = graph.source
    else:
        content = run_renderer(graph.source, output_format, quiet=True)
    return write_atomically(path, content, make_folders=True)


# ------------------------------------------------------------------- building


def build_graph(root: Value, options: DrawingOptions, overlay: Overlay | None = None) -> Digraph:
    """The drawing of ``root`` with ``options``, changed by ``overlay`` (a frame of the backward pass)."""
    check_root(root, "draw_dot()")
    order = topological_order(root)
    selection = _select(root, order, options.max_nodes)
    if selection.omitted:
        _warn_truncated(len(order), options.max_nodes, len(selection.omitted))  # type: ignore[arg-type]
    writer = _DotWriter(root, order, selection, options, overlay)
    graph_attributes = {**GRAPH_ATTRIBUTES, "rankdir": options.rankdir}
    if writer.boxes is not None and writer.boxes.all:
        # NOTE: Graphviz ranks the nodes of each box on its own by default, and on a large drawing with
        # many boxes this fails ("flat edge between adjacent nodes ... lost edge", the 65k-node demo
        # grouped by data); newrank ranks the whole graph at once and keeps the boxes.
        graph_attributes["newrank"] = "true"
    graph = Digraph(comment=f"computation graph drawn by chaingrad: {writer.summary}", graph_attr=graph_attributes,
                    node_attr=NODE_ATTRIBUTES, edge_attr=EDGE_ATTRIBUTES, body=writer.body(), format="svg")
    graph.description = f"computation graph of {root!r}, {writer.summary}"
    return graph


def check_root(root: object, caller: str) -> None:
    """Raise a ``TypeError`` unless ``root`` is a Value, the output of a computation, which ``caller`` needs."""
    if not isinstance(root, Value):
        hint = " (pass one output, or sum them first: sum(outputs))" if isinstance(root, (list, tuple)) else ""
        raise TypeError(f"{caller} needs a Value, the output of a computation; "
                        f"got {type(root).__name__}: {root!r}{hint}")


class _Selection(NamedTuple):
    """The values drawn and those left out (each in topological order), and the set of those drawn."""

    drawn: list[Value]
    omitted: list[Value]
    kept: set[Value] | None  # None: every value is drawn


def _select(root: Value, order: list[Value], max_nodes: int | None) -> _Selection:
    """Which values to draw: all of them, or, with more than ``max_nodes``, the ``max_nodes`` nearest the output.

    The nearest are found by a breadth-first walk from ``root`` towards the
    inputs (operands in order), stopped at the limit. Linear in the graph's size.
    """
    if max_nodes is None or len(order) <= max_nodes:
        return _Selection(order, [], None)
    kept = {root}
    queue = deque([root])
    while queue and len(kept) < max_nodes:
        for parent in queue.popleft().parents:
            if parent not in kept:
                kept.add(parent)
                queue.append(parent)
                if len(kept) == max_nodes:
                    break
    drawn = [node for node in order if node in kept]
    omitted = [node for node in order if node not in kept]
    return _Selection(drawn, omitted, kept)


def _warn_truncated(total: int, max_nodes: int, omitted: int) -> None:
    message = (f"the graph has {total:,} values, more than max_nodes={max_nodes}: drawing the {max_nodes} "
               f"nearest the output and summarising the other {omitted:,}. Pass a larger max_nodes, or "
               f"max_nodes=None to draw everything (Graphviz gets slow beyond a few thousand nodes).")
    warnings.warn(message, GraphTruncatedWarning, stacklevel=_stacklevel_outside_autograd())


def _tooltip(label: str) -> str:
    """`` tooltip="..."`` with the text of a label the drawing shows cut (``shorten``); '' for one shown whole."""
    if len(label) <= MAX_LABEL_LENGTH:
        return ""
    return f' tooltip="{plain_label(shorten(label, MAX_TOOLTIP_LENGTH))}"'


def _plural(count: int, noun: str) -> str:
    """``'1 op'``, ``'3 ops'``, ``'1,234 values'``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _stacklevel_outside_autograd() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside this package."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("autograd."):
        level += 1
        frame = frame.f_back  # type: ignore[assignment]
    return level


class _DotWriter:
    """Writes the body of the DOT text: value and op nodes, boxes, summary nodes, legend, edges."""

    def __init__(self, root: Value, order: list[Value], selection: _Selection, options: DrawingOptions,
                 overlay: Overlay | None) -> None:
        self.root = root
        self.options = options
        self.overlay = overlay
        self.drawn = selection.drawn
        self.kept = selection.kept
        self.index = {node: i for i, node in enumerate(order)}  # node ids follow the topological order
        self.styles, self.legend = self._colors()
        self.box_of: dict[Value, Box] = {}  # with group_by: the box of each value that has one
        self.boxes: Boxes | None = None
        self.omitted_outside = len(selection.omitted)  # values left out and counted outside every box
        if options.group_by is not None:
            self._make_boxes(order, selection.omitted)
        n_ops = sum(1 for node in self.drawn if node.op)
        values = (f"{len(self.drawn):,} of {len(order):,} values" if selection.omitted
                  else _plural(len(self.drawn), "value"))
        self.summary = f"{values}, {_plural(n_ops, 'op')}"  # what the DOT comment and the text fallback say

    # ---------------------------------------------------------------- colours

    def _colors(self) -> tuple[Mapping[Value, NodeStyle], Legend]:
        if self.overlay is not None:
            return self.overlay.styles, self.overlay.legend
        if self.options.color_by == "role":
            return color_by_role(self.drawn, self.root, self.options.parameters)
        if self.options.color_by == "grad":
            return color_by_grad(self.drawn)
        return {}, []

    # ---------------------------------------------------------------- boxes

    def _make_boxes(self, order: list[Value], omitted: list[Value]) -> None:
        """Put each drawn value in its box, and count the values left out in the boxes drawn.

        Only the boxes of drawn values (and the boxes around them) are made: a
        value left out whose group has no box is counted in the summary
        outside every box, so a truncated drawing stays as small as max_nodes says.
        """
        groups = {node: group_of(node, self.options.group_by) for node in order}  # once per value
        boxes = self.boxes = Boxes(group for group in groups.values() if group is not None)
        for node in self.drawn:
            group = groups[node]
            if group is not None:
                box = self.box_of[node] = boxes.box_of(group)
                box.values.append(node)
        for node in omitted:
            group = groups[node]
            box = boxes.existing_box_of(group) if group is not None else None
            if box is not None:
                self.box_of[node] = box
                box.omitted += 1
                self.omitted_outside -= 1

    @staticmethod
    def _summary_id(box: Box | None) -> str:
        """The id of the summary node for the values left out of ``box`` (None: of no box)."""
        return "omitted" if box is None else f"omitted_{box.number}"

    # ---------------------------------------------------------------- text

    def body(self) -> list[str]:
        lines: list[str] = []
        outside = [n for n in self.drawn if self.box_of.get(n) is None]
        for node in outside:
            lines += self._value_lines(node, "\t")
        if self.omitted_outside:
            lines.append(self._summary_line(self._summary_id(None), self.omitted_outside, "\t"))
        if self.boxes is not None:
            for box in self.boxes.top_level:
                lines += self._box_lines(box)
        lines += self._legend_lines()
        lines += self._edge_lines()
        caption = self._caption()
        if caption:
            lines.append(f'\tgraph [label="{plain_label(caption)}" labelloc=b]\n')
        return lines

    def _value_lines(self, node: Value, indent: str) -> list[str]:
        """The record node of a value, and the op node that made it."""
        i = self.index[node]
        fields = []
        name = label_of(node) or (self.overlay.names.get(node, "") if self.overlay else "")
        if name:
            fields.append(record_field(shorten(name)))
        fields.append(f"data {self._number(node.data)}")
        if self.options.show_grad:
            fields.append(f"grad {self._grad_text(node)}")
        attributes = f'label="{{ {" | ".join(fields)} }}"{_tooltip(name)}'
        style = self.styles.get(node)
        if style is not None:
            attributes += f' style="{style.style}" fillcolor="{style.fillcolor}"'
            if style.fontcolor != "black":
                attributes += f' fontcolor="{style.fontcolor}"'
        lines = [f"{indent}v{i} [{attributes}]\n"]
        if node.op:
            lines.append(f'{indent}v{i}_op [label="{plain_label(op_text(node, self.options.precision))}" {OP_NODE}]\n')
        return lines

    def _grad_text(self, node: Value) -> str:
        if self.overlay is None:
            return self._number(node.grad)
        grad = self.overlay.grads.get(node)
        return "?" if grad is None else self._number(grad)

    def _number(self, x: float) -> str:
        return format_number(x, self.options.precision)

    def _summary_line(self, node_id: str, count: int, indent: str, in_box: bool = False) -> str:
        what = "value" if count == 1 else "values"
        if in_box:  # the box says whose values these are; the top-level summary gives the limit
            text = f"{count:,} {what}\nnot drawn"
        else:
            text = f"{count:,} more {what}\nnot drawn (max_nodes={self.options.max_nodes})"
        return f'{indent}{node_id} [label="{plain_label(text)}" {SUMMARY_NODE}]\n'

    def _box_lines(self, top: Box) -> list[str]:
        """A top-level box as a cluster, with its values, its summary and the boxes inside it, nested."""
        lines: list[str] = []
        # an explicit stack (boxes nest as deep as dotted names go): a box to open, or a closing line
        stack: list[tuple[Box, str] | str] = [(top, "\t")]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                lines.append(item)
                continue
            box, indent = item
            inner = indent + "\t"
            lines += [f"{indent}subgraph cluster_{box.number} {{\n",
                      f'{inner}graph [label="{plain_label(shorten(box.label))}"{_tooltip(box.label)} {BOX_STYLE}]\n']
            for node in box.values:
                lines += self._value_lines(node, inner)
            if box.omitted:
                lines.append(self._summary_line(self._summary_id(box), box.omitted, inner, in_box=True))
            stack.append(f"{indent}}}\n")
            stack.extend((child, inner) for child in reversed(box.children))
        return lines

    def _legend_lines(self) -> list[str]:
        """The legend: one node holding a table, a coloured cell per entry (in order, compact)."""
        if not self.legend:
            return []
        if self.overlay is not None:
            title = "legend"
        else:
            title = "colour: |grad|, log scale" if self.options.color_by == "grad" else "colour: role"
        rows = [f'<tr><td border="0"><font color="grey30">{html_text(title)}</font></td></tr>']
        for style, text in self.legend:
            cell = html_text(text)
            if style.fontcolor != "black":
                cell = f'<font color="{style.fontcolor}">{cell}</font>'
            dashed = ' style="dashed"' if "dashed" in style.style else ""
            rows.append(f'<tr><td bgcolor="{style.fillcolor}"{dashed}>{cell}</td></tr>')
        table = '<table border="0" cellborder="1" cellspacing="3" cellpadding="4">' + "".join(rows) + "</table>"
        return [f"\tlegend [label=<{table}> shape=plain]\n"]

    def _edge_lines(self) -> list[str]:
        """Operand -> op -> result for every drawn value made by an op; summaries -> ops at the cut."""
        lines = []
        for node in self.drawn:
            if not node.op:
                continue
            i = self.index[node]
            red_position = self._highlighted_position(node)  # which operand's edge is this frame's step
            summaries_done: list[str] = []
            for position, (parent, local) in enumerate(zip(node.parents, node.local_derivatives)):
                if self.kept is not None and parent not in self.kept:  # the parent was left out
                    summary = self._summary_id(self.box_of.get(parent))
                    if summary not in summaries_done:  # one dashed edge per summary node and op
                        summaries_done.append(summary)
                        lines.append(f"\t{summary} -> v{i}_op [style=dashed color=grey45]\n")
                    continue
                attributes = []
                if self.options.show_local or position == red_position:
                    attributes.append(f'label="{self._number(local)}"')
                if position == red_position:
                    attributes.append(HIGHLIGHT)
                suffix = f" [{' '.join(attributes)}]" if attributes else ""
                lines.append(f"\tv{self.index[parent]} -> v{i}_op{suffix}\n")
            suffix = f" [{HIGHLIGHT}]" if red_position is not None else ""
            lines.append(f"\tv{i}_op -> v{i}{suffix}\n")
        return lines

    def _highlighted_position(self, node: Value) -> int | None:
        """The operand position of the edge into ``node``'s op that the overlay highlights, or None."""
        if self.overlay is None or self.overlay.highlighted is None:
            return None
        highlighted_node, position = self.overlay.highlighted
        return position if highlighted_node is node else None

    def _caption(self) -> str:
        if self.overlay is not None:
            return self.overlay.caption
        if self.options.show_local:
            return "numbers on the edges: local derivatives d(result)/d(operand)"
        return ""
