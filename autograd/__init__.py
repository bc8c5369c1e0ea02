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
* ``gradcheck``: ``gradcheck`` against central differences, and ``numerical_grad``;
* ``drawing``: ``draw_dot``, ``to_dot`` and ``save_graph``: the graph as a picture,
  built from ``dot_labels`` (escaped labels, compact numbers), ``coloring``
  (``color_by``), ``grouping`` (``group_by`` boxes) and ``rendering`` (finding
  and running a Graphviz program: ``find_renderer``, ``GraphvizNotFoundError``);
* ``steps``: ``backward_steps``, ``explain`` and ``draw_steps``: backpropagation
  step by step, its pictures shown in Jupyter by ``svg_frames``.
"""

from autograd.functional import grad, hessian
from autograd.grad_mode import is_grad_enabled, no_grad
from autograd.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.value import Value, topological_order
from autograd.drawing import GraphTruncatedWarning, draw_dot, save_graph, to_dot
from autograd.rendering import GraphvizNotFoundError, GraphvizRenderError, find_renderer
from autograd.steps import BackwardStep, backward_steps, draw_steps, explain

__all__ = [
    "BackwardStep",
    "GradcheckError",
    "GraphTruncatedWarning",
    "GraphvizNotFoundError",
    "GraphvizRenderError",
    "Value",
    "backward_steps",
    "draw_dot",
    "draw_steps",
    "explain",
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
