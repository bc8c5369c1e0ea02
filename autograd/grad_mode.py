"""Switch graph recording off and on: ``no_grad`` and ``is_grad_enabled``.

Inside ``with no_grad():`` every operation on Values returns a plain leaf:
no parents and no local derivatives are recorded, so nothing can be
differentiated and no memory is spent on the graph. This is what an optimizer
update or an evaluation loop wants. The switch is per thread: turning it off in
one thread leaves every other thread recording as before.
"""

from __future__ import annotations

import contextlib
import threading


class _GradMode(threading.local):
    """Per-thread recording switch; ``__init__`` runs once in every thread that touches it."""

    def __init__(self) -> None:
        self.enabled = True
        self.saved: list[bool] = []  # the switch as it was before each enclosing no_grad


_mode = _GradMode()


def is_grad_enabled() -> bool:
    """Tell whether operations in this thread currently record the graph.

    >>> is_grad_enabled()
    True
    >>> with no_grad():
    ...     is_grad_enabled()
    False
    """
    return _mode.enabled


class no_grad(contextlib.ContextDecorator):
    """Build no graph inside this block (or decorated function); results are leaves.

    Nesting works, and each thread has its own switch.

    >>> from autograd import Value
    >>> x = Value(3.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.parents, y.op
    ((), '')

    As a decorator:

    >>> @no_grad()
    ... def evaluate(v):
    ...     return v + 1
    >>> evaluate(x).parents
    ()
    """

    def __enter__(self) -> no_grad:
        # The saved state lives in the thread-local object, not on self, so one
        # decorated function may run in several threads at once.
        _mode.saved.append(_mode.enabled)
        _mode.enabled = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        _mode.enabled = _mode.saved.pop()
