"""Make every picture of README's section on drawing graphs: docs/images/graph_*.svg and .png.

Run from the repository root:

    python scripts/make_readme_images.py

The pictures are deterministic: fixed numbers and seeded models, drawn by
``autograd.to_dot`` (the same text every run) and rendered with the Graphviz
program ``autograd.find_renderer()`` finds (the committed ones were made with
the system Graphviz; set GRAPHVIZ_DOT to choose another).
"""

from __future__ import annotations

import pathlib
import sys
import warnings
from collections.abc import Callable
from typing import Any

import autograd
import nn
from autograd import Value
from autograd.pictures.render import run_renderer

IMAGES = pathlib.Path(__file__).resolve().parent.parent / "docs" / "images"
PNG_DPI = "110"  # a little sharper than Graphviz's 96


def the_readme_expression() -> Value:
    """c = a*b + b**2 at a = 2, b = -3, after backward()."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b + b**2
    c.label = "c"
    c.backward()
    return c


def a_neuron_before_backward() -> Value:
    """One tanh neuron, o = tanh(x1*w1 + x2*w2 + b), forward pass only."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def a_small_network_and_its_loss() -> Value:
    """An nn.MLP 2 -> [2] -> 1 (tanh) on one point, with a squared error, after backward()."""
    model = nn.MLP(2, [2, 1], activation="tanh", seed=0)
    score = model([Value(1.0, label="x0"), Value(-2.0, label="x1")])
    score.label = "score"
    loss = (score - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    return loss


def a_deep_sigmoid_chain(depth: int = 6) -> Value:
    """h = sigmoid(h * w), ``depth`` times: each layer multiplies the gradient by about 0.2, so it vanishes."""
    h = Value(1.0, label="x")
    for k in range(depth):
        w = Value(0.9, label=f"w{k}")
        h = (h * w).sigmoid()
        h.label = f"h{k}"
    h.backward()
    return h


def a_bigger_network_and_its_loss() -> Value:
    """The micrograd demo's network, nn.MLP 2 -> [16, 16] -> 1 (relu), on one point: 981 values."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    score = model([Value(1.0, label="x0"), Value(-2.0, label="x1")])
    score.label = "score"
    loss = (1 - score).relu()
    loss.label = "loss"
    loss.backward()
    return loss


# name -> (what to draw, the options of draw_dot)
PICTURES: dict[str, tuple[Callable[[], Value], dict[str, Any]]] = {
    "graph_basic": (the_readme_expression, {}),
    "graph_show_local": (the_readme_expression, {"show_local": True}),
    "graph_top_to_bottom": (a_neuron_before_backward, {"rankdir": "TB", "show_grad": False, "precision": 3}),
    "graph_role_module": (a_small_network_and_its_loss, {"color_by": "role", "group_by": "module", "precision": 3}),
    "graph_color_grad": (a_deep_sigmoid_chain, {"color_by": "grad", "precision": 2, "rankdir": "TB"}),
    "graph_max_nodes": (a_bigger_network_and_its_loss, {"max_nodes": 25, "precision": 3}),
}

STEP_FRAMES = "graph_steps"  # graph_steps_000.svg ... from draw_steps(the_readme_expression())


def write_picture(name: str, source: str) -> list[pathlib.Path]:
    """Render DOT ``source`` to docs/images/<name>.svg and .png."""
    svg = IMAGES / f"{name}.svg"
    png = IMAGES / f"{name}.png"
    svg.write_bytes(run_renderer(source, "svg", quiet=True))
    png.write_bytes(run_renderer(source, "png", quiet=True, extra_arguments=[f"-Gdpi={PNG_DPI}"]))
    return [svg, png]


def main() -> int:
    renderer = autograd.find_renderer()
    print(f"rendering with {renderer.path} (found by {renderer.found_by})")
    IMAGES.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (make, options) in PICTURES.items():
        with warnings.catch_warnings():  # max_nodes pictures are truncated on purpose
            warnings.simplefilter("ignore", autograd.GraphTruncatedWarning)
            source = autograd.to_dot(make(), **options)
        written += write_picture(name, source)
    root = the_readme_expression()
    for k, source in enumerate(autograd.draw_steps(root, format="dot")):
        written += write_picture(f"{STEP_FRAMES}_{k:03d}", source)
    for path in written:
        print(f"wrote {path.relative_to(IMAGES.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
