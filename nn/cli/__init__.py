"""The ``chaingrad`` command: train an MLP on a toy data set, or draw the graph of a formula.

``chaingrad train`` trains with micrograd's demo settings unless told
otherwise (moons, MLP(2, [16, 16, 1]) with relu, hinge loss, batch gradient
descent for 100 epochs, lr 1.0 decaying linearly to 0.1, L2 1e-4) and writes
the decision boundary, the loss curves, the model and its computation graph
to ``--out``. ``chaingrad graph "a*b + b**2" --set a=2 b=-3`` builds the
formula out of Values, runs backward and draws it. ``python -m nn`` is the
same command.

Every failure is one line on stderr, never a traceback. The exit status is 0
when the work is done, 1 when it failed (training diverged, no Graphviz
program to draw with), 2 for a bad command line or an ``--out`` that cannot be
written (checked before any work), and 130 when interrupted with Ctrl-C (what
``chaingrad train`` had trained by then is still written).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Sequence

from nn.cli.arguments import PROGRAM, Parser, UsageError, one_line
from nn.cli.graph import add_graph_command
from nn.cli.train import add_train_command

__all__ = ["PROGRAM", "UsageError", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``chaingrad`` command with ``argv`` (default: the process's arguments); return the exit status."""
    parser = build_parser()
    words = _expression_as_positional(list(sys.argv[1:] if argv is None else argv))
    try:
        args, unknown = parser.parse_known_args(words)
        if unknown:  # named by the subcommand they were given to, whose --help lists what it takes
            raise UsageError(f"unrecognized arguments: {' '.join(unknown)}",
                             f"{PROGRAM} {args.command}" if args.command else PROGRAM)
    except UsageError as error:
        return _usage_failure(error)
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    if args.command is None:
        parser.print_help()
        return 2
    command = f"{PROGRAM} {args.command}"
    try:
        return int(args.run(args))
    except UsageError as error:
        return _usage_failure(error)
    except OSError as error:  # a file that could not be written after all (the disk filled up, say)
        where = f" {str(error.filename)!r}" if error.filename else ""
        return _usage_failure(UsageError(f"cannot write{where}: {error.strerror or error}; choose another --out",
                                         command))
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=sys.stderr)
        return 130


def _usage_failure(error: UsageError) -> int:
    """Print a bad command line as one line on stderr and return exit status 2."""
    print(f"{error.command}: error: {one_line(str(error))} (see {error.command} --help)", file=sys.stderr)
    return 2


def _expression_as_positional(argv: list[str]) -> list[str]:
    """``argv`` with a ``graph`` formula that starts with a minus (``-x*y``) moved behind ``--``.

    argparse takes every word that starts with ``-`` for an option. A word
    that starts with a single ``-``, is not ``-h`` and parses as a Python
    expression is the formula instead: moved behind a ``--`` at the end, it
    is read as the formula, and the options around it still work.

    >>> _expression_as_positional(['graph', '-x*y', '--set', 'x=1', 'y=2'])
    ['graph', '--set', 'x=1', 'y=2', '--', '-x*y']
    >>> _expression_as_positional(['graph', 'a*b', '-h'])
    ['graph', 'a*b', '-h']
    """
    if not argv or argv[0] != "graph" or "--" in argv:
        return argv
    for position, word in enumerate(argv):
        if word.startswith("-") and not word.startswith("--") and word != "-h" and _parses(word):
            return [*argv[:position], *argv[position + 1:], "--", word]
    return argv


def _parses(text: str) -> bool:
    """Whether Python can parse ``text`` as an expression (whether ``nn.expression`` accepts it is its own check)."""
    try:
        ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``chaingrad`` and its subcommands (``train``, ``graph``)."""
    parser = Parser(
        prog=PROGRAM,
        description="chaingrad: a scalar autodiff engine and a small neural-network library for learning "
                    "backpropagation. Train an MLP on a toy data set, or draw the computation graph of a formula.",
        epilog=f"Run '{PROGRAM} train --help' or '{PROGRAM} graph --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    add_train_command(commands)
    add_graph_command(commands)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("chaingrad")
    except Exception:  # not installed (running from a checkout)
        return "(not installed)"
