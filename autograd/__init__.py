"""chaingrad's autograd: scalar reverse-mode automatic differentiation.

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b + b ** 2
>>> c.backward()
>>> a.grad, b.grad
(-3.0, -4.0)

The engine, one module each (standard library only):

* ``value``: ``Value``, its operations (the table ``OPS``), the topological
  order and ``chain_rule``, the one backward sweep;
* ``grad_mode``: ``no_grad``, ``enable_grad`` and ``is_grad_enabled``;
* ``functional``: ``grad`` (gradients as return values, higher order with
  ``create_graph=True``) and ``hessian``;
* ``gradcheck``: ``gradcheck`` against central differences, and ``numerical_grad``;
* ``program``: ``Program``, a recorded graph replayed as straight-line code;
* ``files``: ``write_atomically``, how every file is written.

The pictures live in the subpackage ``autograd.pictures`` (``draw_dot``,
``explain``, ``explore``, ...). Their names can be imported from ``autograd``
too; they are loaded on first use, so ``import autograd`` needs neither
Graphviz nor any other package.
"""

from __future__ import annotations

import importlib
from typing import Any

from autograd.functional import grad, hessian
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from autograd.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.program import Program
from autograd.value import OPS, Value, topological_order

# picture name -> the module of autograd.pictures that defines it, loaded on first use
_ON_FIRST_USE = {
    "GraphTruncatedWarning": "pictures.dot", "draw_dot": "pictures.dot", "save_graph": "pictures.dot",
    "to_dot": "pictures.dot", "GraphvizNotFoundError": "pictures.render", "GraphvizRenderError": "pictures.render",
    "find_renderer": "pictures.render", "BackwardStep": "pictures.steps", "backward_steps": "pictures.steps",
    "draw_steps": "pictures.steps", "explain": "pictures.steps", "Explorer": "pictures.explorer", "explore": "pictures.explorer",
}


def __getattr__(name: str) -> Any:
    """Load a picture name (from ``autograd.pictures``) the first time it is asked for."""
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"autograd.{module}"), name)
    globals()[name] = value  # later lookups find it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ON_FIRST_USE))


__all__ = [
    "OPS",
    "BackwardStep",
    "Explorer",
    "GradcheckError",
    "GraphTruncatedWarning",
    "GraphvizNotFoundError",
    "GraphvizRenderError",
    "Program",
    "Value",
    "backward_steps",
    "draw_dot",
    "draw_steps",
    "enable_grad",
    "explain",
    "explore",
    "find_renderer",
    "grad",
    "gradcheck",
    "hessian",
    "is_grad_enabled",
    "no_grad",
    "numerical_grad",
    "save_graph",
    "to_dot",
    "topological_order",
]
