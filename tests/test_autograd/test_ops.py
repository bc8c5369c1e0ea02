"""Every op, from one table: forward against the math module, derivative against central differences."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from autograd import Value
from autograd.value import DIFFERENTIABLE_RULES
from tests.strategies import OP_FORMS, OP_NAMES_COVERED, OpForm, central_difference, close


def _operands(form: OpForm, numbers: list[float]) -> list[object]:
    return [Value(x) if is_value else x for x, is_value in zip(numbers, form.is_value)]


@st.composite
def _inputs(draw: st.DrawFn, form: OpForm) -> list[float]:
    return [draw(domain) for domain in form.domain]


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

            def along_k(t: float) -> float:
                moved = list(numbers)
                moved[k] = t
                return form.float_fn(*moved)

            lower = form.lower_bound if k == 0 else None
            numeric, rounding = central_difference(along_k, numbers[k], lower)
            assert close(operand.grad, numeric, rounding), (form.name, numbers, k, operand.grad, numeric)

    check()


def test_the_table_covers_every_op_of_the_engine() -> None:
    assert set(DIFFERENTIABLE_RULES) == OP_NAMES_COVERED
    forms_per_op = {form.name.replace("Value", "").replace("number", "").replace("negative", "")
                    .replace("integer", "").strip() for form in OP_FORMS}
    assert forms_per_op == OP_NAMES_COVERED


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
