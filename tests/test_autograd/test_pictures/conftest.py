"""Shared setup of the pictures' tests: DOT snapshots, reading rendered SVG, a small tagged network, a kernel.

After an intended change of the drawing, rewrite the snapshots with
``CHAINGRAD_UPDATE_SNAPSHOTS=1 pytest tests/test_autograd/test_pictures`` and
review the diff. The README's graph and the ``renderer`` fixture are shared with
the explorer's tests: they live in ``tests/test_autograd/conftest.py``.
"""

from __future__ import annotations

import difflib
import os
import pathlib
import random
import re
import xml.etree.ElementTree as ElementTree

import pytest

import autograd
from autograd import Value


SNAPSHOTS = pathlib.Path(__file__).parent / "snapshots"
SVG = "{http://www.w3.org/2000/svg}"  # the namespace of the elements of a rendered SVG picture


def check_snapshot(name: str, text: str) -> None:
    """Compare ``text`` with the stored snapshot ``name`` (or store it, when asked to).

    After an intended change of the drawing, rewrite the snapshots with
    ``CHAINGRAD_UPDATE_SNAPSHOTS=1 pytest tests/test_autograd/test_pictures`` and review the diff.
    """
    path = SNAPSHOTS / name
    if os.environ.get("CHAINGRAD_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: run with CHAINGRAD_UPDATE_SNAPSHOTS=1 to create it, then review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "snapshot", "now"))
        pytest.fail(f"the DOT text differs from the snapshot {name} (CHAINGRAD_UPDATE_SNAPSHOTS=1 rewrites it):\n"
                    f"{diff}")


# ---------------------------------------------------------------- reading DOT text and rendered SVG


def value_lines(dot: str) -> list[str]:
    return [line for line in dot.splitlines() if re.match(r"\s*v\d+ \[", line)]


def lines_by_label(dot: str) -> dict[str, str]:
    """The DOT line of each labelled value, by label."""
    return {line.split('label="{ ')[1].split(" | ")[0]: line for line in value_lines(dot)}


def svg_root(svg: str | bytes) -> ElementTree.Element:
    return ElementTree.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))


def svg_groups(svg: str | bytes, kind: str) -> dict[str, list[str]]:
    """For each node (or cluster) of a rendered SVG: its title -> the lines of text it shows."""
    groups = {}
    for group in svg_root(svg).iter(f"{SVG}g"):
        if group.get("class") == kind:
            title = group.find(f"{SVG}title")
            assert title is not None
            texts = ["".join(t.itertext()).replace("\xa0", " ") for t in group.iter(f"{SVG}text")]
            groups[title.text or ""] = texts
    return groups


# ---------------------------------------------------------------- a small network, its values tagged by neuron


class StandInModule:
    """What the nn helper tags values with: an object with a dotted ``name``."""

    def __init__(self, name: str) -> None:
        self.name = name


class Neuron(StandInModule):
    pass


def two_two_one_network() -> tuple[Value, list[Value]]:
    """A 2-2-1 tanh network built by hand, its values tagged with stand-in neurons."""
    rng = random.Random(0)
    x = [Value(1.0, label="x0"), Value(-2.0, label="x1")]
    parameters: list[Value] = []
    layer_inputs = x
    for layer, width in enumerate((2, 1)):
        outputs = []
        for k in range(width):
            neuron = Neuron(f"layers.{layer}.neurons.{k}")
            w = [Value(round(rng.uniform(-1, 1), 2), label=f"w{i}") for i in range(len(layer_inputs))]
            b = Value(0.5, label="b")
            act = b
            for wi, xi in zip(w, layer_inputs):
                act = act + wi * xi
            out = act.tanh()
            for v in (*w, b):
                v.scope = neuron
                parameters.append(v)
            for v in autograd.topological_order(out):
                if v.op and v.scope is None:
                    v.scope = neuron
            outputs.append(out)
        layer_inputs = outputs
    loss = (layer_inputs[0] - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    return loss, parameters


# ---------------------------------------------------------------- a real Jupyter kernel


def run_in_a_kernel(*cells: str) -> list:
    """Execute ``cells`` in a real Jupyter kernel, as a notebook would; return the executed cells."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return notebook.cells
