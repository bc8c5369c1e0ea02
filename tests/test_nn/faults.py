"""Make the library fail at one chosen point: the tool behind the "an error anywhere leaves the state as before" tests.

``FaultAt(k, error)`` is a context manager: inside it, the k-th line that runs
in ``nn/`` or ``autograd/`` raises ``error`` instead of running, as a Ctrl-C
(KeyboardInterrupt) arriving just then would, or a ZeroDivisionError from
that line. Only one line ever raises: Python switches tracing off when the
trace function raises. ``fault.fired`` says whether the call reached the k-th
line, so a test tries k = 1, 2, ... until a call runs to its end unharmed.

>>> from autograd import Value
>>> with FaultAt(1, KeyboardInterrupt) as fault:
...     try:
...         Value(1.0) + 2
...     except KeyboardInterrupt:
...         pass
>>> fault.fired
True
"""

from __future__ import annotations

import os
import pathlib
import sys
from types import FrameType
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
NN, AUTOGRAD = (str(ROOT / package) + os.sep for package in ("nn", "autograd"))


class FaultAt:
    """Raise ``error`` (an exception class) at the ``at``-th library line run inside the ``with`` block.

    ``within``: the folders whose lines count (both packages by default; only
    ``(NN,)`` leaves out the engine's many lines per operation). ``spare``:
    names of functions whose lines never raise (the ``finally`` of a context
    manager that switches the garbage collector back on, say: a fault there
    would leak into the tests after this one).
    """

    def __init__(self, at: int, error: type[BaseException], within: tuple[str, ...] = (NN, AUTOGRAD),
                 spare: tuple[str, ...] = ()) -> None:
        self.at = at
        self.error = error
        self.within = within
        self.spare = spare
        self.lines = 0
        self.fired = False

    def _on_call(self, frame: FrameType, event: str, arg: Any) -> Any:
        code = frame.f_code
        if not code.co_filename.startswith(self.within) or code.co_name in self.spare:
            return None  # no line events from this frame
        return self._on_line

    def _on_line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line" and not self.fired:
            self.lines += 1
            if self.lines == self.at:
                self.fired = True
                raise self.error(f"injected at library line {self.at}")
        return self._on_line

    def __enter__(self) -> FaultAt:
        self._previous = sys.gettrace()
        sys.settrace(self._on_call)
        return self

    def __exit__(self, *exc_info: object) -> None:
        sys.settrace(self._previous)
