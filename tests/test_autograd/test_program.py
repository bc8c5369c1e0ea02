"""Replaying a recorded graph (autograd.program) gives exactly what rebuilding it and calling backward() gives.

Every way a program can run is checked against the engine: the readable code
(one line per value and per chain-rule step), the compact code, code split
into many small chunks, and the interpreter. Values and gradients must be
identical, bit for bit (the sign of a zero included; any NaN equals any NaN),
and errors must be the engine's, type and message, with every gradient left
as it was.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from autograd import Value, no_grad, topological_order
from autograd.program import (BINARY, COMPILE_LIMIT, FLOAT_FORMS, MAX_INLINE_DEPTH, Program, number_code,
                              value_names)
from autograd.value import OPS
from tests.strategies import OP_FORMS, OpForm, random_programs, reals, run_program

inf, nan = math.inf, math.nan

# every way of running a program, each checked against the engine
WAYS = {
    "readable": {"compact": False},
    "compact": {"compact": True},
    "readable, chunks of 2": {"compact": False, "values_per_chunk": 2},
    "compact, chunks of 3": {"compact": True, "values_per_chunk": 3},
    "interpreted": {"mode": "interpreted"},
}

# replay points that reach every op's special cases: zeros of both signs, kinks, infinities, NaN,
# overflow (exp above 709.78, ** of huge numbers), subnormals, negative bases with whole exponents
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 2.0, 3.0, 5e-324, 1e-310, 1e308, -1e308, 710.0, inf, -inf, nan]


def same(x: float, y: float) -> bool:
    """Identical floats: equal with the same sign (so 0.0 is not -0.0), or both NaN."""
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


def outcome(function: Callable[[], float]) -> tuple:
    """('value', the float) or ('error', its type, its message)."""
    try:
        return ("value", function())
    except (ArithmeticError, ValueError) as error:
        return ("error", type(error), str(error))


def same_outcome(replayed: tuple, rebuilt: tuple) -> bool:
    if replayed[0] == "value" == rebuilt[0]:
        return same(replayed[1], rebuilt[1])
    return replayed == rebuilt


def rebuild_and_backward(build: Callable[[], Value]) -> float:
    root = build()
    root.backward()
    return root.data


def check_against_rebuilding(program: Program, build: Callable[[], Value], leaves: list[Value],
                             grads_before: list[float], agree: Callable[[tuple, tuple], bool] = same_outcome) -> None:
    """program.run() and build().backward(), from the same leaves and the same gradients before: the same."""
    for leaf, g in zip(leaves, grads_before):
        leaf.grad = g
    replayed = outcome(program.run)
    replayed_grads = [leaf.grad for leaf in leaves]
    for leaf, g in zip(leaves, grads_before):
        leaf.grad = g
    rebuilt = outcome(lambda: rebuild_and_backward(build))
    rebuilt_grads = [leaf.grad for leaf in leaves]
    assert agree(replayed, rebuilt), (replayed, rebuilt)
    assert all(map(same, replayed_grads, rebuilt_grads)), (replayed_grads, rebuilt_grads)
    if rebuilt[0] == "error":
        assert all(map(same, replayed_grads, grads_before)), "an error must leave the gradients as they were"


# ------------------------------------------------------------------ the article's example


def article_graph() -> tuple[Value, Value, Value]:
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b + b**2
    c.label = "c"
    return a, b, c


def test_the_source_of_the_article_example_is_the_trace_and_the_sweep() -> None:
    a, b, c = article_graph()
    source = Program(c).source
    body = source[source.index("def chunk_0"):]
    assert body == """\
def chunk_0(V, G):
    a = V[0]
    b = V[1]
    # forward: the evaluation trace, one line per value
    v2 = a * b
    v3 = b ** 2
    c = v2 + v3
    V[4] = c
    yield
    # backward: the adjoint sweep, g_x = dc/dx, one line per chain-rule step
    g_c = 1.0
    g_v2 = g_c
    g_v3 = g_c
    g_b = g_v3 * (2 * b)
    g_a = g_v2 * b
    g_b += g_v2 * a
    G[0] = g_a
    G[1] = g_b
    yield
