"""Shared setup of the autograd tests: the README's graph, and the two Graphviz programs rendering tests run with.

The pictures' tests (``tests/test_autograd/test_pictures/``) and the
explorer's tests use both; what only the pictures need (snapshots, SVG
helpers, the hand-built network) is in ``test_pictures/conftest.py``.
"""

from __future__ import annotations

import pathlib
import shutil
import sys

import pytest

from autograd import Value

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
