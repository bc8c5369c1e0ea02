"""Tests of nn.expression: the whitelist parser behind ``chaingrad graph``."""

from __future__ import annotations

import ast
import inspect
import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn.expression
from autograd import Value, topological_order
from nn.expression import MAX_DEPTH, MAX_LENGTH, MAX_NODES, ExpressionError, names_in, parse_expression


def test_the_readme_example_and_its_gradients():
    out = parse_expression("a*b + b**2", {"a": 2, "b": -3})
    assert out.data == 3.0
    out.backward()
    leaves = {node.label: node for node in [out] + _all(out) if node.label}
    assert leaves["a"].grad == -3.0 and leaves["b"].grad == -4.0


def _all(root):
    from autograd import topological_order

    return topological_order(root)


@pytest.mark.parametrize("text, expected", [
    ("x + 1", 3.0), ("-x", -2.0), ("+x", 2.0), ("x / 4", 0.5), ("2 ** x", 4.0), ("x ** 0.5", math.sqrt(2)),
    ("exp(x)", math.exp(2)), ("log(x)", math.log(2)), ("sqrt(x)", math.sqrt(2)), ("tanh(x)", math.tanh(2)),
    ("sigmoid(x)", 1 / (1 + math.exp(-2))), ("relu(-x)", 0.0), ("leaky_relu(-x, 0.1)", -0.2),
    ("softplus(x)", math.log1p(math.exp(2))), ("sin(x) * cos(x)", math.sin(2) * math.cos(2)), ("abs(-x)", 2.0),
    ("2 * pi", 2 * math.pi), ("e", math.e), ("(x + 1) * (x - 1)", 3.0), ("1.5e2", 150.0),
])
def test_numbers_names_operators_and_functions(text, expected):
    assert parse_expression(text, {"x": 2.0}).data == pytest.approx(expected)


def test_names_become_labelled_values_and_values_are_used_as_they_are():
    x = Value(4.0, label="mine")
    out = parse_expression("x * y", {"x": x, "y": 0.5})
    assert out.data == 2.0 and out.parents[0] is x and out.parents[1].label == "y"
    assert names_in("a*b + tanh(b) * pi") == ["a", "b"]


def test_a_constant_given_a_value_is_a_variable_and_counts_as_used():
    assert parse_expression("pi * x", {"pi": 3, "x": 2}).data == 6.0
    assert names_in("pi * x", given={"pi": 3.0, "x": 2.0}) == ["pi", "x"]
    assert names_in("pi * x", given=["x"]) == ["x"]


@pytest.mark.parametrize("text, message", [
    ("__import__('os')", "calls are only allowed to"),
    ("__import__('os').system('true')", "call"),
    ("x.real", "attribute access"),
    ("().__class__", "attribute access"),
    ("lambda: 1", "lambda"),
    ("[c for c in 'ab']", "comprehension"),
    ("x[0]", "subscript"),
    ("'text'", "only numbers"),
    ("x < 1", "comparison"),
    ("x if x else 1", "if/else"),
    ("exp(x=1)", "keyword arguments"),
    ("tanh(x, x)", "takes 1 argument"),
    ("leaky_relu(x, x)", "must be a number"),
    ("x // 2", "operator FloorDiv is not allowed"),
    ("not x", "operator Not is not allowed"),
    ("exp", "is a function; call it"),
    ("y + 1", "'y' has no value.*--set y=1.5"),
    ("x +", "cannot parse"),
    ("", "empty"),
    ("1e400", "too large"),
    ("9 ** 9 ** 9", "too large"),
    ("(-8) ** (1/3)", "cannot compute"),
    ("1 / (x - 2)", "division by zero"),
    ("log(x - 2)", "positive input"),
    ("x := 1", "cannot parse"),
])
def test_everything_else_is_refused_with_a_clear_error(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text, {"x": 2.0})


