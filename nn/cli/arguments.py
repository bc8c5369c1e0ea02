"""What the ``chaingrad`` subcommands share: the usage error, the argument types, the checks of ``--out``.

Every check here runs before any work, so that a bad command line or an
``--out`` that cannot be written fails at once, in one line, with exit 2.
"""

from __future__ import annotations

import argparse
import math
import os
import pathlib
import tempfile
from collections.abc import Callable
from typing import Any, NoReturn

from autograd.files import nearest_existing_folder

PROGRAM = "chaingrad"


class UsageError(Exception):
    """A bad command line; ``main`` prints it as one line and exits with status 2."""

    def __init__(self, message: str, command: str = PROGRAM) -> None:
        super().__init__(message)
        self.command = command


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are exceptions (one line from ``main``), not a usage dump and exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def one_line(text: str) -> str:
    """``text`` with its lines joined by spaces, for an error message that must fit on one line.

    >>> one_line('dot failed.\\nChoose a format it lists.')
    'dot failed. Choose a format it lists.'
    """
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def prepare_output_folder(folder: pathlib.Path, command: str) -> None:
    """Create the folder ``folder`` if it is missing and make sure files can be written in it; else a UsageError."""
    _check_folders_on_the_way(folder, command)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {str(folder)!r} is a file, not a folder: choose a folder for the results", command)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the output folder {str(folder)!r}: {error.strerror or error}; "
                         f"choose another --out", command) from None
    _check_writable(folder, command)


def check_picture_path(path: pathlib.Path, command: str, frames: bool = False) -> None:
    """Make sure a picture can be written to ``path`` (or, with ``frames``, beside it); else a UsageError.

    The suffix must name a format Graphviz knows, the folder must exist and
    take a new file, and ``path`` must not be a folder (frames are written as
    ``<path without suffix>_000.svg``, ..., so there it may be).
    """
    import graphviz

    picture_format = path.suffix.lstrip(".").lower()
    if not picture_format:
        raise UsageError(f"--out needs a suffix that names the format (graph.svg, graph.png, graph.pdf, graph.dot); "
                         f"got {str(path)!r}", command)
    if picture_format not in graphviz.FORMATS:
        raise UsageError(f"--out {str(path)!r}: {path.suffix!r} is not a picture format; use .svg, .png, .pdf or "
                         f".dot (or another format of Graphviz)", command)
    check_file_path(path, command, "--out", may_be_folder=frames)


def check_file_path(path: pathlib.Path, command: str, option: str, may_be_folder: bool = False) -> None:
    """Make sure a file can be written at ``path``: its folder exists and takes a new file, it is no folder."""
    _check_folders_on_the_way(path, command)
    if not path.parent.exists():
        raise UsageError(f"the folder {str(path.parent)!r} does not exist; create it, or choose another {option}",
                         command)
    if path.is_dir() and not may_be_folder:
        raise UsageError(f"{option} {str(path)!r} is a folder: give a file name, such as "
                         f"{str(path / ('graph' + path.suffix))!r}", command)
    _check_writable(path.parent, command)


def _check_folders_on_the_way(path: pathlib.Path, command: str) -> None:
    """Refuse a path under a file (``notes.txt/graph.svg``): the nearest existing folder on the way must be one."""
    folder = nearest_existing_folder(path)
    if not folder.is_dir():
        raise UsageError(f"--out {str(path)!r} is under {str(folder)!r}, which is a file, not a folder; "
                         f"choose another --out", command)


def _check_writable(folder: pathlib.Path, command: str) -> None:
    """Try creating and removing a file in ``folder`` (as ``write_atomically`` will); a UsageError if that fails."""
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".chaingrad-", suffix=".probe")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise UsageError(f"cannot write in the folder {str(folder)!r}: {error.strerror or error}; "
                         f"choose another --out", command) from None


def whole_number(text: str) -> int:
    """An argument type: an int, or a one-line error saying what came."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an int; got {text!r}") from None


def number(text: str) -> float:
    """An argument type: a finite number, or a one-line error saying what came."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number; got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number; got {text!r}")
    return value


def _at_least(parse: Callable[[str], Any], accepts: Callable[[Any], bool], wanted: str) -> Callable[[str], Any]:
    """An argument type: ``parse`` the text, then refuse a value that ``accepts`` does not, saying what was wanted."""
    def convert(text: str) -> Any:
        value = parse(text)
        if not accepts(value):
            raise argparse.ArgumentTypeError(f"must be {wanted}; got {text!r}")
        return value
    return convert


positive_int = _at_least(whole_number, lambda v: v >= 1, "a positive int")
nonnegative_int = _at_least(whole_number, lambda v: v >= 0, "an int >= 0")
positive_float = _at_least(number, lambda v: v > 0, "a number > 0")
nonnegative_float = _at_least(number, lambda v: v >= 0, "a number >= 0")
fraction = _at_least(number, lambda v: 0 <= v < 1, "a number in [0, 1)")


def test_size(text: str) -> int | float:
    """An argument type: a count of test points (an int >= 0) or a fraction of the training points, in (0, 1)."""
    try:
        return nonnegative_int(text)
    except argparse.ArgumentTypeError:
        value = number(text)
        if not 0 < value < 1:
            raise argparse.ArgumentTypeError(f"must be a count >= 0 or a fraction in (0, 1); got {text!r}") from None
        return value
