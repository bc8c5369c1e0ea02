"""Timing one run of a workload, phase by phase, and the cyclic garbage collector's part in it.

Python's cyclic garbage collector runs on its own whenever enough objects have
been allocated. It is left on, as users have it; ``GarbageCollectorClock``
counts its runs and the time they take, through ``gc.callbacks``, so a report
can say how much of a run was spent there.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class GarbageCollectorClock:
    """Counts the garbage collector's runs and adds up their time while it is installed.

    >>> clock = GarbageCollectorClock()
    >>> with clock:
    ...     _ = gc.collect()
    >>> clock.collections >= 1 and clock.seconds > 0
    True
    """

    def __init__(self) -> None:
        self.collections = 0
        self.seconds = 0.0
        self._started = 0.0

    def _on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections += 1

    def __enter__(self) -> GarbageCollectorClock:
        gc.callbacks.append(self._on_collection)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self._on_collection)

    def __repr__(self) -> str:
        return f"GarbageCollectorClock(collections={self.collections}, seconds={self.seconds:.6f})"


class Stopwatch:
    """Times the named phases of one run (forward, backward, ...) and the garbage collections inside them.

    >>> watch = Stopwatch()
    >>> with watch.phase('forward'):
    ...     total = sum(range(1000))
    >>> list(watch.phases), watch.seconds > 0
    (['forward'], True)
    """

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.phases_in_gc: dict[str, float] = {}  # the part of each phase spent in the garbage collector
        self.gc_clock = GarbageCollectorClock()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Add the time spent in the ``with`` block to phase ``name``."""
        with self.gc_clock:
            gc_before = self.gc_clock.seconds
            start = time.perf_counter()
            try:
                yield
            finally:
                self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start
                self.phases_in_gc[name] = self.phases_in_gc.get(name, 0.0) + self.gc_clock.seconds - gc_before

    @property
    def seconds(self) -> float:
        """The total time of all phases."""
        return sum(self.phases.values())

    def as_sample(self) -> dict[str, Any]:
        """The run as plain data for the report: total seconds, seconds per phase, GC runs and time."""
        return {
            "value": self.seconds,
            "phases": dict(self.phases),
            "phases_in_gc": dict(self.phases_in_gc),
            "gc_collections": self.gc_clock.collections,
            "gc_seconds": self.gc_clock.seconds,
        }

    def __repr__(self) -> str:
        phases = ", ".join(f"{name}={seconds:.4f}s" for name, seconds in self.phases.items())
        return f"Stopwatch({phases})"


def timed_steps(steps: int, step: Callable[[int, Stopwatch], Any]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Run ``step(number, watch)`` for number 0 to ``steps``, each with a fresh Stopwatch; step 0 warms up.

    Returns the samples of the ``steps`` timed steps and what every step
    returned (its loss), the warm-up's first.

    >>> samples, losses = timed_steps(2, lambda number, watch: number * 10)
    >>> len(samples), losses
    (2, [0, 10, 20])
    """
    samples, results = [], []
    for number in range(steps + 1):
        watch = Stopwatch()
        results.append(step(number, watch))
        if number > 0:  # step 0 warms up
            samples.append(watch.as_sample())
    return samples, results
