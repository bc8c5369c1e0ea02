"""Write the README's table of ops from the engine's op table (``autograd.OPS``).

    python scripts/make_op_table.py          # rewrite the table in README.md
    python scripts/make_op_table.py --check  # exit 1 if README.md's table is not the engine's

The table sits between the markers ``<!-- ops -->`` and ``<!-- /ops -->``;
``tests/test_readme.py`` runs the check, so an op added to the engine
without regenerating the table fails the tests.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from autograd import OPS
from autograd.files import write_atomically

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- ops -->", "<!-- /ops -->"


def op_table() -> str:
    """The Markdown table of every op: how a formula writes it, its name in ``node.op``, its local derivatives."""
    rows = ["| written | `node.op` | local derivatives |", "|---|---|---|"]
    rows += [f"| `{op.written}` | `{op.name}` | {op.math} |" for op in OPS.values()]
    return "\n".join(rows)


def with_table(text: str) -> str:
    """``text`` (the README) with the part between the markers replaced by ``op_table()``."""
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md has no {START} ... {END} markers to put the op table between")
    return f"{before}{START}\n{op_table()}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that README.md has the current table")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    wanted = with_table(text)
    if args.check:
        if wanted != text:
            print("README.md's op table differs from autograd.OPS: run python scripts/make_op_table.py",
                  file=sys.stderr)
            return 1
        return 0
    write_atomically(README, wanted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
