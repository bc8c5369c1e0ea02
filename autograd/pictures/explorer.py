"""Watch backpropagation happen: an interactive explorer of the graph, in Jupyter and as one HTML file.

``explore(root)`` returns an ``Explorer``: the drawing of ``draw_dot`` (laid out
by Graphviz, as SVG), the data of every value and of every step of
``backward_steps(root)``, and a small script of this package
(``explorer_page/explorer.js``), all in one page. In the page you can

* step through the backward pass: buttons, a slider, play/pause, and the keys
  ArrowRight, ArrowLeft, Home, End and Space. Each step marks the node passing
  its gradient, the edge it travels along and the parent receiving it, with the
  caption ``explain`` writes (``b.grad += v3.grad (1) x dv3/db (-6) = -6, so
  b.grad = -6``); gradients not reached yet show as ``?``;
* step through the forward pass first, the values appearing in topological order;
* hover over or click a value or an op to see its numbers;
* drag to pan, scroll or pinch to zoom, fit the drawing, find a value by label;
* colour the values by |grad| (log scale), by role, or not at all.

``explorer.save('graph.html')`` writes the page: one file that needs no network
(no CDN, no web fonts), to open offline or from a USB stick. In Jupyter the
explorer shows inline, in an ``<iframe>`` of its own, so several in one
notebook never interfere.

A test contract the page keeps: each value's SVG group has ``data-node="v3"``
(its id in ``to_dot``), each op's ``data-op="v3_op"``; ``#caption`` holds the
current caption, ``#step`` reads ``step k of n``, ``#details`` shows the node
under the pointer (or last clicked); the node passing its gradient has the CSS
class ``passing``, the parent ``receiving``, the edges ``flowing``, and a value
whose gradient is final ``done``.

Graphviz lays the drawing out, and that is what limits its size: ``max_nodes``
(500 values by default, as for ``draw_dot``) draws the values nearest the output
and summarises the rest; every step is still there, and a step into a value not
drawn marks its summary. At that default a graph of 2,000 values opens in about
two seconds (most of it Graphviz) and steps in a frame or two (see
``benchmarks/explorer_paint.py``). Drawing *all* of a graph of thousands of
values (``max_nodes=None``) is bound by Graphviz's layout, which grows much
faster than the graph: a drawing of more than ``BIG_DRAWING`` values gets
Graphviz's layout limits (``LAYOUT_LIMITS``), which trade some tidiness for a
bounded layout time (all of a 2,000-value chain of neurons: 15 s instead of
more than 20 minutes).

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b + b**2; c.label = 'c'
>>> explorer = explore(c)
>>> explorer
Explorer(c: 5 values, 5 steps; .save('graph.html') writes the page)
>>> 'data-node="v1"' in explorer.html
True
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import os
import pathlib
import re
import string
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Iterable
from importlib import resources
from typing import Any

from autograd.files import write_atomically
from autograd.pictures.boxes import GroupBy
from autograd.pictures.colors import NodeStyle, color_by_grad, color_by_role
from autograd.pictures.dot import DEFAULT_MAX_NODES, DrawingOptions, check_output_path, check_root, to_dot
from autograd.pictures.labels import DEFAULT_PRECISION, clean_text, format_number, label_of, op_text
from autograd.pictures.render import run_renderer
from autograd.pictures.steps import DONE, RECEIVING, SENDING, expression, start_caption, trace_backward
from autograd.value import Value

__all__ = ["Explorer", "explore"]

PAGE_FOLDER = "explorer_page"  # the page's template, style and script, next to this module
FRAME_HEIGHT = 640  # pixels: the height of the explorer inline in Jupyter

# NOTE: on a big drawing Graphviz spends its time in network simplex (ranking the nodes: nslimit1;
# placing them across: nslimit) and in crossing minimisation (mclimit). These limits stop each after
# a bounded number of iterations (network simplex: 0.2 x the number of nodes); the drawing stays
# correct, only less tidy. Measured (dot 2.43, CPU seconds): a chain of tanh neurons summed, 500 values
# drawn: 8.0 unlimited, 0.5 limited; the same, all 2,000 values: still running after 20 minutes, 15 s
# limited; an MLP's loss, 500 values: 0.5 and 0.24; all 2,266 values: 5.6 and 2.3. (A smaller searchsize
# made it slower: 232 s for the 500-value chain.) benchmarks/explorer_paint.py --layout measures it.
BIG_DRAWING = 250  # values drawn, above which the layout is limited
LAYOUT_LIMITS = {"nslimit": "0.2", "nslimit1": "0.2", "mclimit": "0.2"}

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
# What a Graphviz drawing is made of; anything else (a link, an image, a script) is dropped from the page.
SVG_ELEMENTS = {"svg", "g", "polygon", "polyline", "path", "ellipse", "circle", "rect", "line", "text", "tspan",
                "defs", "linearGradient", "radialGradient", "stop"}
VALUE_ID = re.compile(r"v(\d+)")  # the DOT id of a value: v<position in the topological order>
OP_ID = re.compile(r"v(\d+)_op")  # the DOT id of the op that made that value
SUMMARY_ID = re.compile(r"omitted(_\d+)?")  # the DOT id of a summary node (values not drawn)


def explore(root: Value, **options: Any) -> Explorer:
    """Explore the graph behind ``root`` interactively: an ``Explorer``, shown inline in Jupyter.

    ``options`` are those of ``draw_dot`` (``rankdir``, ``show_local``,
    ``color_by``, ``max_nodes``, ``group_by``, ``precision``, ``parameters``)
    and ``title``, the page's heading; see ``Explorer``. Needs a Graphviz
    program, as ``draw_dot``'s pictures do (``GraphvizNotFoundError`` says how
    to install one).

    >>> x = Value(3.0, label='x')
    >>> explore(x * x, title='x squared').title
    'x squared'
    """
    return Explorer(root, **options)


class Explorer:
    """The interactive explorer of one graph: ``.html`` is the page, ``.save(path)`` writes it.

    The graph is read once, when the explorer is made: changing the values
    afterwards does not change the page. ``color_by`` is the colouring the page
    opens with (it has a switch for the others); the other options are those of
    ``draw_dot``. ``title`` is the page's heading (default: ``Backpropagation
    through <root>``).
    """

    def __init__(self, root: Value, *, rankdir: str = "LR", show_local: bool = False, color_by: str | None = None,
                 max_nodes: int | None = DEFAULT_MAX_NODES, group_by: GroupBy = None,
                 precision: int = DEFAULT_PRECISION, parameters: Iterable[Value] | None = None,
                 title: str | None = None) -> None:
        check_root(root, "explore()")
        options = DrawingOptions(rankdir=rankdir, show_grad=True, show_local=show_local, color_by=color_by,
                                 max_nodes=max_nodes, group_by=group_by, precision=precision, parameters=parameters)
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a str (or None for the default); got {type(title).__name__}: {title!r}")
        backward_pass = trace_backward(root)
        self.root = root
        self.root_name = clean_text(backward_pass.names[root])
        self.options = options
        self.title = clean_text(title if title is not None else f"Backpropagation through {self.root_name}")
        self.n_values = len(backward_pass.order)
        self.n_steps = len(backward_pass.steps)
        # The page colours the values itself (it can switch colourings), so Graphviz draws them plain.
        dot = to_dot(root, **_fields(dataclasses.replace(options, color_by=None)))
        drawn_count = self.n_values if max_nodes is None else min(self.n_values, max_nodes)
        svg = run_renderer(with_layout_limits(dot, drawn_count), "svg", quiet=True).decode("utf-8")
        drawing, drawn = page_drawing(svg, backward_pass.order)
        data = page_data(backward_pass, drawn, options, self.title)
        self.drawing = drawing  # the static picture: what shows where scripts and frames do not run
        self.html = page_html(self.title, _dot_summary(dot), drawing, data)

    def save(self, path: os.PathLike[str] | str) -> pathlib.Path:
        """Write the page to ``path`` and return the path: the whole explorer, to open in any browser, offline.

        Missing folders are made; the file is written all at once
        (``autograd.files.write_atomically``), so a failure leaves an older file as it was.
        """
        path = check_output_path(path, "Explorer.save()")
        return write_atomically(path, self.html, make_folders=True)

    def _repr_html_(self) -> str:
        """Jupyter's view: the page in an ``<iframe>`` of its own (its ids, keys and script kept apart).

        The iframe lies over the static drawing, so where frames or scripts do
        not run (a notebook viewed on GitHub, say) the drawing still shows.
        """
        frame = (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                 f'title="{html.escape(self.title, quote=True)}" '
                 f'style="position: absolute; top: 0; left: 0; width: 100%; height: 100%; background: white; '
                 f'border: 1px solid #ccc; border-radius: 4px;"></iframe>')
        return (f'<div style="position: relative; min-height: {FRAME_HEIGHT}px; overflow: hidden;">'
                f'<div style="max-width: 100%; overflow: auto;">{self.drawing}</div>{frame}</div>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """What Jupyter stores: the interactive view, and the static drawing for viewers that show no HTML."""
        return {"text/html": self._repr_html_(), "image/svg+xml": self.drawing, "text/plain": repr(self)}

    def __repr__(self) -> str:
        return (f"Explorer({self.root_name}: {self.n_values:,} "
                f"value{'s' if self.n_values != 1 else ''}, {self.n_steps:,} step{'s' if self.n_steps != 1 else ''}; "
                f".save('graph.html') writes the page)")


def _fields(options: DrawingOptions) -> dict[str, Any]:
    """The options as ``to_dot``'s keyword arguments."""
    return {field.name: getattr(options, field.name) for field in dataclasses.fields(options)}


