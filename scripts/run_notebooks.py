"""Execute the teaching notebooks top to bottom and store their outputs in place.

    python scripts/run_notebooks.py                 # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/01_values_and_the_chain_rule.ipynb

Outputs are committed, so that the notebooks read well on GitHub; run this
after changing a notebook or the library it shows. Each notebook runs in a
fresh kernel with the notebooks/ folder as its working directory, and the
time it took is printed. A notebook that fails stops the run with its error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run_notebook(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks found in {NOTEBOOKS}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path.name:<45}", end=" ", flush=True)
        print(f"{run_notebook(path):6.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
