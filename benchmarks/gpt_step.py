"""Workload 6: one training step of a tiny character-level GPT, on chaingrad and on the "modern" reference engine.

The model is written once, below, with scalar Values in the style of the
popular pure-Python GPT scripts, and built from whichever engine's ``Value``
class it is given, so both engines execute the same user code:

* token and position embeddings, added;
* RMSNorm (no learned gain);
* causal self-attention with 4 heads, one position at a time against the
  keys and values of the positions so far; the softmax subtracts its maximum
  as a plain number (``max(v.data for v in logits)``);
* a ReLU MLP four times as wide as the embedding, with residual connections;
* a linear head onto the vocabulary, cross-entropy ``-probs[target].log()``,
  the mean over a 16-token sequence, one ``backward()``;
* Adam, updating ``.data`` with plain floats.

``n_embd`` 16, 1 layer, block size 16, vocabulary 27: the letters a-z and one
boundary token between names. The names are synthetic (seeded random
syllables), made here: nothing is downloaded. Python's garbage collector stays
on, as users have it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Any

from benchmarks.engines import Engine, allow_deep_graphs, count_nodes, graph_depth
from benchmarks.measuring import Stopwatch, timed_steps
from benchmarks.report import Target

NAME = "gpt_step"
TITLE = "6. GPT training step"
UNIT = "seconds"
BASELINE = "modern"  # the reference engine of benchmarks/reference_engine.py
TARGET = Target(min_ratio=3.0)  # chaingrad at least 3x faster than the modern reference engine (issue 12)

LETTERS = "abcdefghijklmnopqrstuvwxyz"
BOUNDARY = len(LETTERS)  # token 26 marks where a name begins and ends
VOCABULARY = len(LETTERS) + 1
LEARNING_RATE = 0.01
BETA1, BETA2, EPSILON = 0.85, 0.99, 1e-8  # Adam


def sizes(quick: bool) -> dict[str, int]:
    """How big the model is, and the steps timed per process (after one warm-up step)."""
    if quick:
        return {"n_embd": 8, "n_head": 4, "n_layer": 1, "block_size": 4, "steps": 1}
    return {"n_embd": 16, "n_head": 4, "n_layer": 1, "block_size": 16, "steps": 3}


def describe(size: dict[str, int]) -> str:
    """One line for the report."""
    return (f"one training step of a character-level GPT (n_embd {size['n_embd']}, {size['n_head']} heads, "
            f"{size['n_layer']} layer, vocabulary {VOCABULARY}) on a {size['block_size']}-token sequence of "
            f"synthetic names: forward + backward + Adam, GC on, the same model code on both engines; "
            f"{size['steps']} timed step{'s' if size['steps'] > 1 else ''} per process after a warm-up step")


# ------------------------------------------------------------------ the data


def synthetic_names(seed: int = 42) -> Iterator[str]:
    """An endless, seeded stream of made-up names of one to three syllables.

    >>> names = synthetic_names(seed=1)
    >>> [next(names) for _ in range(4)] == [next(n) for n in [synthetic_names(seed=1)] for _ in range(4)]
    True
    """
    rng = random.Random(seed)
    onsets = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
              "ch", "sh", "th", "br", "kr", "st", "qu", "x", "y", "c"]
    vowels = ["a", "e", "i", "o", "u", "y", "ai", "ea", "ou"]
    codas = ["", "", "", "n", "l", "r", "s", "x", "th"]
    while True:
        syllables = rng.randint(1, 3)
        yield "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(codas)


def token_stream(seed: int = 42) -> Iterator[int]:
    """The names as tokens, each name followed by the boundary token, the first one preceded by it.

    >>> stream = token_stream(seed=1)
    >>> tokens = [next(stream) for _ in range(12)]
    >>> tokens[0] == BOUNDARY and all(0 <= t < VOCABULARY for t in tokens)
    True
    """
    yield BOUNDARY
    for name in synthetic_names(seed):
        yield from (LETTERS.index(letter) for letter in name)
        yield BOUNDARY


def training_sequences(block_size: int, count: int, seed: int = 42) -> list[list[int]]:
    """``count`` consecutive stretches of ``block_size + 1`` tokens: the inputs and, shifted by one, the targets.

    >>> [len(s) for s in training_sequences(16, 3)]
    [17, 17, 17]
    """
    stream = token_stream(seed)
    return [[next(stream) for _ in range(block_size + 1)] for _ in range(count)]


# ------------------------------------------------------------------ the model


def matrix(Value: type, rows: int, columns: int, rng: random.Random, std: float = 0.08) -> list[list[Any]]:
    """A ``rows`` x ``columns`` weight matrix of Values, each drawn from a normal distribution."""
    return [[Value(rng.gauss(0.0, std)) for _ in range(columns)] for _ in range(rows)]


def linear(x: list[Any], weights: list[list[Any]]) -> list[Any]:
    """The matrix-vector product ``weights @ x``: one dot product per row."""
    return [sum(w * xi for w, xi in zip(row, x)) for row in weights]


def rmsnorm(x: list[Any]) -> list[Any]:
    """x / sqrt(mean(x^2) + 1e-5), without a learned gain."""
    mean_square = sum(xi * xi for xi in x) / len(x)
    scale = (mean_square + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def softmax(logits: list[Any]) -> list[Any]:
    """exp(logit - max) / sum(exp(logits - max)); the max is a plain number, not part of the graph."""
    biggest = max(v.data for v in logits)
    exps = [(v - biggest).exp() for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


class TinyGPT:
    """A character-level transformer of scalar Values: embeddings, ``n_layer`` blocks, a linear head.

    >>> from benchmarks.engines import load_engine
    >>> TinyGPT(load_engine('chaingrad').Value, n_embd=16, n_head=4, n_layer=1, block_size=16)
    TinyGPT(n_embd 16, 4 heads, 1 layer, block size 16, 4,192 parameters)
    """

    def __init__(self, Value: type, n_embd: int, n_head: int, n_layer: int, block_size: int,
                 seed: int = 1337) -> None:
        rng = random.Random(seed)  # the same seed gives both engines the same weights
        self.n_embd, self.n_head, self.n_layer, self.block_size = n_embd, n_head, n_layer, block_size
        self.head_size = n_embd // n_head
        self.token_embedding = matrix(Value, VOCABULARY, n_embd, rng)
        self.position_embedding = matrix(Value, block_size, n_embd, rng)
        self.layers = [
            {
                "query": matrix(Value, n_embd, n_embd, rng),
                "key": matrix(Value, n_embd, n_embd, rng),
                "value": matrix(Value, n_embd, n_embd, rng),
                "attention_out": matrix(Value, n_embd, n_embd, rng),
                "mlp_in": matrix(Value, 4 * n_embd, n_embd, rng),
                "mlp_out": matrix(Value, n_embd, 4 * n_embd, rng),
            }
            for _ in range(n_layer)
        ]
        self.head = matrix(Value, VOCABULARY, n_embd, rng)

    def parameters(self) -> list[Any]:
        """Every weight of the model, as one list (the embeddings first, the head last)."""
        matrices = [self.token_embedding, self.position_embedding,
                    *(m for layer in self.layers for m in layer.values()), self.head]
        return [p for m in matrices for row in m for p in row]

    def attention(self, x: list[Any], layer: dict[str, Any], keys: list[list[Any]],
                  values: list[list[Any]]) -> list[Any]:
        """Causal self-attention of this position over itself and the positions before it (``keys``, ``values``)."""
        query = linear(x, layer["query"])
        keys.append(linear(x, layer["key"]))
        values.append(linear(x, layer["value"]))
        out = []
        for head in range(self.n_head):
            begin, end = head * self.head_size, (head + 1) * self.head_size
            q = query[begin:end]
            scores = [sum(qi * ki for qi, ki in zip(q, k[begin:end])) / self.head_size**0.5 for k in keys]
            weights = softmax(scores)
            out.extend(sum(w * v[i] for w, v in zip(weights, values)) for i in range(begin, end))
        return linear(out, layer["attention_out"])

    def __call__(self, token: int, position: int, keys: list[list[list[Any]]],
                 values: list[list[list[Any]]]) -> list[Any]:
        """The logits of the token after ``token`` at ``position``; appends this position's keys and values."""
        x = [t + p for t, p in zip(self.token_embedding[token], self.position_embedding[position])]
        x = rmsnorm(x)
        for layer, layer_keys, layer_values in zip(self.layers, keys, values):
            attended = self.attention(rmsnorm(x), layer, layer_keys, layer_values)
            x = [a + b for a, b in zip(x, attended)]  # residual
            hidden = [h.relu() for h in linear(rmsnorm(x), layer["mlp_in"])]
            x = [a + b for a, b in zip(x, linear(hidden, layer["mlp_out"]))]  # residual
        return linear(x, self.head)

    def __repr__(self) -> str:
        layers = "layer" if self.n_layer == 1 else "layers"
        return (f"TinyGPT(n_embd {self.n_embd}, {self.n_head} heads, {self.n_layer} {layers}, "
                f"block size {self.block_size}, {len(self.parameters()):,} parameters)")


