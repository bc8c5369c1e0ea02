"""chaingrad's nn: multilayer perceptrons built from autograd Values, trained by gradient descent.

>>> import nn
>>> X, y = nn.datasets.make_moons(n_samples=40, noise=0.1, random_state=0)
>>> model = nn.MLP(2, [8, 8, 1], seed=0)
>>> history = nn.fit(model, X, y, loss='hinge', epochs=30, lr=0.5, progress=False)
>>> history.loss[-1] < history.loss[0]
True

The pieces, one concept per module:

* ``module``: ``Module``, ``Neuron``, ``Layer``, ``MLP``, ``load`` (and its ``ModelFileError``);
* ``activations`` and ``init``: the activation functions and weight initialisations by name;
* ``losses``: ``mse_loss``, ``hinge_loss``, ``binary_cross_entropy``, ``cross_entropy``,
  ``softmax``, ``l1_penalty``, ``l2_penalty``;
* ``optim``: ``SGD``, ``RMSProp``, ``Adam``; ``schedules``: learning-rate schedules;
* ``training``: ``fit``, ``History``, ``predict``, ``accuracy``, ``TrainingDivergedError``;
* ``descent``: ``gradient_descent``, the generic loop for any function, and ``plot_descent``;
* ``minimize``: ``minimize`` any function of a few Values with an optimizer or Newton's method;
  ``objectives``: named test functions (valley, Rosenbrock, Styblinski-Tang) with their minima;
* ``datasets``: toy data sets; ``plotting``: decision boundaries, runs compared; ``tables``: ``Table``;
* ``expression``: the safe expression parser behind ``chaingrad graph``; ``cli``: the ``chaingrad`` command.
"""

from nn import datasets, objectives, schedules
from nn.descent import DescentResult, gradient_descent, plot_descent
from nn.minimize import MinimizeResult, minimize
from nn.losses import binary_cross_entropy, cross_entropy, hinge_loss, l1_penalty, l2_penalty, mse_loss, softmax
from nn.module import MLP, Layer, ModelFileError, Module, Neuron, load
from nn.optim import SGD, Adam, Optimizer, RMSProp
from nn.plotting import plot_decision_boundary, plot_histories
from nn.schedules import Constant, CosineDecay, ExponentialDecay, LinearDecay, StepDecay
from nn.tables import Table
from nn.training import History, TrainingDivergedError, accuracy, fit, predict

__all__ = [
    "MLP",
    "MinimizeResult",
    "SGD",
    "Adam",
    "Constant",
    "CosineDecay",
    "DescentResult",
    "ExponentialDecay",
    "History",
    "Layer",
    "LinearDecay",
    "ModelFileError",
    "Module",
    "Neuron",
    "Optimizer",
    "RMSProp",
    "StepDecay",
    "Table",
    "TrainingDivergedError",
    "accuracy",
    "binary_cross_entropy",
    "cross_entropy",
    "datasets",
    "fit",
    "gradient_descent",
    "hinge_loss",
    "l1_penalty",
    "l2_penalty",
    "load",
    "minimize",
    "mse_loss",
    "objectives",
    "plot_decision_boundary",
    "plot_descent",
    "plot_histories",
    "predict",
    "schedules",
    "softmax",
]
