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
from nn.checks import check_fraction, check_number
from nn.module import assign_parameters


class Optimizer:
    """What every optimizer has: the parameters, a learning rate ``lr``, ``step()`` and ``zero_grad()``.

    ``lr`` may be changed between steps (``nn.fit`` does so for a schedule).
    A step is all or nothing: each optimizer first computes every new number
    (the parameters, the step count, its running averages) without changing
    anything, then stores them all with ``_commit``. So an error while
    computing (a gradient that is not a number, say) or a Ctrl-C at any
    moment leaves the parameters and the optimizer exactly as they were.
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
        """Update every parameter once, from its current ``.grad`` (all or nothing, see the class)."""
        raise NotImplementedError

    def _commit(self, new_data: list[float], **new_state: Any) -> None:
        """Store a step's results, all or nothing: the new state (``steps``, the running lists), then the parameters.

        The stores are those of ``restore_state``, so lists are refilled in place.
        A Ctrl-C half-way puts the old state back (``assign_parameters`` does
        the same for the parameters).
        """
        saved = self.state_snapshot()
        try:
            self.restore_state(new_state)
            assign_parameters(self.params, new_data)
        except BaseException:  # anything at all, Ctrl-C included: undo what was stored, then let it go on
            self.restore_state(saved)
            raise

    def state_snapshot(self) -> dict[str, Any]:
        """Everything but the parameters that a step may change (the step count, momentum buffers, running averages).

        ``restore_state(snapshot)`` puts it back, so a step can be undone (``nn.fit``
        does so when a step diverges). Every attribute is saved, lists as
        copies, so a subclass's own running state is included without more code.
        """
        return {name: list(value) if isinstance(value, list) else value
                for name, value in vars(self).items() if name != "params"}

    def restore_state(self, snapshot: dict[str, Any]) -> None:
        """Put back the state saved by ``state_snapshot()`` (lists are refilled in place)."""
        for name, value in snapshot.items():
            current = getattr(self, name, None)
            if isinstance(value, list) and isinstance(current, list):
                current[:] = value  # one store: a Ctrl-C comes before it or after it, never in the middle
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
        new_data, buffers = [], []
        for p, b in zip(self.params, self.buffers):
            g = p.grad + decay * p.data if decay else p.grad
            direction = g  # plain gradient descent
            if momentum:
                b = g if first else momentum * b + (1.0 - self.dampening) * g
                direction = g + momentum * b if self.nesterov else b
            buffers.append(b)
            new_data.append(p.data - lr * direction)
        self._commit(new_data, steps=self.steps + 1, buffers=buffers)

    def _options(self) -> str:
        text = f"lr={self.lr:g}"
        if self.momentum:
            text += f", momentum={self.momentum:g}" + (", nesterov" if self.nesterov else "")
        if self.weight_decay:
            text += f", weight_decay={self.weight_decay:g}"
        return text


# why eps must be above 0, for the message that refuses it
_EPS_HINT = (" (eps keeps the division by the running size of the gradients away from 0 / 0 when a "
            "parameter's gradients are all 0, as for a dead relu: use a small number such as 1e-8)")


class RMSProp(Optimizer):
    """RMSProp: divide each step by a running root-mean-square of that parameter's gradients.

    As ``torch.optim.RMSprop``: with g = grad + weight_decay * p,
    v = alpha * v + (1 - alpha) * g^2 (v starts at 0); with ``centered=True``
    also a = alpha * a + (1 - alpha) * g and v is replaced by v - a^2 (a
    variance instead of a mean square); d = sqrt(v) + eps. Without momentum
    p -= lr * g / d; with it, b = momentum * b + g / d (b starts at 0) and
    p -= lr * b. ``eps`` must be above 0.

    >>> p = Value(1.0); p.grad = 2.0
    >>> RMSProp([p], lr=0.01, alpha=0.99).step()     # v = 0.01 * 4, step = 0.01 * 2 / 0.2
    >>> round(p.data, 6)
    0.9
    """

    def __init__(self, params: Iterable[Value], lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False) -> None:
        super().__init__(params, lr)
        self.alpha = check_fraction(alpha, "alpha")
        self.eps = check_number(eps, "eps", strict=True, hint=_EPS_HINT)
        self.weight_decay = check_number(weight_decay, "weight_decay")
        self.momentum = check_number(momentum, "momentum")
        self.centered = bool(centered)
        n = len(self.params)
        self.square_averages = [0.0] * n
        self.grad_averages = [0.0] * n
        self.buffers = [0.0] * n

    def step(self) -> None:
        lr, alpha, eps, decay, momentum = self.lr, self.alpha, self.eps, self.weight_decay, self.momentum
        new_data, square_averages, grad_averages, buffers = [], [], [], []
        for p, v, a, b in zip(self.params, self.square_averages, self.grad_averages, self.buffers):
            g = p.grad + decay * p.data if decay else p.grad
            v = alpha * v + (1.0 - alpha) * g * g
            square_averages.append(v)
            if self.centered:
                a = alpha * a + (1.0 - alpha) * g
                v = max(v - a * a, 0.0)  # a variance; max() only guards against rounding below 0
            grad_averages.append(a)
            denominator = math.sqrt(v) + eps
            if momentum > 0.0:
                b = momentum * b + g / denominator
                change = lr * b
            else:
                change = lr * g / denominator
            buffers.append(b)
            new_data.append(p.data - change)
        self._commit(new_data, steps=self.steps + 1, square_averages=square_averages, grad_averages=grad_averages,
                     buffers=buffers)

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
    the size of its gradient. ``eps`` must be above 0.

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
        self.eps = check_number(eps, "eps", strict=True, hint=_EPS_HINT)
        self.weight_decay = check_number(weight_decay, "weight_decay")
        n = len(self.params)
        self.first_moments = [0.0] * n
        self.second_moments = [0.0] * n

    def step(self) -> None:
        lr, eps, decay = self.lr, self.eps, self.weight_decay
        beta1, beta2 = self.betas
        t = self.steps + 1
        # the bias corrections, computed the way torch.optim.Adam does
        step_size = lr / (1.0 - beta1**t)
        correction2_sqrt = math.sqrt(1.0 - beta2**t)
        new_data, first_moments, second_moments = [], [], []
        for p, m, v in zip(self.params, self.first_moments, self.second_moments):
            g = p.grad + decay * p.data if decay else p.grad
            m = beta1 * m + (1.0 - beta1) * g
            v = beta2 * v + (1.0 - beta2) * g * g
            first_moments.append(m)
            second_moments.append(v)
            new_data.append(p.data - step_size * m / (math.sqrt(v) / correction2_sqrt + eps))
        self._commit(new_data, steps=t, first_moments=first_moments, second_moments=second_moments)

    def _options(self) -> str:
        text = f"lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g})"
        if self.weight_decay:
            text += f", weight_decay={self.weight_decay:g}"
        return text
