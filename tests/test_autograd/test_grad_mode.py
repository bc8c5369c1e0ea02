"""no_grad and enable_grad: blocks, decorators, generators, coroutines, threads."""

from __future__ import annotations

import threading

import pytest

from autograd import Value, is_grad_enabled, no_grad
from autograd.grad_mode import enable_grad


def test_a_decorated_generator_records_nothing_while_its_own_code_runs() -> None:
    # issue 8, defect 10: the switch read True while the generator ran
    x = Value(2.0)

    @no_grad()
    def squares(n: int):
        for _ in range(n):
            yield x * x, is_grad_enabled()

    results = []
    for square, recording in squares(3):
        results.append((square.parents, recording))
        assert is_grad_enabled()  # the consumer records as before
    assert results == [((), False)] * 3


def test_a_decorated_generator_passes_send_throw_close_and_its_return_value() -> None:
    seen = []

    @no_grad()
    def echo():
        try:
            while True:
                received = yield is_grad_enabled()
                seen.append((received, is_grad_enabled()))
        except ValueError:
            yield "caught"
        finally:
            seen.append(("closed", is_grad_enabled()))
        return "done"

    generator = echo()
    assert next(generator) is False
    assert generator.send(5) is False
    assert generator.throw(ValueError("x")) == "caught"
    generator.close()
    assert seen == [(5, False), ("closed", False)]
    assert is_grad_enabled()

    @no_grad()
    def finite():
        yield 1
        return "value"

    with pytest.raises(StopIteration) as stop:
        g = finite()
        next(g)
        next(g)
    assert stop.value.value == "value"


def test_async_functions_are_refused_with_a_clear_error() -> None:
    with pytest.raises(TypeError, match="cannot decorate the async function"):
        @no_grad()
        async def evaluate():
            return 1

    with pytest.raises(TypeError, match="async function"):
        @no_grad()
        async def stream():
            yield 1


def test_enable_grad_records_inside_no_grad_and_the_switch_is_per_thread() -> None:
    x = Value(1.0)
    seen = {}
    with no_grad():
        with enable_grad():
            assert (x * 2).parents == (x,)
        assert (x * 2).parents == ()

        def other() -> None:
            seen["other"] = is_grad_enabled(), (x * 2).parents

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert seen["other"] == (True, (x,))
    assert is_grad_enabled()


def test_an_error_inside_no_grad_restores_the_switch() -> None:
    with pytest.raises(RuntimeError):
        with no_grad():
            raise RuntimeError
    assert is_grad_enabled()


def test_blocks_that_end_out_of_order_each_restore_their_own_state() -> None:
    def inside(switch):
        with switch():
            yield

    first, second = inside(no_grad), inside(enable_grad)
    next(first)
    next(second)
    list(first)  # the no_grad block ends first: it puts back what it found, recording on
    assert is_grad_enabled()
    second.close()  # the enable_grad block puts back what it found: recording off
    assert not is_grad_enabled()
    enable_grad().__enter__()  # this thread records again, for the tests that follow
    assert is_grad_enabled()


def test_hessian_and_gradcheck_work_inside_no_grad() -> None:
    from autograd import gradcheck, hessian

    with no_grad():
        assert hessian(lambda x: x * x, [3.0]) == [[2.0]]
        assert gradcheck(lambda x: x * x, [3.0])
