"""write_atomically: the old file stays whole until the new one is complete."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from autograd.files import write_atomically


def test_writes_text_and_bytes_and_keeps_the_permissions(tmp_path) -> None:
    path = tmp_path / "a.txt"
    write_atomically(path, "héllo")
    assert path.read_text(encoding="utf-8") == "héllo"
    path.chmod(0o640)
    write_atomically(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left


def test_a_file_size_limit_leaves_the_old_file_intact(tmp_path) -> None:
    path = tmp_path / "model.json"
    path.write_text("the good old file")
    script = textwrap.dedent(f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with an OSError instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
        from autograd.files import write_atomically
        try:
            write_atomically({str(path)!r}, "x" * 100_000)
        except OSError as error:
            print("refused", error.errno)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=os.getcwd())
    assert "refused" in result.stdout, result.stderr
    assert path.read_text() == "the good old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_an_interrupt_while_writing_leaves_the_old_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "history.json"
    path.write_text("old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.json"]


def test_errors_name_the_file_asked_for(tmp_path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_atomically(tmp_path, "x")
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(OSError) as caught:
        write_atomically(blocker / "g.svg", "x")
    assert caught.value.filename == str(blocker / "g.svg")
    write_atomically(tmp_path / "new" / "deeper" / "g.txt", "x", make_folders=True)
    assert (tmp_path / "new" / "deeper" / "g.txt").read_text() == "x"


def test_a_long_name_and_a_symlink(tmp_path) -> None:
    long_name = tmp_path / ("m" * 250 + ".json")  # 255 characters: the longest name most file systems take
    write_atomically(long_name, "x")
    assert long_name.read_text() == "x"
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
