"""``nn.fit(replay=True)``: every step through ``autograd.Program.run()``, the same training as ``replay=False``.

The comparisons use ``==``: with the hinge and mse losses the recorded program
replays the engine's float arithmetic op for op (a Value label or target
enters as the number did: ``y * score``, ``pred - target``), and the accuracy
comes from the float forward pass, which equals the graph's to the last bit;
so every recorded loss, accuracy, gradient norm and every final parameter is
bit-identical, on full batches and on shuffled mini-batches with a short last
batch (its own program). That is stronger than the 1e-12 relative the issue
asks for.
"""

from __future__ import annotations

import pytest

import nn
from nn.cli import main

X, Y = nn.datasets.make_moons(60, noise=0.1, random_state=3)


def train(replay, loss="hinge", **options):
    model = nn.MLP(2, [8, 8, 1], seed=0)
    y = Y if loss == "hinge" else [float(t) for t in Y]
    history = nn.fit(model, X, y, loss=loss, epochs=6, lr=0.1, l2=1e-4, progress=False, replay=replay, **options)
    return history, [p.data for p in model.parameters()], [p.grad for p in model.parameters()]


@pytest.mark.parametrize("loss", ["hinge", "mse"])
@pytest.mark.parametrize("options", [
    {},  # full batch
    {"batch_size": 16, "seed": 4},  # 60 = 3 * 16 + 12: a short last batch, shuffled every epoch
    {"batch_size": 7, "seed": 5, "l1": 1e-3},  # 60 = 8 * 7 + 4, with the L1 penalty's abs
])
def test_replay_trains_exactly_as_building_the_graph(loss, options):
    built, built_params, built_grads = train(False, loss, **options)
    replayed, replayed_params, replayed_grads = train(True, loss, **options)
    assert replayed.steps == built.steps > 0
    assert replayed.step_loss == built.step_loss
    assert replayed.loss == built.loss
    assert replayed.accuracy == built.accuracy and replayed.step_accuracy == built.step_accuracy
    assert replayed.grad_norm == built.grad_norm
    assert replayed.lr == built.lr
    assert replayed_params == built_params
    assert replayed_grads == built_grads


def test_replay_with_a_schedule_momentum_and_validation():
    def run(replay):
        model = nn.MLP(2, [6, 1], seed=2)
        optimizer = nn.SGD(model.parameters(), lr=0.2, momentum=0.9)
        history = nn.fit(model, X[:40], Y[:40], optimizer=optimizer, epochs=5, batch_size=12, seed=1,
                         lr_schedule=nn.LinearDecay(0.2, 0.02, 20), validation=(X[40:], Y[40:]), progress=False,
                         replay=replay)
        return history, [p.data for p in model.parameters()]
    (built, built_params), (replayed, replayed_params) = run(False), run(True)
    assert replayed.step_loss == built.step_loss and replayed.val_loss == built.val_loss
    assert replayed.val_accuracy == built.val_accuracy and replayed_params == built_params


def test_a_diverging_replayed_step_is_undone_as_without_replay():
    def run(replay):
        model = nn.MLP(2, [8, 1], seed=0)
        with pytest.raises(nn.TrainingDivergedError) as caught:
            nn.fit(model, X, Y, loss="mse", epochs=50, lr=1e6, progress=False, replay=replay)
        return caught.value, [p.data for p in model.parameters()]
    (built, built_params), (replayed, replayed_params) = run(False), run(True)
    assert (replayed.step, str(replayed)) == (built.step, str(built))
    assert replayed.history.step_loss == built.history.step_loss and replayed_params == built_params


@pytest.mark.parametrize("loss, reason", [
    ("bce", "bce branches on each label"),
    ("cross_entropy", "cross_entropy picks the target logit by index"),
])
def test_replay_refuses_losses_that_decide_from_the_data(loss, reason):
    model = nn.MLP(2, [4, 2 if loss == "cross_entropy" else 1], seed=0)
    with pytest.raises(ValueError, match="replay=True works with the hinge and mse losses") as caught:
        nn.fit(model, X, Y, loss=loss, epochs=1, progress=False, replay=True)
    assert reason in str(caught.value) and "replay=False" in str(caught.value)


def test_replay_refuses_a_loss_function_of_ones_own_and_a_model_of_ones_own():
    with pytest.raises(ValueError, match="nn only builds programs for graphs it builds itself"):
        nn.fit(nn.MLP(2, [4, 1], seed=0), X, Y, loss=nn.hinge_loss, epochs=1, progress=False, replay=True)

    class Doubled(nn.MLP):
        def forward(self, x):
            return super().forward(x) * 2

    with pytest.raises(ValueError, match="nn only builds programs for graphs it builds itself"):
        nn.fit(Doubled(2, [4, 1], seed=0), X, Y, epochs=1, progress=False, replay=True)
    with pytest.raises(ValueError, match="one output"):
        nn.fit(nn.MLP(2, [4, 2], seed=0), X, [[float(t), 0.0] for t in Y], loss="mse", epochs=1, progress=False,
               replay=True)


def test_a_refused_replay_trains_nothing():
    model = nn.MLP(2, [4, 1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError):
        nn.fit(model, X, Y, loss="bce", epochs=3, progress=False, replay=True)
    assert [p.data for p in model.parameters()] == before


SMALL = ["--samples", "30", "--test-size", "10", "--hidden", "4", "--epochs", "5", "--no-progress", "--no-graph"]


def test_cli_replay_writes_the_same_history(tmp_path, capsys):
    import json

    assert main(["train", *SMALL, "--out", str(tmp_path / "built")]) == 0
    assert main(["train", *SMALL, "--replay", "--out", str(tmp_path / "replayed")]) == 0
    capsys.readouterr()
    built = json.loads((tmp_path / "built" / "history.json").read_text())
    replayed = json.loads((tmp_path / "replayed" / "history.json").read_text())
    for key in ("loss", "step_loss", "accuracy", "grad_norm", "val_loss"):
        assert replayed[key] == built[key], key
    assert (tmp_path / "replayed" / "model.json").read_text() == (tmp_path / "built" / "model.json").read_text()


@pytest.mark.parametrize("loss", ["bce", "cross_entropy"])
def test_cli_replay_refuses_other_losses_in_one_line(loss, tmp_path, capsys):
    assert main(["train", *SMALL, "--loss", loss, "--replay", "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chaingrad train: ") and "--replay" in lines[0]
    assert "Traceback" not in captured.err
