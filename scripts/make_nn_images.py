"""Make the pictures of the nn section of the README (docs/images/nn_*.png).

    python scripts/make_nn_images.py

* ``nn_decision_boundary.png`` and ``nn_loss.png``: what ``chaingrad train``
  writes with its defaults (micrograd's demo), made by running that command;
* ``nn_gradient_descent.png``: ``nn.gradient_descent`` on the source article's
  f(x, y) = 2 + 3x^2 + 4y^2 from (10, 10), with step sizes 0.1 and 0.5.

Everything is seeded: running it again gives the same pictures.
"""

from __future__ import annotations

import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nn  # noqa: E402
from nn.cli import main  # noqa: E402
from nn.plotting import pyplot  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def training_pictures() -> None:
    """Run ``chaingrad train`` with its defaults and keep its two PNG files."""
    with tempfile.TemporaryDirectory() as folder:
        status = main(["train", "--out", folder, "--no-progress", "--no-graph"])
        if status != 0:
            raise SystemExit(f"chaingrad train failed with status {status}")
        shutil.copy(pathlib.Path(folder) / "decision_boundary.png", IMAGES / "nn_decision_boundary.png")
        shutil.copy(pathlib.Path(folder) / "loss.png", IMAGES / "nn_loss.png")


def descent_picture() -> None:
    """The article's bowl as a contour map, with the paths of a converging and a diverging descent."""
    plt = pyplot()

    def bowl(x, y):
        return 2 + 3 * x**2 + 4 * y**2

    figure, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, step, limit in ((axes[0], 0.1, 12), (axes[1], 0.5, 300)):
        result = nn.gradient_descent(bowl, [10.0, 10.0], step_size=step)
        grid = [-limit + 2 * limit * i / 120 for i in range(121)]
        heights = [[bowl(x, y) for x in grid] for y in grid]
        ax.contour(grid, grid, heights, levels=18, cmap="viridis", linewidths=0.7)
        path = result.path[:4] if not result.converged else result.path
        ax.plot([p[0] for p in path], [p[1] for p in path], "o-", color="tab:red", markersize=4)
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        ax.set_aspect("equal")
        verdict = f"converges in {result.steps} steps" if result.converged else "diverges (first 3 steps shown)"
        ax.set_title(f"step size {step}: {verdict}")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    figure.suptitle("gradient descent on f(x, y) = 2 + 3x² + 4y², from (10, 10)")
    figure.tight_layout()
    figure.savefig(IMAGES / "nn_gradient_descent.png", dpi=100)
    plt.close(figure)


if __name__ == "__main__":
    IMAGES.mkdir(parents=True, exist_ok=True)
    training_pictures()
    descent_picture()
    for path in sorted(IMAGES.glob("nn_*.png")):
        print(f"wrote {path.relative_to(ROOT)}")