def _dot_summary(dot: str) -> str:
    """What the DOT text's first line says the drawing holds: ``'3 values, 1 op'``."""
    first_line = dot.split("\n", 1)[0]
    return first_line.partition("drawn by chaingrad: ")[2]


def with_layout_limits(dot: str, drawn_values: int) -> str:
    """``dot`` with ``LAYOUT_LIMITS`` added when it draws more than ``BIG_DRAWING`` values; else ``dot`` itself.

    >>> with_layout_limits('digraph {\\n}', 10)
    'digraph {\\n}'
    >>> with_layout_limits('digraph {\\n}', 5000).splitlines()[1]
    '\\tgraph [nslimit=0.2 nslimit1=0.2 mclimit=0.2]'
    """
    if drawn_values <= BIG_DRAWING:
        return dot
    attributes = " ".join(f"{name}={value}" for name, value in LAYOUT_LIMITS.items())
    return dot.replace("digraph {\n", f"digraph {{\n\tgraph [{attributes}]\n", 1)


# -------------------------------------------------------------------- drawing


def page_drawing(svg: str, order: list[Value]) -> tuple[str, set[int]]:
    """The SVG from Graphviz made ready for the page, and the positions (in ``order``) of the values drawn.

    Each value's group gets ``data-node="v<k>"``, each op's ``data-op``, each
    summary's ``data-summary``; its data and grad texts ``data-field``; each
    edge ``data-from`` and ``data-to`` (and, from an operand, ``data-position``,
    which operand it is). Anything that is not plain drawing is dropped (the
    XML prologue, comments, tooltips, links, scripts, ``on...`` attributes),
    and the size is left to the page, which fits the drawing to its window.
    """
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("xlink", XLINK_NAMESPACE)
    svg_root = ElementTree.fromstring(svg.encode("utf-8"))
    _keep_plain_drawing(svg_root)
    drawn: set[int] = set()
    edges: dict[tuple[str, str], list[ElementTree.Element]] = {}
    for group in svg_root.iter(f"{{{SVG_NAMESPACE}}}g"):
        title = group.find(f"{{{SVG_NAMESPACE}}}title")
        if title is None:
            continue
        name = title.text or ""
        group.remove(title)  # a browser shows it as a tooltip: the page has its own details
        kind = group.get("class")
        if kind == "node":
            _mark_node(group, name, drawn)
        elif kind == "edge" and "->" in name:
            tail, head = name.split("->", 1)
            group.set("data-from", tail)
            group.set("data-to", head)
            edges.setdefault((tail, head), []).append(group)
    _mark_operand_positions(edges, order)
    for size in ("width", "height"):
        svg_root.attrib.pop(size, None)
    svg_root.set("data-part", "drawing")
    return ElementTree.tostring(svg_root, encoding="unicode"), drawn


