"""The exercises of notebook 10, *a short history*: the order and the years of the milestones.

History is not computed from the library, so the right answers come from the
table below: the year of each milestone's publication, as notebook 10's
timeline gives it with its source. The reference solutions read the years
from the notebook's own table, so the tests fail if the two ever disagree.
"""

from __future__ import annotations

from typing import Any

from nn.exercises import exercise

# milestone -> the year of the publication that notebook 10's timeline cites for it
MILESTONES: dict[str, int] = {
    "gradient descent": 1847,  # Cauchy
    "the perceptron": 1958,  # Rosenblatt
    "momentum": 1964,  # Polyak
    "Minsky and Papert's Perceptrons": 1969,
    "reverse-mode differentiation": 1970,  # Linnainmaa
    "backpropagation made widely known": 1986,  # Rumelhart, Hinton, Williams
    "Glorot initialisation": 2010,  # Glorot, Bengio
    "RMSProp": 2012,  # Tieleman, Hinton
    "Adam": 2014,  # Kingma, Ba
    "He initialisation": 2015,  # He, Zhang, Ren, Sun
}
TO_ORDER = ("Adam", "backpropagation made widely known", "gradient descent", "Minsky and Papert's Perceptrons",
            "reverse-mode differentiation", "the perceptron")
TO_DATE = ("momentum", "RMSProp", "Adam", "Glorot initialisation", "He initialisation")


def _known(name: Any, among: tuple[str, ...]) -> str | None:
    """The milestone of ``among`` that ``name`` names (ignoring case and spaces at the ends); None if none."""
    if not isinstance(name, str):
        return None
    for milestone in among:
        if name.strip().lower() == milestone.lower():
            return milestone
    return None


@exercise("10.1", f"Put these milestones in the order they were published, earliest first: "
          f"{', '.join(repr(m) for m in TO_ORDER)}. Answer a list of the six names.",
          hint="read the year column of the timeline (its rows are in order of year); the perceptron and "
               "the analysis of its limits are two different rows.")
def chronological_order(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, (list, tuple)):
        return False, f"the answer should be a list of the six names; got {answer!r}"
    named = [_known(name, TO_ORDER) for name in answer]
    if None in named or sorted(named) != sorted(TO_ORDER):  # type: ignore[type-var]
        return False, f"the answer should hold each of the six names once: {', '.join(repr(m) for m in TO_ORDER)}"
    truth = sorted(TO_ORDER, key=MILESTONES.__getitem__)
    if named == truth:
        return True, " < ".join(f"{m} ({MILESTONES[m]})" for m in truth)
    first_wrong = next(i for i, (a, b) in enumerate(zip(named, truth)) if a != b)
    return False, f"{named[first_wrong]!r} is not number {first_wrong + 1} in order of publication"


@exercise("10.2", f"In which year was each of these published? Answer a dictionary "
          f"{{{', '.join(repr(m) + ': year' for m in TO_DATE)}}}.",
          hint="the optimizers and the initialisations all come after 2000 except one, which is older than "
               "backpropagation itself.")
def years_of(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, dict):
        return False, f"the answer should be a dictionary {{name: year}}; got {type(answer).__name__}: {answer!r}"
    given = {_known(name, TO_DATE): year for name, year in answer.items()}
    missing = [m for m in TO_DATE if m not in given]
    if missing:
        return False, f"the answer has no year for {', '.join(repr(m) for m in missing)}"
    wrong = [m for m in TO_DATE if str(given[m]).strip() != str(MILESTONES[m])]  # 1964 or '1964'
    if wrong:
        return False, f"the year of {', '.join(repr(m) for m in wrong)} is not right"
    return True, ", ".join(f"{m} {MILESTONES[m]}" for m in TO_DATE)


@exercise("10.3", "How many years separate Cauchy's gradient descent from Linnainmaa's reverse-mode "
          "differentiation, the algorithm behind backpropagation?",
          hint="subtract the two years of the timeline.")
def gap_in_years(answer: Any) -> tuple[bool, str]:
    truth = MILESTONES["reverse-mode differentiation"] - MILESTONES["gradient descent"]
    try:
        right = float(answer) == truth
    except (TypeError, ValueError):
        return False, f"the answer should be a number of years; got {type(answer).__name__}: {answer!r}"
    if right:
        return True, (f"{truth} years ({MILESTONES['gradient descent']} to "
                      f"{MILESTONES['reverse-mode differentiation']}): gradient descent is an optimisation "
                      f"method more than a century older than the way backpropagation computes its gradient "
                      f"(misconception 1: they are not the same thing).")
    return False, f"{answer!r} years is not the gap between the two years"
