"""README.md says what the code does: its table of ops is the engine's."""

from __future__ import annotations

import importlib.util
import pathlib

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "make_op_table.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_op_table", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_readme_lists_every_op_of_the_engine() -> None:
    assert _script().main(["--check"]) == 0, "run python scripts/make_op_table.py"


def test_the_op_table_has_one_row_per_op() -> None:
    from autograd import OPS

    table = _script().op_table()
    assert len(table.splitlines()) == 2 + len(OPS)
    for op in OPS.values():
        assert f"| `{op.written}` | `{op.name}` |" in table