"""
    assert source.startswith("# The program of c: 5 values, 2 leaves, 1 chunk.\n")
    assert str(Program(c)) == source  # small: print() shows the source
    compact = Program(c, compact=True).source
    assert "    c = a * b + v3\n" in compact and "g_v2" not in compact  # inline, no copying steps


def test_the_article_example_replays_at_new_numbers() -> None:
    a, b, c = article_graph()
    program = Program(c)
    assert program.leaves == (a, b)
    assert program.run() == 3.0 and (a.grad, b.grad) == (-3.0, -4.0)
    a.grad = b.grad = 0.0
    a.data, b.data = 1.0, 4.0
    assert program.run() == 20.0 and (a.grad, b.grad) == (4.0, 9.0)  # dc/da = b, dc/db = a + 2b
    assert c.data == 3.0 and c.grad == 0.0  # the recorded graph is not touched


def test_names_come_from_usable_unique_labels_and_match_to_dot_ids() -> None:
    x = Value(1.0, label="x")
    labels = ["lambda", "g_x", "v1", "exp", "V", "two words", "dup", "dup", "ﬁ", "ok", "chunk_0"]
    leaves = [Value(float(k + 2), label=label) for k, label in enumerate(labels)]
    root = x
    for leaf in leaves:
        root = root * leaf
    order = topological_order(root)
    names = value_names(order)
    expected = {"x": "x", "ok": "ok"}
    for node, name in zip(order, names):
        assert name == expected.get(node.label, f"v{order.index(node)}")
    assert len(set(names)) == len(names)
    program = Program(root)
    for way in WAYS.values():  # names that could clash or hide a helper are not used: it all still runs
        check_against_rebuilding(Program(root, **way), lambda: math.prod(leaves, start=x), [x, *leaves],
                                 [0.0] * 12)
    assert "lambda" not in program.source.replace("'lambda'", "")


def test_print_shows_a_summary_for_big_programs_and_repr_is_short() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(200):
        y = y * 0.5 + x
    program = Program(y)
    assert program.compact
    text = str(program)
    assert text.startswith("Program of v400: 401 values (1 leaf), compiled to 1 chunk of compact Python (")
    assert "recorded in" in text and "\n" not in text
    assert repr(program) == "Program(v400: 401 values, 1 leaf, compiled)"
    assert len(program) == 401
    assert repr(Program(y, mode="interpreted")) == "Program(v400: 401 values, 1 leaf, interpreted)"


# ------------------------------------------------------------------ random graphs


def operands_used(kind: str, name: str) -> tuple[bool, bool]:
    """Which of its two operands a drawn step uses ('number /' uses only the first)."""
    a, b = Value(1.0), Value(2.0)
    root, _ = run_program([(kind, name, 0, 1 if kind == "binary" else None)], [a, b])
    step = root.parents[0]  # run_program adds the inputs to the last step's result
    inside = set(topological_order(step))
    return a in inside, b in inside


def reachable(steps: list, n_inputs: int) -> list:
    """The drawn steps, with those the output does not depend on made harmless (a negation).

    A program holds only the graph behind its root: a step outside it (an
    overflowing square nobody uses) raises when the code runs again, but is no
    part of what a program replays.
    """
    needed = {len(steps) - 1}
    for position in range(len(steps) - 1, -1, -1):
        if position in needed:
            kind, name, i, j = steps[position]
            for k, used in zip((i, j), operands_used(kind, name)):
                if used and k is not None and k >= n_inputs:
                    needed.add(k - n_inputs)
    return [step if position in needed else ("unary", "neg", 0, None) for position, step in enumerate(steps)]


def same_error_message(replayed: tuple, rebuilt: tuple) -> bool:
    """The same outcome, where an error message may quote a constant as the float the graph recorded.

    (The drawn programs write ``v ** 2``; a program knows the constant as 2.0.)
    """
    if replayed[0] == "error" == rebuilt[0]:
        def plain(message: str) -> str:
            return re.sub(r"\*\* 2\.0 ", "** 2 ", message)
        return replayed[:2] == rebuilt[:2] and plain(replayed[2]) == plain(rebuilt[2])
    return same_outcome(replayed, rebuilt)


def special_or_real() -> st.SearchStrategy[float]:
    return st.one_of(reals(-3.0, 3.0), reals(-3.0, 3.0), reals(-3.0, 3.0), st.sampled_from(SPECIAL))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=random_programs(), new_data=st.lists(special_or_real(), min_size=3, max_size=3),
       grads_before=st.lists(st.sampled_from([0.0, -0.0, 0.0, 1.5, -2.25, nan]), min_size=3, max_size=3),
       way=st.sampled_from(sorted(WAYS)))
def test_random_graphs_replay_as_rebuilding_them(drawn, new_data, grads_before, way) -> None:
    inputs, steps = drawn
    steps = reachable(steps, len(inputs))
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(inputs)]
    root, _ = run_program(steps, leaves)
    program = Program(root, **WAYS[way])
    assert set(program.leaves) == set(leaves)
    for leaf, x in zip(leaves, new_data):
        leaf.data = x
    check_against_rebuilding(program, lambda: run_program(steps, leaves)[0], leaves, grads_before[:len(leaves)],
                             same_error_message)
    # and again, from what the first replay left in the gradients: they accumulate as backward()'s do
    check_against_rebuilding(program, lambda: run_program(steps, leaves)[0], leaves, [leaf.grad for leaf in leaves],
                             same_error_message)


@settings(max_examples=100, deadline=None)
@given(drawn=random_programs(), new_data=st.lists(special_or_real(), min_size=3, max_size=3),
       backward=st.booleans())
def test_update_graph_leaves_each_value_as_in_the_rebuilt_graph(drawn, new_data, backward) -> None:
    inputs, steps = drawn
    steps = reachable(steps, len(inputs))
    leaves = [Value(x) for x in inputs]
    root, _ = run_program(steps, leaves)
    program = Program(root)
    for leaf, x in zip(leaves, new_data):
        leaf.data = x
    replayed = outcome(lambda: program.run(backward=backward, update_graph=True))
    if replayed[0] == "error":
        assert same_error_message(replayed, outcome(lambda: run_program(steps, leaves)[0].data))
        return
    rebuilt_root, _ = run_program(steps, leaves)
    if backward:
        rebuilt_root.backward()
    assert same_outcome(replayed, ("value", rebuilt_root.data))
    recorded, rebuilt = topological_order(root), topological_order(rebuilt_root)
    assert [node.op for node in recorded] == [node.op for node in rebuilt]
    for old, new in zip(recorded, rebuilt):
        if new.parents:
            assert same(old.data, new.data) and same(old.grad, new.grad), (old, new)


# ------------------------------------------------------------------ every op, every form


def _build(form: OpForm, numbers: list[float]) -> tuple[list[Value], Callable[[], Value]]:
    """The form's leaves (its Value operands) at ``numbers``, and a function building the op on them."""
    leaves = [Value(x, label=f"x{k}") for k, (x, is_value) in enumerate(zip(numbers, form.is_value)) if is_value]

    def build() -> Value:
        values = iter(leaves)
        return form.value_fn(*[next(values) if is_value else x for x, is_value in zip(numbers, form.is_value)])
    return leaves, build


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_every_op_form_replays_at_random_points(form: OpForm, way: str) -> None:
    @settings(max_examples=40, deadline=None)
    @given(st.tuples(*form.domain), st.tuples(*form.domain))
    def check(built_at: tuple[float, ...], replayed_at: tuple[float, ...]) -> None:
        leaves, build = _build(form, list(built_at))
        program = Program(build(), **WAYS[way])
        moved = iter(x for x, is_value in zip(replayed_at, form.is_value) if is_value)
        for leaf in leaves:
            leaf.data = next(moved)
        check_against_rebuilding(program, build, leaves, [0.0] * len(leaves))

    check()


