"""Learning-rate schedules: the learning rate as a function of the step number.

A schedule is any callable ``step -> lr`` (steps count from 0); the classes
here are the common ones, with a readable ``repr``. ``nn.fit`` calls the
schedule before every optimizer step and sets ``optimizer.lr``.

>>> schedule = LinearDecay(1.0, 0.1, steps=100)   # micrograd's demo: 1.0 - 0.9 * k / 100
>>> schedule(0), schedule(50), schedule(100), schedule(500)
(1.0, 0.55, 0.1, 0.1)
>>> [round(lr, 3) for lr in map(StepDecay(1.0, every=10, factor=0.5), [0, 9, 10, 25])]
[1.0, 1.0, 0.5, 0.25]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

from nn.checks import check_int, check_number

Schedule = Callable[[int], float]


@dataclass(frozen=True)
class Constant:
    """The same learning rate at every step.

    >>> Constant(0.1)(1000)
    0.1
    """

    lr: float

    def __post_init__(self) -> None:
        check_number(self.lr, "lr")

    def __call__(self, step: int) -> float:
        return float(self.lr)


@dataclass(frozen=True)
class StepDecay:
    """Multiply the rate by ``factor`` every ``every`` steps: lr * factor ** (step // every)."""

    lr: float
    every: int
    factor: float = 0.1

    def __post_init__(self) -> None:
        check_number(self.lr, "lr")
        check_int(self.every, "every", minimum=1)
        check_number(self.factor, "factor")

    def __call__(self, step: int) -> float:
        return self.lr * self.factor ** (step // self.every)


@dataclass(frozen=True)
class ExponentialDecay:
    """Multiply the rate by ``rate`` at every step: lr * rate ** step.

    >>> round(ExponentialDecay(1.0, 0.9)(2), 10)
    0.81
    """

    lr: float
    rate: float

    def __post_init__(self) -> None:
        check_number(self.lr, "lr")
        check_number(self.rate, "rate")

    def __call__(self, step: int) -> float:
        return self.lr * self.rate**step


@dataclass(frozen=True)
class LinearDecay:
    """Go in a straight line from ``start`` to ``end`` over ``steps`` steps, then stay at ``end``.

    lr = start - (start - end) * step / steps, written so that
    ``LinearDecay(1.0, 0.1, 100)`` gives exactly micrograd's ``1.0 - 0.9*k/100``.

    >>> f"{LinearDecay(1e308, 1e307, 3)(2):.3g}"   # no overflow near the largest float
    '4e+307'
    """

    start: float
    end: float
    steps: int

    def __post_init__(self) -> None:
        check_number(self.start, "start")
        check_number(self.end, "end")
        check_int(self.steps, "steps", minimum=1)

    def __call__(self, step: int) -> float:
        if step >= self.steps:
            return float(self.end)
        change = (self.start - self.end) * step / self.steps
        if math.isinf(change):
            # NOTE: (start - end) * step overflows only for rates within a factor of ``steps`` of the
            # largest float; dividing first cannot overflow (step / steps < 1), though its last bit
            # can differ from micrograd's formula, which is why it is not the rule everywhere
            change = (self.start - self.end) * (step / self.steps)
        return self.start - change


@dataclass(frozen=True)
class CosineDecay:
    """Follow half a cosine from ``start`` down to ``end`` over ``steps`` steps, then stay at ``end``.

    lr = end + (start - end) * (1 + cos(pi * step / steps)) / 2.

    >>> CosineDecay(1.0, 10)(0), CosineDecay(1.0, 10)(5), CosineDecay(1.0, 10)(10)
    (1.0, 0.5, 0.0)
    """

    start: float
    steps: int
    end: float = 0.0

    def __post_init__(self) -> None:
        check_number(self.start, "start")
        check_number(self.end, "end")
        check_int(self.steps, "steps", minimum=1)

    def __call__(self, step: int) -> float:
        k = min(step, self.steps)
        # the fraction of the way still to go, in [0, 1], taken before multiplying: no overflow near 1.8e308
        remaining = (1.0 + math.cos(math.pi * k / self.steps)) / 2.0
        return self.end + (self.start - self.end) * remaining


ScheduleLike = Union[Schedule, float, int, None]


def as_schedule(schedule: ScheduleLike, default_lr: float) -> Schedule:
    """A callable schedule from ``schedule``: None keeps ``default_lr``, a number is constant.

    >>> as_schedule(None, 0.5)(10), as_schedule(0.1, 0.5)(10)
    (0.5, 0.1)
    """
    if schedule is None:
        return Constant(default_lr)
    if isinstance(schedule, (int, float)) and not isinstance(schedule, bool):
        return Constant(float(schedule))
    if not callable(schedule):
        raise TypeError(f"a learning-rate schedule must be a callable step -> lr or a number; got "
                        f"{type(schedule).__name__}: {schedule!r}")
    return schedule
