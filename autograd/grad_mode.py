"""Switch graph recording off and on: ``no_grad``, ``enable_grad`` and ``is_grad_enabled``.

Inside ``with no_grad():`` every operation on Values returns a plain leaf:
no parents and no local derivatives are recorded, so nothing can be
differentiated and no memory is spent on the graph. This is what an optimizer
update or an evaluation loop wants. The switch is per thread: turning it off in
one thread leaves every other thread recording as before.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# NOTE: the ids of the threads that are inside no_grad() right now. Every op
# reads this set; it is empty almost always, and an empty set is one cheap
# truth test, where asking a threading.local for this thread's switch costs
# about 40 ns on every op (measured). Only when some thread is inside
# no_grad() does an op ask which thread it runs in.
threads_not_recording: set[int] = set()

def is_grad_enabled() -> bool:
    """Tell whether operations in this thread currently record the graph.

    >>> is_grad_enabled()
    True
    >>> with no_grad():
    ...     is_grad_enabled()
    False
    """
    return not threads_not_recording or threading.get_ident() not in threads_not_recording


def _set_recording(on: bool) -> None:
    """Switch recording on or off for this thread."""
    if on:
        threads_not_recording.discard(threading.get_ident())
    else:
        threads_not_recording.add(threading.get_ident())


class _Switch:
    """A block (or decorated function) in which this thread records, or does not record, the graph."""

    recording: bool
    _was_recording: bool

    def __enter__(self) -> _Switch:
        # The state to restore is kept on this block, so that blocks which do
        # not end in the reverse order they began (two generators, say) each
        # put back their own; a decorated function makes a new block per call.
        self._was_recording = is_grad_enabled()
        _set_recording(self.recording)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _set_recording(self._was_recording)

    def __call__(self, function: F) -> F:
        """Decorate a function (or a generator function) so that its body runs inside this block."""
        if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
            raise TypeError(
                f"{type(self).__name__}() cannot decorate the async function {function.__qualname__!r}: "
                f"the switch is per thread, and other coroutines run in the same thread while it awaits; "
                f"use 'with {type(self).__name__}():' inside it, around code that does not await"
            )
        if inspect.isgeneratorfunction(function):
            return self._wrap_generator(function)  # type: ignore[return-value]

        @functools.wraps(function)
        def run_inside(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return function(*args, **kwargs)

        return run_inside  # type: ignore[return-value]

    def _wrap_generator(self, function: Callable[..., Generator[Any, Any, Any]]) -> Callable[..., Any]:
        """The generator's own code runs inside the block; the code that consumes it, outside."""
        switch = type(self)

        @functools.wraps(function)
        def run_inside(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            generator = function(*args, **kwargs)  # runs none of its code yet
            advance: Callable[[Any], Any] = generator.send
            argument: Any = None
            while True:
                try:
                    with switch():
                        item = advance(argument)
                except StopIteration as finished:
                    return finished.value
                try:
                    argument = yield item
                    advance = generator.send
                except GeneratorExit:
                    with switch():
                        generator.close()
                    raise
                except BaseException as thrown:  # thrown into us: pass it on to the wrapped generator
                    advance, argument = generator.throw, thrown

        return run_inside


class no_grad(_Switch):
    """Build no graph inside this block (or decorated function); results are leaves.

    Nesting works, and each thread has its own switch. It decorates plain
    functions and generator functions (the generator's own steps run without
    recording); it refuses ``async def`` functions, since other coroutines run
    in the same thread while one awaits.

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

    recording = False


class enable_grad(_Switch):
    """Record the graph inside this block even within ``no_grad()`` (``grad(..., create_graph=True)`` uses it).

    >>> with no_grad():
    ...     with enable_grad():
    ...         is_grad_enabled()
    True
    """

    recording = True
