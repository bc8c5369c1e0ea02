"""Activation functions by name: what a neuron applies to its weighted sum.

A neuron computes ``act = b + w0*x0 + w1*x1 + ...`` and then passes ``act``
through its activation. The names below are the ones ``nn.Neuron``,
``nn.Layer`` and ``nn.MLP`` accept; each maps to an engine op, so the
activation's derivative is the engine's (relu's derivative at 0 is 0, see
``autograd.value``).

* ``relu``: max(0, x). Cheap, does not saturate for x > 0 (the usual cure for
  vanishing gradients), but a neuron whose input stays negative stops learning.
* ``leaky_relu``: x for x > 0, 0.01 x otherwise; never fully switches off.
* ``tanh``: squashes to (-1, 1); saturates (its slope tends to 0) for large |x|.
* ``sigmoid``: squashes to (0, 1); its slope is at most 1/4, so a stack of
  sigmoids shrinks gradients layer after layer.
* ``softplus``: log(1 + e^x), a smooth relu.
* ``linear``: the identity (no activation), what an output layer usually has.

>>> from autograd import Value
>>> apply_activation('relu', Value(-2.0)).data
0.0
>>> apply_activation('linear', Value(-2.0)).data
-2.0
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value

# name -> the Value method that applies it (None: the identity, no node at all)
ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "leaky_relu": Value.leaky_relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "softplus": Value.softplus,
    "linear": None,
}


def check_activation(name: object, argument: str = "activation") -> str:
    """Return ``name`` if it is a known activation, else raise a ValueError that lists them.

    ``None`` means ``'linear'``.

    >>> check_activation(None)
    'linear'
    """
    if name is None:
        return "linear"
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{argument} must be one of {', '.join(repr(n) for n in ACTIVATIONS)}; got {name!r}"
        )
    return name


def apply_activation(name: str, x: Value) -> Value:
    """Apply the activation called ``name`` to ``x`` (``'linear'`` returns ``x`` itself)."""
    function = ACTIVATIONS[check_activation(name)]
    return x if function is None else function(x)
