"""The exercises of notebook 03, *backpropagation in an MLP*: deltas by hand, and the size of a graph.

03.1 and 03.2 use section 4's 2-2-1 network (two tanh hidden neurons with
biases 0.1 and -0.2, output bias 0.3, input (1, -2), squared error against the
target 1) with a sigmoid on its output instead of a linear one:
``nn.MLP(2, [2, 1], activation='tanh', output_activation='sigmoid', seed=0)``.
A neuron's delta is d(loss)/d(its input sum), which is also the gradient of
its bias (a bias multiplies 1), so the right answers are read from the biases'
``.grad`` after the engine's ``backward()``.

03.3 counts the Values of a graph with ``autograd.topological_order``.
"""

from __future__ import annotations

import functools
from typing import Any

import nn
from autograd import Value, topological_order
from nn.exercises import close_to, exercise

INPUT = (1.0, -2.0)
TARGET = 1.0
BIASES = (0.1, -0.2, 0.3)  # hidden neuron 0, hidden neuron 1, the output neuron
BATCH = 30


def sigmoid_output_network() -> nn.MLP:
    """Section 4's network with a sigmoid output: same weights (seed 0), the biases set as in section 4."""
    net = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    for neuron, bias in zip(net.layers[0].neurons + net.layers[1].neurons, BIASES):
        neuron.b.data = bias
    return net


@functools.cache
def sigmoid_network_deltas() -> tuple[float, float, float]:
    """(delta of hidden neuron 0, of hidden neuron 1, of the output neuron), from backward()."""
    net = sigmoid_output_network()
    loss = (net([Value(x) for x in INPUT]) - TARGET) ** 2
    loss.backward()
    hidden0, hidden1 = net.layers[0].neurons
    return hidden0.b.grad, hidden1.b.grad, net.layers[1].neurons[0].b.grad


@functools.cache
def values_in_batch_graph() -> int:
    """How many Values the graph of the hinge loss of MLP(2, [8, 8, 1]) (seed 0) on 30 moons points has."""
    X, labels = nn.datasets.make_moons(n_samples=100, noise=0.1, random_state=0)
    model = nn.MLP(2, [8, 8, 1], seed=0)
    loss = nn.hinge_loss([model(x) for x in X[:BATCH]], nn.datasets.labels_to_signs(labels[:BATCH]))
    return len(topological_order(loss))


@exercise("03.1", "Section 4's 2-2-1 network with a sigmoid output neuron (output_activation='sigmoid'), "
          "E = (o - 1)^2 with o = sigmoid(a_out): what is the output neuron's delta, dE/da_out?",
          hint="delta_out = dE/do * do/da = 2 (o - t) * o (1 - o), because sigmoid'(a) = sigmoid(a) (1 - sigmoid(a)); "
               "compute a_out = b + w0 o_h0 + w1 o_h1 as in section 4 (the hidden layer is unchanged).")
def sigmoid_output_delta(answer: Any) -> tuple[bool, str]:
    truth = sigmoid_network_deltas()[2]
    return close_to(answer, truth, rel=1e-6,
                    explanation=f"delta_out = 2 (o - t) o (1 - o) = {truth:.6g}, the output bias's .grad after "
                                f"backward().")


@exercise("03.2", "In the same network (sigmoid output), what is the delta of hidden neuron 1, dE/da_h1?",
          hint="the recursion: delta_h1 = tanh'(a_h1) * delta_out * w_1, with tanh'(a) = 1 - tanh(a)^2 and w_1 the "
               "output neuron's weight from hidden neuron 1; only delta_out changed from section 4.")
def hidden_delta(answer: Any) -> tuple[bool, str]:
    truth = sigmoid_network_deltas()[1]
    return close_to(answer, truth, rel=1e-6,
                    explanation=f"delta_h1 = (1 - o_h1^2) delta_out w_1 = {truth:.6g}, the .grad of hidden neuron 1's "
                                f"bias.")


@exercise("03.3", f"How many Values does the graph of the hinge loss of nn.MLP(2, [8, 8, 1], seed=0) on the first "
          f"{BATCH} training points of section 2 have (parameters and the loss included)?",
          hint="the graph holds the 105 parameters once and a copy of the forward pass per sample; predict it from "
               "section 7's batch-size table, then build the loss and count len(autograd.topological_order(loss)).")
def batch_graph_size(answer: Any) -> tuple[bool, str]:
    truth = values_in_batch_graph()
    return close_to(answer, truth, rel=0.0, abs_tol=0.5,
                    explanation=f"{truth} Values: the 105 parameters, {BATCH} forward passes and the loss's own "
                                f"nodes.")
