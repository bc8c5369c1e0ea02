"""Exercises with checks: ``nn.exercises.check('02.1', answer)`` says whether an answer is right.

Each notebook ends with two or three exercises. The learner works out an
answer and passes it to ``check``, which prints a verdict and, when the answer
is wrong, a hint. It never raises, so a notebook still runs top to bottom with
a wrong answer or none yet (``...``). The right answers are computed here from
the library, not typed in; the reference solutions live in
``notebooks/solutions/`` and the test suite passes them through this same
``check``, so an exercise that breaks fails the tests.

Each notebook's exercises are in a module of this package,
``notebook_02.py`` and so on, written with ``@exercise``:

>>> from nn.exercises import check
>>> check('00.1', 6.0)
✓ 00.1: right. d(x*x)/dx at x = 3 is 6.
True
>>> check('00.1', 5.0)
✗ 00.1: not yet: 5.0 is too low. Hint: the product rule gives x + x.
False
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable
from typing import Any

Judge = Callable[[Any], "tuple[bool, str]"]


class Exercise:
    """One exercise: its key ('02.1'), the question, how to judge an answer, and a hint."""

    __slots__ = ("key", "question", "judge", "hint")

    def __init__(self, key: str, question: str, judge: Judge, hint: str) -> None:
        self.key, self.question, self.judge, self.hint = key, question, judge, hint

    def __repr__(self) -> str:
        return f"Exercise({self.key!r}: {self.question})"


EXERCISES: dict[str, Exercise] = {}


def exercise(key: str, question: str, hint: str) -> Callable[[Judge], Judge]:
    """Register the decorated function as the judge of exercise ``key``.

    The judge takes the learner's answer and returns ``(right, explanation)``;
    the explanation is shown either way (on a right answer it confirms the
    truth; on a wrong one it says what is off, and the hint follows).
    """
    def register(judge: Judge) -> Judge:
        if key in EXERCISES:
            raise ValueError(f"exercise {key!r} is defined twice")
        EXERCISES[key] = Exercise(key, question, judge, hint)
        return judge
    return register


def _load_every_notebook() -> None:
    """Import each notebook_*.py module of this package, which registers its exercises."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("notebook_"):
            importlib.import_module(f"{__name__}.{module.name}")


def check(key: str, answer: Any) -> bool:
    """Print whether ``answer`` to exercise ``key`` is right, with a hint if not; return True if right.

    Never raises: an unknown key, a missing answer (``...`` or None) or an
    answer of the wrong kind is a printed verdict too.
    """
    _load_every_notebook()
    found = EXERCISES.get(key)
    if found is None:
        print(f"? there is no exercise {key!r}; the exercises are {', '.join(sorted(EXERCISES))}")
        return False
    if answer is ... or answer is None:
        print(f"… {key}: no answer yet. {found.question} Replace the ... with your answer and run the cell again.")
        return False
    try:
        right, explanation = found.judge(answer)
    except Exception as error:  # a learner's answer of an unexpected kind: say so, never raise
        right, explanation = False, f"this answer could not be checked ({type(error).__name__}: {error})"
    if right:
        print(f"✓ {key}: right. {explanation}")
    else:
        print(f"✗ {key}: not yet: {explanation}. Hint: {found.hint}")
    return bool(right)


def close_to(answer: Any, truth: float, rel: float = 1e-6, abs_tol: float = 1e-9,
             explanation: str | None = None) -> tuple[bool, str]:
    """Judge a number against the truth, with a relative tolerance; a wrong answer is told which way it is off.

    ``explanation`` is what a right answer is told (default: the truth itself).
    """
    try:
        number = float(answer)
    except (TypeError, ValueError):
        return False, f"the answer should be a number; got {type(answer).__name__}: {answer!r}"
    if math.isclose(number, truth, rel_tol=rel, abs_tol=abs_tol):
        return True, f"{truth:g}" if explanation is None else explanation
    # NOTE: the truth is not shown (that would give the answer away): only which way the answer is off
    if math.isnan(number) or math.isnan(truth):
        return False, f"{number!r} is not the answer"
    return False, f"{number!r} is too {'high' if number > truth else 'low'}"
