"""backward(): the chain rule over shared nodes, accumulation, zero_grad, depth, no_grad, detach."""

from __future__ import annotations

import dis
import math
import os
import re
import sys
import threading

import pytest
from hypothesis import given, settings, strategies as st

from autograd import Value, grad, is_grad_enabled, no_grad, topological_order
from tests.strategies import reals


def test_the_readme_example() -> None:
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b + b**2
    c.label = "c"
    c.backward()
    assert (a.grad, b.grad, c.grad) == (-3.0, -4.0, 1.0)


def test_intermediate_nodes_get_their_gradients() -> None:
    a, b = Value(2.0), Value(-3.0)
    ab = a * b
    bb = b**2
    c = ab + bb
    c.backward()
    assert (ab.grad, bb.grad) == (1.0, 1.0)


@given(reals(-100, 100))
def test_node_reuse_adds_the_contributions(x: float) -> None:
    a = Value(x)
    (a * a).backward()
    assert a.grad == pytest.approx(2 * x)
    b = Value(x)
    (b + b).backward()
    assert b.grad == 2.0


@given(reals(-3, 3), reals(-3, 3))
def test_a_diamond_graph(x: float, y: float) -> None:
    # a feeds b and c, which both feed d: d = (a*y) * (a + 1) = y a^2 + y a
    a = Value(x)
    b = a * y
    c = a + 1
    d = b * c
    d.backward()
    assert a.grad == pytest.approx(2 * y * x + y, abs=1e-9)


@given(reals(-3, 3), reals(-3, 3))
def test_backward_twice_adds_exactly_the_same_gradients_again(x: float, y: float) -> None:
    a, b = Value(x), Value(y)
    c = (a * b).tanh() + a * a + b.sin() * a
    nodes = topological_order(c)
    c.backward()
    first = [n.grad for n in nodes]
    c.backward()
    assert [n.grad for n in nodes] == [2 * g for g in first]  # exactly double, bit for bit


def test_backward_on_an_intermediate_node_after_the_output() -> None:
    # each pass computes fresh gradients; earlier .grad values are only added to
    a = Value(3.0)
    b = a * a
    c = b * 2
    c.backward()  # a.grad = 12, b.grad = 2
    b.backward()  # fresh: a gets 6 more, b gets 1 more
    assert (a.grad, b.grad) == (18.0, 3.0)


def test_zero_grad_resets_every_node_of_the_graph() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b + a
    c.backward()
    c.zero_grad()
    assert all(n.grad == 0.0 for n in topological_order(c))
    c.backward()
    assert (a.grad, b.grad) == (3.0, 1.0)


def test_a_forgotten_zero_grad_accumulates_like_pytorch() -> None:
    w = Value(1.0)
    for _ in range(3):
        (w * 5).backward()
    assert w.grad == 15.0


def test_a_million_deep_chain_needs_no_recursion() -> None:
    limit = sys.getrecursionlimit()
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0 + 0.0  # two nodes per step
    y.backward()
    assert x.grad == 1.0
    assert sys.getrecursionlimit() == limit
    del y  # freeing a million-deep chain must not overflow the C stack either


def test_a_sum_of_a_million_terms() -> None:
    xs = [Value(float(i % 7)) for i in range(1_000_000)]
    total = sum(xs)
    total.backward()
    assert total.data == sum(i % 7 for i in range(1_000_000))
    assert xs[0].grad == 1.0 and xs[-1].grad == 1.0


def test_topological_order_puts_parents_first_and_lists_each_node_once() -> None:
    a = Value(1.0)
    b = a * a
    c = b + a
    d = c * b
    order = topological_order(d)
    assert len(order) == len(set(order)) == 4
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        assert all(position[p] < position[node] for p in node.parents)


# -------------------------------------------------------------------- no_grad


def test_no_grad_builds_no_graph() -> None:
    x = Value(2.0)
    with no_grad():
        assert not is_grad_enabled()
        y = (x * x).tanh() + 1
    assert is_grad_enabled()
    assert y.parents == () and y.op == "" and y.local_derivatives == ()
    y.backward()
    assert x.grad == 0.0


def test_no_grad_as_a_decorator_and_nested() -> None:
    @no_grad()
    def double(v: Value) -> Value:
        with no_grad():
            pass
        assert not is_grad_enabled()  # still off after the inner block ends
        return v * 2

    x = Value(1.0)
    assert double(x).parents == ()
    assert (x * 2).parents == (x,)


def test_no_grad_is_restored_after_an_exception() -> None:
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            Value(1.0) / 0
    assert is_grad_enabled()


