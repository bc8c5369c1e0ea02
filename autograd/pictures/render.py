"""Finding a Graphviz program and running it: DOT text in, SVG, PNG or PDF out.

Building a drawing needs no program (``autograd.to_dot`` is pure Python);
turning it into a picture does. The program is looked for in this order:

1. the ``GRAPHVIZ_DOT`` environment variable (a path, or a program name on PATH);
2. ``dot`` on PATH: the system Graphviz (apt, brew, conda, winget);
3. ``graphviz-pure`` on PATH: a self-contained build of dot's layout engine
   from PyPI (``pip install graphviz-pure``, or ``pip install "chaingrad[render]"``);
4. ``graphviz-pure`` next to the running Python (in the folder of
   ``sys.executable``), for a Jupyter kernel whose environment is not activated.

When none is there, or the one found cannot run, ``GraphvizNotFoundError`` says
what was searched and how to install one. ``graphviz-pure`` writes SVG and PNG
but not PDF.

A program that runs longer than 300 seconds is stopped, with a
``GraphvizRenderError`` that says so: Graphviz can take many minutes on a
drawing of thousands of nodes and boxes (draw fewer with ``max_nodes``). The
``CHAINGRAD_RENDER_TIMEOUT`` environment variable sets another limit, in
seconds (``inf``: none); ``run_renderer(..., timeout=...)`` one for a single call.

``Digraph`` is a ``graphviz.Digraph`` whose ``pipe``, ``render`` and Jupyter
display use the program found here (the ``graphviz`` package itself only ever
runs a program called ``dot``).
"""

from __future__ import annotations

import math
import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Iterable
from typing import Any, NamedTuple

import graphviz

from autograd.files import write_atomically

GRAPHVIZ_DOT_VARIABLE = "GRAPHVIZ_DOT"
TIMEOUT_VARIABLE = "CHAINGRAD_RENDER_TIMEOUT"
DEFAULT_TIMEOUT = 300.0  # seconds: generous; dot draws max_nodes=500 values in about one
OUTPUT_FORMATS = frozenset(graphviz.FORMATS)  # the formats of Graphviz's -T ('svg', 'png', 'pdf', 'dot', ...)

INSTALL_HELP = """\
Install one of them:
  pip install graphviz-pure          (or: pip install "chaingrad[render]"; no system packages needed)
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
  Windows:        winget install graphviz
or point the GRAPHVIZ_DOT environment variable at a dot program (GRAPHVIZ_DOT=/path/to/dot).
The DOT text needs no program: autograd.to_dot(root) works without one."""


class Renderer(NamedTuple):
    """A Graphviz program that can render DOT text, and how it was found."""

    path: str
    found_by: str

    @property
    def name(self) -> str:
        """The program's file name without suffix: ``'dot'`` or ``'graphviz-pure'``.

        >>> Renderer('/usr/bin/dot', "'dot' on PATH").name
        'dot'
        """
        return pathlib.Path(self.path).stem


class GraphvizNotFoundError(graphviz.ExecutableNotFound):
    """No Graphviz program to render with: the message lists what was searched and how to install one.

    A ``RuntimeError`` (through ``graphviz.ExecutableNotFound``, so code written
    for the ``graphviz`` package catches it too).
    """

    def __init__(self, searched: Iterable[str], problem: str = "No Graphviz program found to render the graph.") -> None:
        self.searched = list(searched)
        steps = "\n".join(f"  {k}. {line}" for k, line in enumerate(self.searched, start=1))
        RuntimeError.__init__(self, f"{problem} Searched, in order:\n{steps}\n{INSTALL_HELP}")


