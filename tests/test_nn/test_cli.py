"""Tests of the chaingrad command (nn.cli), end to end in temporary folders."""

from __future__ import annotations

import re
import json
import os
import pathlib
import signal
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


# --------------------------------------------------------------------------- failures: one line, exit 2 or 130


def read_only(monkeypatch, folder):
    """Make ``folder`` refuse new files, as a read-only folder does (chmod does not stop root, who runs the tests)."""
    import tempfile

    make_temporary_file = tempfile.mkstemp

    def refusing(*args, dir=None, **kwargs):
        if dir is not None and pathlib.Path(dir).resolve() == pathlib.Path(folder).resolve():
            raise PermissionError(13, "Permission denied", os.fspath(dir))
        return make_temporary_file(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refusing)


def run_and_check_one_line_failure(args, capsys, status=2):
    """Run ``chaingrad args`` in-process; assert the exit status and one line on stderr, never a traceback."""
    assert main(args) == status
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"chaingrad {args[0]}: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A folder named like a picture, a file, and a read-only folder, in a temporary working folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "somedir.svg").mkdir()
    (tmp_path / "afile.txt").write_text("not a folder")
    (tmp_path / "readonly").mkdir()
    read_only(monkeypatch, tmp_path / "readonly")
    return tmp_path


GRAPH_BAD_OUT = [
    ("g.xyz", "'.xyz' is not a picture format"),
    ("somedir.svg", "is a folder: give a file name"),
    ("afile.txt/g.svg", "is under 'afile.txt', which is a file"),
    ("readonly/g.svg", "cannot write in the folder 'readonly': Permission denied"),
    ("/proc/g.svg", "cannot write in the folder '/proc'"),  # a place nobody can create files in, root included
    ("graph", "--out needs a suffix"),
    ("missing/g.svg", "the folder 'missing' does not exist"),
]


@pytest.mark.parametrize("steps", [[], ["--steps"]])
@pytest.mark.parametrize("out, message", GRAPH_BAD_OUT)
def test_graph_refuses_an_out_it_cannot_write_in_one_line_before_drawing(out, message, steps, places, capsys):
    if steps and out == "somedir.svg":  # the frames go beside it (somedir_000.svg): a folder there is fine
        assert main(["graph", "a*b", "--set", "a=2", "b=3", "--out", out, *steps]) == 0
        assert (places / "somedir_000.svg").exists()
        return
    line = run_and_check_one_line_failure(["graph", "a*b", "--set", "a=2", "b=3", "--out", out, *steps], capsys)
    assert message in line
    assert sorted(p.name for p in places.iterdir()) == ["afile.txt", "readonly", "somedir.svg"]  # nothing written
    assert list((places / "readonly").iterdir()) == [] and list((places / "somedir.svg").iterdir()) == []


TRAIN_BAD_OUT = [
    ("afile.txt", "'afile.txt' is a file, not a folder"),
    ("afile.txt/results", "is under 'afile.txt', which is a file"),
    ("readonly", "cannot write in the folder 'readonly': Permission denied"),
    ("/proc", "cannot write in the folder '/proc'"),
    ("/proc/results", "cannot create the output folder '/proc/results'"),
]


