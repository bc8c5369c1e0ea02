"""Neurons, layers and multilayer perceptrons built from ``autograd.Value``.

A ``Neuron`` holds ``nin`` weights and a bias, all Values, and computes
``activation(b + w0*x0 + w1*x1 + ...)``. A ``Layer`` is a list of neurons fed
the same inputs; an ``MLP`` is a stack of layers, each feeding the next.
Because the weights are Values, the output of a model remembers how it was
computed, and ``loss.backward()`` fills every weight's ``.grad``.

>>> import random
>>> model = MLP(2, [16, 16, 1], seed=0)
>>> model
MLP(2 -> [16, 16] -> 1, relu)
>>> len(model.parameters())
337
>>> model.named_parameters()[3][0]
'layers.0.neurons.1.w.0'
>>> score = model([0.5, -1.0])
>>> type(score).__name__
'Value'

Every Value a neuron makes (its parameters and the nodes of its forward pass)
has ``value.module`` set to that neuron, and every module has a ``name``, its
dotted path in the model (``'layers.0.neurons.3'``; the root's is ``''``), so
``autograd.draw_dot(score, group_by='module')`` can draw one box per neuron.

``MLP(2, [16, 16, 1])`` with ``seed=None`` draws its weights from the global
``random`` module in the same order as micrograd, so after ``random.seed(1337)``
both libraries start from the same weights.
"""

from __future__ import annotations

import inspect
import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from autograd import Value, is_grad_enabled
from nn._checks import check_int
from nn.activations import ACTIVATIONS, check_activation
from nn.init import Seed, check_init, initial_weights, make_rng

FILE_FORMAT = "chaingrad-model"
FILE_VERSION = 1


