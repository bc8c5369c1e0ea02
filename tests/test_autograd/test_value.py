"""Value: construction, attributes, the graph it records, errors, numerics at the edges."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given

from autograd import Value, topological_order
from autograd.pictures.labels import op_text
from tests.strategies import reals


class FloatLike:
    """Anything with __float__ (a NumPy scalar, say) is accepted."""

    def __float__(self) -> float:
        return 2.5


# ------------------------------------------------------------------ construction


@pytest.mark.parametrize("data, expected", [(3, 3.0), (2.5, 2.5), (True, 1.0), (False, 0.0),
                                            (Fraction(1, 4), 0.25), (FloatLike(), 2.5)])
def test_data_is_stored_as_a_python_float(data: object, expected: float) -> None:
    v = Value(data)
    assert type(v.data) is float and v.data == expected


@pytest.mark.parametrize("bad", ["2.0", None, 1 + 2j, [1.0], b"1", {"x": 1}])
def test_anything_else_is_a_type_error_naming_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_a_value_cannot_wrap_a_value_and_the_error_says_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"Value.*detach"):
        Value(Value(1.0))


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_a_new_value_is_a_leaf() -> None:
    v = Value(2.0, label="a")
    assert (v.data, v.grad, v.label, v.op, v.parents, v.local_derivatives) == (2.0, 0.0, "a", "", (), ())
    assert v.constant is None and v.scope is None


def test_label_is_settable() -> None:
    c = Value(1.0) + Value(2.0)
    c.label = "c"
    assert c.label == "c" and "label='c'" in repr(c)


def test_repr() -> None:
    assert repr(Value(2.0, label="a")) == "Value(data=2.0, grad=0.0, label='a')"
    assert repr(Value(-0.5)) == "Value(data=-0.5, grad=0.0)"


# --------------------------------------------------------------------- the graph


def test_parents_are_in_operand_order_with_repeats_kept() -> None:
    a, b = Value(2.0), Value(3.0)
    assert (a * a).parents == (a, a)
    assert (a + a).parents == (a, a)
    assert (b - a).parents == (b, a)
    assert (a / b).local_derivatives == (1 / 3, -2 / 9)


def test_a_number_operand_is_a_constant_not_a_node() -> None:
    x = Value(3.0)
    for node, label in [(x * 2, "* 2"), (2 * x, "2 *"), (x - 1, "- 1"), (1 - x, "1 -"),
                        (x / 4, "/ 4"), (4 / x, "4 /"), (x**2, "** 2"), (2**x, "2 **"), (x + 0.5, "+ 0.5")]:
        assert node.parents == (x,)
        assert node.constant_first == label[0].isdigit()
        assert op_text(node) == label
    assert (2 * x).constant == 2.0 and x.tanh().constant is None


def test_each_operator_is_one_node_with_its_own_name() -> None:
    x, y = Value(3.0), Value(2.0)
    ops = {"+": x + y, "-": x - y, "*": x * y, "/": x / y, "**": x**y, "neg": -x, "pos": +x, "abs": abs(x)}
    for name, node in ops.items():
        assert node.op == name
        assert all(p in (x, y) for p in node.parents)


def test_sum_of_values_works() -> None:
    vs = [Value(float(i)) for i in range(5)]
    total = sum(vs)
    assert isinstance(total, Value) and total.data == 10.0
    total.backward()
    assert [v.grad for v in vs] == [1.0] * 5


def test_number_power_value_and_value_power_value() -> None:
    x, y = Value(2.0), Value(3.0)
    z = x**y
    z.backward()
    assert z.data == 8.0
    assert x.grad == pytest.approx(12.0) and y.grad == pytest.approx(8 * math.log(2))
    w = Value(2.0)
    (3.0**w).backward()
    assert w.grad == pytest.approx(9 * math.log(3))


def test_unsupported_operand_types_raise_type_error_naming_them() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="str"):
        x + "1"  # type: ignore[operator]
    with pytest.raises(TypeError, match="Value"):  # Python's own message for sequences
        [1] * x  # type: ignore[operator]
    with pytest.raises(TypeError, match="NoneType"):
        x - None  # type: ignore[operator]
    with pytest.raises(TypeError, match="complex"):
        x * 1j  # type: ignore[operator]


# ---------------------------------------------------- comparisons, hashing, float


def test_ordering_compares_data_with_values_and_numbers() -> None:
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a
    assert a < 1.5 and 2.5 > b and a <= 1 and b >= 2
    assert (a < b) is True
    assert max([a, b]) is b and sorted([b, a]) == [a, b]


def test_equality_and_hash_are_identity_based() -> None:
    a, b = Value(1.0), Value(1.0)
    assert a == a and a != b
    table = {a: "a", b: "b"}
    assert table[a] == "a" and len({a, b, a}) == 2


def test_float_and_format() -> None:
    v = Value(2.0, label="a")
    assert float(v) == 2.0
    assert f"{v:.3f}" == "2.000"
    assert f"{v}" == repr(v)


def test_comparison_with_an_unsupported_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Value(1.0) < "2"  # type: ignore[operator]


# ---------------------------------------------------------------- domain errors


@pytest.mark.parametrize("make, error, words", [
    (lambda: Value(-1.0, label="x").log(), ValueError, r"log\(\) needs a positive input; got Value\(data=-1.0.*label='x'\)"),
    (lambda: Value(0.0).log(), ValueError, "log"),
    (lambda: Value(-4.0).sqrt(), ValueError, r"sqrt\(\) needs an input >= 0"),
    (lambda: Value(1.0) / Value(0.0), ZeroDivisionError, "division by zero"),
    (lambda: Value(1.0) / 0, ZeroDivisionError, "division by zero"),
    (lambda: 1 / Value(0.0), ZeroDivisionError, "division by zero"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "negative power"),
    (lambda: Value(-8.0) ** (1 / 3), ValueError, "integer exponent"),
    (lambda: Value(-8.0) ** Value(0.5), ValueError, "integer exponent"),
    (lambda: (-2.0) ** Value(0.5), ValueError, "integer exponent"),
    (lambda: Value(1000.0).exp(), OverflowError, r"exp\(\) overflows"),
    (lambda: Value(10.0) ** 400, OverflowError, "overflows"),
])
def test_domain_errors_name_the_op_and_the_input(make, error, words) -> None:
    with pytest.raises(error, match=words):
        make()


def test_domain_errors_match_the_math_module() -> None:
    for x in (-1.0, 0.0):
        with pytest.raises(ValueError):
            math.log(x)
        with pytest.raises(ValueError):
            Value(x).log()
    with pytest.raises(ValueError):
        math.sqrt(-1.0)
    with pytest.raises(OverflowError):
        math.exp(1000.0)


# ------------------------------------------------------ stability and IEEE values


@pytest.mark.parametrize("x", [-1000.0, 1000.0, -1e308, 1e308])
def test_tanh_sigmoid_softplus_are_stable_for_any_finite_input(x: float) -> None:
    for op in ("tanh", "sigmoid", "softplus"):
        v = Value(x)
        out = getattr(v, op)()
        out.backward()
        assert math.isfinite(out.data) and math.isfinite(v.grad), (op, x, out, v.grad)


def test_softplus_of_1000_is_exactly_1000_and_sigmoid_saturates() -> None:
    assert Value(1000.0).softplus().data == 1000.0
    assert Value(-1000.0).softplus().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0 and Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).tanh().data == 1.0 and Value(-1000.0).tanh().data == -1.0


@given(reals(-1e300, 1e300))
def test_sigmoid_is_within_0_and_1_and_consistent_with_tanh(x: float) -> None:
    s = Value(x).sigmoid().data
    assert 0.0 <= s <= 1.0
    assert s == pytest.approx(0.5 * (1 + math.tanh(x / 2)), abs=1e-12)


@pytest.mark.parametrize("op", ["exp", "tanh", "sigmoid", "relu", "softplus", "sin", "cos", "neg", "abs", "sqrt", "log"])
def test_nan_propagates(op: str) -> None:
    x = Value(math.nan)
    fn = {"neg": lambda v: -v, "abs": abs}.get(op, lambda v: getattr(v, op)())
    assert math.isnan(fn(x).data)


def test_infinities_propagate_as_ieee_floats_do() -> None:
    inf = math.inf
    assert Value(inf).exp().data == inf and Value(-inf).exp().data == 0.0
    assert Value(inf).log().data == inf and Value(inf).sqrt().data == inf
    assert Value(inf).relu().data == inf and Value(-inf).relu().data == 0.0
    assert Value(inf).softplus().data == inf and Value(-inf).softplus().data == 0.0
    assert math.isnan(Value(inf).sin().data) and math.isnan(Value(-inf).cos().data)
    assert (Value(inf) * 2).data == inf and math.isnan((Value(inf) - Value(inf)).data)


# ------------------------------------------------------------ kinks and limits


def test_relu_abs_leaky_relu_derivative_at_zero_is_the_documented_subgradient() -> None:
    for make, expected in [(lambda v: v.relu(), 0.0), (abs, 0.0), (lambda v: v.leaky_relu(0.1), 0.1)]:
        x = Value(0.0)
        make(x).backward()
        assert x.grad == expected


def test_local_derivatives_never_raise_and_are_inf_where_infinite() -> None:
    x = Value(0.0)
    x.sqrt().backward()
    assert x.grad == math.inf
    y = Value(0.0)
    (y**0.5).backward()
    assert y.grad == math.inf
    z = Value(1e-300)
    (z**-1).backward()  # the slope -1/z^2 overflows a float: -inf, not an OverflowError
    assert z.grad == -math.inf


def test_power_derivative_with_respect_to_the_exponent_at_zero_and_negative_bases() -> None:
    for base, expected in [(0.0, 0.0), (-2.0, math.nan), (2.0, 4 * math.log(2))]:
        x, y = Value(base), Value(2.0)
        (x**y).backward()
        assert (math.isnan(y.grad) if math.isnan(expected) else y.grad == pytest.approx(expected)), (base, y.grad)
    x, y = Value(0.0), Value(0.0)
    z = x**y
    z.backward()
    assert (z.data, x.grad, y.grad) == (1.0, 0.0, 0.0)


def test_the_docstring_states_the_conventions() -> None:
    import autograd.value as module

    doc = module.__doc__ or ""
    for words in ("relu", "abs", "subgradient", "log(x)", "NaN", "inf"):
        assert words in doc


def test_a_label_must_be_a_str_when_set_later_too() -> None:
    # issue 8, defect 11: w.label = 123 broke to_dot deep inside; now the assignment says so
    w = Value(1.0)
    with pytest.raises(TypeError, match="label must be a str; got int: 123"):
        w.label = 123  # type: ignore[assignment]
    with pytest.raises(TypeError, match="label must be a str"):
        Value(1.0, label=None)  # type: ignore[arg-type]
    w.label = "w"
    assert (w * 2).label == "" and w.label == "w"


@pytest.mark.parametrize("bad, message", [
    (complex(1, 2), "complex"),
    (10**400, "int of 401 digits"),
])
def test_numbers_a_float_cannot_hold_are_refused_clearly(bad, message) -> None:
    with pytest.raises((TypeError, OverflowError), match=message):
        Value(bad)
    with pytest.raises((TypeError, OverflowError), match=message):
        Value(1.0) * bad


def test_numpy_complex_and_arrays_are_refused_not_truncated() -> None:
    import numpy

    with pytest.raises(TypeError, match="complex"):
        Value(numpy.complex64(1 + 2j))
    with pytest.raises(TypeError, match="array of shape"):
        Value(1.0) + numpy.array([1.0, 2.0])
    assert (Value(1.0) + numpy.float64(2.0)).data == 3.0
    assert Value(numpy.int64(3)).data == 3.0


def test_a_graph_100000_deep_pickles_and_copies() -> None:
    import copy
    import pickle

    x = Value(0.5, label="x")
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0
    y.label = "y"
    for twin in (pickle.loads(pickle.dumps(y)), copy.deepcopy(y)):
        assert twin.data == y.data and twin.label == "y"
        order = topological_order(twin)
        assert len(order) == len(topological_order(y))
        twin.backward()
        assert order[0].label == "x" and order[0].grad == 1.0
    # leaves keep their identity among the objects pickled together
    a = Value(1.0)
    b = a * 3
    a2, b2 = pickle.loads(pickle.dumps([a, b]))
    assert b2.parents == (a2,) and b2.constant == 3.0


def test_a_label_of_a_str_subclass_is_kept_whole_beside_a_scope() -> None:
    class Name(str):
        pass

    w = Value(1.0, label=Name("hello"))
    assert w.label == "hello" and w.scope is None
    w.scope = "layer"
    w.label = Name("abc")
    assert (w.label, w.scope) == ("abc", "layer")
    assert type(w.label) is str


class _Owner:
    """A stand-in for an nn module, as a scope (copies of it are equal, as pickling makes copies)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is _Owner

    __hash__ = object.__hash__


