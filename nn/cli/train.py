"""``chaingrad train``: train an MLP on a toy data set and write pictures of the result."""

from __future__ import annotations

import argparse
import io
import json
import math
import pathlib
import sys
import time
from typing import Any

from nn.activations import ACTIVATIONS
from nn.cli.arguments import (UsageError, fraction, nonnegative_float, nonnegative_int,
                              one_line, positive_float, positive_int, prepare_output_folder, test_size)
from nn.datasets import DATASETS
from nn.init import INITS
from nn.minimize import OPTIMIZERS as OPTIMIZER_TABLE
from nn.training import LOSSES
from nn.schedules import Constant, CosineDecay, ExponentialDecay, LinearDecay, StepDecay

DATASET_NOISE = {"moons": 0.1, "circles": 0.05, "blobs": 1.0, "spirals": 0.05, "xor": 0.05}
# nn.minimize's table of optimizers (class and options), with plain gradient descent called 'sgd' here
OPTIMIZER_NAMES = {"sgd" if name == "gd" else name: name for name in OPTIMIZER_TABLE}
OPTIMIZERS = tuple(OPTIMIZER_NAMES)
# the losses of nn.fit that classify (train makes classification data sets: no mse)
CLASSIFICATION_LOSSES = tuple(name for name in LOSSES if name != "mse")

# --schedule NAME -> the schedule of a run of total_steps steps, from the starting lr
SCHEDULES: dict[str, Any] = {
    "linear": lambda lr, total_steps: LinearDecay(lr, 0.1 * lr, total_steps),
    "constant": lambda lr, total_steps: Constant(lr),
    "cosine": lambda lr, total_steps: CosineDecay(lr, total_steps),
    "step": lambda lr, total_steps: StepDecay(lr, every=max(1, total_steps // 4), factor=0.5),
    "exponential": lambda lr, total_steps: ExponentialDecay(lr, 0.01 ** (1.0 / max(1, total_steps))),
}


def add_train_command(commands: Any) -> None:
    """Add ``chaingrad train`` and its options to the subcommands ``commands``."""
    train = commands.add_parser(
        "train", help="train an MLP on a toy data set and write pictures of the result",
        description="Train an MLP on a toy data set by gradient descent, print the training and test accuracy, "
                    "and write decision_boundary.png, loss.png, model.json, history.json and graph.svg (the "
                    "model's computation graph on one input, one box per neuron) to --out. The defaults "
                    "reproduce micrograd's demo.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    train.set_defaults(command="train", run=run_train)
    data = train.add_argument_group("data")
    data.add_argument("--dataset", choices=sorted(DATASETS), default="moons", help="the toy data set")
    data.add_argument("--samples", type=positive_int, default=100, help="number of training points")
    data.add_argument("--noise", type=nonnegative_float, default=None,
                      help="standard deviation of the noise (blobs: of each cluster); default per data set: "
                           + ", ".join(f"{k} {v:g}" for k, v in DATASET_NOISE.items()))
    data.add_argument("--classes", type=positive_int, default=2,
                      help="number of classes (spirals and blobs; moons, circles and xor have 2)")
    data.add_argument("--test-size", type=test_size, default=100,
                      help="test points, drawn separately from the same distribution with seed+1: a count, "
                           "or a fraction of --samples (0.25); 0 for none")
    model = train.add_argument_group("model")
    model.add_argument("--hidden", type=positive_int, nargs="*", default=[16, 16], metavar="WIDTH",
                       help="the widths of the hidden layers (none for a single neuron)")
    model.add_argument("--activation", choices=tuple(ACTIVATIONS),
                       default="relu", help="activation of the hidden layers")
    model.add_argument("--init", choices=INITS, default="uniform",
                       help="weight initialisation")
    training = train.add_argument_group("training")
    training.add_argument("--loss", choices=CLASSIFICATION_LOSSES, default=None,
                          help="the loss; default: hinge for 2 classes, cross_entropy for more")
    training.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd",
                          help="sgd; momentum and nesterov (SGD with --momentum); rmsprop; adam")
    training.add_argument("--momentum", type=fraction, default=0.9,
                          help="momentum of --optimizer momentum and nesterov (the others do not use it)")
    training.add_argument("--epochs", type=positive_int, default=100, help="passes over the training set")
    training.add_argument("--batch-size", type=nonnegative_int, default=0,
                          help="samples per step: 0 for the whole set (batch gradient descent), 1 for stochastic")
    training.add_argument("--lr", type=positive_float, default=1.0, help="the (starting) learning rate")
    training.add_argument("--schedule", choices=tuple(SCHEDULES), default="linear",
                          help="learning-rate schedule: linear decays to lr/10 over the training (micrograd's "
                               "1.0 - 0.9*k/100), cosine to 0, step halves it every quarter, exponential "
                               "reaches lr/100 at the end")
    training.add_argument("--l2", type=nonnegative_float, default=1e-4, help="strength of the L2 penalty")
    training.add_argument("--l1", type=nonnegative_float, default=0.0, help="strength of the L1 penalty")
    training.add_argument("--seed", type=int, default=1337, help="seed of the data, the weights and the shuffling")
    training.add_argument("--replay", action="store_true",
                          help="train with recorded programs (autograd.Program): each step replays the batch's "
                               "graph with plain floats instead of building it, the same numbers bit for bit and "
                               "faster once recorded; hinge loss only (bce and cross_entropy decide from the data)")
    output = train.add_argument_group("output")
    output.add_argument("--out", type=pathlib.Path, default=pathlib.Path("results"), help="folder for the results")
    output.add_argument("--no-graph", action="store_true", help="do not draw graph.svg")
    output.add_argument("--no-progress", action="store_true", help="no progress bar")



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
    if args.replay and loss != "hinge":
        raise UsageError(f"--replay works with --loss hinge only (nn.fit replays hinge and mse); {loss} takes "
                         f"decisions from the data while it builds the graph, which a recorded program would freeze",
                         command)
    outputs = classes if loss == "cross_entropy" else 1
    model = nn.MLP(2, [*args.hidden, outputs], activation=args.activation, init=args.init, seed=args.seed)
    batch = args.batch_size if 0 < args.batch_size < len(X) else len(X)
    total_steps = args.epochs * math.ceil(len(X) / batch)
    optimizer, describe_optimizer = _make_optimizer(args, model)
    schedule = _make_schedule(args, total_steps)
    prepare_output_folder(args.out, command)  # now, not after the training: a bad --out would lose it all

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
                         progress=not args.no_progress, validation=(X_test, y_test) if X_test else None,
                         replay=args.replay)
    except nn.TrainingDivergedError as error:
        print(f"{command}: error: {one_line(str(error))}", file=sys.stderr)
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
    """The learning-rate schedule ``--schedule`` names, for ``total_steps`` steps from ``--lr``."""
    return SCHEDULES[args.schedule](args.lr, total_steps)


def _describe_schedule(schedule: Any, total_steps: int) -> str:
    start, end = schedule(0), schedule(max(0, total_steps - 1))
    return f"{start:g}" if start == end else f"{start:g} -> {end:.3g} ({type(schedule).__name__})"


def _write_results(args: argparse.Namespace, model: Any, history: Any, X: list[Any], y: list[Any],
                   train_accuracy: float, test_accuracy: float | None, Value: Any) -> list[pathlib.Path]:
    """Write the pictures, the model, the history and the graph, each all or nothing; return the paths written."""
    import nn
    from autograd.files import write_atomically

    out: pathlib.Path = args.out  # created and tried by prepare_output_folder before the training
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