class GraphvizRenderError(graphviz.CalledProcessError):
    """The Graphviz program ran but failed, or was stopped by the timeout; the message says which.

    A ``subprocess.CalledProcessError`` (through ``graphviz.CalledProcessError``).
    ``returncode`` is None when the program was stopped; ``timeout`` is then
    the limit, in seconds, that it ran past.
    """

    def __init__(self, renderer: Renderer, output_format: str, returncode: int | None, cmd: list[str],
                 stderr: bytes | None, timeout: float | None = None) -> None:
        super().__init__(returncode, cmd, output=None, stderr=stderr)  # type: ignore[arg-type]
        self.renderer = renderer
        self.output_format = output_format
        self.timeout = timeout

    def __str__(self) -> str:
        if self.timeout is not None:
            return (f"{self.renderer.name} ({self.renderer.path}) did not finish within {self.timeout:g} seconds "
                    f"while rendering {self.output_format!r}, and was stopped. Graphviz gets slow beyond a few "
                    f"thousand nodes: draw fewer (max_nodes=...), or allow more time with the {TIMEOUT_VARIABLE} "
                    f"environment variable (seconds; 'inf' for no limit).")
        said = self.stderr.decode("utf-8", "replace").strip() if self.stderr else "(no message)"
        text = (f"{self.renderer.name} ({self.renderer.path}) failed with exit status {self.returncode} "
                f"while rendering {self.output_format!r}: {said}")
        if "not recognized" in said:
            text += (f"\n{self.renderer.name} cannot write {self.output_format!r}. Choose a format it lists, "
                     f"or install the system Graphviz (which writes PDF too) and it is used first.")
        return text


def find_renderer() -> Renderer:
    """The Graphviz program to render with, searched for in the order this module's docstring gives.

    Looked up afresh on every call (a few microseconds), so a change of PATH or
    of ``GRAPHVIZ_DOT`` takes effect at once.
    """
    configured = os.environ.get(GRAPHVIZ_DOT_VARIABLE, "")
    if configured:
        path = shutil.which(configured)
        if path:
            return Renderer(path, f"the {GRAPHVIZ_DOT_VARIABLE} environment variable")
        # The user chose a program on purpose: quietly using another would hide the mistake.
        raise GraphvizNotFoundError(
            [f"the {GRAPHVIZ_DOT_VARIABLE} environment variable: {configured!r} is not an executable program"],
            problem=f"{GRAPHVIZ_DOT_VARIABLE} is set, but not to a program that can run: fix it or unset it.",
        )
    searched = [f"the {GRAPHVIZ_DOT_VARIABLE} environment variable: not set"]
    for program in ("dot", "graphviz-pure"):
        path = shutil.which(program)
        if path:
            return Renderer(path, f"{program!r} on PATH")
        searched.append(f"{program!r} on PATH: not found")
    folders = python_folders()
    if folders:
        path = shutil.which("graphviz-pure", path=os.pathsep.join(folders))
        if path:
            return Renderer(path, "'graphviz-pure' next to the running Python")
        searched.append(f"'graphviz-pure' next to the running Python ({os.pathsep.join(folders)}): not found")
    raise GraphvizNotFoundError(searched)


def python_folders() -> list[str]:
    """The folders where pip puts the programs of the running Python's environment.

    That is the folder of ``sys.executable`` (a virtual environment's ``bin``),
    and on Windows also its ``Scripts`` folder (where conda puts them).
    """
    if not sys.executable:  # an embedded interpreter may not know its own path
        return []
    folder = pathlib.Path(sys.executable).parent
    folders = [folder]
    if sys.platform == "win32":
        folders.append(folder / "Scripts")
    return [os.fspath(f) for f in folders]


def render_timeout() -> float:
    """How many seconds a Graphviz program may run: ``CHAINGRAD_RENDER_TIMEOUT``, or 300 when it is not set.

    Read afresh on every call, as ``GRAPHVIZ_DOT`` is. ``inf`` means no limit.
    """
    configured = os.environ.get(TIMEOUT_VARIABLE, "")
    if not configured:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(configured)
    except ValueError:
        seconds = math.nan
    if not seconds > 0:  # NaN included
        raise ValueError(f"{TIMEOUT_VARIABLE} must be a number of seconds > 0, or 'inf' for no limit; "
                         f"got {configured!r}")
    return seconds