def _built_somewhere(form: OpForm, constant: float | None) -> tuple[list[Value], Callable[[], Value]] | None:
    """The form built at the first of a few points where the engine can build it (None if it cannot)."""
    for point in (1.5, 0.5, 2.0, 3.0, -2.0):
        numbers = [point if is_value else constant for is_value in form.is_value]
        leaves, build = _build(form, numbers)  # type: ignore[arg-type]
        try:
            build()
        except (ArithmeticError, ValueError):
            continue
        return leaves, build
    return None


@pytest.mark.parametrize("way", ["readable", "compact, chunks of 3", "interpreted"])
@pytest.mark.parametrize("form", OP_FORMS, ids=lambda f: f.id)
def test_every_op_form_replays_at_special_points_with_the_engines_numbers_and_errors(form: OpForm, way: str) -> None:
    constants = SPECIAL if not all(form.is_value) else [None]
    n_values = sum(form.is_value)
    checked = 0
    for constant in constants:
        built = _built_somewhere(form, constant)
        if built is None:  # the engine refuses this constant at any point (x / 0)
            continue
        leaves, build = built
        program = Program(build(), **WAYS[way])
        for point in itertools.product(SPECIAL, repeat=n_values):
            for leaf, x in zip(leaves, point):
                leaf.data = x
            check_against_rebuilding(program, build, leaves, [0.25] * n_values)
            checked += 1
    assert checked >= len(SPECIAL)


