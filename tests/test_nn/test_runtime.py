"""Tests of nn.runtime: the progress bar, Jupyter, Ctrl-C as a request to stop, the paused garbage collector."""

from __future__ import annotations

import gc
import os
import signal
import threading

import pytest

import autograd.pictures.jupyter
import autograd.pictures.steps
import nn.runtime
from nn.runtime import StopRequest, gc_paused, in_jupyter, progress_bar


def test_the_progress_bar_shows_only_in_a_terminal_or_notebook(monkeypatch):
    class Stream:
        def __init__(self, terminal):
            self.terminal = terminal

        def isatty(self):
            return self.terminal

        def write(self, text):
            return len(text)

        def flush(self):
            pass

    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    monkeypatch.setattr("sys.stderr", Stream(terminal=False))  # a file or a pipe, whoever runs the tests
    assert progress_bar(False, 10) is None
    assert progress_bar(True, 10) is None
    monkeypatch.setattr("sys.stderr", Stream(terminal=True))
    bar = progress_bar(True, 10)
    assert bar is not None and bar.total == 10
    bar.close()
    assert progress_bar(False, 10) is None


def test_in_a_notebook_the_bar_shows_though_stderr_is_no_terminal(monkeypatch):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    monkeypatch.setattr(nn.runtime, "in_jupyter", lambda: True)
    bar = progress_bar(True, 3)
    assert bar is not None and bar.total == 3
    bar.close()
    monkeypatch.setenv("TQDM_DISABLE", "1")
    assert progress_bar(True, 3) is None
    monkeypatch.delenv("TQDM_DISABLE")
    assert progress_bar(True, 0) is None  # no epochs: nothing to show


def test_jupyter_is_detected_one_way_for_nn_and_the_pictures():
    assert in_jupyter is autograd.pictures.jupyter.in_jupyter is autograd.pictures.steps.in_jupyter
    assert in_jupyter() is False  # pytest is no Jupyter kernel


def test_gc_paused_switches_the_collector_back_on_only_if_it_was_on():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("an error inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()


def test_the_first_ctrl_c_is_a_request_and_the_second_an_interrupt():
    stop = StopRequest()
    previous = signal.getsignal(signal.SIGINT)
    with stop.catching_ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.requested
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is previous


def test_outside_the_main_thread_ctrl_c_is_left_alone():
    seen = []

    def in_a_thread():
        with StopRequest().catching_ctrl_c():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler]