def _keep_plain_drawing(svg_root: ElementTree.Element) -> None:
    """Keep only plain drawing: elements of ``SVG_ELEMENTS`` (and titles), no event or link attribute.

    A link (the ``<a>`` Graphviz makes for a tooltip, with the group around
    it) is replaced by what it holds; any other element is dropped with what it holds.
    """
    stack = [svg_root]
    while stack:
        element = stack.pop()
        kept = []
        pending = deque(element)
        while pending:
            child = pending.popleft()
            tag = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
            if tag == "a" or (tag == "g" and "class" not in child.attrib):  # a link, or the group around it
                pending.extendleft(reversed(list(child)))
            elif tag in SVG_ELEMENTS or tag == "title":
                kept.append(child)
        element[:] = kept
        stack.extend(kept)
        for attribute in list(element.attrib):
            local = attribute.rpartition("}")[2].lower()
            if local.startswith("on") or local == "href":
                del element.attrib[attribute]


def _mark_node(group: ElementTree.Element, name: str, drawn: set[int]) -> None:
    """Give a node's group the attribute that says what it is: ``data-node``, ``data-op`` or ``data-summary``."""
    if VALUE_ID.fullmatch(name):
        group.set("data-node", name)
        drawn.add(int(name[1:]))
        texts = group.findall(f"{{{SVG_NAMESPACE}}}text")
        if len(texts) >= 2:  # a record { label | data | grad }: the last two fields are data and grad
            texts[-2].set("data-field", "data")
            texts[-1].set("data-field", "grad")
    elif OP_ID.fullmatch(name):
        group.set("data-op", name)
    elif SUMMARY_ID.fullmatch(name):
        group.set("data-summary", name)