def test_every_op_of_the_engine_has_a_float_form() -> None:
    assert set(FLOAT_FORMS) == set(OPS)
    assert set(BINARY) == {name for name, row in FLOAT_FORMS.items() if len(row) == 3}


def test_number_code_gives_back_the_same_float() -> None:
    for c in [*SPECIAL, -5e-324, 0.1, -1e-5, 2.0**60, 123456789.125]:
        assert same(eval(number_code(c), {"inf": inf, "nan": nan}), c), c


# ------------------------------------------------------------------ errors, accumulation, corner cases


@pytest.mark.parametrize("way", sorted(WAYS))
def test_a_domain_error_is_the_engines_and_leaves_gradients_and_data_untouched(way: str) -> None:
    x = Value(2.0, label="x")
    w = Value(3.0, label="w")
    y = (x * w).tanh() + x.log() * w
    program = Program(y, **WAYS[way])
    x.grad, w.grad = 0.25, -0.5
    x.data = -1.0
    for update_graph in (False, True):
        data_before = [node.data for node in topological_order(y)]
        with pytest.raises(ValueError) as raised:
            program.run(update_graph=update_graph)
        assert str(raised.value) == "log() needs a positive input; got Value(data=-1.0, grad=0.25, label='x')"
        assert (x.grad, w.grad) == (0.25, -0.5)
        assert [node.data for node in topological_order(y)] == data_before


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("expression, leaf_data, error", [
    (lambda x: 1.0 / x, 0.0, ZeroDivisionError),
    (lambda x: (x * 2).exp(), 400.0, OverflowError),
    (lambda x: (x + 1).sqrt(), -2.0, ValueError),
    (lambda x: x ** 0.5, -4.0, ValueError),
    (lambda x: x ** 3.0, 1e200, OverflowError),
    (lambda x: (x - 1) ** -1.0, 1.0, ZeroDivisionError),
    (lambda x: x ** x, -0.5, ValueError),
])
def test_each_kind_of_domain_error_is_the_engines(way, expression, leaf_data, error) -> None:
    x = Value(1.5, label="x")
    program = Program(expression(x), **WAYS[way])
    x.data = leaf_data
    with pytest.raises(error) as replayed:
        program.run()
    with pytest.raises(error) as rebuilt:
        expression(x)
    assert str(replayed.value) == str(rebuilt.value)
    assert x.grad == 0.0


@pytest.mark.parametrize("way", sorted(WAYS))
def test_gradients_accumulate_as_backward_does(way: str) -> None:
    a, b, c = article_graph()
    program = Program(c, **WAYS[way])
    program.run()
    program.run()
    assert (a.grad, b.grad) == (-6.0, -8.0)
    assert program.run(backward=False) == 3.0 and (a.grad, b.grad) == (-6.0, -8.0)


def test_a_root_that_is_a_leaf_behaves_as_backward() -> None:
    x = Value(2.0, label="x")
    program = Program(x)
    assert program.leaves == (x,)
    x.grad = 0.5
    x.data = 7.0
    assert program.run() == 7.0 and x.grad == 1.5
    assert "x is a leaf" in program.source
    assert Program(x, mode="interpreted").run(update_graph=True) == 7.0 and x.grad == 2.5


