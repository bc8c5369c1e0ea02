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
import io
import json
import math
import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Sequence
from typing import Any, NoReturn

from nn.minimize import OPTIMIZERS as OPTIMIZER_TABLE

PROGRAM = "chaingrad"

DATASET_NOISE = {"moons": 0.1, "circles": 0.05, "blobs": 1.0, "spirals": 0.05, "xor": 0.05}
# nn.minimize's table of optimizers (class and options), with plain gradient descent called 'sgd' here
OPTIMIZER_NAMES = {"sgd" if name == "gd" else name: name for name in OPTIMIZER_TABLE}
OPTIMIZERS = tuple(OPTIMIZER_NAMES)
SCHEDULES = ("linear", "constant", "cosine", "step", "exponential")


class UsageError(Exception):
    """A bad command line; ``main`` prints it as one line and exits with status 2."""

    def __init__(self, message: str, command: str = PROGRAM) -> None:
        super().__init__(message)
        self.command = command


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are exceptions (one line from ``main``), not a usage dump and exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


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
    print(f"{error.command}: error: {_one_line(str(error))} (see {error.command} --help)", file=sys.stderr)
    return 2


def _one_line(text: str) -> str:
    """``text`` with its lines joined by spaces, for an error message that must fit on one line.

    >>> _one_line('dot failed.\\nChoose a format it lists.')
    'dot failed. Choose a format it lists.'
    """
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


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
    parser = _Parser(
        prog=PROGRAM,
        description="chaingrad: a scalar autodiff engine and a small neural-network library for learning "
                    "backpropagation. Train an MLP on a toy data set, or draw the computation graph of a formula.",
        epilog=f"Run '{PROGRAM} train --help' or '{PROGRAM} graph --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    train = commands.add_parser(
        "train", help="train an MLP on a toy data set and write pictures of the result",
        description="Train an MLP on a toy data set by gradient descent, print the training and test accuracy, "
                    "and write decision_boundary.png, loss.png, model.json, history.json and graph.svg (the "
                    "model's computation graph on one input, one box per neuron) to --out. The defaults "
                    "reproduce micrograd's demo.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    train.set_defaults(command="train", run=run_train)
    data = train.add_argument_group("data")
    data.add_argument("--dataset", choices=sorted(DATASET_NOISE), default="moons", help="the toy data set")
    data.add_argument("--samples", type=_positive_int, default=100, help="number of training points")
    data.add_argument("--noise", type=_nonnegative_float, default=None,
                      help="standard deviation of the noise (blobs: of each cluster); default per data set: "
                           + ", ".join(f"{k} {v:g}" for k, v in DATASET_NOISE.items()))
    data.add_argument("--classes", type=_positive_int, default=2,
                      help="number of classes (spirals and blobs; moons, circles and xor have 2)")
    data.add_argument("--test-size", type=_test_size, default=100,
                      help="test points, drawn separately from the same distribution with seed+1: a count, "
                           "or a fraction of --samples (0.25); 0 for none")
    model = train.add_argument_group("model")
    model.add_argument("--hidden", type=_positive_int, nargs="*", default=[16, 16], metavar="WIDTH",
                       help="the widths of the hidden layers (none for a single neuron)")
    model.add_argument("--activation", choices=("relu", "leaky_relu", "tanh", "sigmoid", "softplus"),
                       default="relu", help="activation of the hidden layers")
    model.add_argument("--init", choices=("uniform", "xavier", "he"), default="uniform",
                       help="weight initialisation")
    training = train.add_argument_group("training")
    training.add_argument("--loss", choices=("hinge", "bce", "cross_entropy"), default=None,
                          help="the loss; default: hinge for 2 classes, cross_entropy for more")
    training.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd",
                          help="sgd; momentum and nesterov (SGD with --momentum); rmsprop; adam")
    training.add_argument("--momentum", type=_fraction, default=0.9,
                          help="momentum of --optimizer momentum and nesterov (the others do not use it)")
    training.add_argument("--epochs", type=_positive_int, default=100, help="passes over the training set")
    training.add_argument("--batch-size", type=_nonnegative_int, default=0,
                          help="samples per step: 0 for the whole set (batch gradient descent), 1 for stochastic")
    training.add_argument("--lr", type=_positive_float, default=1.0, help="the (starting) learning rate")
    training.add_argument("--schedule", choices=SCHEDULES, default="linear",
                          help="learning-rate schedule: linear decays to lr/10 over the training (micrograd's "
                               "1.0 - 0.9*k/100), cosine to 0, step halves it every quarter, exponential "
                               "reaches lr/100 at the end")
    training.add_argument("--l2", type=_nonnegative_float, default=1e-4, help="strength of the L2 penalty")
    training.add_argument("--l1", type=_nonnegative_float, default=0.0, help="strength of the L1 penalty")
    training.add_argument("--seed", type=int, default=1337, help="seed of the data, the weights and the shuffling")
    output = train.add_argument_group("output")
    output.add_argument("--out", type=pathlib.Path, default=pathlib.Path("results"), help="folder for the results")
    output.add_argument("--no-graph", action="store_true", help="do not draw graph.svg")
    output.add_argument("--no-progress", action="store_true", help="no progress bar")

    graph = commands.add_parser(
        "graph", help="draw the computation graph of a formula, with its gradients",
        description="Build a formula out of Values, run backward, and draw its computation graph with every "
                    "value and gradient (or, with --steps, one picture per step of the backward pass). Only "
                    "numbers, names, + - * / ** and the functions exp log sqrt tanh sigmoid relu leaky_relu "
                    "softplus sin cos abs are accepted; pi and e are known.",
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
    graph.add_argument("--show-local", action="store_true", help="label each edge with its local derivative")
    graph.add_argument("--color-by", choices=("grad", "role"), default=None,
                       help="shade values by |grad|, or by role (input, intermediate, output)")
    graph.add_argument("--rankdir", choices=("LR", "TB", "RL", "BT"), default="LR", help="direction of the drawing")
    return parser


# --------------------------------------------------------------------------- train


def run_train(args: argparse.Namespace) -> int:
    """``chaingrad train``: make the data, build the model, fit it, report and write the results."""
    import nn
    from autograd import Value

    command = "chaingrad train"
    started = time.perf_counter()
    classes = _check_classes(args)
    X, y, X_test, y_test, noise = _make_data(args, classes)
    loss = args.loss or ("hinge" if classes == 2 else "cross_entropy")
    if loss in ("hinge", "bce") and classes != 2:
        raise UsageError(f"--loss {loss} is for 2 classes; use --loss cross_entropy for {classes}", command)
    outputs = classes if loss == "cross_entropy" else 1
    model = nn.MLP(2, [*args.hidden, outputs], activation=args.activation, init=args.init, seed=args.seed)
    batch = args.batch_size if 0 < args.batch_size < len(X) else len(X)
    total_steps = args.epochs * math.ceil(len(X) / batch)
    optimizer, describe_optimizer = _make_optimizer(args, model)
    schedule = _make_schedule(args, total_steps)
    _prepare_output_folder(args.out, command)  # now, not after the training: a bad --out would lose it all

    print(f"dataset:  {args.dataset}, {len(X)} training and {len(X_test)} test points "
          f"(noise {noise:g}, seed {args.seed})")
    print(f"model:    {model!r}, {model.num_parameters()} parameters")
    kind = "batch gradient descent" if batch == len(X) else ("stochastic gradient descent" if batch == 1
                                                             else f"mini-batches of {batch}")
    print(f"training: {loss} loss, {describe_optimizer}, lr {_describe_schedule(schedule, total_steps)}, L2 {args.l2:g}"
          f"{f', L1 {args.l1:g}' if args.l1 else ''}, {kind}, {args.epochs} epochs ({total_steps} steps)")
    sys.stdout.flush()
    try:
        history = nn.fit(model, X, y, loss=loss, optimizer=optimizer, epochs=args.epochs, batch_size=batch,
                         seed=args.seed, l2=args.l2, l1=args.l1, lr_schedule=schedule,
                         progress=not args.no_progress, validation=(X_test, y_test) if X_test else None)
    except nn.TrainingDivergedError as error:
        print(f"{command}: error: {_one_line(str(error))}", file=sys.stderr)
        return 1
    train_accuracy = nn.accuracy(model, X, y)
    test_accuracy = nn.accuracy(model, X_test, y_test) if X_test else None
    seconds = time.perf_counter() - started
    note = " (interrupted)" if history.interrupted else ""
    test_text = f"   test accuracy: {test_accuracy:.1%}" if test_accuracy is not None else ""
    print(f"after {history.epochs} epochs{note}: train accuracy: {train_accuracy:.1%}{test_text}   "
          f"loss: {history.loss[-1] if history.loss else float('nan'):.4g}   "
          f"({1000 * (history.time[-1] if history.time else 0) / max(1, history.steps):.0f} ms per step)")

    written = _write_results(args, model, history, X, y, train_accuracy, test_accuracy, Value)
    print(f"wrote {', '.join(str(p) for p in written)} in {seconds:.1f} s" if written else "wrote nothing")
    if history.interrupted:  # fit stopped at Ctrl-C, undoing only the step it was in: the rest is kept
        print(f"{command}: interrupted after {history.steps} of {total_steps} steps; the model as trained "
              f"so far and its pictures and history are in {str(args.out)!r}", file=sys.stderr)
        return 130
    return 0


def _check_classes(args: argparse.Namespace) -> int:
    if args.dataset in ("moons", "circles", "xor"):
        if args.classes != 2:
            raise UsageError(f"--dataset {args.dataset} has 2 classes; --classes is for spirals and blobs",
                             "chaingrad train")
        return 2
    if args.classes < 2:
        raise UsageError(f"--classes must be at least 2; got {args.classes}", "chaingrad train")
    return int(args.classes)


def _make_data(args: argparse.Namespace, classes: int) -> tuple[list[Any], list[Any], list[Any], list[Any], float]:
    """The training set (``--samples`` points, seed ``--seed``) and a separate test draw (seed + 1)."""
    from nn import datasets

    noise = DATASET_NOISE[args.dataset] if args.noise is None else args.noise
    n_test = args.test_size if isinstance(args.test_size, int) else round(args.test_size * args.samples)

    def draw(count: int, seed: int) -> tuple[list[Any], list[Any]]:
        if count == 0:
            return [], []
        if args.dataset == "blobs":
            centers = [[2.0 * math.cos(2 * math.pi * k / classes), 2.0 * math.sin(2 * math.pi * k / classes)]
                       for k in range(classes)]
            return datasets.make_blobs(count, centers=centers, cluster_std=noise, random_state=seed)
        if args.dataset == "spirals":
            return datasets.make_spirals(count, n_classes=classes, noise=noise, random_state=seed)
        if args.dataset == "circles":
            return datasets.make_circles(count, noise=noise, factor=0.5, random_state=seed)
        return datasets.DATASETS[args.dataset](count, noise=noise, random_state=seed)

    if args.samples < 2:
        raise UsageError("--samples must be at least 2", "chaingrad train")
    X, y = draw(args.samples, args.seed)
    X_test, y_test = draw(n_test, args.seed + 1)
    return X, y, X_test, y_test, noise


def _make_optimizer(args: argparse.Namespace, model: Any) -> tuple[Any, str]:
    """The optimizer ``--optimizer`` names, from nn.minimize's table, with ``--momentum`` where it has momentum."""
    kind, defaults = OPTIMIZER_TABLE[OPTIMIZER_NAMES[args.optimizer]]
    options = dict(defaults)
    description = kind.__name__
    if "momentum" in options:  # momentum and nesterov: SGD with --momentum instead of the table's 0.9
        nesterov = options.get("nesterov", False)
        if nesterov and args.momentum == 0:
            raise UsageError("--optimizer nesterov needs --momentum above 0", "chaingrad train")
        options["momentum"] = args.momentum
        description += f" with {'Nesterov ' if nesterov else ''}momentum {args.momentum:g}"
    return kind(model.parameters(), lr=args.lr, **options), description


def _make_schedule(args: argparse.Namespace, total_steps: int) -> Any:
    import nn

    lr = args.lr
    if args.schedule == "linear":
        return nn.LinearDecay(lr, 0.1 * lr, total_steps)
    if args.schedule == "cosine":
        return nn.CosineDecay(lr, total_steps)
    if args.schedule == "step":
        return nn.StepDecay(lr, every=max(1, total_steps // 4), factor=0.5)
    if args.schedule == "exponential":
        return nn.ExponentialDecay(lr, 0.01 ** (1.0 / max(1, total_steps)))
    return nn.Constant(lr)


def _describe_schedule(schedule: Any, total_steps: int) -> str:
    start, end = schedule(0), schedule(max(0, total_steps - 1))
    return f"{start:g}" if start == end else f"{start:g} -> {end:.3g} ({type(schedule).__name__})"


def _write_results(args: argparse.Namespace, model: Any, history: Any, X: list[Any], y: list[Any],
                   train_accuracy: float, test_accuracy: float | None, Value: Any) -> list[pathlib.Path]:
    """Write the pictures, the model, the history and the graph, each all or nothing; return the paths written."""
    import nn
    from autograd.files import write_atomically

    out: pathlib.Path = args.out  # created and tried by _prepare_output_folder before the training
    written = []

    title = f"{model!r}\ntrain accuracy {train_accuracy:.0%}" + (
        f", test accuracy {test_accuracy:.0%}" if test_accuracy is not None else "")
    written.append(_save_figure(nn.plot_decision_boundary(model, X, y, title=title), out / "decision_boundary.png"))
    figure = history.plot(title=f"{args.dataset}: {history.epochs} epochs, {history.loss_name} loss")
    written.append(_save_figure(figure, out / "loss.png"))

    path = out / "model.json"
    model.save(path)
    written.append(path)

    record = history.as_dict()
    record.update(train_accuracy=train_accuracy, test_accuracy=test_accuracy, model=repr(model),
                  arguments={k: (str(v) if isinstance(v, pathlib.Path) else v) for k, v in vars(args).items()
                             if k not in ("run", "command")})
    written.append(write_atomically(out / "history.json", json.dumps(record, indent=1) + "\n"))

    if not args.no_graph:
        written.append(_write_model_graph(model, X[0], out, Value))
    return written


def _save_figure(figure: Any, path: pathlib.Path) -> pathlib.Path:
    """Write a matplotlib figure as a PNG picture, all or nothing (drawn in memory, then ``write_atomically``)."""
    from autograd.files import write_atomically
    from nn.plotting import pyplot

    picture = io.BytesIO()
    try:
        figure.savefig(picture, format="png", dpi=110)
    finally:
        pyplot().close(figure)
    return write_atomically(path, picture.getvalue())


def _write_model_graph(model: Any, point: list[float], out: pathlib.Path, Value: Any) -> pathlib.Path:
    """Draw the model's graph on one input (one box per neuron) as graph.svg, or graph.dot without Graphviz."""
    import autograd

    inputs = [Value(x, label=f"x{i}") for i, x in enumerate(point)]
    result = model(inputs)
    score = result if isinstance(result, Value) else sum(result[1:], result[0])
    score.label = "score" if isinstance(result, Value) else "sum of outputs"
    score.backward()
    path = out / "graph.svg"
    try:
        autograd.save_graph(score, path, group_by="module", max_nodes=None)
    except (autograd.GraphvizNotFoundError, autograd.GraphvizRenderError) as error:  # the training is not lost
        path = out / "graph.dot"
        autograd.save_graph(score, path, group_by="module", max_nodes=None)
        problem = "no Graphviz program found" if isinstance(error, autograd.GraphvizNotFoundError) else \
            "Graphviz could not draw the graph"
        print(f"note: {problem}, so the graph is written as DOT text to {path}.\n{error}", file=sys.stderr)
    return path


# --------------------------------------------------------------------------- graph


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
    _check_picture_path(out, command, frames=args.steps)
    used = names_in(args.expression, given=variables)
    unused = [name for name in variables if name not in used]
    if unused:
        print(f"note: {', '.join(unused)} set but not used in the expression", file=sys.stderr)
    root.label = root.label or "out"
    root.backward()
    options: dict[str, Any] = {"rankdir": args.rankdir, "show_local": args.show_local}
    try:
        if args.steps:
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
        print(f"{command}: error: {_one_line(str(error))}", file=sys.stderr)
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


# --------------------------------------------------------------------------- --out, checked before any work


def _prepare_output_folder(folder: pathlib.Path, command: str) -> None:
    """Create the folder ``folder`` if it is missing and make sure files can be written in it; else a UsageError."""
    _check_folders_on_the_way(folder, command)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {str(folder)!r} is a file, not a folder: choose a folder for the results", command)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the output folder {str(folder)!r}: {error.strerror or error}; "
                         f"choose another --out", command) from None
    _check_writable(folder, command)


def _check_picture_path(path: pathlib.Path, command: str, frames: bool = False) -> None:
    """Make sure a picture can be written to ``path`` (or, with ``frames``, beside it); else a UsageError.

    The suffix must name a format Graphviz knows, the folder must exist and
    take a new file, and ``path`` must not be a folder (frames are written as
    ``<path without suffix>_000.svg``, ..., so there it may be).
    """
    import graphviz

    picture_format = path.suffix.lstrip(".").lower()
    if not picture_format:
        raise UsageError(f"--out needs a suffix that names the format (graph.svg, graph.png, graph.pdf, graph.dot); "
                         f"got {str(path)!r}", command)
    if picture_format not in graphviz.FORMATS:
        raise UsageError(f"--out {str(path)!r}: {path.suffix!r} is not a picture format; use .svg, .png, .pdf or "
                         f".dot (or another format of Graphviz)", command)
    _check_folders_on_the_way(path, command)
    if not path.parent.exists():
        raise UsageError(f"the folder {str(path.parent)!r} does not exist; create it, or choose another --out",
                         command)
    if path.is_dir() and not frames:
        raise UsageError(f"--out {str(path)!r} is a folder: give a file name, such as "
                         f"{str(path / ('graph' + path.suffix))!r}", command)
    _check_writable(path.parent, command)


def _check_folders_on_the_way(path: pathlib.Path, command: str) -> None:
    """Refuse a path under a file (``notes.txt/graph.svg``): the nearest existing folder on the way must be one."""
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise UsageError(f"--out {str(path)!r} is under {str(folder)!r}, which is a file, not a folder; "
                                 f"choose another --out", command)
            return


def _check_writable(folder: pathlib.Path, command: str) -> None:
    """Try creating and removing a file in ``folder`` (as ``write_atomically`` will); a UsageError if that fails."""
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".chaingrad-", suffix=".probe")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise UsageError(f"cannot write in the folder {str(folder)!r}: {error.strerror or error}; "
                         f"choose another --out", command) from None


# --------------------------------------------------------------------------- argument types


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive int; got {text!r}")
    return value


def _nonnegative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be an int >= 0; got {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an int; got {text!r}") from None


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number; got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number; got {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = _float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0; got {text!r}")
    return value


def _nonnegative_float(text: str) -> float:
    value = _float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a number >= 0; got {text!r}")
    return value


def _fraction(text: str) -> float:
    value = _float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1); got {text!r}")
    return value


def _test_size(text: str) -> int | float:
    try:
        return _nonnegative_int(text)
    except argparse.ArgumentTypeError:
        value = _float(text)
        if not 0 < value < 1:
            raise argparse.ArgumentTypeError(f"must be a count >= 0 or a fraction in (0, 1); got {text!r}") from None
        return value


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("chaingrad")
    except Exception:  # not installed (running from a checkout)
        return "(not installed)"
