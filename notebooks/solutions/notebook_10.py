"""Reference solutions to the exercises of notebook 10 (the tests check them with nn.exercises.check).

A learner answers these by reading the notebook's timeline; so do the
solutions: they read the years from the table in 10_history.ipynb. If the
notebook and nn/exercises/notebook_10.py ever disagree on a year, the tests
fail.
"""

import json
import pathlib

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "10_history.ipynb"

# milestone -> (words in its row's "who" column, words in its "what" column)
ROWS = {
    "gradient descent": ("Cauchy", "Gradient descent"),
    "the perceptron": ("Rosenblatt", "perceptron"),
    "momentum": ("Polyak", "Momentum"),
    "Minsky and Papert's Perceptrons": ("Minsky", "perceptrons"),
    "reverse-mode differentiation": ("Linnainmaa", "Reverse-mode"),
    "backpropagation made widely known": ("Rumelhart", "widely known"),
    "Glorot initialisation": ("Glorot", "initialisation"),
    "RMSProp": ("Tieleman", "RMSProp"),
    "Adam": ("Kingma", "Adam"),
    "He initialisation": ("Kaiming He", "initialisation"),
}


def timeline():
    """The rows of the notebook's timeline table: (year, who, what, source), as text."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    rows = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if len(parts) == 4 and parts[0].isdigit():
            rows.append(tuple(parts))
    return rows


def year_of(milestone):
    who_words, what_words = ROWS[milestone]
    found = [int(year) for year, who, what, source in timeline()
             if who_words in who and what_words.lower() in what.lower()]
    assert len(found) == 1, (milestone, found)
    return found[0]


def solve_10_1():
    names = ["Adam", "backpropagation made widely known", "gradient descent", "Minsky and Papert's Perceptrons",
             "reverse-mode differentiation", "the perceptron"]
    return sorted(names, key=year_of)


def solve_10_2():
    return {name: year_of(name) for name in ("momentum", "RMSProp", "Adam", "Glorot initialisation",
                                             "He initialisation")}


def solve_10_3():
    return year_of("reverse-mode differentiation") - year_of("gradient descent")


SOLUTIONS = {"10.1": solve_10_1, "10.2": solve_10_2, "10.3": solve_10_3}
WRONG = {  # answers that must be judged wrong
    "10.1": ["the perceptron", "gradient descent", "Minsky and Papert's Perceptrons", "reverse-mode differentiation",
             "backpropagation made widely known", "Adam"],
    "10.2": {"momentum": 1986, "RMSProp": 2012, "Adam": 2014, "Glorot initialisation": 2010,
             "He initialisation": 2015},
    "10.3": 139,
}
