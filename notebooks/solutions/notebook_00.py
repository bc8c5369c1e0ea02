"""Reference solutions to the exercises of notebook 00 (the tests check them with nn.exercises.check).

Most answers of notebook 00 are classes: the learner's own tiny engine. The
reference engine below is the one the notebook builds, with the exercises'
exp, subtraction and division added; each wrong answer is that engine with
one classic mistake.
"""

import math
import random

from autograd import Value as ChaingradValue


def solve_00_1() -> float:
    x = ChaingradValue(3.0)
    (x * x).backward()
    return x.grad


def topological_order(root):
    """Every node root depends on, each after its parents (the notebook's function): an explicit stack, no recursion."""
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


class Value:
    """The notebook's toy engine, complete (nodes made with type(self), so that a wrong answer below, a
    subclass with one method changed, is that class throughout)."""

    def __init__(self, data, parents=(), local_grads=()):
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads

    def __add__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        return type(self)(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __pow__(self, n):
        return type(self)(self.data ** n, (self,), (n * self.data ** (n - 1),))

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, (self,), (1 - t * t,))

    def exp(self):
        e = math.exp(self.data)
        return type(self)(e, (self,), (e,))

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-1) * other

    def __rsub__(self, other):
        return other + (-1) * self

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def backward(self):
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += node.grad * local


class Neuron:
    def __init__(self, nin, nonlinear=True):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlinear = nonlinear

    def __call__(self, x):
        act = self.b
        for wi, xi in zip(self.w, x):
            act = act + wi * xi
        return act.tanh() if self.nonlinear else act

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, nonlinear=True):
        self.neurons = [Neuron(nin, nonlinear) for _ in range(nout)]

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    def __init__(self, nin, nouts):
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlinear=i < len(nouts) - 1) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


# ------------------------------------------------------------ wrong answers: one mistake each


class ParentsInASet(Value):
    """a + a keeps a once: the parents are deduplicated, so a + a has d/da = 1 instead of 2."""

    def __add__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        return type(self)(self.data + other.data, tuple({self, other}), (1.0, 1.0))


class ProductRuleSwapped(Value):
    """Each factor's derivative taken as the factor itself: d(a*b)/da = a."""

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        return type(self)(self.data * other.data, (self, other), (self.data, other.data))


class PowerRuleWithoutMinusOne(Value):
    def __pow__(self, n):
        return type(self)(self.data ** n, (self,), (n * self.data ** n,))


class TanhDerivativeOfTheInput(Value):
    """1 - x**2 instead of 1 - tanh(x)**2."""

    def tanh(self):
        return type(self)(math.tanh(self.data), (self,), (1 - self.data ** 2,))


class GradientsOverwritten(Value):
    """parent.grad = ... instead of +=: a node used twice keeps only its last contribution."""

    def backward(self):
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad = node.grad * local


class TanhOnTheOutputToo(MLP):
    """tanh in the last layer as well: nn.MLP's output is linear."""

    def __init__(self, nin, nouts):
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1]) for i in range(len(nouts))]


class ExpDerivativeOne(Value):
    def exp(self):
        return type(self)(math.exp(self.data), (self,), (1.0,))


class SubtractionBackwards(Value):
    """a - b computed as b - a."""

    def __sub__(self, other):
        return (-1) * self + other


SOLUTIONS = {
    "00.1": solve_00_1,
    "00.add": lambda: Value,
    "00.mul": lambda: Value,
    "00.pow": lambda: Value,
    "00.tanh": lambda: Value,
    "00.backward": lambda: Value,
    "00.mlp": lambda: MLP,
    "00.2": lambda: Value,
    "00.3": lambda: Value,
}
WRONG = {  # answers that must be judged wrong
    "00.1": 5.0,
    "00.add": ParentsInASet,
    "00.mul": ProductRuleSwapped,
    "00.pow": PowerRuleWithoutMinusOne,
    "00.tanh": TanhDerivativeOfTheInput,
    "00.backward": GradientsOverwritten,
    "00.mlp": TanhOnTheOutputToo,
    "00.2": ExpDerivativeOne,
    "00.3": SubtractionBackwards,
}
