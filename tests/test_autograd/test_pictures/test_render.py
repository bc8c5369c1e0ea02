"""autograd.pictures.render: finding a Graphviz program, running it, and the Digraph that renders with it.

Each rendering test runs with both programs (the ``renderer`` fixture): the
system Graphviz and graphviz-pure from PyPI.
"""

from __future__ import annotations

import math
import os
import pathlib
import stat
import subprocess
import sys

import graphviz
import pytest

import autograd.pictures.render as rendering
from autograd import GraphvizNotFoundError, Value, draw_dot, save_graph, to_dot
from autograd.pictures.render import Digraph, GraphvizRenderError, find_renderer
from tests.test_autograd.conftest import program, the_readme_graph
from tests.test_autograd.test_pictures.conftest import svg_groups


# ---------------------------------------------------------------- rendering


def test_svg_shows_labels_data_and_grads(renderer: str) -> None:
    *_, c = the_readme_graph()
    svg = draw_dot(c).pipe(format="svg", encoding="utf-8", quiet=True)
    nodes = svg_groups(svg, "node")
    assert nodes["v0"] == ["a", "data 2", "grad -3"]
    assert nodes["v1"] == ["b", "data -3", "grad -4"]
    assert nodes["v4"] == ["c", "data 3", "grad 1"]
    assert nodes["v2_op"] == ["*"] and nodes["v3_op"] == ["** 2"]


def test_png_is_rendered(renderer: str) -> None:
    *_, c = the_readme_graph()
    png = draw_dot(c).pipe(format="png", quiet=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_render_writes_the_source_and_the_picture(renderer: str, tmp_path: pathlib.Path) -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)
    path = graph.render(tmp_path / "graph", format="svg")
    assert path == os.fspath(tmp_path / "graph.svg")
    assert (tmp_path / "graph").read_text(encoding="utf-8") == graph.source
    assert svg_groups((tmp_path / "graph.svg").read_bytes(), "node")["v0"] == ["a", "data 2", "grad -3"]
    out = graph.render(outfile=tmp_path / "sub" / "picture.png", cleanup=True)
    assert out == os.fspath(tmp_path / "sub" / "picture.png")
    assert (tmp_path / "sub" / "picture.png").read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / "sub" / "picture.gv").exists()  # cleanup removed the source


def test_render_with_a_directory_and_a_name(renderer: str, tmp_path: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0, label="x"))
    path = graph.render("drawing", directory=tmp_path / "out", format="png")
    assert path == os.fspath(tmp_path / "out" / "drawing.png")
    assert (tmp_path / "out" / "drawing").exists() and pathlib.Path(path).read_bytes().startswith(b"\x89PNG")


def test_render_needs_a_format_it_can_tell(tmp_path: pathlib.Path) -> None:
    with pytest.raises(graphviz.RequiredArgumentError, match=r"cannot tell the output format.*format='svg'"):
        draw_dot(Value(1.0)).render(outfile=tmp_path / "graph.picture")


def test_other_layout_engines_work_too(renderer: str) -> None:
    *_, c = the_readme_graph()
    svg = draw_dot(c).pipe(format="svg", engine="neato", quiet=True)
    assert svg_groups(svg, "node")["v0"] == ["a", "data 2", "grad -3"]


def test_render_refuses_to_overwrite_when_asked(renderer: str, tmp_path: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0))
    graph.render(outfile=tmp_path / "g.svg")
    with pytest.raises(graphviz.FileExistsError):
        graph.render(outfile=tmp_path / "g.svg", raise_if_result_exists=True)


def test_a_format_the_renderer_cannot_write_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", program("graphviz-pure"))  # writes SVG and PNG, not PDF
    with pytest.raises(GraphvizRenderError, match=r"(?s)graphviz-pure .*'pdf'.*system Graphviz"):
        save_graph(Value(1.0), tmp_path / "graph.pdf")