def sequence_loss(model: TinyGPT, tokens: list[int]) -> Any:
    """The mean cross-entropy of predicting each next token of ``tokens``, as one graph.

    >>> from benchmarks.engines import load_engine
    >>> model = TinyGPT(load_engine('chaingrad').Value, n_embd=8, n_head=4, n_layer=1, block_size=4)
    >>> loss = sequence_loss(model, training_sequences(4, 1)[0])
    >>> abs(loss.data - math.log(VOCABULARY)) < 0.1   # an untrained model guesses about uniformly
    True
    """
    keys: list[list[list[Any]]] = [[] for _ in model.layers]
    values: list[list[list[Any]]] = [[] for _ in model.layers]
    losses = []
    for position in range(len(tokens) - 1):
        probabilities = softmax(model(tokens[position], position, keys, values))
        losses.append(-probabilities[tokens[position + 1]].log())
    return sum(losses) / len(losses)


class Adam:
    """Adam on the parameters' ``.data``, with its moments kept as plain floats."""

    def __init__(self, parameters: list[Any]) -> None:
        self.parameters = parameters
        self.first_moment = [0.0] * len(parameters)
        self.second_moment = [0.0] * len(parameters)
        self.steps = 0

    def step(self) -> None:
        """Move every parameter against its gradient, then set the gradient back to 0."""
        self.steps += 1
        first_correction = 1.0 - BETA1**self.steps
        second_correction = 1.0 - BETA2**self.steps
        m, v = self.first_moment, self.second_moment
        for i, p in enumerate(self.parameters):
            g = p.grad
            m[i] = BETA1 * m[i] + (1.0 - BETA1) * g
            v[i] = BETA2 * v[i] + (1.0 - BETA2) * g * g
            p.data -= LEARNING_RATE * (m[i] / first_correction) / (math.sqrt(v[i] / second_correction) + EPSILON)
            p.grad = 0.0


