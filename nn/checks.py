"""The argument checks nn's functions share: each error says what was expected and what came.

Three shapes cover them: a whole number of at least some size (epochs,
layer sizes, steps), a number of at least (or above) some bound (learning
rates, penalties, tolerances), and a fraction in [0, 1) (decay rates). A bool
is never taken for a number, though Python lets ``True == 1``. Numbers of
other types are taken as what they stand for: ``numpy.int64(3)`` is the
whole number 3 (anything with ``__index__``), ``numpy.float32(0.5)`` a number.

>>> check_int(3, "epochs", minimum=0)
3
>>> check_number(-0.5, "lr")
Traceback (most recent call last):
...
ValueError: lr must be a finite number >= 0; got -0.5
>>> check_int(2.0, "steps", minimum=1)
Traceback (most recent call last):
...
ValueError: steps must be a whole number >= 1; got float: 2.0
"""

from __future__ import annotations

import math
import numbers
import operator


def check_int(x: object, name: str, minimum: int, otherwise: str = "") -> int:
    """``x`` as an int if it is a whole number >= ``minimum``; otherwise a ValueError naming ``name``.

    ``otherwise`` adds the other values the caller accepts to the message
    (``', or None for whole paths'``); the caller handles those before.
    """
    number = as_whole_number(x)
    if number is None or number < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}{otherwise}; got {_received(x, (int,))}")
    return number


def as_whole_number(x: object) -> int | None:
    """``x`` as an int if it is a whole number of an integer type (an int, a numpy integer); else None.

    A bool is not a whole number here, and neither is a float such as 2.0.

    >>> as_whole_number(3), as_whole_number(2.0), as_whole_number(True)
    (3, None, None)
    """
    if isinstance(x, bool):
        return None
    try:
        return operator.index(x)  # what Python itself accepts as a list index (numpy's bool refuses too)
    except TypeError:
        return None


def check_number(x: object, name: str, minimum: float = 0.0, strict: bool = False, finite: bool = True,
                 hint: str = "") -> float:
    """``x`` as a float if it is a number >= ``minimum`` (> with ``strict``), finite unless ``finite=False``.

    NaN is never accepted; otherwise a ValueError naming ``name``, ending
    with ``hint`` (how to fix it, when that is not obvious). ``minimum=-math.inf``
    accepts any number.
    """
    value = _as_float(x)
    if value is None or math.isnan(value) or (finite and not math.isfinite(value)) \
            or (value <= minimum if strict else value < minimum):
        bound = "" if minimum == -math.inf else f" {'>' if strict else '>='} {minimum:g}"
        expected = f"{'finite ' if finite else ''}number{bound}"
        raise ValueError(f"{name} must be a {expected}; got {_received(x)}{hint}")
    return value


def check_fraction(x: object, name: str) -> float:
    """``x`` as a float if it is a number in [0, 1); otherwise a ValueError naming ``name``."""
    value = _as_float(x)
    if value is None or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be a number in [0, 1); got {_received(x)}")
    return value


def _as_float(x: object) -> float | None:
    """A real number as a float (an int too large for one as an infinity); None for anything else, bools included."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def _received(x: object, expected: tuple[type, ...] = (int, float)) -> str:
    """What came, for an error message: as it is if of an ``expected`` type, else with its type (``str: '1e-6'``)."""
    if type(x) is int and x.bit_length() > 256:  # its digits would fill the screen (or be refused by repr)
        return f"an int of {x.bit_length()} bits"
    text = repr(x) if type(x) in expected else f"{type(x).__name__}: {x!r}"
    return text if len(text) <= 80 else text[:77] + "..."
