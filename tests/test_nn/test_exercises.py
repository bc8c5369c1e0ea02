"""Every exercise of the notebooks: its reference solution is judged right, a wrong answer wrong."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from nn.exercises import EXERCISES, check

SOLUTIONS_FOLDER = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / "solutions"


def _solutions() -> dict[str, tuple[object, object]]:
    """key -> (the function computing the reference solution, a wrong answer), from every solutions file."""
    found: dict[str, tuple[object, object]] = {}
    for path in sorted(SOLUTIONS_FOLDER.glob("notebook_*.py")):
        spec = importlib.util.spec_from_file_location(f"solutions_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        for key, solve in module.SOLUTIONS.items():
            found[key] = (solve, module.WRONG[key])
    return found


SOLVED = _solutions()


def test_every_exercise_has_a_reference_solution_and_a_wrong_answer() -> None:
    check("00.1", ...)  # loads every notebook's exercises
    assert set(SOLVED) == set(EXERCISES)


@pytest.mark.parametrize("key", sorted(SOLVED))
def test_the_reference_solution_is_right_and_a_wrong_answer_is_not(key: str, capsys) -> None:
    solve, wrong = SOLVED[key]
    assert check(key, solve()) is True  # type: ignore[operator]
    assert capsys.readouterr().out.startswith(f"✓ {key}: right.")
    assert check(key, wrong) is False
    out = capsys.readouterr().out
    assert out.startswith(f"✗ {key}: not yet") and "Hint:" in out


def test_check_never_raises(capsys) -> None:
    assert check("00.1", ...) is False
    assert "no answer yet" in capsys.readouterr().out
    assert check("00.1", "six") is False
    assert "should be a number" in capsys.readouterr().out
    assert check("99.9", 1) is False
    assert "no exercise '99.9'" in capsys.readouterr().out