def _mark_operand_positions(edges: dict[tuple[str, str], list[ElementTree.Element]], order: list[Value]) -> None:
    """Say which operand each edge into an op comes from: ``a * a`` has two edges from ``a``, positions 0 and 1.

    The DOT text lists an op's operand edges in operand order, and Graphviz
    numbers the edges (``id="edge7"``) in the order of the DOT text.
    """
    for (tail, head), groups in edges.items():
        op_match, tail_match = OP_ID.fullmatch(head), VALUE_ID.fullmatch(tail)
        if op_match is None or tail_match is None:
            continue
        node, parent = order[int(op_match.group(1))], order[int(tail_match.group(1))]
        positions = [p for p, operand in enumerate(node.parents) if operand is parent]
        groups.sort(key=_edge_number)
        for group, position in zip(groups, positions):
            group.set("data-position", str(position))


def _edge_number(group: ElementTree.Element) -> int:
    """The number in Graphviz's ``id="edge7"`` (0 when there is none: the order in the file stays)."""
    match = re.fullmatch(r"edge(\d+)", group.get("id", ""))
    return int(match.group(1)) if match else 0


# ----------------------------------------------------------------------- data


def page_data(backward_pass: Any, drawn: set[int], options: DrawingOptions, title: str) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON data: values, steps, colourings, captions.

    Numbers are written here, by ``format_number`` with the precision asked
    for, so the page shows exactly what ``draw_dot`` and ``explain`` show; the
    captions are ``BackwardStep.story``, ``explain``'s wording.
    """
    root, order, names, steps = backward_pass
    precision = options.precision
    index = {node: k for k, node in enumerate(order)}
    names = {node: clean_text(name) for node, name in names.items()}  # what a picture can show

    def number(x: float) -> str:
        return format_number(x, precision)

    values = []
    for k, node in enumerate(order):
        value: dict[str, Any] = {
            "id": f"v{k}",
            "name": names[node],
            "drawn": k in drawn,
            "data": number(node.data),
            "parents": [index[parent] for parent in node.parents],
            "local": [number(d) for d in node.local_derivatives],
        }
        if k in drawn:  # the rest of what the details panel shows: only drawn values can be pointed at
            value.update(label=clean_text(label_of(node)), op=clean_text(op_text(node, precision)),
                         expression=expression(node, names, precision), grad=number(node.grad),
                         forward=_forward_caption(node, names, precision))
        values.append(value)
    drawn_values = [order[k] for k in sorted(drawn)]
    return {
        "title": title,
        "root": index[root],
        "start": start_caption(names[root]),
        "seed": number(1.0),  # the root's gradient before the first step: d(root)/d(root) = 1
        "values": values,
        "steps": [{"node": index[s.node], "parent": index[s.parent], "position": s.position,
                   "grad": number(s.parent_grad_after), "caption": clean_text(s.story(precision))} for s in steps],
        "colourings": {
            "grad": _colouring(*color_by_grad(drawn_values), index),
            "role": _colouring(*color_by_role(drawn_values, root, options.parameters), index),
        },
        "colour_by": options.color_by or "plain",
        "step_colours": {"passing": SENDING.fillcolor, "receiving": RECEIVING.fillcolor, "done": DONE.fillcolor},
    }


def _forward_caption(node: Value, names: dict[Value, str], precision: int) -> str:
    """What the forward pass does at ``node``: ``'c = a * b = -6'``, or ``'a (an input): data 2'``."""
    computed = expression(node, names, precision)
    data = format_number(node.data, precision)
    return f"{computed} = {data}" if node.op else f"{computed}: data {data}"


def _colouring(styles: dict[Value, NodeStyle], legend: list[tuple[NodeStyle, str]],
               index: dict[Value, int]) -> dict[str, Any]:
    """A colouring (``autograd.pictures.colors``) as data: each drawn value's fill and text colour, and the legend."""

    def style(s: NodeStyle) -> dict[str, Any]:
        return {"fill": s.fillcolor, "text": s.fontcolor, "dashed": "dashed" in s.style}

    return {"values": {f"v{index[node]}": style(s) for node, s in styles.items()},
            "legend": [{**style(s), "caption": text} for s, text in legend]}