@pytest.mark.parametrize("scope", [None, _Owner(), "a str", ("a", "tuple"), 0, ""])
@pytest.mark.parametrize("label", ["", "x", "a longer label"])
def test_the_label_and_the_scope_are_kept_apart_whatever_they_are_and_in_whichever_order_set(label, scope) -> None:
    import copy
    import pickle

    for first in ("label", "scope"):
        node = Value(1.0) * Value(2.0)
        if first == "label":
            node.label, node.scope = label, scope
        else:
            node.scope, node.label = scope, label
        assert node.label == label and node.scope is scope
        leaf = Value(3.0, label=label)
        leaf.scope = scope
        for twin in (pickle.loads(pickle.dumps(leaf)), copy.deepcopy(leaf)):
            assert twin.label == label and twin.scope == scope
    # clearing one keeps the other
    node.scope = None
    assert node.label == label and node.scope is None
    node.scope = scope
    node.label = ""
    assert node.label == "" and node.scope is scope


def test_a_leaf_pickled_by_the_version_with_a_slot_each_for_label_and_scope_still_loads() -> None:
    import pickle

    # what Value.__reduce_ex__ of that version returned for a leaf (its slots by their names then)
    old_leaf = (Value, (2.5,), (None, {"grad": 1.5, "op": "", "_label": "w", "_scope": "layer 1"}))
    leaf = pickle.loads(pickle.dumps(_Reduced(old_leaf)))
    assert (leaf.data, leaf.grad, leaf.label, leaf.scope) == (2.5, 1.5, "w", "layer 1")


