"""Copy chosen figures out of the executed notebooks into docs/images/, for the README.

    python scripts/make_notebook_images.py

Each pick names a notebook and a piece of text from the source of the cell
whose figure the README shows; the first PNG that cell output is written to
docs/images/<name>.png. Run it after scripts/run_notebooks.py, so the README
shows what the notebooks show.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import nbformat

REPOSITORY = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPOSITORY / "notebooks"
IMAGES = REPOSITORY / "docs" / "images"

# (picture name, notebook, text found in the source of the cell that draws it)
PICKS: list[tuple[str, str, str]] = [
    ("notebook_03_cost_of_backprop", "03_backpropagation_in_an_mlp.ipynb", "line = statistics.linear_regression("),
    ("notebook_07_vanishing_gradients", "07_depth_and_vanishing_gradients.ipynb",
     "figure, axes = plt.subplots(1, 3, figsize=(14, 4.2))"),
]


def first_png(notebook_path: Path, marker: str) -> bytes:
    """The first PNG output of the first cell whose source contains ``marker``."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and marker in cell.source:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    return base64.b64decode(data["image/png"])
            raise LookupError(f"{notebook_path.name}: the cell with {marker!r} has no PNG output; run the notebook first")
    raise LookupError(f"{notebook_path.name}: no code cell contains {marker!r}")


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, notebook, marker in PICKS:
        target = IMAGES / f"{name}.png"
        target.write_bytes(first_png(NOTEBOOKS / notebook, marker))
        print(f"{target.relative_to(REPOSITORY)}  <- {notebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