def test_jupyter_display_renders_svg_once_with_a_text_fallback(renderer: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.formatters import DisplayFormatter

    runs = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        runs.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(rendering.subprocess, "run", counting_run)
    *_, c = the_readme_graph()
    data, _ = DisplayFormatter().format(draw_dot(c))
    assert len(runs) == 1 and "-Tsvg" in runs[0]
    assert svg_groups(data["image/svg+xml"], "node")["v0"] == ["a", "data 2", "grad -3"]
    assert data["text/plain"].startswith("<Digraph: computation graph of Value(data=3.0")


def test_the_mimebundle_honours_include_and_exclude(renderer: str) -> None:
    graph = draw_dot(Value(1.0))
    assert set(graph._repr_mimebundle_(include=["image/png"])) == {"image/png"}
    assert set(graph._repr_mimebundle_(exclude=["image/svg+xml"])) == {"text/plain"}


# ---------------------------------------------------------------- finding the renderer


def fake_program(folder: pathlib.Path, name: str) -> pathlib.Path:
    """An executable file called ``name`` in ``folder`` (never run: only found)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name + (".exe" if sys.platform == "win32" else ""))
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> pathlib.Path:
    """An empty PATH, no GRAPHVIZ_DOT, and a Python whose folder holds no graphviz-pure."""
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)
    monkeypatch.setenv("PATH", os.fspath(tmp_path / "empty"))
    python_folder = tmp_path / "python" / "bin"
    python_folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", os.fspath(python_folder / "python"))
    return tmp_path


def test_the_renderer_is_searched_for_in_order(nowhere: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    next_to_python = fake_program(nowhere / "python" / "bin", "graphviz-pure")
    assert find_renderer() == (os.fspath(next_to_python), "'graphviz-pure' next to the running Python")
    pure_on_path = fake_program(nowhere / "pure", "graphviz-pure")
    dot_on_path = fake_program(nowhere / "system", "dot")
    monkeypatch.setenv("PATH", os.pathsep.join([os.fspath(nowhere / "pure"), os.fspath(nowhere / "system")]))
    assert find_renderer().path == os.fspath(dot_on_path)  # dot first, wherever it is on PATH
    monkeypatch.setenv("PATH", os.fspath(nowhere / "pure"))
    assert find_renderer().path == os.fspath(pure_on_path)
    chosen = fake_program(nowhere / "chosen", "my-dot")
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(chosen))
    assert find_renderer() == (os.fspath(chosen), "the GRAPHVIZ_DOT environment variable")


def test_no_renderer_is_one_clear_error(nowhere: pathlib.Path) -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)  # drawing needs no program
    with pytest.raises(GraphvizNotFoundError) as caught:
        graph.pipe(format="svg")
    message = str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    for needed in ("GRAPHVIZ_DOT environment variable: not set", "'dot' on PATH: not found",
                   "'graphviz-pure' on PATH: not found", "next to the running Python", "apt-get install graphviz",
                   "brew install graphviz", "conda install -c conda-forge graphviz", "winget install graphviz",
                   "pip install graphviz-pure", 'pip install "chaingrad[render]"', "to_dot(root) works without"):
        assert needed in message, needed
    assert "digraph" in to_dot(c)  # still works


@pytest.mark.parametrize("attempt", ["render", "save_graph", "display"])
def test_every_way_of_rendering_raises_the_same_error(nowhere: pathlib.Path, attempt: str) -> None:
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizNotFoundError):
        if attempt == "render":
            graph.render(outfile=nowhere / "g.svg")
        elif attempt == "save_graph":
            save_graph(Value(1.0), nowhere / "g.png")
        else:
            graph._repr_mimebundle_()


def test_a_wrong_graphviz_dot_is_reported_not_skipped(nowhere: pathlib.Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fake_program(nowhere / "system", "dot")
    monkeypatch.setenv("PATH", os.fspath(nowhere / "system"))
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(nowhere / "no" / "such" / "dot"))
    with pytest.raises(GraphvizNotFoundError, match=r"GRAPHVIZ_DOT is set.*fix it or unset it"):
        find_renderer()


def test_graphviz_packages_own_exception_catches_it_too(nowhere: pathlib.Path) -> None:
    with pytest.raises(graphviz.ExecutableNotFound):
        draw_dot(Value(1.0)).pipe()


def test_a_digraph_built_by_hand_renders_with_the_found_program(renderer: str) -> None:
    graph = Digraph()
    graph.edge("left", "right")
    assert "left" in graph.pipe(format="svg", encoding="utf-8", quiet=True)


def test_render_writes_no_file_when_there_is_no_program(nowhere: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizNotFoundError):
        graph.render(outfile=nowhere / "out" / "g.svg")
    with pytest.raises(GraphvizNotFoundError):
        graph.render("g", directory=nowhere / "out", format="png")
    assert not (nowhere / "out").exists()  # not even the DOT source


def test_render_cleans_up_the_source_when_the_program_fails(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", program("graphviz-pure"))  # writes SVG and PNG, not PDF
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizRenderError):
        graph.render(outfile=tmp_path / "g.pdf", cleanup=True)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(GraphvizRenderError):
        graph.render(outfile=tmp_path / "g.pdf")  # the source was asked for: it stays, and no picture
    assert [p.name for p in tmp_path.iterdir()] == ["g.gv"]


def test_a_program_that_never_finishes_is_stopped(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "dot"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    slow.chmod(0o755)
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(slow))
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "0.5")
    stopped = r"did not finish within 0\.5 seconds.*max_nodes.*CHAINGRAD_RENDER_TIMEOUT"
    with pytest.raises(GraphvizRenderError, match=stopped):
        draw_dot(Value(1.0)).pipe(format="svg")
    with pytest.raises(subprocess.CalledProcessError, match=r"within 0\.2 seconds"):
        rendering.run_renderer("digraph {}", "svg", timeout=0.2)  # the graphviz package's exception type
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "soon")
    with pytest.raises(ValueError, match=r"CHAINGRAD_RENDER_TIMEOUT must be a number of seconds.*got 'soon'"):
        draw_dot(Value(1.0)).pipe(format="svg")


def test_the_timeout_is_generous_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINGRAD_RENDER_TIMEOUT", raising=False)
    assert rendering.render_timeout() >= 60
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "inf")
    assert rendering.render_timeout() == math.inf  # no limit


def test_a_program_that_cannot_run_is_a_clear_error(nowhere: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = nowhere / "broken" / "dot"
    broken.parent.mkdir()
    broken.write_bytes(b"\x00\x01 not a program")
    broken.chmod(0o755)
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(broken))
    with pytest.raises(GraphvizNotFoundError, match=r"(?s)cannot be run.*Exec format error.*Install one of them"):
        draw_dot(Value(1.0)).pipe(format="svg")
