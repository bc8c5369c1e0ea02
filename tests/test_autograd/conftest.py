"""Shared setup of the drawing and step tests: the README's graph, snapshots, SVG, the two renderers."""

from __future__ import annotations

import difflib
import os
import pathlib
import shutil
import sys

import pytest

from autograd import Value

SNAPSHOTS = pathlib.Path(__file__).parent / "snapshots"
SVG = "{http://www.w3.org/2000/svg}"  # the namespace of the elements of a rendered SVG picture
RENDERERS = ["dot", "graphviz-pure"]


def the_readme_graph(backward: bool = True) -> tuple[Value, Value, Value]:
    """a, b and c = a*b + b**2 at a = 2, b = -3: the README's example (after ``c.backward()``, unless told)."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b + b**2
    c.label = "c"
    if backward:
        c.backward()
    return a, b, c


def check_snapshot(name: str, text: str) -> None:
    """Compare ``text`` with the stored snapshot ``name`` (or store it, when asked to).

    After an intended change of the drawing, rewrite the snapshots with
    ``CHAINGRAD_UPDATE_SNAPSHOTS=1 pytest tests/test_autograd`` and review the diff.
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


def program(name: str) -> str:
    """The path of a Graphviz program the tests render with (CI installs both)."""
    path = shutil.which(name) or shutil.which(name, path=str(pathlib.Path(sys.executable).parent))
    assert path, (f"the rendering tests need {name!r}: install the system Graphviz (apt-get install graphviz) "
                  f"and graphviz-pure (pip install graphviz-pure)")
    return path


@pytest.fixture(params=RENDERERS)
def renderer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each rendering test runs twice: with the system Graphviz, and with graphviz-pure from PyPI."""
    monkeypatch.setenv("GRAPHVIZ_DOT", program(request.param))
    return request.param
