"""Make the README's picture of the explorer: docs/images/explorer.png, the backward pass half-way through.

The graph is one neuron, ``tanh(w1*x1 + w2*x2 + b)``, as in notebook 03. Its
explorer page is opened in headless Chromium (as the browser tests open it:
the system's Chromium, driven by playwright), stepped to the middle of the
backward pass, with the details of one value shown, and photographed::

    python scripts/make_explorer_screenshot.py            # writes docs/images/explorer.png
    python scripts/make_explorer_screenshot.py --output /tmp/explorer.png

Needs a Graphviz program, Chromium and playwright (``apt-get install
chromium``; ``pip install playwright``, in the test extra).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograd import Value, backward_steps  # noqa: E402
from autograd.pictures.explorer import explore  # noqa: E402
from autograd.files import write_atomically  # noqa: E402
from tests.browser import find_chromium  # noqa: E402

OUTPUT = ROOT / "docs" / "images" / "explorer.png"
VIEWPORT = {"width": 1280, "height": 500}


def one_neuron() -> Value:
    """``o = tanh(w1*x1 + w2*x2 + b)`` with the numbers of notebook 03, after ``o.backward()``."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    total = x1w1 + x2w2
    total.label = "sum"
    n = total + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT, help=f"the PNG to write (default {OUTPUT})")
    options = parser.parse_args(arguments)

    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: sudo apt-get install chromium (and pip install playwright)")
    root = one_neuron()
    steps = backward_steps(root)
    shown = next(step for step in steps if step.parent.label == "x1")  # x1 gets its gradient: -1.5
    explorer = explore(root, title="One neuron: o = tanh(x1*w1 + x2*w2 + b)")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = explorer.save(pathlib.Path(folder) / "explorer.html")
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.goto(path.as_uri())
        page.wait_for_selector("[data-ready]", state="attached")
        for _ in range(shown.number):
            page.keyboard.press("ArrowRight")
        page.hover('[data-node="v1"]')  # w1, whose gradient comes next
        picture = page.screenshot(full_page=False)
        browser.close()
    write_atomically(options.output, picture, make_folders=True)
    print(f"wrote {options.output} (step {shown.number} of {len(steps)}: {shown.story()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