@pytest.mark.parametrize("out, message", TRAIN_BAD_OUT)
def test_train_checks_the_out_folder_before_training(out, message, places, capsys, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("trained before checking --out")

    monkeypatch.setattr(nn, "fit", no_training)
    line = run_and_check_one_line_failure(["train", *SMALL, "--out", out], capsys)
    assert message in line and "choose" in line
    assert list((places / "readonly").iterdir()) == []


def test_train_writes_every_result_through_the_atomic_writer(tmp_path, monkeypatch):
    import autograd.files

    written = []
    write = autograd.files.write_atomically

    def recording(path, content, **options):
        written.append(pathlib.Path(path).name)
        return write(path, content, **options)

    monkeypatch.setattr(autograd.files, "write_atomically", recording)
    assert main(["train", *SMALL, "--no-graph", "--out", str(tmp_path)]) == 0
    assert {"decision_boundary.png", "loss.png", "history.json"} <= set(written)
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    assert (tmp_path / "loss.png").read_bytes()[:8] == PNG_MAGIC


def test_a_file_that_cannot_be_written_after_all_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    import autograd.files

    def full_disk(path, content, **options):
        raise OSError(28, "No space left on device", os.fspath(path))

    monkeypatch.setattr(autograd.files, "write_atomically", full_disk)
    line = run_and_check_one_line_failure(["train", *SMALL, "--no-graph", "--out", str(tmp_path)], capsys)
    assert "decision_boundary.png" in line and "No space left on device" in line


def test_an_interrupted_train_exits_130_and_says_what_it_kept(tmp_path, capsys, monkeypatch):
    fit = nn.fit

    def press_ctrl_c_after_two_epochs(*args, **kwargs):
        def press(history):
            if history.epochs == 2:
                os.kill(os.getpid(), signal.SIGINT)  # fit stops after the step it is in

        return fit(*args, callbacks=[press], **kwargs)

    monkeypatch.setattr(nn, "fit", press_ctrl_c_after_two_epochs)
    line = run_and_check_one_line_failure(["train", *SMALL, "--out", str(tmp_path)], capsys, status=130)
    assert "interrupted after 2 of 5 steps" in line and str(tmp_path) in line
    record = json.loads((tmp_path / "history.json").read_text())
    assert record["interrupted"] and record["epochs"] == 2
    assert repr(nn.load(tmp_path / "model.json")) == "MLP(2 -> [4] -> 1, relu)"


def test_ctrl_c_in_a_real_process_exits_130_in_one_line(tmp_path):
    command = [sys.executable, "-m", "nn", "train", "--samples", "30", "--test-size", "0", "--hidden", "4",
               "--epochs", "100000", "--no-progress", "--no-graph", "--out", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("training:"):  # printed (and flushed) just before the training starts
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    assert process.returncode == 130
    assert len(err.strip().splitlines()) == 1 and "chaingrad train: interrupted" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["graph", "-x*y", "--set", "x=2", "y=3", "--out", "g.dot"],
    ["graph", "--set", "x=2", "y=3", "--out", "g.dot", "-x*y"],
    ["graph", "--out", "g.dot", "--set", "x=2", "y=3", "--", "-x*y"],
    ["graph", "-x * y", "--set", "x=2", "y=3", "--out", "g.dot"],
])
def test_graph_takes_a_formula_that_starts_with_a_minus(args, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert " = -6; wrote g.dot" in printed and "d/dx = -3, d/dy = -2" in printed
    assert "digraph {" in (tmp_path / "g.dot").read_text()
    assert main(["graph", "-h"]) == 0 and "--show-local" in capsys.readouterr().out  # -h is still the help


BAD_VALUES = [
    *(["train", option, value] for option in ("--samples", "--classes", "--epochs") for value in ("0", "-3", "x")),
    *(["train", option, value] for option in ("--lr", "--noise", "--l2", "--l1", "--momentum")
      for value in ("-1", "fast", "nan", "inf")),
    ["train", "--lr", "0"], ["train", "--samples", "1"], ["train", "--momentum", "1"],
    ["train", "--batch-size", "-1"], ["train", "--batch-size", "1.5"], ["train", "--test-size", "-1"],
    ["train", "--test-size", "1.5"], ["train", "--hidden", "0"], ["train", "--hidden", "4", "x"],
    ["train", "--seed", "x"], ["train", "--dataset", "mnist"], ["train", "--optimizer", "lbfgs"],
    ["train", "--schedule", "random"], ["train", "--activation", "gelu"], ["train", "--init", "zeros"],
    ["train", "--loss", "mse"], ["train", "--dataset", "spirals", "--classes", "1"],
    ["train", "--optimizer", "nesterov", "--momentum", "0"], ["train", "--out"], ["train", "extra"],
    ["graph"], ["graph", ""], ["graph", "a.b"], ["graph", "__import__('os')"], ["graph", "x +"],
    ["graph", "1/0"], ["graph", "log(-1)"], ["graph", "9**9**9"], ["graph", "(" * 300 + "1" + ")" * 300],
    ["graph", "1+(" * 100 + "1" + ")" * 100], ["graph", "x" * 1001], ["graph", "a*b", "--set", "a=2"],
    ["graph", "a", "--set", "a"], ["graph", "a", "--set", "=1"], ["graph", "a", "--set", "a=x"],
    ["graph", "a", "--set", "exp=1"], ["graph", "a", "--set", "1a=2"], ["graph", "a", "--set"],
    ["graph", "1", "--rankdir", "XX"], ["graph", "1", "--color-by", "size"], ["graph", "1", "--bogus"],
]


@pytest.mark.parametrize("args", BAD_VALUES, ids=lambda args: " ".join(args)[:40])
def test_every_bad_value_is_one_line_and_exit_2(args, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = run_and_check_one_line_failure(args, capsys)
    assert line.endswith(f"(see chaingrad {args[0]} --help)")
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


@pytest.mark.parametrize("args", [
    ["train", "--epochs", "0"],
    ["train", "--out", "/proc/results"],
    ["graph", "a*b", "--set", "a=2", "b=3", "--out", "g.xyz"],
    ["graph", "a*b", "--set", "a=2", "b=3", "--out", "/proc/g.svg", "--steps"],
    ["graph", "-x*y", "--set", "x=1", "--out", "g.dot"],
])
def test_a_real_process_fails_in_one_line_without_a_traceback(args, tmp_path):
    result = subprocess.run([sys.executable, "-m", "nn", *args], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_no_graphviz_program_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GRAPHVIZ_DOT", str(tmp_path / "no-such-dot"))
    line = run_and_check_one_line_failure(["graph", "a", "--set", "a=1", "--out", str(tmp_path / "g.svg")],
                                          capsys, status=1)
    assert "GRAPHVIZ_DOT is set" in line and "g.dot" in line


def test_a_bad_out_is_the_only_line_even_with_names_set_but_not_used(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = run_and_check_one_line_failure(["graph", "x", "--set", "x=1", "y=2", "--out", "g.xyz"], capsys)
    assert "'.xyz' is not a picture format" in line


def test_graph_takes_a_flat_sum_of_500_terms(tmp_path, capsys):
    out = tmp_path / "sum.dot"  # DOT text: Graphviz itself takes minutes to lay out 500 edges from one leaf
    assert main(["graph", "+".join(["a"] * 500), "--set", "a=1", "--out", str(out)]) == 0
    assert "= 500; wrote" in capsys.readouterr().out and out.read_text().startswith("//")


def test_graph_explore_writes_the_explorer_page(tmp_path, capsys) -> None:
    page = tmp_path / "graph.html"
    assert main(["graph", "a*b + b**2", "--set", "a=2", "b=-3", "--explore", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'data-node="' in text and "http://" not in text.replace(
        "http://www.w3.org", "")
    assert "wrote the explorer" in capsys.readouterr().out


@pytest.mark.parametrize("bad, message", [
    ("g.txt", "ends in .html|ending in .html"),
    ("missing_folder/g.html", "does not exist"),
])
def test_graph_explore_refuses_a_bad_page_path_in_one_line(tmp_path, capsys, bad, message) -> None:
    assert main(["graph", "a*b", "--set", "a=1", "b=2", "--explore", str(tmp_path / bad)]) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1 and re.search(message, error)
