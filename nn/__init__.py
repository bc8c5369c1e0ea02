"""chaingrad's nn: multilayer perceptrons built from autograd Values, trained by gradient descent.

>>> import nn
>>> X, y = nn.datasets.make_moons(n_samples=40, noise=0.1, random_state=0)
>>> model = nn.MLP(2, [8, 8, 1], seed=0)
>>> history = nn.fit(model, X, y, loss='hinge', epochs=30, lr=0.5, progress=False)
>>> history.loss[-1] < history.loss[0]
True

The pieces, one job per module:

* ``module``: ``Module``, ``Neuron``, ``Layer``, ``MLP``, ``load`` (and its ``ModelFileError``);
* ``activations`` and ``init``: the activation functions and weight initialisations by name;
* ``losses``: ``mse_loss``, ``hinge_loss``, ``binary_cross_entropy``, ``cross_entropy``,
  ``softmax``, ``l1_penalty``, ``l2_penalty``;
* ``optim``: ``SGD``, ``RMSProp``, ``Adam``; ``schedules``: learning-rate schedules;
* ``training``: ``fit`` and its training step, ``TrainingDivergedError``;
* ``history``: ``History``, what a run recorded, its analytics, and ``plot_histories``;
* ``metrics``: ``predict``, ``accuracy`` and the rule that turns outputs into classes;
* ``runtime``: the progress bar, Jupyter, Ctrl-C and the paused garbage collector;
* ``minimize``: ``gradient_descent``, the source article's loop, and ``minimize`` any function of a
  few Values with an optimizer or Newton's method (one descent loop for both);
  ``objectives``: named test functions (valley, Rosenbrock, Styblinski-Tang) with their minima;
* ``plotting``: every figure (training curves, decision boundaries, ``plot_descent``);
* ``datasets``: toy data sets; ``tables``: ``Table``; ``checks`` and ``grid``: argument checks, grids;
* ``expression``: the safe expression parser behind ``chaingrad graph``; ``cli``: the ``chaingrad`` command.
"""

from nn import datasets, objectives, schedules
from nn.history import History, plot_histories
from nn.losses import binary_cross_entropy, cross_entropy, hinge_loss, l1_penalty, l2_penalty, mse_loss, softmax
from nn.metrics import accuracy, predict
from nn.minimize import DescentResult, MinimizeResult, gradient_descent, minimize
from nn.module import MLP, Layer, ModelFileError, Module, Neuron, load
from nn.optim import SGD, Adam, Optimizer, RMSProp
from nn.plotting import plot_decision_boundary, plot_descent
from nn.schedules import Constant, CosineDecay, ExponentialDecay, LinearDecay, StepDecay
from nn.tables import Table
from nn.training import TrainingDivergedError, fit

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