def test_oversized_and_deeply_nested_inputs_are_refused_before_harm(monkeypatch):
    with pytest.raises(ExpressionError, match=f"at most {MAX_LENGTH}"):
        parse_expression("x+" * 600 + "x", {"x": 1.0})
    balanced = "x"
    for _ in range(7):  # 128 leaves, 7 levels deep: 255 parts
        balanced = f"({balanced}+{balanced})"
    assert parse_expression(balanced, {"x": 1.0}).data == 128.0
    monkeypatch.setattr(nn.expression, "MAX_LENGTH", 10_000)  # the length limit comes first otherwise
    with pytest.raises(ExpressionError, match=f"too large: more than {MAX_NODES} parts"):
        parse_expression("x+" * 600 + "x", {"x": 1.0})  # 1201 parts
    monkeypatch.undo()
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("(" * 200 + "x" + ")" * 200 + "**2" * 70, {"x": 1.0})
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("-" * 300 + "x", {"x": 1.0})
    with pytest.raises(ExpressionError, match="at most"):
        parse_expression("(" * 5000 + "1" + ")" * 5000)


@pytest.mark.parametrize("operator, expected", [("+", 500.0), ("-", -498.0), ("*", 1.0), ("/", 1.0)])
def test_a_flat_chain_of_500_terms_is_one_level_and_needs_no_recursion(operator, expected, monkeypatch):
    text = operator.join(["a"] * 500)  # 999 characters: the longest such chain MAX_LENGTH allows
    # NOTE: Python's own parser turns its tree into Python objects recursively (one level per term here;
    # MAX_LENGTH bounds it well within the default limit), so the tree is parsed beforehand: what is
    # checked is that nothing chaingrad does with it recurses.
    tree = ast.parse(text, mode="eval")
    monkeypatch.setattr(ast, "parse", lambda *args, **kwargs: tree)
    frames = len(inspect.stack())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(frames + 40)  # a walk that recursed once per term would need hundreds more frames
    try:
        out = parse_expression(text, {"a": 1.0})
        out.backward()
        names = names_in(text)
    finally:
        sys.setrecursionlimit(limit)
    assert out.data == expected and names == ["a"]
    a = next(node for node in topological_order(out) if node.label == "a")
    assert a.grad == {"+": 500.0, "-": -498.0, "*": 500.0, "/": -498.0}[operator]


@pytest.mark.parametrize("text", [
    "+".join(["a"] * 70),
    " + ".join(f"{k}*a*a - a/{k}" for k in range(1, 40)),  # a flat sum of flat products
    "(a + a) - a + (a - a) + a",  # brackets that only repeat the reading left to right
])
def test_long_flat_sums_and_products_are_accepted(text):
    parse_expression(text, {"a": 2.0})


@pytest.mark.parametrize("text", [
    "a+(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),  # grouped to the right: real nesting
    "a*(" * 200 + "a" + ")" * 200,  # 200 nested parentheses
    "exp(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),
    "a" + "**a" * (MAX_DEPTH + 1),  # a ** (a ** (a ** ...)): a tower nests
])
def test_truly_deep_nesting_is_still_refused(text):
    with pytest.raises(ExpressionError, match=f"nested too deeply: more than {MAX_DEPTH} levels"):
        parse_expression(text, {"a": 1.0})


def test_bad_variable_names_and_values():
    with pytest.raises(ExpressionError, match="identifier"):
        parse_expression("x", {"1x": 1.0})
    with pytest.raises(ExpressionError, match="name of a function"):
        parse_expression("x", {"exp": 1.0})
    with pytest.raises(ExpressionError, match="must be a number"):
        parse_expression("x", {"x": "one"})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("xy0123456789.+-*/()_ ,[]'\"abceimoprstl:=<>lambda")), max_size=60))
def test_any_text_gives_a_value_or_an_expression_error_and_nothing_else(text):
    try:
        result = parse_expression(text, {"x": 0.5, "y": -2.0})
    except ExpressionError:
        return
    assert isinstance(result, Value)
