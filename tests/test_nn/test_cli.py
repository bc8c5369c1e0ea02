"""Tests of the chaingrad command (nn.cli), end to end in temporary folders."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

import nn
from nn.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SMALL = ["--samples", "30", "--test-size", "10", "--hidden", "4", "--epochs", "5", "--no-progress"]


def assert_valid_svg(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg")
    return path.read_text()


def test_train_writes_the_pictures_the_model_and_the_graph(tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["train", *SMALL, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "train accuracy:" in printed and "test accuracy:" in printed and "MLP(2 -> [4] -> 1, relu)" in printed
    for name in ("decision_boundary.png", "loss.png"):
        assert (out / name).read_bytes()[:8] == PNG_MAGIC
    model = nn.load(out / "model.json")
    assert repr(model) == "MLP(2 -> [4] -> 1, relu)"
    svg = assert_valid_svg(out / "graph.svg")
    for neuron in ("layers.0.neurons.0", "layers.0.neurons.3", "layers.1.neurons.0"):
        assert neuron in svg  # one box per neuron, labelled with its name
    record = json.loads((out / "history.json").read_text())
    assert record["epochs"] == 5 and 0.0 <= record["train_accuracy"] <= 1.0 and len(record["val_loss"]) == 5
    assert record["train_accuracy"] == nn.accuracy(model, *nn.datasets.make_moons(30, noise=0.1,
                                                                                   random_state=1337))


@pytest.mark.slow
def test_the_defaults_reproduce_the_micrograd_demo_and_reach_100_percent(tmp_path, capsys):
    assert main(["train", "--out", str(tmp_path), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "moons, 100 training and 100 test points (noise 0.1, seed 1337)" in printed
    assert "MLP(2 -> [16, 16] -> 1, relu), 337 parameters" in printed
    assert "hinge loss, SGD, lr 1 -> 0.109 (LinearDecay), L2 0.0001, batch gradient descent, 100 epochs" in printed
    record = json.loads((tmp_path / "history.json").read_text())
    assert record["train_accuracy"] == 1.0 and record["steps"] == 100
    assert record["lr"][:2] == [1.0, 0.991] and record["lr"][-1] == pytest.approx(1.0 - 0.9 * 99 / 100)
    assert (tmp_path / "graph.svg").stat().st_size > 0


@pytest.mark.parametrize("options", [
    ["--dataset", "spirals", "--classes", "3", "--optimizer", "adam", "--lr", "0.05", "--schedule", "cosine"],
    ["--dataset", "circles", "--loss", "bce", "--batch-size", "8", "--optimizer", "nesterov", "--lr", "0.1"],
    ["--dataset", "xor", "--optimizer", "rmsprop", "--lr", "0.01", "--schedule", "step", "--activation", "tanh",
     "--init", "xavier", "--test-size", "0.5", "--l1", "0.001"],
    ["--dataset", "blobs", "--classes", "4", "--hidden", "--schedule", "exponential", "--lr", "0.1"],
])
def test_other_data_sets_losses_optimizers_and_schedules(tmp_path, options):
    args = ["train", "--samples", "24", "--test-size", "8", "--epochs", "3", "--no-progress", "--no-graph",
            "--out", str(tmp_path), *options]
    assert main(args) == 0
    assert (tmp_path / "decision_boundary.png").read_bytes()[:8] == PNG_MAGIC
    assert not (tmp_path / "graph.svg").exists()


@pytest.mark.parametrize("args, message", [
    (["train", "--epochs", "0"], "--epochs: must be a positive int; got '0'"),
    (["train", "--lr", "fast"], "--lr: must be a number; got 'fast'"),
    (["train", "--dataset", "mnist"], "invalid choice: 'mnist'"),
    (["train", "--dataset", "moons", "--classes", "3"], "--dataset moons has 2 classes"),
    (["train", "--dataset", "spirals", "--classes", "3", "--loss", "hinge"], "--loss hinge is for 2 classes"),
    (["train", "--bogus"], "unrecognized arguments: --bogus"),
    (["graph", "a*b", "--set", "a"], "--set takes NAME=VALUE pairs"),
    (["graph", "a*b", "--set", "a=x"], "--set a= needs a number"),
    (["graph", "__import__('os')"], "calls are only allowed to"),
    (["graph", "a.b"], "attribute access"),
    (["graph", "a*b", "--set", "a=1"], "'b' has no value"),
    (["graph", "1+1", "--out", "graph"], "--out needs a suffix"),
    (["fly"], "invalid choice: 'fly'"),
])
def test_bad_arguments_give_a_one_line_error_and_exit_status_2(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("chaingrad")
    assert "--help" in lines[0]


def test_help_is_complete(capsys):
    assert main(["--help"]) == 0
    top = capsys.readouterr().out
    assert "train" in top and "graph" in top
    assert main(["train", "--help"]) == 0
    train = capsys.readouterr().out
    for option in ("--dataset", "--samples", "--noise", "--classes", "--test-size", "--hidden", "--activation",
                   "--init", "--loss", "--optimizer", "--momentum", "--epochs", "--batch-size", "--lr",
                   "--schedule", "--l2", "--l1", "--seed", "--out", "--no-graph", "--no-progress"):
        assert option in train
    assert "(default: 1337)" in train and "(default: moons)" in train
    momentum_help = " ".join(train.split("--momentum MOMENTUM")[-1].split("--epochs")[0].split())
    assert "momentum and nesterov" in momentum_help and "rmsprop" not in momentum_help  # RMSProp ignores it
    assert main(["graph", "--help"]) == 0
    graph = capsys.readouterr().out
    for option in ("--set", "--out", "--steps", "--show-local", "--color-by", "--rankdir"):
        assert option in graph
    assert main(["--version"]) == 0
    assert main([]) == 2


def test_graph_draws_the_expression_with_its_gradients(tmp_path, capsys):
    out = tmp_path / "graph.svg"
    assert main(["graph", "a*b + b**2", "--set", "a=2", "b=-3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "a*b + b**2 = 3" in printed and "d/da = -3, d/db = -4" in printed
    svg = assert_valid_svg(out)
    assert "grad" in svg and ">a<" in svg.replace("&#32;", " ").replace(" ", "")
    assert main(["graph", "tanh(x)", "--set", "x=0.5", "--out", str(tmp_path / "t.png"), "--show-local",
                 "--color-by", "grad", "--rankdir", "TB"]) == 0
    assert (tmp_path / "t.png").read_bytes()[:8] == PNG_MAGIC
    assert main(["graph", "x*2", "--set", "x=1", "--out", str(tmp_path / "g.dot")]) == 0
    assert "digraph {" in (tmp_path / "g.dot").read_text()


def test_graph_notes_only_the_names_set_but_not_used(tmp_path, capsys):
    out = str(tmp_path / "g.dot")
    assert main(["graph", "pi*x", "--set", "pi=3", "x=2", "--out", out]) == 0
    captured = capsys.readouterr()
    assert "pi*x = 6;" in captured.out and "not used" not in captured.err
    assert main(["graph", "x*2", "--set", "pi=3", "x=2", "y=1", "--out", out]) == 0
    assert "note: pi, y set but not used in the expression" in capsys.readouterr().err


def test_graph_steps_writes_one_frame_per_backward_step(tmp_path, capsys):
    out = tmp_path / "frames.svg"
    assert main(["graph", "a*b + b**2", "--set", "a=2", "b=-3", "--out", str(out), "--steps"]) == 0
    frames = sorted(tmp_path.glob("frames_*.svg"))
    assert len(frames) >= 4
    for frame in frames:
        assert_valid_svg(frame)
    assert "frames" in capsys.readouterr().out


def test_python_dash_m_nn_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "nn", "train", "--lr", "-1"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("chaingrad train: error: argument --lr")
    assert len(result.stderr.strip().splitlines()) == 1
    result = subprocess.run([sys.executable, "-m", "nn", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "usage: chaingrad" in result.stdout