class Module:
    """The base of every model part: parameters, names, gradients and saved state.

    A subclass says which parameters it owns (``_own_parameters``) and which
    modules it is made of (``_children``), and computes its output in
    ``forward(x)`` (as in PyTorch); everything else here follows from those
    three. Calling the module, ``module(x)``, checks the input and calls
    ``forward``.
    """

    name: str = ""  # dotted path from the root model, set by the parent; '' for the root
    nin: int

    # ------------------------------------------------------------- the structure

    def _own_parameters(self) -> list[tuple[str, Value | list[Value]]]:
        """The parameters this module holds itself (not its children's), by name."""
        return []

    def _children(self) -> list[tuple[str, Module]]:
        """The modules this one is made of, by name relative to this one."""
        return []

    def named_modules(self) -> list[tuple[str, Module]]:
        """This module and every module inside it, with dotted names relative to this one, in order.

        >>> [name for name, _ in Layer(2, 2, seed=0).named_modules()]
        ['', 'neurons.0', 'neurons.1']
        """
        found: list[tuple[str, Module]] = []
        stack: list[tuple[str, Module]] = [("", self)]
        while stack:  # iterative depth-first walk, children in order
            prefix, module = stack.pop()
            found.append((prefix, module))
            children = module._children()
            for child_name, child in reversed(children):
                stack.append((f"{prefix}.{child_name}" if prefix else child_name, child))
        return found

    def modules(self) -> list[Module]:
        """This module and every module inside it, in order."""
        return [module for _, module in self.named_modules()]

    def _name_children(self) -> None:
        """Give every module inside this one its dotted path as ``name`` (this one becomes the root)."""
        for path, module in self.named_modules():
            module.name = path

    def _named_holders(self) -> Iterator[tuple[str, Value | list[Value]]]:
        """Every module's own parameters by dotted name (a bias as one Value, a weight vector as a list), in order.

        The one walk behind ``named_parameters``, ``parameters``,
        ``state_dict`` and ``load_state_dict``.
        """
        for prefix, module in self.named_modules():
            for key, held in module._own_parameters():
                yield (f"{prefix}.{key}" if prefix else key), held

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted name (``'layers.0.neurons.3.w.1'``), in a fixed order.

        >>> [name for name, _ in Neuron(2, seed=0).named_parameters()]
        ['w.0', 'w.1', 'b']
        """
        named: list[tuple[str, Value]] = []
        for name, held in self._named_holders():
            if isinstance(held, Value):
                named.append((name, held))
            else:
                named.extend((f"{name}.{i}", p) for i, p in enumerate(held))
        return named

    def parameters(self) -> list[Value]:
        """Every parameter (weights and biases), in the same order as ``named_parameters()``."""
        found: list[Value] = []
        for _, held in self._named_holders():
            if isinstance(held, Value):
                found.append(held)
            else:
                found.extend(held)
        return found

    def num_parameters(self) -> int:
        """How many numbers training adjusts.

        >>> MLP(2, [16, 16, 1], seed=0).num_parameters()
        337
        """
        return len(self.parameters())

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to 0 (gradients accumulate over ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    # ------------------------------------------------------------ running it

    def __call__(self, x: Sequence[Any]) -> Any:
        """Run the module on one input: a list of ``nin`` numbers or Values."""
        return self.forward(self._checked_inputs(x))

    def forward(self, x: Sequence[Any]) -> Any:
        """Compute the output for one input, already checked (call the module itself to have it checked)."""
        raise NotImplementedError

    def _checked_inputs(self, x: Any) -> Sequence[Any]:
        """``x`` itself if it is a sequence of ``nin`` numbers or Values; otherwise a clear error."""
        if isinstance(x, (Value, int, float, str, bytes)) or not hasattr(x, "__len__"):
            raise TypeError(
                f"{self!r} needs one input as a list of {self.nin} numbers or Values; "
                f"got {type(x).__name__}: {_short(x)} (wrap a single number in a list: [x])"
            )
        if len(x) != self.nin:
            raise ValueError(f"{self!r} expects {self.nin} inputs; got {len(x)}: {_short(x)}")
        for index, item in enumerate(x):
            kind = type(item)
            if kind is float or kind is Value or kind is int:
                continue
            if isinstance(item, (str, bytes, complex, bool)) or not hasattr(kind, "__float__"):
                raise TypeError(
                    f"{self!r} needs numbers or Values as inputs; input {index} is {kind.__name__}: {item!r}"
                )
        return x

    # ---------------------------------------------------------- saved state

    def state_dict(self) -> dict[str, Any]:
        """The parameters as plain JSON data: a list of floats per weight vector, a float per bias.

        >>> state = Neuron(2, seed=0).state_dict()
        >>> list(state), len(state['w']), state['b']
        (['w', 'b'], 2, 0.0)
        """
        return {name: held.data if isinstance(held, Value) else [p.data for p in held]
                for name, held in self._named_holders()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Set the parameters from ``state`` (as made by ``state_dict()``); check everything first.

        A state with missing or unexpected keys, a list of the wrong length or
        something that is not a number is an error, and the model is left
        unchanged. Gradients are reset to 0.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"load_state_dict() needs a dict like state_dict() returns; got {type(state).__name__}")
        targets = dict(self._named_holders())
        missing = [k for k in targets if k not in state]
        unexpected = [k for k in state if k not in targets]
        if missing or unexpected:
            parts = []
            if missing:
                parts.append(f"{len(missing)} missing key(s) ({_first_few(missing)})")
            if unexpected:
                parts.append(f"{len(unexpected)} unexpected key(s) ({_first_few(unexpected)})")
            raise ValueError(
                f"the state does not fit {self!r}: " + " and ".join(parts)
                + "; was it saved from a model of another shape?"
            )
        numbers: dict[str, list[float]] = {}  # every entry checked and made floats before anything is changed
        for key, held in targets.items():
            given = state[key]
            if isinstance(held, Value):
                numbers[key] = [_checked_number(given, key)]
            else:
                if not isinstance(given, (list, tuple)):
                    raise ValueError(
                        f"the state does not fit {self!r}: {key!r} should be a list of {len(held)} numbers; "
                        f"got {type(given).__name__}: {_short(given)}"
                    )
                if len(given) != len(held):
                    raise ValueError(
                        f"the state does not fit {self!r}: {key!r} should hold {len(held)} numbers; "
                        f"got {len(given)}; was it saved from a model of another shape?"
                    )
                numbers[key] = [_checked_number(number, f"{key}.{i}") for i, number in enumerate(given)]
        for key, held in targets.items():
            for p, data in zip([held] if isinstance(held, Value) else held, numbers[key]):
                p.data = data
                p.grad = 0.0

    def config(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this module's shape (not its weights)."""
        raise NotImplementedError

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model (its class, shape and parameters) to ``path`` as JSON; ``nn.load`` reads it back."""
        document = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "class": type(self).__name__,
            "config": self.config(),
            "state_dict": self.state_dict(),
        }
        try:
            text = json.dumps(document, indent=1, allow_nan=False)
        except ValueError:
            raise ValueError(
                f"cannot save {self!r}: some parameters are NaN or infinite (training diverged?)"
            ) from None
        with open(path, "w", encoding="utf-8") as file:
            file.write(text + "\n")


class Neuron(Module):
    """One neuron: ``activation(b + w0*x0 + w1*x1 + ...)`` over ``nin`` inputs.

    The weights start as drawn by ``init`` (see ``nn.init``), the bias at 0.
    ``fan_out`` is the width of the layer the neuron sits in (used by
    ``init='xavier'`` only).

    >>> neuron = Neuron(2, activation='tanh', seed=0)
    >>> neuron
    Neuron(2, tanh)
    >>> round(neuron([1.0, 2.0]).data, 4)
    0.9379
    """

    def __init__(self, nin: int, activation: str | None = "relu", seed: Seed = None,
                 init: str = "uniform", fan_out: int = 1) -> None:
        self.nin = check_int(nin, "nin", minimum=1)
        self.activation = check_activation(activation)
        self.init = check_init(init)
        rng = make_rng(seed)
        self.w = [Value(w, label=f"w{i}") for i, w in enumerate(initial_weights(init, nin, fan_out, rng))]
        self.b = Value(0.0, label="b")
        for p in self.w:
            p.module = self
        self.b.module = self
        self._activate = ACTIVATIONS[self.activation]

    def _own_parameters(self) -> list[tuple[str, Value | list[Value]]]:
        return [("w", self.w), ("b", self.b)]

    def forward(self, x: Sequence[Any]) -> Value:
        if not is_grad_enabled():
            return Value(self._forward_data(_data(x)))
        # NOTE: the weighted sum is built with plain engine ops, one * and one +
        # per input, exactly the nodes the math needs; tagging each new node
        # with its neuron costs two attribute stores per input (measured: no
        # visible difference in the demo step, see benchmarks/).
        act = self.b
        for w, xi in zip(self.w, x):
            product = w * xi
            product.module = self
            act = act + product
            act.module = self
        if self._activate is not None:
            act = self._activate(act)
            act.module = self
        return act

    def _forward_data(self, x: list[float]) -> float:
        """The neuron's output as a plain float, from plain floats, for when no graph is recorded.

        NOTE: inside ``no_grad()`` the graph is thrown away anyway; computing
        with floats skips making a Value per operation, which makes
        evaluation (predict, accuracy, validation, decision boundaries) about
        5x faster. The float operations are the graph's, in the same order,
        and the activation is the engine's own, so the result is the same to
        the last bit (tested).
        """
        act = self.b.data
        for w, xi in zip(self.w, x):
            act = act + w.data * xi
        if self._activate is not None:
            act = self._activate(Value(act)).data
        return act

    def config(self) -> dict[str, Any]:
        return {"nin": self.nin, "activation": self.activation, "init": self.init}

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, {self.activation})"


class Layer(Module):
    """``nout`` neurons fed the same ``nin`` inputs; returns a list of ``nout`` Values (always a list).

    >>> layer = Layer(3, 1, seed=0)
    >>> layer
    Layer(3 -> 1, relu)
    >>> len(layer([1.0, 2.0, 3.0]))
    1
    """

    def __init__(self, nin: int, nout: int, activation: str | None = "relu", seed: Seed = None,
                 init: str = "uniform") -> None:
        self.nin = check_int(nin, "nin", minimum=1)
        self.nout = check_int(nout, "nout", minimum=1)
        self.activation = check_activation(activation)
        self.init = check_init(init)
        rng = make_rng(seed)
        self.neurons = [Neuron(nin, self.activation, seed=rng, init=init, fan_out=nout) for _ in range(nout)]
        self._name_children()

    def _children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{i}", n) for i, n in enumerate(self.neurons)]

    def forward(self, x: Sequence[Any]) -> list[Value]:
        if not is_grad_enabled():
            data = _data(x)
            return [Value(neuron._forward_data(data)) for neuron in self.neurons]
        return [neuron.forward(x) for neuron in self.neurons]

    def config(self) -> dict[str, Any]:
        return {"nin": self.nin, "nout": self.nout, "activation": self.activation, "init": self.init}

    def __repr__(self) -> str:
        return f"Layer({self.nin} -> {self.nout}, {self.activation})"


class MLP(Module):
    """A multilayer perceptron: layers of sizes ``nouts`` stacked on ``nin`` inputs.

    ``MLP(2, [16, 16, 1])`` has two hidden layers of 16 neurons with
    ``activation`` and a linear output neuron (``output_activation`` changes
    that). It returns a Value when the last layer has one neuron, else a list.
    ``init`` is ``'uniform'`` (micrograd's), ``'xavier'`` or ``'he'``.

    >>> model = MLP(3, [4, 2], activation='tanh', seed=0)
    >>> model
    MLP(3 -> [4] -> 2, tanh)
    >>> len(model([1.0, 2.0, 3.0]))
    2
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str | None = "relu",
                 output_activation: str | None = None, init: str = "uniform", seed: Seed = None) -> None:
        self.nin = check_int(nin, "nin", minimum=1)
        if isinstance(nouts, int) or not isinstance(nouts, Sequence) or len(nouts) == 0:
            raise ValueError(
                f"MLP() needs nouts as a non-empty list of layer sizes, the last one the number of "
                f"outputs (e.g. MLP(2, [16, 16, 1])); got {nouts!r}"
            )
        self.nouts = [check_int(n, "each layer size in nouts", minimum=1) for n in nouts]
        self.activation = check_activation(activation)
        self.output_activation = check_activation(output_activation, "output_activation")
        self.init = check_init(init)
        rng = make_rng(seed)
        sizes = [self.nin, *self.nouts]
        last = len(self.nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], self.activation if i < last else self.output_activation, seed=rng, init=init)
            for i in range(len(self.nouts))
        ]
        self._name_children()

    @property
    def nout(self) -> int:
        """The number of outputs."""
        return self.nouts[-1]

    def _children(self) -> list[tuple[str, Module]]:
        return [(f"layers.{i}", layer) for i, layer in enumerate(self.layers)]

    def forward(self, x: Sequence[Any]) -> Value | list[Value]:
        if not is_grad_enabled():  # no graph to record: compute with plain floats (see Neuron._forward_data)
            data = _data(x)
            for layer in self.layers:
                data = [neuron._forward_data(data) for neuron in layer.neurons]
            return Value(data[0]) if len(data) == 1 else [Value(v) for v in data]
        for layer in self.layers:
            x = layer.forward(x)
        return x[0] if len(x) == 1 else x  # type: ignore[return-value]

    def config(self) -> dict[str, Any]:
        return {"nin": self.nin, "nouts": list(self.nouts), "activation": self.activation,
                "output_activation": self.output_activation, "init": self.init}

    def layer_gradient_sizes(self) -> list[float]:
        """How big each layer's gradients are: the root-mean-square ``.grad`` of its weights and biases.

        One number per layer, the first layer first, read from the gradients
        the last ``backward()`` left. In a deep sigmoid network they shrink
        layer after layer towards the input (the vanishing gradient).

        >>> model = MLP(1, [2, 1], seed=0)
        >>> model([1.0]).backward()
        >>> sizes = model.layer_gradient_sizes()
        >>> len(sizes), sizes[1] > 0
        (2, True)
        """
        sizes = []
        for layer in self.layers:
            grads = [p.grad for p in layer.parameters()]
            sizes.append(math.sqrt(math.fsum(g * g for g in grads) / len(grads)))
        return sizes

    def summary(self) -> ModelSummary:
        """A table of the layers, their shapes, activations and parameter counts.

        >>> print(MLP(2, [16, 16, 1], seed=0).summary())
        MLP(2 -> [16, 16] -> 1, relu)
        layer     shape     activation  parameters
        layers.0  2 -> 16   relu                48
        layers.1  16 -> 16  relu               272
        layers.2  16 -> 1   linear              17
        total                                  337
        """
        rows = [(layer.name, f"{layer.nin} -> {layer.nout}", layer.activation, str(layer.num_parameters()))
                for layer in self.layers]
        header = ("layer", "shape", "activation", "parameters")
        footer = ("total", "", "", str(self.num_parameters()))
        widths = [max(len(row[i]) for row in [header, *rows, footer]) for i in range(4)]

        def line(row: tuple[str, str, str, str]) -> str:
            return "  ".join([row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]),
                              row[3].rjust(widths[3])]).rstrip()

        return ModelSummary("\n".join([repr(self), line(header), *map(line, rows), line(footer)]))

    def __repr__(self) -> str:
        hidden = self.nouts[:-1]
        activation = self.activation if hidden else self.output_activation
        text = f"MLP({self.nin} -> {hidden} -> {self.nout}, {activation}" if hidden else \
            f"MLP({self.nin} -> {self.nout}, {activation}"
        if hidden and self.output_activation != "linear":
            text += f", output {self.output_activation}"
        return text + ")"