def script_json(data: Any) -> str:
    """``data`` as JSON to put inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped.

    Escaped as ``\\u003c`` and so on, so that no label can end the script
    element (``</script>``) or start a comment or an entity; ``JSON.parse``
    reads them back as the characters they were.

    >>> script_json({'label': '</script>&'})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ----------------------------------------------------------------------- page


def page_file(name: str) -> str:
    """The text of one file of the page (``explorer.html``, ``.css`` or ``.js``), shipped with the package."""
    return resources.files("autograd.pictures").joinpath(PAGE_FOLDER, name).read_text(encoding="utf-8")


def page_html(title: str, summary: str, drawing: str, data: dict[str, Any]) -> str:
    """The whole page: the template filled with the title, the drawing, the data, the style and the script.

    The page's Content-Security-Policy allows its own style and script only
    (by their SHA-256) and no request at all: even text that slipped into the
    page could neither run nor fetch anything.
    """
    style, script = page_file("explorer.css"), page_file("explorer.js")
    policy = (f"default-src 'none'; style-src '{csp_hash(style)}'; script-src '{csp_hash(script)}'; "
              f"img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    template = string.Template(page_file("explorer.html"))
    return template.substitute(title=html.escape(title), summary=html.escape(summary),
                               policy=html.escape(policy, quote=True), style=style, script=script,
                               drawing=drawing, data=script_json(data))


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline style or script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"sha256-{base64.b64encode(digest).decode('ascii')}"
