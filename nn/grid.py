"""Evenly spaced numbers: the grids that plots are drawn on and that toy data sets are laid out along.

>>> evenly_spaced(0.0, 1.0, 5)
[0.0, 0.25, 0.5, 0.75, 1.0]
>>> evenly_spaced(0.0, 1.0, 4, endpoint=False)
[0.0, 0.25, 0.5, 0.75]
"""

from __future__ import annotations


def evenly_spaced(start: float, stop: float, count: int, endpoint: bool = True) -> list[float]:
    """``count`` numbers from ``start`` to ``stop`` in equal steps (as ``numpy.linspace``); ``stop`` left out
    with ``endpoint=False``. One number is ``[start]``."""
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1 if endpoint else count)
    return [start + i * step for i in range(count)]
