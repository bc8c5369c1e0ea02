"""Reference solutions to the exercises of notebook 03 (the tests check them with nn.exercises.check)."""

import math

import nn
from autograd import topological_order

X_in, target = [1.0, -2.0], 1.0


def sigmoid_network():
    """Section 4's 2-2-1 network, biases 0.1, -0.2 and 0.3, with a sigmoid on its output."""
    net = nn.MLP(2, [2, 1], activation='tanh', output_activation='sigmoid', seed=0)
    for neuron, bias in zip(net.layers[0].neurons + net.layers[1].neurons, [0.1, -0.2, 0.3]):
        neuron.b.data = bias
    return net


def forward_by_hand(net):
    """Plain floats: the hidden outputs, the output neuron's input sum and its output o = sigmoid(a)."""
    hidden = [math.tanh(n.b.data + sum(w.data * x for w, x in zip(n.w, X_in))) for n in net.layers[0].neurons]
    output = net.layers[1].neurons[0]
    a_out = output.b.data + sum(w.data * h for w, h in zip(output.w, hidden))
    return hidden, a_out, 1 / (1 + math.exp(-a_out))


def solve_03_1():
    _, _, o = forward_by_hand(sigmoid_network())
    return 2 * (o - target) * o * (1 - o)          # dE/do * sigmoid'(a)


def solve_03_2():
    net = sigmoid_network()
    hidden, _, _ = forward_by_hand(net)
    w_1 = net.layers[1].neurons[0].w[1].data
    return (1 - hidden[1] ** 2) * solve_03_1() * w_1   # tanh'(a_h1) * delta_out * w_1


def solve_03_3():
    X, labels = nn.datasets.make_moons(n_samples=100, noise=0.1, random_state=0)
    model = nn.MLP(2, [8, 8, 1], seed=0)
    loss = nn.hinge_loss([model(x) for x in X[:30]], nn.datasets.labels_to_signs(labels[:30]))
    return len(topological_order(loss))


def _linear_output_delta():
    """The mistake 03.1 guards against: 2 (o - t) without the sigmoid's derivative."""
    _, _, o = forward_by_hand(sigmoid_network())
    return 2 * (o - target)


SOLUTIONS = {"03.1": solve_03_1, "03.2": solve_03_2, "03.3": solve_03_3}
WRONG = {  # answers that must be judged wrong
    "03.1": _linear_output_delta(),   # sigmoid'(a) forgotten
    "03.2": 0.217407,                 # section 4's delta_h1, from the linear output's delta
    "03.3": 30 * 196,                 # 196 Values per sample, the 105 parameters left out
}