class _Reduced:
    """Pickles as the given reduce tuple, to make a pickle as another version of Value wrote it."""

    def __init__(self, reduced: tuple) -> None:
        self.reduced = reduced

    def __reduce__(self) -> tuple:
        return self.reduced


def test_only_leaky_relu_of_the_one_parent_ops_has_a_constant() -> None:
    """A unary op must not leave anything in the free second derivative slot: it would read as a constant."""
    from autograd.value import OPS

    x = Value(0.7)
    unary = {name: getattr(x, entry.method.__name__)() for name, entry in OPS.items()
             if entry.method.__code__.co_argcount == 1}
    assert set(unary) >= {"neg", "exp", "log", "tanh", "relu", "abs", "sqrt", "sigmoid", "softplus", "sin", "cos"}
    assert all(node.constant is None and len(node.parents) == 1 for node in unary.values())
    assert x.leaky_relu(0.2).constant == 0.2
    assert (2 - x).constant == 2.0 and (2 - x).constant_first and (x - 2).constant == 2.0


def test_a_node_fits_in_a_96_byte_block_of_the_allocator() -> None:
    """Eight slots: a node is 96 bytes, one of pymalloc's 96-byte blocks (a ninth slot would take a 112-byte one)."""
    import sys

    assert sys.getsizeof(Value(1.0) * Value(2.0)) <= 96
    assert len(Value.__slots__) == 8