def test_values_made_under_no_grad_are_leaves_and_run_works_inside_no_grad() -> None:
    x = Value(3.0, label="x")
    with no_grad():
        h = x * 2  # a leaf: no parents were recorded
    y = (h * x).sin()
    program = Program(y)
    assert set(program.leaves) == {h, x}
    with no_grad():
        program.run()
    assert x.grad == math.cos(18.0) * 6.0 and h.grad == math.cos(18.0) * 3.0
    x.grad = h.grad = 0.0
    x.data = inf  # sin(inf) is NaN in the engine: the replay takes the engine's pass, inside no_grad too
    with no_grad():
        assert math.isnan(program.run())
    assert math.isnan(x.grad) and math.isnan(h.grad)


def test_a_leaf_used_several_times_and_constants_on_either_side() -> None:
    x = Value(1.5, label="x")

    def build() -> Value:
        # NOTE: float constants: an error message quotes a constant as recorded, a float (1.0 / x, not 1 / x)
        return 2.0 - x * x + x / 4.0 + 3.0 ** x - (1.0 / x) + (x + x) * 0.5 + x.leaky_relu(0.3)
    for way in WAYS.values():
        x.data = 1.5
        program = Program(build(), **way)
        for data in (1.5, -0.75, 2.0, 0.0):
            x.data = data
            check_against_rebuilding(program, build, [x], [0.0])


def test_leaf_data_is_read_as_a_float() -> None:
    x = Value(2.0, label="x")
    program = Program(x * x)
    x.data = 3  # an int, as a user might set it
    assert program.run() == 9.0 and x.grad == 6.0
    x.data = "3"
    with pytest.raises(TypeError, match="needs each leaf's data to be a real number; got str '3'"):
        program.run()
    assert x.grad == 6.0


def test_the_recorded_decisions_are_frozen() -> None:
    x = Value(2.0, label="x")
    y = x * 3 if x.data > 0 else -x
    program = Program(y)
    x.data = -1.0
    assert program.run() == -3.0  # rebuilding would take the other branch
    logits = [Value(1.0), Value(3.0)]
    biggest = max(v.data for v in logits)
    total = sum((v - biggest).exp() for v in logits)
    program = Program(total)
    logits[1].data = 10.0
    assert program.run() == math.exp(1.0 - 3.0) + math.exp(10.0 - 3.0)  # still minus 3: a constant now


def test_bad_arguments_are_refused_clearly() -> None:
    x = Value(1.0)
    with pytest.raises(TypeError, match="Program\\(\\) needs a Value"):
        Program([x])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode must be"):
        Program(x, mode="fast")
    with pytest.raises(ValueError, match="values_per_chunk must be a positive int"):
        Program(x, values_per_chunk=0)


# ------------------------------------------------------------------ size


def test_a_long_sum_in_compact_code_stays_within_the_compilers_depth() -> None:
    xs = [Value(float(k % 7) - 3.0) for k in range(3 * MAX_INLINE_DEPTH * 20)]
    total = sum(xs) * 0.5
    program = Program(total, compact=True)
    check_against_rebuilding(program, lambda: sum(xs) * 0.5, xs, [0.0] * len(xs))


def test_many_chunks_on_a_mid_sized_graph() -> None:
    x = Value(0.3, label="x")
    w = Value(0.9, label="w")

    def build() -> Value:
        v = x
        for i in range(5_000):
            v = (v * w + x).tanh() if i % 3 else v * w - x * 0.5
        return v
    for way in ({"values_per_chunk": 1_000}, {"mode": "interpreted"}):
        program = Program(build(), **way)
        assert program.compact
        x.data, w.data = -0.2, 1.1
        check_against_rebuilding(program, build, [x, w], [0.0, 0.0])


@pytest.mark.slow
def test_a_million_value_chain_works() -> None:
    x = Value(0.5, label="x")

    def build() -> Value:
        v = x
        for i in range(400_000):
            v = v * 0.5 + x if i % 2 else (v * 0.5 + x).tanh()
        return v
    program = Program(build())
    assert program.mode == "interpreted" and len(program.leaves) == 1  # 1,000,001 values > COMPILE_LIMIT
    assert COMPILE_LIMIT < 1_000_001
    x.data = 0.25
    check_against_rebuilding(program, build, [x], [0.0])
