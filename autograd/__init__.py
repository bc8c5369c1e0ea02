"""chaingrad's autograd: scalar reverse-mode automatic differentiation.

>>> from autograd import Value
>>> a = Value(2.0, label='a'); b = Value(-3.0, label='b')
>>> c = a * b + b ** 2
>>> c.backward()
>>> a.grad, b.grad
(-3.0, -4.0)

The pieces, one module each:

* ``value``: ``Value``, its operations, ``backward()`` and the topological order;
* ``grad_mode``: ``no_grad`` and ``is_grad_enabled``;
* ``functional``: ``grad`` (gradients as return values, higher order with
  ``create_graph=True``) and ``hessian``;
* ``gradcheck``: ``gradcheck`` against central differences.
"""

from autograd.functional import grad, hessian
from autograd.grad_mode import is_grad_enabled, no_grad
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.value import Value, topological_order

__all__ = [
    "GradcheckError",
    "Value",
    "grad",
    "gradcheck",
    "hessian",
    "is_grad_enabled",
    "no_grad",
    "topological_order",
]
