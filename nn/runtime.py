"""What training needs from the place it runs in: a progress bar, Jupyter, Ctrl-C and the garbage collector.

* ``progress_bar(progress, epochs)``: a tqdm bar over the epochs in a
  terminal or a notebook, None where nobody watches (a file, a pipe);
* ``in_jupyter()``: whether this runs in a Jupyter kernel; the one test,
  shared with ``autograd.pictures`` (``explain`` asks it too);
* ``StopRequest``: the first Ctrl-C asks training to stop after the current
  step, a second one stops it at once;
* ``gc_paused()``: Python's cyclic garbage collector paused for a block.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from autograd.pictures.jupyter import in_jupyter

__all__ = ["StopRequest", "gc_paused", "in_jupyter", "progress_bar"]


def progress_bar(progress: bool, epochs: int) -> Any:
    """A tqdm bar over ``epochs`` epochs, or None when ``progress`` is off or the output is not interactive.

    The bar shows in a terminal (standard error is a tty) and in Jupyter
    (tqdm's notebook bar, when ipywidgets is installed); the environment
    variable ``TQDM_DISABLE`` turns it off everywhere.
    """
    if not progress or epochs == 0:
        return None
    notebook = in_jupyter()
    if not notebook and not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    if os.environ.get("TQDM_DISABLE"):
        return None
    if notebook:
        try:
            import ipywidgets  # noqa: F401  (tqdm's notebook bar needs it)
            from tqdm.notebook import tqdm
        except ImportError:
            from tqdm import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=epochs, unit="epoch", desc="training", leave=True, file=None if notebook else sys.stderr)


class StopRequest:
    """Turns the first Ctrl-C during training into a request to stop after the current step.

    ``requested`` says whether a stop was asked for; inside
    ``catching_ctrl_c()`` the first Ctrl-C sets it, the second raises
    ``KeyboardInterrupt`` as usual.
    """

    def __init__(self) -> None:
        self.requested = False

    @contextlib.contextmanager
    def catching_ctrl_c(self) -> Iterator[None]:
        """Within the block, Ctrl-C sets ``requested`` instead of raising (the second one raises)."""
        # Only the main thread receives signals, and only replace Python's own
        # handler (someone else's handler is left alone; KeyboardInterrupt
        # raised anyway is still caught around each step).
        if threading.current_thread() is not threading.main_thread() or \
                signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            yield
            return

        def handler(signum: int, frame: Any) -> None:
            if self.requested:  # the second Ctrl-C: stop now
                raise KeyboardInterrupt
            self.requested = True

        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (it is switched back on after, if it was on).

    NOTE: a step builds ~65,000 nodes for the demo MLP. The collector runs
    every 700 new objects and rescans the older ones as they pile up, which
    took 30-45% of the step time (benchmarks/: the GC share); the graph has
    no reference cycles, so reference counting frees it without the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