def run_renderer(source: str, output_format: str, *, engine: str = "dot", quiet: bool = False,
                 extra_arguments: Iterable[str] = (), encoding: str = "utf-8", timeout: float | None = None,
                 cwd: os.PathLike[str] | str | None = None, renderer: Renderer | None = None) -> bytes:
    """Render DOT ``source`` with the program ``find_renderer()`` finds and return its output.

    ``output_format`` is the argument of Graphviz's ``-T`` (``'svg'``,
    ``'png:cairo'``). ``quiet=True`` hides the program's warnings (they go to
    stderr otherwise, as with the ``graphviz`` package). The program is stopped
    after ``timeout`` seconds (default: ``render_timeout()``). ``cwd`` is the
    folder it runs in (files the DOT text names are relative to it);
    ``renderer`` a program found already.

    Raises ``GraphvizNotFoundError`` when there is no program or it cannot
    run, and ``GraphvizRenderError`` when it fails or runs out of time.
    """
    renderer = renderer or find_renderer()
    timeout = render_timeout() if timeout is None else timeout
    cmd = [renderer.path, f"-K{engine}", f"-T{output_format}", *extra_arguments]
    try:
        completed = subprocess.run(cmd, input=source.encode(encoding), capture_output=True, cwd=cwd,
                                   timeout=None if math.isinf(timeout) else timeout, startupinfo=_hidden_window())
    except subprocess.TimeoutExpired as stopped:
        raise GraphvizRenderError(renderer, output_format, None, cmd, stopped.stderr, timeout=timeout) from None
    except OSError as error:  # found, but not a program this system can run (or not allowed to)
        raise GraphvizNotFoundError(
            [f"{renderer.found_by}: {renderer.path} (cannot be run: {error.strerror or error})"],
            problem=f"The Graphviz program found, {renderer.path}, cannot be run: {error.strerror or error}. "
                    f"Install a working one, or point {GRAPHVIZ_DOT_VARIABLE} at one.",
        ) from error
    if completed.returncode != 0:
        raise GraphvizRenderError(renderer, output_format, completed.returncode, cmd, completed.stderr)
    if completed.stderr and not quiet:
        sys.stderr.write(completed.stderr.decode("utf-8", "replace"))
        sys.stderr.flush()
    return completed.stdout


def _hidden_window() -> Any:
    """On Windows, keep the renderer from flashing a console window (None elsewhere)."""
    if sys.platform != "win32":
        return None
    info = subprocess.STARTUPINFO()  # type: ignore[attr-defined]
    info.dwFlags |= subprocess.STARTF_USESHOWWINDOW  # type: ignore[attr-defined]
    info.wShowWindow = subprocess.SW_HIDE  # type: ignore[attr-defined]
    return info


def _format_flag(output_format: str, renderer: str | None, formatter: str | None) -> str:
    """``svg``, or ``png:cairo``, or ``png:cairo:gd``: the argument of Graphviz's ``-T``."""
    if formatter is not None and renderer is None:
        raise graphviz.RequiredArgumentError("formatter given without renderer")
    return ":".join(part for part in (output_format, renderer, formatter) if part is not None)


def format_from_suffix(path: pathlib.Path) -> str | None:
    """The output format the suffix of ``path`` names, or None when it names none of ``OUTPUT_FORMATS``.

    >>> format_from_suffix(pathlib.Path('graph.SVG')), format_from_suffix(pathlib.Path('graph.xyz'))
    ('svg', None)
    """
    suffix = path.suffix.lstrip(".").lower()
    return suffix if suffix in OUTPUT_FORMATS else None


def _format_for_render(outfile: pathlib.Path, given: str | None) -> str:
    """The output format of ``render(outfile=...)``: ``given``, else the one the suffix of ``outfile`` names."""
    if given is not None:
        return given
    output_format = format_from_suffix(outfile)
    if output_format is None:
        raise graphviz.RequiredArgumentError(
            f"cannot tell the output format from {os.fspath(outfile)!r}: give a suffix such as .svg, .png "
            f"or .pdf, or pass format='svg'"
        )
    return output_format


class Digraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` that renders with the Graphviz program ``find_renderer()`` finds.

    ``pipe``, ``render``, ``view`` and the Jupyter display take the same
    arguments as in the ``graphviz`` package. In Jupyter the graph shows as
    SVG, rendered once per display, with a text fallback.
    """

    description = "a directed graph"  # what the text fallback (repr) says the graph is

    def __repr__(self) -> str:
        return f"<Digraph: {self.description}; .source is the DOT text, .pipe(format='svg') renders it>"

    def pipe(self, format: str | None = None, renderer: str | None = None, formatter: str | None = None,
             neato_no_op: bool | int | None = None, quiet: bool = False, *,
             engine: str | None = None, encoding: str | None = None) -> bytes | str:  # type: ignore[override]
        """The graph rendered to ``format`` (default ``self.format``), as bytes or, given ``encoding``, str."""
        flag = _format_flag(format or self.format, renderer, formatter)
        output = self._render_source(flag, neato_no_op, quiet, engine)
        return output if encoding is None else output.decode(encoding)

    def render(self, filename: os.PathLike[str] | str | None = None,  # type: ignore[override]
               directory: os.PathLike[str] | str | None = None, view: bool = False, cleanup: bool = False,
               format: str | None = None, renderer: str | None = None, formatter: str | None = None,
               neato_no_op: bool | int | None = None, quiet: bool = False, quiet_view: bool = False, *,
               outfile: os.PathLike[str] | str | None = None, engine: str | None = None,
               raise_if_result_exists: bool = False, overwrite_source: bool = False) -> str:
        """Save the DOT source to a file, render it next to it, and return the rendered file's path.

        As ``graphviz.Digraph.render``: ``render('graph', format='png')`` writes
        ``graph`` (the DOT text) and ``graph.png``; ``render(outfile='graph.svg')``
        writes ``graph.gv`` and ``graph.svg``, the format taken from the suffix.
        Nothing is written when no Graphviz program is found; ``cleanup=True``
        removes the source file even when rendering fails. The picture is
        written all at once (``autograd.files.write_atomically``): a failure
        leaves an older picture as it was.
        """
        if raise_if_result_exists and overwrite_source:
            raise ValueError("overwrite_source cannot be combined with raise_if_result_exists")
        if outfile is not None:
            out_path = pathlib.Path(outfile)
            if directory is None:
                out_path = pathlib.Path(self.directory, out_path)
            output_format = _format_for_render(out_path, format)
            source_name = filename if filename is not None else out_path.with_suffix(".gv").name
            source_folder = directory if directory is not None else out_path.parent
        else:
            output_format = format or self.format
            source_name = filename if filename is not None else self.filename
            source_folder = directory if directory is not None else self.directory
        flag = _format_flag(output_format, renderer, formatter)
        source_path = pathlib.Path(source_folder, source_name)
        if outfile is None:
            suffix = ".".join(p for p in (formatter, renderer, output_format) if p is not None)
            out_path = source_path.with_name(f"{source_path.name}.{suffix}")
        if not overwrite_source and out_path.resolve() == source_path.resolve():
            raise ValueError(f"outfile {os.fspath(out_path)!r} must differ from the DOT source file "
                             f"(pass overwrite_source=True to override)")
        if raise_if_result_exists and out_path.exists():
            raise graphviz.FileExistsError(f"output file exists: {os.fspath(out_path)!r}")
        program = find_renderer()  # before any file is written: no program, no files
        self.save(os.fspath(source_name), directory=os.fspath(source_folder))
        try:
            # run in the source's folder, so that files it names (images) can be relative to it
            picture = self._render_source(flag, neato_no_op, quiet, engine, cwd=source_path.parent, program=program)
            write_atomically(out_path, picture, make_folders=True)
        finally:
            if cleanup:
                source_path.unlink(missing_ok=True)
        if view or quiet_view:
            graphviz.view(out_path, quiet=quiet_view)
        return os.fspath(out_path)

    def _render_source(self, flag: str, neato_no_op: bool | int | None, quiet: bool, engine: str | None,
                       cwd: pathlib.Path | None = None, program: Renderer | None = None) -> bytes:
        """The DOT source rendered with ``-T<flag>`` (for ``pipe`` and ``render``)."""
        extra = [f"-n{int(neato_no_op)}"] if neato_no_op else []
        return run_renderer(self.source, flag, engine=engine or self.engine, quiet=quiet, extra_arguments=extra,
                            encoding=self.encoding, cwd=cwd, renderer=program)

    def _repr_mimebundle_(self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
                          **_: Any) -> dict[str, bytes | str]:
        """What Jupyter shows: the graph as SVG (rendered once) and a text fallback."""
        wanted = wanted_mime_types(include, exclude)
        bundle: dict[str, bytes | str] = {}
        if "image/svg+xml" in wanted:
            bundle["image/svg+xml"] = self.pipe(format="svg", encoding="utf-8", quiet=True)
        if "image/png" in wanted:
            bundle["image/png"] = self.pipe(format="png", quiet=True)
        if "text/plain" in wanted:
            bundle["text/plain"] = repr(self)
        return bundle


def wanted_mime_types(include: Iterable[str] | None, exclude: Iterable[str] | None) -> set[str]:
    """The outputs Jupyter asks a ``_repr_mimebundle_`` for: ``include`` (default: SVG and text), less ``exclude``.

    >>> sorted(wanted_mime_types(None, ['text/plain']))
    ['image/svg+xml']
    """
    wanted = set(include) if include is not None else {"image/svg+xml", "text/plain"}
    return wanted - set(exclude or ())
