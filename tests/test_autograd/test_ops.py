"""Every op, from one table: forward against the math module, first and second derivatives
against central differences, and each op's two forms of its derivative (the float at
forward time, the Value rule for create_graph) against each other."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, strategies as st

from autograd import Value, grad
from autograd.value import OPS, differentiable_local_derivatives
from tests.strategies import INFINITE_SLOPES, OP_FORMS, OP_NAMES_COVERED, OpForm, central_difference, close


def _operands(form: OpForm, numbers: list[float]) -> list[object]:
    return [Value(x) if is_value else x for x, is_value in zip(numbers, form.is_value)]


@st.composite
def _inputs(draw: st.DrawFn, form: OpForm) -> list[float]:
    return [draw(domain) for domain in form.domain]


def _along(function, numbers: list[float], k: int):
    """``function`` of the k-th number alone, the others held where they are."""
    def moved(t: float) -> float:
        point = list(numbers)
        point[k] = t
        return function(*point)
    return moved


@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_forward_matches_the_math_module(form: OpForm) -> None:
    @given(_inputs(form))
    def check(numbers: list[float]) -> None:
        out = form.value_fn(*_operands(form, numbers))
        assert isinstance(out, Value)
        expected = form.float_fn(*numbers)
        assert math.isclose(out.data, expected, rel_tol=1e-12, abs_tol=1e-300), (numbers, out.data, expected)

    check()


@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_derivative_matches_central_differences(form: OpForm) -> None:
    @given(_inputs(form))
    def check(numbers: list[float]) -> None:
        operands = _operands(form, numbers)
        out = form.value_fn(*operands)
        out.backward()
        for k, operand in enumerate(operands):
            if not isinstance(operand, Value):
                continue
            lower = form.lower_bound if k == 0 else None
            numeric, rounding = central_difference(_along(form.float_fn, numbers, k), numbers[k], lower)
            assert close(operand.grad, numeric, rounding), (form.name, numbers, k, operand.grad, numeric)

    check()


def _first_derivative(form: OpForm, k: int):
    """d(op)/d(operand k) as a function of all the operands' numbers, through backward()."""
    def derivative(*numbers: float) -> float:
        operands = _operands(form, list(numbers))
        form.value_fn(*operands).backward()
        return operands[k].grad  # type: ignore[union-attr]
    return derivative


@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_second_derivative_matches_central_differences_of_the_first(form: OpForm) -> None:
    # grad(create_graph=True) twice, against central differences of the first
    # derivative, at random points and at the special ones (exponents of exactly
    # 0, 1, 2, -1, a base of 1, inputs at 0), where defect 1 of issue 8 hid.
    @given(_inputs(form))
    def check(numbers: list[float]) -> None:
        operands = _operands(form, numbers)
        values = [v for v in operands if isinstance(v, Value)]
        firsts = grad(form.value_fn(*operands), values, create_graph=True)
        for k, first in zip([i for i, v in enumerate(operands) if isinstance(v, Value)], firsts):
            assert isinstance(first, Value)
            seconds = grad(first, values)
            for j, second in zip([i for i, v in enumerate(operands) if isinstance(v, Value)], seconds):
                lower = form.lower_bound if j == 0 else None
                numeric, rounding = central_difference(
                    _along(_first_derivative(form, k), numbers, j), numbers[j], lower)
                assert close(second, numeric, rounding, rtol=1e-4, atol=1e-6), \
                    (form.name, numbers, f"d2/d{k}d{j}", second, numeric)

    check()


def _special_points(form: OpForm) -> list[list[float]]:
    """Every combination of the special points of each operand's domain (from the strategies)."""
    per_operand = []
    for domain in form.domain:
        branches = getattr(domain, "original_strategies", None) or getattr(
            getattr(domain, "wrapped_strategy", None), "original_strategies", None) or ()
        points = [list(b.elements) for b in branches if hasattr(b, "elements")]
        per_operand.append(points[0] if points else [1.0])
    combos: list[list[float]] = [[]]
    for points in per_operand:
        combos = [c + [p] for c in combos for p in points]
    return combos


@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_the_value_rule_agrees_with_the_recorded_float(form: OpForm) -> None:
    # Each op's derivative has two forms: the float its code records at forward
    # time (fast) and the rule of OPS written with Values (for create_graph).
    # They must agree, value and type, at random points and at special points.
    def check(numbers: list[float]) -> None:
        out = form.value_fn(*_operands(form, numbers))
        recorded = out.local_derivatives
        as_values = differentiable_local_derivatives(out)
        assert len(as_values) == len(recorded)
        for rule, number in zip(as_values, recorded):
            assert type(rule) in (Value, float), type(rule)
            got = rule.data if isinstance(rule, Value) else rule
            assert type(got) is float
            assert got == number or (math.isnan(got) and math.isnan(number)), (form.name, numbers, got, number)

    given(_inputs(form))(check)()
    specials = _special_points(form)
    assert specials, form.name
    for numbers in specials:
        check(numbers)


@pytest.mark.parametrize("name, make, at", INFINITE_SLOPES, ids=[n for n, _, _ in INFINITE_SLOPES])
def test_an_infinite_slope_is_refused_for_create_graph_naming_the_op(name, make, at) -> None:
    x = Value(at)
    out = make(x)
    assert out.local_derivatives == (math.inf,)
    with pytest.raises(ValueError, match=re.escape(f"derivative of '{out.op}'") + ".*cannot be differentiated further"):
        grad(out, [x], create_graph=True)
    assert grad(out, [x]) == (math.inf,)  # the first derivative alone is fine


def test_the_table_covers_every_op_of_the_engine() -> None:
    assert set(OPS) == OP_NAMES_COVERED
    forms_per_op = {form.name.replace("Value", "").replace("number", "").replace("negative", "")
                    .replace("integer", "").strip() for form in OP_FORMS}
    assert forms_per_op == OP_NAMES_COVERED


def test_every_op_of_the_table_is_a_method_of_value() -> None:
    for name, entry in OPS.items():
        assert entry.name == name
        assert getattr(Value, entry.method.__name__) is entry.method
        assert entry.written and entry.math


@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_each_op_makes_one_node_named_after_it(form: OpForm) -> None:
    numbers = [1.5, 2.0][: len(form.is_value)] if form.name != "negative Value ** integer" else [-1.5, 3.0]
    operands = _operands(form, numbers)
    out = form.value_fn(*operands)
    values = [v for v in operands if isinstance(v, Value)]
    assert out.parents == tuple(values)
    expected_op = form.name.split()[1] if len(form.is_value) == 2 and form.name.split()[0] in ("Value", "number") else None
    if expected_op is not None:
        assert out.op == expected_op
    else:
        assert out.op in OP_NAMES_COVERED
    assert len(out.local_derivatives) == len(values)