class ModelSummary:
    """The text of ``MLP.summary()``; prints as a table in a terminal and in a notebook."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


MODULE_CLASSES: dict[str, type[Module]] = {"Neuron": Neuron, "Layer": Layer, "MLP": MLP}


def load(path: str | os.PathLike[str]) -> Module:
    """Read a model written by ``model.save(path)``: the same class, shape and parameters.

    >>> import tempfile, os
    >>> model = MLP(2, [3, 1], seed=0)
    >>> path = os.path.join(tempfile.mkdtemp(), 'model.json')
    >>> model.save(path)
    >>> load(path).state_dict() == model.state_dict()
    True
    """
    with open(path, encoding="utf-8") as file:
        try:
            document = json.load(file)
        except json.JSONDecodeError as error:
            raise ValueError(f"{os.fspath(path)!r} is not a chaingrad model file: invalid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise ValueError(
            f"{os.fspath(path)!r} is not a chaingrad model file (expected a JSON object with "
            f"\"format\": \"{FILE_FORMAT}\", as model.save() writes)"
        )
    if document.get("version") != FILE_VERSION:
        raise ValueError(f"{os.fspath(path)!r} has format version {document.get('version')!r}; "
                         f"this chaingrad reads version {FILE_VERSION}")
    kind = document.get("class")
    if kind not in MODULE_CLASSES:
        raise ValueError(f"{os.fspath(path)!r} holds an unknown model class {kind!r}; "
                         f"expected one of {', '.join(MODULE_CLASSES)}")
    config = document.get("config")
    if not isinstance(config, dict):
        raise ValueError(f"{os.fspath(path)!r} has no \"config\" object describing the model's shape")
    _check_config(path, kind, config)
    try:
        model = MODULE_CLASSES[kind](**config, seed=0)
    except ValueError as error:  # a size or a name the class refuses
        raise ValueError(f"{os.fspath(path)!r} has a config that does not fit {kind}: {error}") from None
    model.load_state_dict(document.get("state_dict"))  # type: ignore[arg-type]
    return model


def _check_config(path: str | os.PathLike[str], kind: str, config: dict[str, Any]) -> None:
    """Refuse a saved config whose keys are not the arguments the class ``kind`` takes (the seed aside)."""
    arguments = inspect.signature(MODULE_CLASSES[kind]).parameters
    accepted = [name for name in arguments if name != "seed"]
    unknown = [key for key in config if key not in accepted]
    missing = [name for name in accepted if arguments[name].default is inspect.Parameter.empty and name not in config]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown key(s) {_first_few(unknown)}")
        if missing:
            parts.append(f"missing key(s) {_first_few(missing)}")
        raise ValueError(f"{os.fspath(path)!r} has a config that does not fit {kind}: "
                         f"{' and '.join(parts)}; {kind}() takes {', '.join(accepted)}")


# ---------------------------------------------------------------------- helpers


def _data(x: Sequence[Any]) -> list[float]:
    """The inputs as plain floats (a Value's data, a number as a float)."""
    return [v.data if type(v) is Value else float(v) for v in x]


def _checked_number(x: object, key: str) -> float:
    """The state entry ``x`` as a float; a clear error for anything else, a huge int (10**400) included."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError(f"the state entry {key!r} should be a number; got {type(x).__name__}: {_short(x)}")
    try:
        return float(x)
    except OverflowError:
        raise ValueError(f"the state entry {key!r} should be a number a float can hold (at most about "
                         f"1.8e308); got an int of {x.bit_length()} bits") from None


def _first_few(keys: list[str], count: int = 3) -> str:
    shown = ", ".join(repr(k) for k in keys[:count])
    return shown + (", ..." if len(keys) > count else "")


def _short(x: object, limit: int = 60) -> str:
    text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."
