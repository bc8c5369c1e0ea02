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
has ``value.scope`` set to that neuron, and every module has a ``name``, its
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
import reprlib
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from numbers import Real
from typing import Any

from autograd import Value, is_grad_enabled
from autograd.files import write_atomically
from autograd.pictures.tables import text_table
from nn.checks import check_int
from nn.activations import ACTIVATIONS, check_activation
from nn.init import Seed, check_init, initial_weights, make_rng

FILE_FORMAT = "chaingrad-model"
FILE_VERSION = 1
# the largest model ``load`` builds: 10 million Values take gigabytes of memory and
# are far beyond what a pure-Python model trains; a file asking for more is refused
MAX_LOADED_PARAMETERS = 10_000_000


class ModelFileError(ValueError):
    """A file ``nn.load`` cannot read as a model: not UTF-8 JSON, not what ``save()`` writes, or not fitting its config.

    The message always reads ``'<path>' is not a chaingrad model file: <what
    is wrong>``. It is a ValueError, so ``except ValueError`` catches it too.
    """


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
        return self.forward(self.checked_inputs(x))

    def forward(self, x: Sequence[Any]) -> Any:
        """Compute the output for one input, already checked (call the module itself to have it checked)."""
        raise NotImplementedError

    def checked_inputs(self, x: Any) -> Sequence[Any]:
        """``x`` itself if it is a sequence of ``nin`` numbers or Values; otherwise a clear error."""
        if isinstance(x, (Value, int, float, str, bytes)) or not hasattr(x, "__len__"):
            raise TypeError(
                f"{self!r} needs one input as a list of {self.nin} numbers or Values; "
                f"got {type(x).__name__}: {_short(x)} (wrap a single number in a list: [x])"
            )
        if isinstance(x, (Mapping, Set)):  # it has a length, but its items are keys, in no meaningful order
            fix = "a dict would give its keys: pass a list of its values" if isinstance(x, Mapping) else \
                "a set has no order: pass a list"
            raise TypeError(
                f"{self!r} needs one input as a list of {self.nin} numbers or Values, in order; "
                f"got {type(x).__name__}: {_short(x)} ({fix})"
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

    def _state_layout(self) -> dict[str, int | None]:
        """The keys of ``state_dict()``, each with the length of its list (None for a single number)."""
        return {name: None if isinstance(held, Value) else len(held) for name, held in self._named_holders()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Set the parameters from ``state`` (as made by ``state_dict()``); check everything first.

        A state with missing or unexpected keys, a list of the wrong length or
        something that is not a finite number is an error, and the model is
        left unchanged; so it is after a Ctrl-C at any moment. Gradients are
        reset to 0.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"load_state_dict() needs a dict like state_dict() returns; got {type(state).__name__}")
        numbers = _checked_state(state, self._state_layout(), repr(self))  # all checked before anything changes
        params = self.parameters()
        assign_parameters(params, numbers, grads=[0.0] * len(params))

    def config(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this module's shape (not its weights)."""
        raise NotImplementedError

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model (its class, shape and parameters) to ``path`` as JSON; ``nn.load`` reads it back.

        The file is replaced in one step: until the new one is complete, the
        old one stays as it was (see ``autograd.files.write_atomically``).
        """
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
        write_atomically(path, text + "\n")  # a full disk or a Ctrl-C half-way leaves the old file as it was


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
            p.scope = self
        self.b.scope = self
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
            product.scope = self
            act = act + product
            act.scope = self
        if self._activate is not None:
            act = self._activate(act)
            act.scope = self
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
        self.nouts = _checked_layer_sizes(nouts)
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
            sizes.append(gradient_norm(grads) / math.sqrt(len(grads)))  # the root-mean-square: |g| / sqrt(n)
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
        footer = ("total", "", "", str(self.num_parameters()))
        table = text_table(("layer", "shape", "activation", "parameters"), [*rows, footer],
                           right=(False, False, False, True), rule=False)
        return ModelSummary(f"{self!r}\n{table}")

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

    The whole file is read and checked before anything is built: a file
    that is not UTF-8 JSON, not what ``save()`` writes, holds NaN or an
    infinity (which ``save()`` refuses), or whose parameters do not fit the
    shape its config describes is a ``ModelFileError``.

    >>> import tempfile, os
    >>> model = MLP(2, [3, 1], seed=0)
    >>> path = os.path.join(tempfile.mkdtemp(), 'model.json')
    >>> model.save(path)
    >>> load(path).state_dict() == model.state_dict()
    True
    """
    with open(path, "rb") as file:
        document = _read_json(path, file.read())
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        got = f"an object with \"format\": {_short(document.get('format'))}" if isinstance(document, dict) else \
            f"{type(document).__name__}: {_short(document)}"
        raise _not_a_model_file(path, f"expected a JSON object with \"format\": \"{FILE_FORMAT}\", as model.save() "
                                      f"writes; got {got}")
    version = document.get("version")
    if isinstance(version, bool) or version != FILE_VERSION:
        raise _not_a_model_file(path, f"it has format version {_short(version)}; this chaingrad reads version "
                                      f"{FILE_VERSION}")
    kind = document.get("class")
    if not isinstance(kind, str) or kind not in MODULE_CLASSES:
        raise _not_a_model_file(path, f"it holds an unknown model class {_short(kind)}; expected one of "
                                      f"{', '.join(MODULE_CLASSES)}")
    config = document.get("config")
    if not isinstance(config, dict):
        raise _not_a_model_file(path, "it has no \"config\" object describing the model's shape")
    state = document.get("state_dict")
    if not isinstance(state, dict):
        raise _not_a_model_file(path, "it has no \"state_dict\" object holding the parameters")
    try:
        _check_config(kind, config)
        count = parameter_count(kind, config)  # from the sizes alone: nothing is built yet
    except ValueError as error:
        raise _not_a_model_file(path, f"its config does not fit {kind}: {error}") from None
    if count > MAX_LOADED_PARAMETERS:
        raise _not_a_model_file(
            path, f"its config describes {count:,} parameters, more than the {MAX_LOADED_PARAMETERS:,} nn.load "
                  f"builds (a model that size takes gigabytes of memory; if you mean it, raise "
                  f"nn.module.MAX_LOADED_PARAMETERS)")
    try:
        numbers = _checked_state(state, expected_state(kind, config), f"the {kind} its config describes")
    except ValueError as error:
        raise _not_a_model_file(path, str(error)) from None
    try:
        model = MODULE_CLASSES[kind](**config, seed=0)
    except (TypeError, ValueError) as error:  # an activation or an init the class does not know
        raise _not_a_model_file(path, f"its config does not fit {kind}: {error}") from None
    assign_parameters(model.parameters(), numbers, grads=[0.0] * len(numbers))
    return model


def _not_a_model_file(path: str | os.PathLike[str], reason: str) -> ModelFileError:
    return ModelFileError(f"{os.fspath(path)!r} is not a chaingrad model file: {reason}")


def _read_json(path: str | os.PathLike[str], raw: bytes) -> Any:
    """The JSON document in ``raw``; a ModelFileError for bytes that are not UTF-8 JSON, or hold NaN or Infinity."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_a_model_file(path, f"it is not UTF-8 text (byte {raw[error.start]:#04x} at position "
                                      f"{error.start})") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_read_int)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON ({error})"
    except RecursionError:
        reason = "its JSON is nested too deeply (a model file is an object of lists of numbers)"
    except ValueError as error:  # refused by _refuse_constant or _read_int
        reason = str(error)
    raise _not_a_model_file(path, reason)


def _refuse_constant(name: str) -> float:
    """Refuse the NaN, Infinity and -Infinity that Python's json reads (they are not JSON, and save() refuses them)."""
    raise ValueError(f"it holds {name}, which a model cannot hold (save() refuses NaN and infinite parameters)")


def _read_int(text: str) -> int:
    """An integer of the file; one of more digits than the largest float has (309) is refused before it is read."""
    digits = len(text.lstrip("-"))
    if digits > 309:
        raise ValueError(f"it holds an int of {digits} digits; a model's numbers are floats, and a float can hold "
                         f"at most about 1.8e308")
    return int(text)


def _check_config(kind: str, config: dict[str, Any]) -> None:
    """Refuse a saved config whose keys are not the arguments the class ``kind`` takes (the seed aside)."""
    arguments = inspect.signature(MODULE_CLASSES[kind]).parameters
    accepted = [name for name in arguments if name != "seed"]
    unknown = [key for key in config if key not in accepted]
    missing = [name for name in accepted if arguments[name].default is inspect.Parameter.empty and name not in config]
    if unknown or missing:
        raise ValueError(f"{_keys_amiss(('unknown', unknown), ('missing', missing))}; "
                         f"{kind}() takes {', '.join(accepted)}")


def _layer_sizes(kind: str, config: Mapping[str, Any]) -> list[int]:
    """``[nin, width of layer 1, width of layer 2, ...]`` of a saved config, checked as the class checks them.

    A Neuron counts as one layer of width 1, a Layer as one layer of width ``nout``.
    """
    nin = check_int(config["nin"], "nin", minimum=1)
    if kind == "Neuron":
        return [nin, 1]
    if kind == "Layer":
        return [nin, check_int(config["nout"], "nout", minimum=1)]
    return [nin, *_checked_layer_sizes(config["nouts"])]


def parameter_count(kind: str, config: Mapping[str, Any]) -> int:
    """How many parameters the model a saved config describes has, worked out without building it.

    Each layer has ``nout`` neurons of ``nin`` weights and a bias: ``(nin + 1) * nout``.
    """
    sizes = _layer_sizes(kind, config)
    return sum((nin + 1) * nout for nin, nout in zip(sizes, sizes[1:]))


def expected_state(kind: str, config: Mapping[str, Any]) -> dict[str, int | None]:
    """The keys of ``state_dict()`` of the model a saved config describes, as ``_state_layout()`` gives them.

    Worked out from the config alone, so that a file whose state does not
    fit its config is refused before anything is built. NOTE: a second
    form of what ``_named_holders`` walks; a test checks the two agree.
    """
    sizes = _layer_sizes(kind, config)
    layout: dict[str, int | None] = {}
    for i, (nin, nout) in enumerate(zip(sizes, sizes[1:])):
        layer = f"layers.{i}." if kind == "MLP" else ""
        for j in range(nout):
            neuron = "" if kind == "Neuron" else f"{layer}neurons.{j}."
            layout[f"{neuron}w"] = nin
            layout[f"{neuron}b"] = None
    return layout


def assign_parameters(params: Sequence[Value], data: Sequence[float], grads: Sequence[float] | None = None) -> None:
    """Set every parameter's ``data`` (and ``grad``, if given) to numbers computed before: all or nothing.

    Storing a float cannot fail, but a Ctrl-C (KeyboardInterrupt) can come
    between two stores; then every old number is put back before it goes
    on, so no model is left half-updated. The optimizers' steps,
    ``load_state_dict``, ``load`` and ``nn.fit`` (undoing a step) all store
    parameters through here.

    >>> a, b = Value(1.0), Value(2.0)
    >>> assign_parameters([a, b], [3.0, 4.0], grads=[0.0, 0.0])
    >>> a.data, b.data
    (3.0, 4.0)
    """
    old = [(p.data, p.grad) for p in params]
    try:
        for p, number in zip(params, data):
            p.data = number
        if grads is not None:
            for p, grad in zip(params, grads):
                p.grad = grad
    except BaseException:  # anything at all, Ctrl-C included: every old number back, then let it go on
        for p, (number, grad) in zip(params, old):
            p.data = number
            p.grad = grad
        raise


def gradient_norm(gradient: Iterable[float]) -> float:
    """The length of a gradient vector, sqrt(g0^2 + g1^2 + ...): the one way nn measures it.

    ``math.hypot`` computes it without squaring, so gradients above 1e154,
    whose squares would overflow, still have a length (an infinite length
    only when the length itself is beyond the largest float, about 1.8e308).

    >>> gradient_norm([3.0, 4.0]), gradient_norm([1e200, 0.0]), gradient_norm([])
    (5.0, 1e+200, 0.0)
    """
    return math.hypot(*gradient)


# ---------------------------------------------------------------------- helpers


def _data(x: Sequence[Any]) -> list[float]:
    """The inputs as plain floats (a Value's data, a number as a float)."""
    return [v.data if type(v) is Value else float(v) for v in x]


def _checked_layer_sizes(nouts: object) -> list[int]:
    """MLP's ``nouts`` as a list of ints, if it is a non-empty list of whole numbers >= 1; else a ValueError."""
    if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or len(nouts) == 0:
        raise ValueError(
            f"MLP() needs nouts as a non-empty list of layer sizes, the last one the number of "
            f"outputs (e.g. MLP(2, [16, 16, 1])); got {_short(nouts)}"
        )
    return [check_int(n, "each layer size in nouts", minimum=1) for n in nouts]


def _checked_state(state: Mapping[str, Any], layout: dict[str, int | None], owner: str) -> list[float]:
    """Every number of ``state`` as a float, in the order of ``layout``, once the whole state is checked against it.

    ``layout`` maps each key the state must have to the length of its list
    (None for a single number), as ``Module._state_layout()`` gives it;
    ``owner`` names the model in the messages. A missing or unexpected key,
    a list of the wrong length, or anything but a finite number is a ValueError.
    """
    missing = [key for key in layout if key not in state]
    unexpected = [key for key in state if key not in layout]
    if missing or unexpected:
        raise ValueError(f"the state does not fit {owner}: "
                         f"{_keys_amiss(('missing', missing), ('unexpected', unexpected), counted=True)}"
                         f"; was it saved from a model of another shape?")
    numbers: list[float] = []
    for key, length in layout.items():
        given = state[key]
        if length is None:
            numbers.append(_checked_number(given, key))
            continue
        if not isinstance(given, (list, tuple)):
            raise ValueError(f"the state does not fit {owner}: {key!r} should be a list of {length} numbers; "
                             f"got {type(given).__name__}: {_short(given)}")
        if len(given) != length:
            raise ValueError(f"the state does not fit {owner}: {key!r} should hold {length} numbers; "
                             f"got {len(given)}; was it saved from a model of another shape?")
        numbers.extend(_checked_number(number, f"{key}.{i}") for i, number in enumerate(given))
    return numbers


def _checked_number(x: object, key: str) -> float:
    """The state entry ``x`` as a float; a clear error for anything else: NaN, an infinity, a huge int (10**400)."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise ValueError(f"the state entry {key!r} should be a number; got {type(x).__name__}: {_short(x)}")
    try:
        value = float(x)
    except OverflowError:
        raise ValueError(f"the state entry {key!r} should be a number a float can hold (at most about "
                         f"1.8e308); got an int of {x.bit_length()} bits") from None  # type: ignore[attr-defined]
    if not math.isfinite(value):
        raise ValueError(f"the state entry {key!r} should be a finite number; got {value!r} (what a diverged "
                         f"training leaves; save() refuses it too)")
    return value


def _keys_amiss(*kinds: tuple[str, list[str]], counted: bool = False) -> str:
    """What is wrong with a set of keys, e.g. ``2 missing key(s) ('w', 'b') and 1 unexpected key(s) ('x')``."""
    parts = []
    for kind, keys in kinds:
        if keys:
            parts.append(f"{len(keys)} {kind} key(s) ({_first_few(keys)})" if counted
                         else f"{kind} key(s) {_first_few(keys)}")
    return " and ".join(parts)


def _first_few(keys: list[str], count: int = 3) -> str:
    shown = ", ".join(repr(k) for k in keys[:count])
    return shown + (", ..." if len(keys) > count else "")


# a repr that stops early: a few items, a few levels (a list nested 100,000 deep is shown, not recursed into)
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel, _SHORT_REPR.maxlist, _SHORT_REPR.maxdict = 3, 6, 4
_SHORT_REPR.maxstring, _SHORT_REPR.maxother = 40, 40


def _short(x: object, limit: int = 60) -> str:
    text = _SHORT_REPR.repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."