def test_no_grad_is_per_thread() -> None:
    inside = threading.Event()
    release = threading.Event()
    seen: dict[str, object] = {}

    def worker() -> None:
        with no_grad():
            inside.set()
            release.wait(10)
            seen["worker"] = (Value(1.0) * 2).parents

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(10)
    x = Value(3.0)
    seen["main"] = (x * 2).parents  # the other thread is inside no_grad right now
    release.set()
    thread.join()
    assert seen["main"] == (x,)
    assert seen["worker"] == ()


def test_detach_gives_a_leaf_with_the_same_data() -> None:
    x = Value(2.0, label="x")
    y = x * 3
    d = y.detach()
    assert (d.data, d.parents, d.op) == (6.0, (), "")
    (d * x).backward()
    assert x.grad == 6.0 and y.grad == 0.0


# ------------------------------------------------- the source articles' examples


@given(reals(-10, 10), reals(-10, 10), reals(-10, 10))
def test_article_gradient_of_a_b2_plus_2_c3(a: float, b: float, c: float) -> None:
    va, vb, vc = Value(a), Value(b), Value(c)
    f = va * vb**2 + 2 * vc**3
    f.backward()
    assert va.grad == pytest.approx(b**2)
    assert vb.grad == pytest.approx(2 * a * b)
    assert vc.grad == pytest.approx(6 * c**2)


def test_article_gradient_descent_step_on_2_plus_3x2_plus_4y2() -> None:
    x, y = Value(10.0), Value(10.0)
    f = 2 + 3 * x**2 + 4 * y**2
    f.backward()
    assert (x.grad, y.grad) == (60.0, 80.0)
    step = 0.5
    assert (x.data - step * x.grad, y.data - step * y.grad) == (-20.0, -30.0)
    # the article's "(12, 16)" is the gradient at (2, 2), not at (10, 10)
    x2, y2 = Value(2.0), Value(2.0)
    (2 + 3 * x2**2 + 4 * y2**2).backward()
    assert (x2.grad, y2.grad) == (12.0, 16.0)


def test_gradients_are_finite_for_a_saturated_network_unit() -> None:
    w, x = Value(50.0), Value(30.0)
    (w * x).tanh().backward()
    assert w.grad == 0.0 and not math.isnan(x.grad)


_CAN_BE_INTERRUPTED = re.compile(r"RESUME|JUMP_BACKWARD$|CALL|PRECALL")


def _interrupt_at_opcode(k: int, function, *args) -> bool:
    """Run ``function(*args)`` raising one KeyboardInterrupt at the k-th place where a Ctrl-C can land
    (counting inside autograd's own frames only).

    CPython raises the KeyboardInterrupt of a signal only where it checks for
    pending signals: at a function's start, at a call and at a jump back in a
    loop (the "eval breaker"); those are the instructions counted here.
    Returns whether the interrupt was raised (False: the call ended before)."""
    count = 0
    raised = False

    def tracer(frame, event, arg):
        nonlocal count, raised
        if not frame.f_code.co_filename.endswith(os.path.join("autograd", "value.py")):
            return None
        frame.f_trace_opcodes = True
        if event == "opcode" and not raised and _CAN_BE_INTERRUPTED.match(
                dis.opname[frame.f_code.co_code[frame.f_lasti]]):
            count += 1
            if count == k:
                raised = True
                raise KeyboardInterrupt
        return tracer

    sys.settrace(tracer)
    try:
        function(*args)
    except KeyboardInterrupt:
        assert raised
    finally:
        sys.settrace(None)
    return raised


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 260), st.booleans())
def test_an_interrupt_anywhere_in_backward_leaves_every_gradient_as_it_was(k: int, carried: bool) -> None:
    # issue 8, defect 8: the zeroing before the protected sweep and the adding
    # back after it were not protected; now an interrupt at any instruction of
    # the call leaves every gradient as before, and no interrupt means a full pass.
    a, b = Value(2.0), Value(-3.0)
    c = ((a * b).tanh() + a * a - b / (a + 4)).sigmoid() * b
    if carried:
        c.backward()
    before = {node: node.grad for node in topological_order(c)}
    interrupted = _interrupt_at_opcode(k, c.backward)
    after = {node: node.grad for node in topological_order(c)}
    if interrupted:
        assert after == before
    else:
        fresh = {node: g - before[node] for node, g in after.items()}
        assert fresh[c] == 1.0 and fresh[a] != 0.0 and fresh[b] != 0.0


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 200))
def test_an_interrupt_anywhere_in_grad_puts_every_gradient_back(k: int) -> None:
    a, b = Value(2.0), Value(-3.0)
    c = (a * b).tanh() + a * a
    c.backward()
    before = {node: node.grad for node in topological_order(c)}
    _interrupt_at_opcode(k, grad, c, [a, b])
    assert {node: node.grad for node in topological_order(c)} == before
