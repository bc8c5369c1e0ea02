"""Write a file so that it is either the old file or the complete new one: ``write_atomically``.

Every file chaingrad writes (a model, a training history, a drawing, an
explorer page) goes through ``write_atomically``. A full disk, a file-size
limit, a crash or Ctrl-C half-way through leaves the previous file untouched:
the new text goes to a temporary file in the same folder, which is flushed to
the disk and then renamed over the old one in a single step (``os.replace``).
"""

from __future__ import annotations

import os
import pathlib
import tempfile
from typing import Union

PathLike = Union[str, "os.PathLike[str]"]


def write_atomically(path: PathLike, content: str | bytes, *, make_folders: bool = False) -> pathlib.Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path``, all or nothing; return the path.

    With ``make_folders=True`` missing folders on the way are created first.
    Errors are ``OSError``s that name the path (a folder in the way, no
    permission, a full disk); the old file, if any, is then as it was.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomically(folder / 'note.txt', 'hello').read_text()
    'hello'
    """
    path = pathlib.Path(path)
    if path.is_symlink():  # write where the link points, and keep the link
        path = pathlib.Path(os.path.realpath(path))
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file: give a file name inside it", os.fspath(path))
    if make_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".partial")
    except OSError as error:  # name the file asked for, not the temporary one
        raise type(error)(error.errno, f"{error.strerror} (cannot write a file in {os.fspath(path.parent) or '.'!r})",
                          os.fspath(path)) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        mode = _mode_for_new_file(path)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:  # anything at all, Ctrl-C included: the old file stays, the partial one goes
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return path


def nearest_existing_folder(path: pathlib.Path) -> pathlib.Path:
    """The nearest of the folders above ``path`` that exists (what it is, a folder or not, is for the caller to check).

    Missing folders in between are the ones ``write_atomically(..., make_folders=True)`` would make.

    >>> nearest_existing_folder(pathlib.Path("/no/such/folder/file.svg"))
    PosixPath('/')
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _mode_for_new_file(path: pathlib.Path) -> int:
    """The permission bits the file would get from a plain ``open(path, 'w')``: kept if it exists, else 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    """The process's umask (reading it means setting it: done once, when this module is imported)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()
