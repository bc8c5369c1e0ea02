"""How fast the explorer is: building the page, its first paint in headless Chromium, and each step.

A benchmark, run by hand; no test times it. It needs what the browser tests
need (Chromium and playwright, see ``tests/browser.py``)::

    python -m benchmarks.explorer_paint                  # a graph of 2,000 values, at the default max_nodes
    python -m benchmarks.explorer_paint --values 5000 --shape mlp
    python -m benchmarks.explorer_paint --layout         # also: Graphviz on the whole graph (max_nodes=None)

It prints, for the graph asked for:

* Python: ``explore(root)``, split into its Graphviz layout and the rest, and the page's size;
* the browser: time to first contentful paint and until the explorer is ready
  (its script has run), from the start of navigation, median of ``--loads``
  fresh loads of the saved file; then the time of one step (ArrowRight, until
  the next frame has been drawn), median and slowest over ``--steps`` steps,
  and of a jump to the end and back (End, Home);
* with ``--layout``: Graphviz's layout of the *whole* graph, without and with
  ``autograd.pictures.explorer.LAYOUT_LIMITS``: what drawing every value costs.

Two shapes of graph: ``neurons`` (tanh neurons on two inputs, summed: a long
chain of additions, which Graphviz finds hard to lay out) and ``mlp`` (an
``nn.MLP(2, [16, 16, 1])`` with a squared-error loss over moons points).
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time
import warnings
from typing import Any

if __package__ in (None, ""):  # run as a script: make "benchmarks", "autograd" and "tests" importable
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from autograd import Value, to_dot, topological_order  # noqa: E402


def summed_neurons(n_values: int) -> Value:
    """A graph of about ``n_values`` values: ``tanh(w0*x0 + w1*x1 + b)`` neurons on two inputs, summed.

    >>> len(topological_order(summed_neurons(2000)))
    2000
    """
    x = [Value(0.5, label="x0"), Value(-1.5, label="x1")]
    outputs: list[Value] = []
    while 2 + 9 * len(outputs) < n_values - 8:  # each neuron adds 9 values: w0, w1, b, five results, a sum
        k = len(outputs)
        w0, w1, b = Value(0.1 * (k % 7) - 0.3), Value(0.05 * (k % 5) - 0.1), Value(0.01 * k)
        outputs.append((w0 * x[0] + w1 * x[1] + b).tanh())
    loss = sum(outputs[1:], outputs[0])
    while len(topological_order(loss)) < n_values:  # top up to exactly n_values
        loss = loss * 1.0
    loss.label = "loss"
    loss.backward()
    return loss


def mlp_loss(n_values: int) -> Value:
    """The squared-error loss of an ``nn.MLP(2, [16, 16, 1])`` over enough moons points for ``n_values`` values."""
    import nn

    model = nn.MLP(2, [16, 16, 1], seed=0)
    for points in range(2, 1000):
        X, y = nn.datasets.make_moons(n_samples=points, noise=0.1, random_state=0)
        loss = sum((model(list(x)) - t) ** 2 for x, t in zip(X, y))
        if len(topological_order(loss)) >= n_values:
            break
    loss.label = "loss"
    loss.backward()
    return loss


SHAPES = {"neurons": summed_neurons, "mlp": mlp_loss}


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def build(root: Value) -> tuple[Any, float, float]:
    """The explorer of ``root``, the seconds ``explore`` took, and the seconds of it spent in Graphviz."""
    import autograd.pictures.explorer as explorer_module

    spent = [0.0]
    real_run = explorer_module.run_renderer

    def timed_run(*arguments: Any, **keywords: Any) -> bytes:
        started = time.perf_counter()
        try:
            return real_run(*arguments, **keywords)
        finally:
            spent[0] += time.perf_counter() - started

    explorer_module.run_renderer = timed_run  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GraphTruncatedWarning: drawing max_nodes values is the point
            explorer = explorer_module.explore(root)
        total = time.perf_counter() - started
    finally:
        explorer_module.run_renderer = real_run  # type: ignore[assignment]
    return explorer, total, spent[0]


# the page's own clock: first contentful paint, and the mark the explorer sets when it is ready
LOAD_TIMES = """() => ({
    paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
    ready: (performance.getEntriesByName('chaingrad explorer ready')[0] || {}).startTime,
})"""

# n presses of a key on the explorer, each timed until the frame after it has been drawn, and
# the part of that spent in the explorer's script (the key's handler)
STEP_TIMES = """async ([key, n]) => {
    const root = document.querySelector('[data-chaingrad-explorer]');
    const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
    const times = [], scripts = [];
    for (let i = 0; i < n; i++) {
        const started = performance.now();
        root.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
        scripts.push(performance.now() - started);
        await frame();
        times.push(performance.now() - started);
    }
    return [times, scripts];
}"""


def measure_in_browser(path: pathlib.Path, loads: int, steps: int) -> dict[str, Any]:
    """Load ``path`` ``loads`` times in headless Chromium; time the paint, then steps and jumps."""
    from playwright.sync_api import sync_playwright

    from tests.browser import VIEWPORT, find_chromium

    chromium_path = find_chromium()
    if chromium_path is None:
        raise SystemExit("no Chromium found: sudo apt-get install chromium (and pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True)
        paints, readies = [], []
        for _ in range(loads):
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_selector("[data-ready]", state="attached")
            page.wait_for_timeout(100)  # the paint entry comes with the first frame
            times = page.evaluate(LOAD_TIMES)
            paints.append(times["paint"])
            readies.append(times["ready"])
            page.close()
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("[data-ready]", state="attached")
        forward, scripts = page.evaluate(STEP_TIMES, ["ArrowRight", steps])
        jumps = page.evaluate(STEP_TIMES, ["End", 1])[0] + page.evaluate(STEP_TIMES, ["Home", 1])[0]
        browser.close()
    return {"paint": statistics.median(paints), "ready": statistics.median(readies),
            "step_median": statistics.median(forward), "step_max": max(forward),
            "script_median": statistics.median(scripts), "jumps": jumps}


def measure_layout(root: Value) -> None:
    """Graphviz's layout of the whole graph, plain and with the explorer's layout limits."""
    import autograd.pictures.explorer as explorer_module
    from autograd.pictures.render import run_renderer

    dot = to_dot(root, max_nodes=None)
    n_values = len(topological_order(root))
    for name, source in (("plain", dot), ("LAYOUT_LIMITS", explorer_module.with_layout_limits(dot, n_values))):
        started = time.perf_counter()
        run_renderer(source, "svg", quiet=True, timeout=float("inf"))
        print(f"  Graphviz, all {n_values:,} values, {name}: {time.perf_counter() - started:,.1f} s", flush=True)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=2000, help="values in the graph (default 2000)")
    parser.add_argument("--shape", choices=list(SHAPES), default="neurons", help="the kind of graph")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads to time (default 5)")
    parser.add_argument("--steps", type=int, default=200, help="steps to time (default 200)")
    parser.add_argument("--layout", action="store_true", help="also time Graphviz on the whole graph (slow)")
    options = parser.parse_args(arguments)

    root = SHAPES[options.shape](options.values)
    n_values = len(topological_order(root))
    explorer, total, layout = build(root)
    print(f"explorer of a {options.shape} graph of {n_values:,} values, {explorer.n_steps:,} steps "
          f"(max_nodes={explorer.options.max_nodes}):")
    print(f"  explore(): {total:,.2f} s, of which Graphviz {layout:,.2f} s; page {len(explorer.html) / 1e6:,.2f} MB")
    with tempfile.TemporaryDirectory() as folder:
        path = explorer.save(pathlib.Path(folder) / "explorer.html")
        timings = measure_in_browser(path, options.loads, options.steps)
    print(f"  first contentful paint: {timings['paint']:,.0f} ms, explorer ready: {timings['ready']:,.0f} ms "
          f"(median of {options.loads} loads, from the start of navigation)")
    print(f"  one step (ArrowRight to the next frame): median {timings['step_median']:,.1f} ms, "
          f"slowest {timings['step_max']:,.1f} ms over {options.steps} steps; the script's part: median "
          f"{timings['script_median']:,.1f} ms (the rest is the browser drawing the SVG)")
    end, home = timings["jumps"]
    print(f"  jump to the end (End): {end:,.1f} ms; back to the start (Home): {home:,.1f} ms")
    if options.layout:
        measure_layout(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
