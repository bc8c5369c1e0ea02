"""``chaingrad graph``: build a formula out of Values, run backward and draw its graph."""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Any

from nn.cli.arguments import PROGRAM, UsageError, check_file_path, check_picture_path, one_line
from nn.expression import CONSTANTS, FUNCTIONS

def add_graph_command(commands: Any) -> None:
    """Add ``chaingrad graph`` and its options to the subcommands ``commands``."""
    graph = commands.add_parser(
        "graph", help="draw the computation graph of a formula, with its gradients",
        description="Build a formula out of Values, run backward, and draw its computation graph with every "
                    "value and gradient (or, with --steps, one picture per step of the backward pass). Only "
                    f"numbers, names, + - * / ** and the functions {' '.join(FUNCTIONS)} are accepted; "
                    f"{' and '.join(CONSTANTS)} are known.",
        epilog=f'example: {PROGRAM} graph "a*b + b**2" --set a=2 b=-3 --out graph.svg',
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    graph.set_defaults(command="graph", run=run_graph)
    graph.add_argument("expression", help="the formula, quoted: \"a*b + b**2\"")
    graph.add_argument("--set", nargs="+", default=[], metavar="NAME=VALUE", dest="assignments",
                       help="the value of each name in the formula")
    graph.add_argument("--out", type=pathlib.Path, default=pathlib.Path("graph.svg"),
                       help="the picture; its suffix picks the format (.svg, .png, .pdf, .dot)")
    graph.add_argument("--steps", action="store_true",
                       help="draw the backward pass step by step instead: OUT_000.svg, OUT_001.svg, ...")
    graph.add_argument("--explore", type=pathlib.Path, default=None, metavar="PAGE.html",
                       help="write the interactive explorer instead: one self-contained HTML page that steps "
                            "through the backward pass (open it in any browser, offline)")
    graph.add_argument("--show-local", action="store_true", help="label each edge with its local derivative")
    graph.add_argument("--color-by", choices=("grad", "role"), default=None,
                       help="shade values by |grad|, or by role (input, intermediate, output)")
    graph.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR", help="direction of the drawing")



def run_graph(args: argparse.Namespace) -> int:
    """``chaingrad graph``: parse the formula safely, run backward, draw it (or its backward steps)."""
    import autograd
    from nn.expression import ExpressionError, names_in, parse_expression

    command = "chaingrad graph"
    variables: dict[str, float] = {}
    for assignment in args.assignments:
        name, equals, text = assignment.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"--set takes NAME=VALUE pairs such as a=2; got {assignment!r}", command)
        try:
            variables[name.strip()] = float(text)
        except ValueError:
            raise UsageError(f"--set {name.strip()}= needs a number; got {text!r}", command) from None
    try:
        root = parse_expression(args.expression, variables)
    except ExpressionError as error:
        raise UsageError(str(error), command) from None
    out: pathlib.Path = args.out
    if args.explore is not None:
        if args.steps:
            raise UsageError("--explore and --steps each draw the backward pass: choose one", command)
        if args.explore.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"--explore writes an HTML page; give a name ending in .html, such as 'graph.html'; "
                             f"got {str(args.explore)!r}", command)
        check_file_path(args.explore, command, "--explore")
    else:
        check_picture_path(out, command, frames=args.steps)
    used = names_in(args.expression, given=variables)
    unused = [name for name in variables if name not in used]
    if unused:
        print(f"note: {', '.join(unused)} set but not used in the expression", file=sys.stderr)
    root.label = root.label or "out"
    root.backward()
    options: dict[str, Any] = {"rankdir": args.rankdir, "show_local": args.show_local}
    try:
        if args.explore is not None:
            autograd.explore(root, color_by=args.color_by, **options).save(args.explore)
            print(f"{args.expression} = {root.data:g}; wrote the explorer {args.explore} (open it in a browser)")
        elif args.steps:
            frames = autograd.draw_steps(root, out.with_suffix(""), format=out.suffix.lstrip(".").lower(), **options)
            print(f"{args.expression} = {root.data:g}; wrote {len(frames)} frames of the backward pass: "
                  f"{frames[0]} ... {frames[-1]}")
            if args.color_by:
                print("note: --color-by is ignored with --steps (the frames colour the current step)",
                      file=sys.stderr)
        else:
            autograd.save_graph(root, out, color_by=args.color_by, **options)
            print(f"{args.expression} = {root.data:g}; wrote {out}")
    except autograd.GraphvizNotFoundError as error:
        problem = str(error).splitlines()[0].partition(" Searched, in order:")[0]  # the first sentence
        print(f"{command}: error: {problem} Install one (pip install graphviz-pure), or write the DOT text, "
              f"which needs none: --out {str(out.with_suffix('.dot'))!r}", file=sys.stderr)
        return 1
    except autograd.GraphvizRenderError as error:
        print(f"{command}: error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except ValueError as error:
        raise UsageError(str(error), command) from None
    gradients = ", ".join(f"d/d{name} = {value.grad:g}" for name, value in _leaves(root).items())
    if gradients:
        print(gradients)
    return 0


def _leaves(root: Any) -> dict[str, Any]:
    """The labelled leaves (the variables) of the expression, by name, in order."""
    from autograd import topological_order

    return {node.label: node for node in topological_order(root) if not node.parents and node.label}
