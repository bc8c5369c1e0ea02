"""Optimizers: how a step turns gradients into new parameter values.

Plain gradient descent moves every parameter against its gradient,
``p -= lr * p.grad``. The others are remedies for its weak points (the source
articles list them): momentum keeps moving through plateaus and damps
zig-zags, RMSProp divides each step by a running size of that parameter's
gradients so that steep and flat directions move at similar speeds, and Adam
does both, with a correction for the running averages starting at 0.

Each update rule here is PyTorch's (``torch.optim.SGD``, ``RMSprop``,
``Adam``), so numbers can be checked against it. The usage is PyTorch's too::

    optimizer = nn.Adam(model.parameters(), lr=0.01)
    for step in range(100):
        loss = ...                # forward pass
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

>>> from autograd import Value
>>> p = Value(1.0); p.grad = 0.5
>>> SGD([p], lr=0.1).step(); p.data   # 1 - 0.1 * 0.5
0.95
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from autograd import Value
from nn._checks import check_fraction, check_number


class Optimizer:
    """What every optimizer has: the parameters, a learning rate ``lr``, ``step()`` and ``zero_grad()``.

    ``lr`` may be changed between steps (``nn.fit`` does so for a schedule).
    """

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        if isinstance(params, Value):
            raise TypeError("the optimizer needs a list of parameters (model.parameters()); got one Value")
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got an empty parameter list; pass model.parameters()")
        for index, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(f"the optimizer needs Values to update; parameter {index} is {type(p).__name__}: {p!r}")
        self.lr = check_number(lr, "lr")
        self.steps = 0  # how many steps have been taken

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (call it before each ``backward()``)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Update every parameter once, from its current ``.grad``."""
        raise NotImplementedError

    def _snapshot(self) -> dict[str, Any]:
        """Everything but the parameters that a step may change (the step count, momentum buffers, running averages).

        ``_restore(snapshot)`` puts it back, so a step can be undone (``nn.fit``
        does so when a step diverges). Every attribute is saved, lists as
        copies, so a subclass's own running state is included without more code.
        """
        return {name: list(value) if isinstance(value, list) else value
                for name, value in vars(self).items() if name != "params"}

    def _restore(self, snapshot: dict[str, Any]) -> None:
        """Put back the state saved by ``_snapshot()`` (lists are refilled in place)."""
        for name, value in snapshot.items():
            current = getattr(self, name, None)
            if isinstance(value, list) and isinstance(current, list):
                current[:] = value
            else:
                setattr(self, name, value)

    def _options(self) -> str:
        return f"lr={self.lr:g}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, {self._options()})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    As ``torch.optim.SGD``: with g = grad + weight_decay * p,
    momentum buffer b = g on the first step, then b = momentum * b + (1 - dampening) * g;
    the step direction is b, or g + momentum * b with ``nesterov=True``;
    p -= lr * direction.

    >>> p = Value(1.0); opt = SGD([p], lr=0.1, momentum=0.9)
    >>> p.grad = 1.0; opt.step(); p.data          # b = 1
    0.9
    >>> opt.step(); round(p.data, 10)             # b = 0.9 + 1 = 1.9
    0.71
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0, dampening: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = check_number(momentum, "momentum")
        self.dampening = check_number(dampening, "dampening")
        self.weight_decay = check_number(weight_decay, "weight_decay")
        if nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(f"Nesterov momentum needs momentum > 0 and dampening = 0; got momentum={momentum}, "
                             f"dampening={dampening}")
        self.nesterov = bool(nesterov)
        self.buffers: list[float] = [0.0] * len(self.params)

    def step(self) -> None:
        lr, momentum, decay = self.lr, self.momentum, self.weight_decay
        first = self.steps == 0
        self.steps += 1
        if momentum == 0.0:  # plain gradient descent
            for p in self.params:
                g = p.grad + decay * p.data if decay else p.grad
                p.data -= lr * g
            return
        buffers = self.buffers
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data if decay else p.grad
            b = g if first else momentum * buffers[i] + (1.0 - self.dampening) * g
            buffers[i] = b
            p.data -= lr * (g + momentum * b if self.nesterov else b)

    def _options(self) -> str:
        text = f"lr={self.lr:g}"
        if self.momentum:
            text += f", momentum={self.momentum:g}" + (", nesterov" if self.nesterov else "")
        if self.weight_decay:
            text += f", weight_decay={self.weight_decay:g}"
        return text


