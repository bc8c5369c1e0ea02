"""autograd.pictures.colors: color_by='role' (input, parameter, intermediate, output) and color_by='grad'."""

from __future__ import annotations

import math

import pytest

from autograd import Value, to_dot
from tests.test_autograd.test_pictures.conftest import (Neuron, check_snapshot, lines_by_label,
                                                        two_two_one_network, value_lines)


def test_snapshot_coloured_by_grad() -> None:
    loss, _ = two_two_one_network()
    check_snapshot("network_grad.dot", to_dot(loss, color_by="grad"))


# ---------------------------------------------------------------- by role


def test_color_by_role_with_parameters_given() -> None:
    x = Value(1.0, label="x")
    w = Value(0.5, label="w")
    out = (w * x).tanh()
    out.label = "out"
    dot = to_dot(out, color_by="role", parameters=[w])
    lines = lines_by_label(dot)
    assert '"#d9f0d3"' in lines["x"]  # input (green)
    assert '"#fdd49e"' in lines["w"]  # parameter (orange)
    assert 'fillcolor="white"' in value_lines(dot)[2]  # w*x: intermediate
    assert '"#c6dbef"' in lines["out"]  # the output (blue)
    for text in ("input", "parameter", "intermediate", "output"):
        assert text in dot.split("legend [")[1]


def test_color_by_role_without_parameters_takes_leaves_tagged_with_a_module() -> None:
    x = Value(1.0, label="x")
    w = Value(0.5, label="w")
    w.scope = Neuron("neuron")
    lines = lines_by_label(to_dot(w * x, color_by="role"))
    assert '"#d9f0d3"' in lines["x"] and '"#fdd49e"' in lines["w"]


# ---------------------------------------------------------------- by |grad|


def test_color_by_grad_makes_vanishing_gradients_pale_and_zero_dashed() -> None:
    a = Value(1.0, label="big")
    b = Value(1.0, label="small")
    c = Value(1.0, label="tiny")
    z = Value(1.0, label="zero")
    out = a * 5.0 + b * 0.004 + c * 1e-12 + z * 0.0
    out.backward()
    lines = lines_by_label(to_dot(out, color_by="grad"))
    assert "#08306b" in lines["big"]  # |grad| = 5: the top decade [1, 10), darkest
    assert "#bdd7e7" in lines["small"]  # 0.004: in [0.001, 0.01), three decades down
    assert "#f7fbff" in lines["tiny"]  # 1e-12: far below, the palest shade
    assert "filled,dashed" in lines["zero"]


def test_color_by_grad_shows_nan_and_inf_in_red() -> None:
    x = Value(0.0, label="x")
    y = x.sqrt()  # d sqrt(x)/dx at 0 is inf
    y.backward()
    dot = to_dot(y, color_by="grad")
    assert '"#e41a1c"' in value_lines(dot)[0] and "NaN or inf" in dot


@pytest.mark.parametrize("size", [1e308, 5e-324, 1.7976931348623157e308])
def test_color_by_grad_works_at_the_ends_of_the_float_range(size: float) -> None:
    x = Value(1.0, label="x")
    y = x * 2
    x.grad = y.grad = size
    dot = to_dot(y, color_by="grad")
    exponent = math.floor(math.log10(size))
    assert f"|grad| &gt;= 1e{exponent}" in dot  # the legend's top decade, 10**exponent
    assert f"0 &lt; |grad| &lt; 1e{exponent - 4} (vanishing)" in dot  # five decades down, below the float range
    assert '"#08306b"' in lines_by_label(dot)["x"]
