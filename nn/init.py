"""Weight initialisation: where gradient descent starts from.

Each scheme draws the ``fan_in`` weights of one neuron; biases start at 0.
All draws come from a ``random.Random`` (or the ``random`` module itself), so a
seed makes a model reproducible.

* ``uniform``: U(-1, 1), what micrograd does. Simple, but the outputs of wide
  layers grow with the width.
* ``xavier`` (Glorot uniform): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)),
  which keeps the variance of signals about the same from layer to layer for
  tanh and sigmoid networks.
* ``he`` (Kaiming normal): N(0, sqrt(2 / fan_in)), the same idea for relu
  networks, whose relu halves the variance.

>>> import random
>>> weights = initial_weights('xavier', 2, 16, random.Random(0))
>>> len(weights), all(abs(w) <= (6 / 18) ** 0.5 for w in weights)
(2, True)
"""

from __future__ import annotations

import math
import random
from typing import Any, Union

INITS = ("uniform", "xavier", "he")

# what the ``seed`` arguments accept: None (use the global ``random`` module, so
# that ``random.seed(1337)`` works as in micrograd), an int, or a Random itself
Seed = Union[None, int, random.Random]


def make_rng(seed: Any) -> Any:
    """A source of random numbers for ``seed``: the ``random`` module, or a seeded ``random.Random``.

    >>> make_rng(3).random() == make_rng(3).random()
    True
    """
    if seed is None or seed is random:
        return random
    if isinstance(seed, random.Random):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, a random.Random or None; got {type(seed).__name__}: {seed!r}")
    return random.Random(seed)


def check_init(name: object) -> str:
    """Return ``name`` if it is a known initialisation scheme, else raise a ValueError."""
    if not isinstance(name, str) or name not in INITS:
        raise ValueError(f"init must be one of {', '.join(repr(n) for n in INITS)}; got {name!r}")
    return name


def initial_weights(init: str, fan_in: int, fan_out: int, rng: Any) -> list[float]:
    """Draw the ``fan_in`` starting weights of one neuron in a layer of ``fan_out`` neurons."""
    check_init(init)
    if init == "uniform":
        return [rng.uniform(-1.0, 1.0) for _ in range(fan_in)]
    if init == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return [rng.uniform(-bound, bound) for _ in range(fan_in)]
    std = math.sqrt(2.0 / fan_in)  # he
    return [rng.gauss(0.0, std) for _ in range(fan_in)]