def training_step(model: TinyGPT, optimizer: Adam, tokens: list[int], watch: Stopwatch) -> float:
    """Forward, backward and the Adam update, each timed as a phase of ``watch``; returns the loss."""
    with watch.phase("forward"):
        loss = sequence_loss(model, tokens)
    with watch.phase("backward"):
        loss.backward()
    with watch.phase("update"):
        optimizer.step()
    return loss.data


def run(engine: Engine, size: dict[str, int]) -> dict[str, Any]:
    """Train for one untimed warm-up step and then ``size['steps']`` timed steps; one sample per timed step."""
    model = TinyGPT(engine.Value, size["n_embd"], size["n_head"], size["n_layer"], size["block_size"])
    sequences = training_sequences(size["block_size"], size["steps"] + 1)
    graph = sequence_loss(model, sequences[0])  # untimed: the graph's size and depth
    nodes = count_nodes(engine, graph)
    note = allow_deep_graphs(engine, graph_depth(engine, graph))
    del graph
    optimizer = Adam(model.parameters())
    samples, losses = timed_steps(len(sequences) - 1,
                                  lambda step, watch: training_step(model, optimizer, sequences[step], watch))
    return {
        "nodes": nodes,
        "samples": samples,
        # both engines start from the same weights and see the same tokens: these must agree
        "check": {"first loss": losses[0], "last loss": losses[-1],
                  "sum of parameters": sum(p.data for p in model.parameters())},
        "notes": [note] if note else [],
    }
