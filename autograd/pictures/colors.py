"""Colours for a drawing: by role (input, parameter, intermediate, output) or by |grad|.

Each colouring gives a ``NodeStyle`` per value and the legend that explains
it, as ``(style, text)`` pairs.

* ``color_by='role'``: the output is the value drawn (the root); a
  *parameter* is a value you pass in ``parameters=``, or, without it, a leaf
  tagged with the nn module that made it (``node.scope`` is not None: the
  weights and biases of a neuron); the other leaves are *inputs*; everything
  else is *intermediate*.
* ``color_by='grad'``: |grad| on a logarithmic scale, one shade per power of
  ten, from the largest |grad| in the drawing down five decades; anything
  smaller shares the palest shade. A vanishing gradient is a pale node next to
  dark ones. ``grad = 0`` is white with a dashed border, and NaN or inf red.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from typing import NamedTuple

from autograd.pictures.labels import format_number
from autograd.value import Value


class NodeStyle(NamedTuple):
    """How a value node is filled: Graphviz colours and style."""

    fillcolor: str
    fontcolor: str = "black"
    style: str = "filled"


Legend = list[tuple[NodeStyle, str]]

# ------------------------------------------------------------------- by role

ROLE_STYLES = {
    "input": NodeStyle("#d9f0d3"),  # green
    "parameter": NodeStyle("#fdd49e"),  # orange
    "intermediate": NodeStyle("white"),
    "output": NodeStyle("#c6dbef"),  # blue
}

ROLE_LEGEND_TEXT = {
    "input": "input (a leaf)",
    "parameter": "parameter (a leaf that is learned)",
    "intermediate": "intermediate",
    "output": "output",
}


def role_of(node: Value, root: Value, parameters: Collection[Value] | None) -> str:
    """``'output'``, ``'parameter'``, ``'input'`` or ``'intermediate'``, by the rule in the module docstring.

    >>> x = Value(1.0, label='x'); y = x * 2
    >>> role_of(x, y, None), role_of(y, y, None), role_of(x, y, [x])
    ('input', 'output', 'parameter')
    """
    if node is root:
        return "output"
    if parameters is not None:
        if node in parameters:
            return "parameter"
    elif not node.op and node.scope is not None:
        return "parameter"
    return "input" if not node.op else "intermediate"


def color_by_role(nodes: Iterable[Value], root: Value,
                  parameters: Collection[Value] | None) -> tuple[dict[Value, NodeStyle], Legend]:
    """A style per node by its role, and a legend of the roles present (in a fixed order)."""
    styles = {}
    present = set()
    for node in nodes:
        role = role_of(node, root, parameters)
        present.add(role)
        styles[node] = ROLE_STYLES[role]
    legend = [(ROLE_STYLES[r], ROLE_LEGEND_TEXT[r]) for r in ROLE_STYLES if r in present]
    return styles, legend


# ------------------------------------------------------------------- by |grad|

# From the largest |grad| (dark) down five powers of ten (pale); white text on the dark ones.
GRAD_SHADES = [
    NodeStyle("#08306b", "white"),
    NodeStyle("#2171b5", "white"),
    NodeStyle("#6baed6"),
    NodeStyle("#bdd7e7"),
    NodeStyle("#deebf7"),
    NodeStyle("#f7fbff"),
]
ZERO_GRAD = NodeStyle("white", style="filled,dashed")
NOT_FINITE_GRAD = NodeStyle("#e41a1c", "white")


def grad_shade(grad: float, top_decade: int) -> NodeStyle:
    """The style for ``grad`` when the largest |grad| drawn lies in [10**top_decade, 10**(top_decade+1)).

    >>> grad_shade(5.0, 0) == GRAD_SHADES[0], grad_shade(0.05, 0) == GRAD_SHADES[2]
    (True, True)
    """
    if grad == 0:
        return ZERO_GRAD
    if not math.isfinite(grad):
        return NOT_FINITE_GRAD
    decades_down = top_decade - math.floor(math.log10(abs(grad)))
    return GRAD_SHADES[min(max(decades_down, 0), len(GRAD_SHADES) - 1)]


def power_of_ten(exponent: int) -> str:
    """10**exponent as ``format_number`` writes it, even where the float would overflow or underflow.

    >>> power_of_ten(-3), power_of_ten(3), power_of_ten(4), power_of_ten(309), power_of_ten(-330)
    ('0.001', '1000', '1e4', '1e309', '1e-330')
    """
    # format_number switches to an exponent outside [1e-4, 1e4), as the g format does
    return format_number(10.0**exponent) if -4 <= exponent < 4 else f"1e{exponent}"


def color_by_grad(nodes: Iterable[Value]) -> tuple[dict[Value, NodeStyle], Legend]:
    """A shade per node by its |grad| (log scale), and a legend of the scale."""
    nodes = list(nodes)
    sizes = [abs(n.grad) for n in nodes if n.grad != 0 and math.isfinite(n.grad)]
    top = math.floor(math.log10(max(sizes))) if sizes else 0
    styles = {node: grad_shade(node.grad, top) for node in nodes}
    legend: Legend = []
    last = len(GRAD_SHADES) - 1
    for k, shade in enumerate(GRAD_SHADES):
        low = power_of_ten(top - k)
        high = power_of_ten(top - k + 1)
        if k == 0:
            text = f"|grad| >= {low}"
        elif k == last:
            text = f"0 < |grad| < {high} (vanishing)"
        else:
            text = f"{low} <= |grad| < {high}"
        legend.append((shade, text))
    used = set(styles.values())
    if ZERO_GRAD in used:
        legend.append((ZERO_GRAD, "grad = 0"))
    if NOT_FINITE_GRAD in used:
        legend.append((NOT_FINITE_GRAD, "grad is NaN or inf"))
    return styles, legend