class RMSProp(Optimizer):
    """RMSProp: divide each step by a running root-mean-square of that parameter's gradients.

    As ``torch.optim.RMSprop``: with g = grad + weight_decay * p,
    v = alpha * v + (1 - alpha) * g^2 (v starts at 0); with ``centered=True``
    also a = alpha * a + (1 - alpha) * g and v is replaced by v - a^2 (a
    variance instead of a mean square); d = sqrt(v) + eps. Without momentum
    p -= lr * g / d; with it, b = momentum * b + g / d (b starts at 0) and
    p -= lr * b.

    >>> p = Value(1.0); p.grad = 2.0
    >>> RMSProp([p], lr=0.01, alpha=0.99).step()     # v = 0.01 * 4, step = 0.01 * 2 / 0.2
    >>> round(p.data, 6)
    0.9
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False) -> None:
        super().__init__(params, lr)
        self.alpha = check_fraction(alpha, "alpha")
        self.eps = check_number(eps, "eps")
        self.weight_decay = check_number(weight_decay, "weight_decay")
        self.momentum = check_number(momentum, "momentum")
        self.centered = bool(centered)
        n = len(self.params)
        self.square_averages = [0.0] * n
        self.grad_averages = [0.0] * n
        self.buffers = [0.0] * n

    def step(self) -> None:
        lr, alpha, eps, decay, momentum = self.lr, self.alpha, self.eps, self.weight_decay, self.momentum
        self.steps += 1
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data if decay else p.grad
            v = alpha * self.square_averages[i] + (1.0 - alpha) * g * g
            self.square_averages[i] = v
            if self.centered:
                a = alpha * self.grad_averages[i] + (1.0 - alpha) * g
                self.grad_averages[i] = a
                v = max(v - a * a, 0.0)  # a variance; max() only guards against rounding below 0
            denominator = math.sqrt(v) + eps
            if momentum > 0.0:
                b = momentum * self.buffers[i] + g / denominator
                self.buffers[i] = b
                p.data -= lr * b
            else:
                p.data -= lr * g / denominator

    def _options(self) -> str:
        text = f"lr={self.lr:g}, alpha={self.alpha:g}"
        if self.momentum:
            text += f", momentum={self.momentum:g}"
        if self.centered:
            text += ", centered"
        return text


class Adam(Optimizer):
    """Adam: momentum on the gradient and RMSProp's scaling, both corrected for starting at 0.

    As ``torch.optim.Adam`` (weight decay added to the gradient, not AdamW's):
    at step t (from 1), with g = grad + weight_decay * p,
    m = beta1 * m + (1 - beta1) * g, v = beta2 * v + (1 - beta2) * g^2,
    p -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
    The first step therefore moves each parameter by about lr, whatever
    the size of its gradient.

    >>> p = Value(1.0); p.grad = 123.0
    >>> Adam([p], lr=0.1).step(); round(p.data, 6)
    0.9
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2); got {betas!r}")
        self.betas = (check_fraction(betas[0], "beta1"), check_fraction(betas[1], "beta2"))
        self.eps = check_number(eps, "eps")
        self.weight_decay = check_number(weight_decay, "weight_decay")
        n = len(self.params)
        self.first_moments = [0.0] * n
        self.second_moments = [0.0] * n

    def step(self) -> None:
        lr, eps, decay = self.lr, self.eps, self.weight_decay
        beta1, beta2 = self.betas
        self.steps += 1
        t = self.steps
        # the bias corrections, computed the way torch.optim.Adam does
        step_size = lr / (1.0 - beta1**t)
        correction2_sqrt = math.sqrt(1.0 - beta2**t)
        m_list, v_list = self.first_moments, self.second_moments
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data if decay else p.grad
            m = beta1 * m_list[i] + (1.0 - beta1) * g
            v = beta2 * v_list[i] + (1.0 - beta2) * g * g
            m_list[i] = m
            v_list[i] = v
            p.data -= step_size * m / (math.sqrt(v) / correction2_sqrt + eps)

    def _options(self) -> str:
        text = f"lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g})"
        if self.weight_decay:
            text += f", weight_decay={self.weight_decay:g}"
        return text
