"""The benchmark harness, end to end at tiny sizes: a well-formed report for chaingrad and each baseline, with ratios.

No timings are checked (machines are shared and noisy); what is checked is
that every workload ran on chaingrad and on its baseline engine (micrograd, or
the modern reference engine for the GPT step), in fresh processes taken in
turns, that the two engines computed the same numbers, and that the report's
table and JSON say what the runs measured.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import demo_replay, demo_step, gpt_step, per_op, reference_engine, replay_step
from benchmarks import run as benchmark_run
from benchmarks.demo_step import MLP, svm_loss
from benchmarks.engines import compared_engines, count_nodes, graph_depth, load_engine
from benchmarks.moons import make_moons
from benchmarks.report import Target, format_spread, spread

REPEATS = 2


def run_harness(*arguments: str) -> str:
    """Run ``python -m benchmarks.run *arguments`` in this process (its workers still get their own); return what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exit_code = benchmark_run.main(list(arguments))
    assert exit_code == 0
    return printed.getvalue()


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """Run the whole harness once, with --quick sizes: (the printed Markdown, the JSON it wrote)."""
    json_path = tmp_path_factory.mktemp("benchmarks") / "results.json"
    markdown = run_harness("--quick", "--repeats", str(REPEATS), "--json", str(json_path))
    return markdown, json.loads(json_path.read_text())


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The results table's rows, keyed by workload title, as lists of cells."""
    lines = markdown.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Workload | Baseline | Nodes"))
    rows = {}
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def test_every_workload_runs_on_chaingrad_and_its_baseline_in_alternating_fresh_processes(quick_report):
    _, results = quick_report
    names = [w["name"] for w in results["workloads"]]
    assert names == list(benchmark_run.WORKLOADS)
    for name in names:
        order = [run["engine"] for run in results["runs"] if run["workload"] == name]
        assert order == list(compared_engines(benchmark_run.WORKLOADS[name])) * REPEATS
    assert all(run["gc_enabled"] for run in results["runs"])
    baselines = {w["name"]: w["baseline"] for w in results["workloads"]}
    assert baselines.pop("gpt_step") == "modern"
    assert set(baselines.values()) == {"micrograd"}


def test_each_summary_is_the_median_of_its_samples_and_the_ratio_of_the_medians(quick_report):
    _, results = quick_report
    for workload in results["workloads"]:
        medians = {}
        for engine in compared_engines(benchmark_run.WORKLOADS[workload["name"]]):
            runs = [r for r in results["runs"] if r["workload"] == workload["name"] and r["engine"] == engine]
            values = [sample["value"] for run in runs for sample in run["samples"]]
            summary = workload["engines"][engine]
            assert summary["processes"] == REPEATS
            assert summary["median"] == statistics.median(values) > 0
            assert summary["min"] <= summary["median"] <= summary["max"]
            assert summary["nodes"] > 0
            medians[engine] = summary["median"]
        assert workload["ratio"] == pytest.approx(medians[workload["baseline"]] / medians["chaingrad"])
        assert isinstance(workload["target_met"], bool)


def test_both_engines_compute_the_same_numbers(quick_report):
    _, results = quick_report
    for workload in results["workloads"]:
        if workload["checks_agree"] is not None:
            assert workload["checks_agree"], workload["name"]


def test_only_the_recursive_baselines_get_a_higher_recursion_limit_and_the_report_says_so(quick_report):
    markdown, results = quick_report
    for workload in results["workloads"]:
        assert workload["engines"]["chaingrad"]["recursion_limit"] == 1000
        assert workload["engines"]["chaingrad"]["notes"] == []
    deep = next(w for w in results["workloads"] if w["name"] == "deep_chain")
    assert deep["engines"]["micrograd"]["recursion_limit"] > 3 * deep["size"]["steps"]
    assert "micrograd's recursion limit raised" in markdown
    assert "chaingrad ran every workload at Python's default recursion limit" in markdown


def test_the_markdown_table_has_a_row_per_workload_with_both_engines_a_ratio_and_a_target(quick_report):
    markdown, results = quick_report
    assert markdown.startswith("Command: `python -m benchmarks.run --quick --repeats 2 --json ")
    assert "CPython" in markdown or "PyPy" in markdown
    rows = table_rows(markdown)
    assert list(rows) == [w["title"] for w in results["workloads"]]
    for workload in results["workloads"]:
        title, baseline_name, nodes, chaingrad, baseline, ratio, target, met = rows[workload["title"]]
        assert baseline_name == workload["baseline"]
        assert nodes == (f"{workload['engines']['chaingrad']['nodes']:,} / "
                         f"{workload['engines'][baseline_name]['nodes']:,}")
        unit = r"(s|ms|µs)" if workload["unit"] == "seconds" else "B"
        for cell in (chaingrad, baseline):
            assert re.fullmatch(rf"[\d.]+ {unit} \([\d.]+–[\d.]+\)", cell), cell
        assert ratio == f"{workload['ratio']:.1f}x"
        assert target == workload["target"]
        assert met == ("yes" if workload["target_met"] else "**no**")
    assert "these figures mean nothing" in markdown


def test_the_report_has_the_gpt_step_against_the_modern_engine_with_a_ratio_and_the_3x_target(quick_report):
    markdown, results = quick_report
    gpt = next(w for w in results["workloads"] if w["name"] == "gpt_step")
    row = table_rows(markdown)[gpt["title"]]
    assert row[1] == "modern"
    assert re.fullmatch(r"\d+\.\dx", row[5]) and gpt["ratio"] > 0
    assert row[6] == "≥ 3x"
    assert gpt["checks_agree"] is True
    assert "modern (benchmarks/reference_engine.py)" in markdown

def test_the_replayed_demo_step_reports_its_compile_time_the_node_path_and_the_step_it_is_compared_with(quick_report):
    markdown, results = quick_report
    replay = next(w for w in results["workloads"] if w["name"] == "demo_replay")
    node_path = next(w for w in results["workloads"] if w["name"] == "demo_step")
    row = table_rows(markdown)[replay["title"]]
    assert row[0] == "1b. micrograd demo step, replayed" and row[1] == "micrograd" and row[6] == "≥ 200x"
    assert replay["checks_agree"] is True
    # the same graph as workload 1: the replay builds it once, with the same model code
    assert replay["engines"]["chaingrad"]["nodes"] == node_path["engines"]["chaingrad"]["nodes"]
    assert replay["engines"]["micrograd"]["nodes"] == node_path["engines"]["micrograd"]["nodes"]
    figures = replay["engines"]["chaingrad"]["figures"]
    assert figures["compile seconds"]["count"] == REPEATS and figures["compile seconds"]["min"] > 0
    assert figures["node-path step seconds"]["count"] == REPEATS * replay["size"]["node_steps"]
    assert figures["bit for bit as the node path"]["min"] == 1.0
    assert figures["values"]["median"] == replay["engines"]["chaingrad"]["nodes"]
    assert replay["engines"]["micrograd"]["figures"] == {}  # micrograd runs workload 1's step, nothing more
    phases = [line for line in markdown.splitlines() if line.startswith(f"| {replay['title']} | chaingrad |")]
    assert len(phases) == 1 and "replay " in phases[0] and "update " in phases[0]
    notes_section = markdown[markdown.index("\nNotes:\n"):]
    notes = [line for line in notes_section.splitlines() if line.startswith(f"- {replay['title']}: ")]
    assert len(notes) == 4, notes
    assert "`Program(loss)` recorded the " in notes[0] and "target ≤ 2 s" in notes[0]
    assert "node-path step" in notes[1] and "target ≥ 10x" in notes[1]
    assert notes[2].endswith(f"bit for bit, in all {REPEATS} processes.")
    ratio = node_path["engines"]["chaingrad"]["median"] / replay["engines"]["chaingrad"]["median"]
    assert "over its median here, in this run" in notes[3] and notes[3].endswith(f"= {ratio:.1f}x.")


def test_the_replayed_demo_step_trains_as_the_node_path_does_bit_for_bit():
    engine = load_engine("chaingrad")
    size = {"points": 6, "hidden": 3, "steps": 2, "replayed_steps": 3, "node_steps": 3}
    replayed = demo_replay.run(engine, size)
    rebuilt = demo_step.run(engine, {"points": 6, "hidden": 3, "steps": 2})
    assert replayed["check"] == rebuilt["check"]  # taken at the step where the baseline stops: bit for bit
    assert replayed["check"]["last loss"] != replayed["check"]["first loss"]  # SGD moved the weights
    assert len(replayed["samples"]) == 3 and replayed["nodes"] == rebuilt["nodes"]
    assert replayed["figures"]["bit for bit as the node path"] == [1.0]
    assert len(replayed["figures"]["node-path step seconds"]) == 3
    with pytest.raises(ValueError, match="replayed_steps"):
        demo_replay.run(engine, {**size, "replayed_steps": 1})


def test_the_replayed_demo_step_notes_say_whether_each_target_is_met():
    def figure(value: float) -> dict:
        return spread([value])

    def notes(compile_seconds: float, node_seconds: float, same: float) -> list[str]:
        chaingrad = {"median": 0.01, "processes": 7, "figures": {
            "compile seconds": figure(compile_seconds), "compile CPU seconds": figure(compile_seconds),
            "node-path step seconds": figure(node_seconds), "node path / replay in the process": figure(12.0),
            "bit for bit as the node path": figure(same), "values": figure(65614.0), "leaves": figure(437.0),
            "lines": figure(85000.0), "compiled": figure(1.0)}}
        return demo_replay.summary_notes({"engines": {"chaingrad": chaingrad}, "size": {"node_steps": 3}})

    good = notes(1.5, 0.15, 1.0)
    assert "65,614-value graph (437 leaves), compiled to 85,000 lines" in good[0] and good[0].endswith("met")
    assert "15.0x faster" in good[1] and good[1].endswith("target ≥ 10x, met")
    assert good[2].endswith("in all 7 processes")
    bad = notes(2.5, 0.05, 0.0)
    assert bad[0].endswith("**not met**") and bad[1].endswith("**not met**") and "differ" in bad[2]


def test_the_standalone_replay_script_measures_the_demo_and_the_chain(capsys):
    replay_step.main(["--quick"])
    printed = capsys.readouterr().out
    assert "same losses and parameters, bit for bit: True" in printed
    assert re.search(r"chain, 5,001 values \((compiled|interpreted)\)", printed)
    assert re.search(r"memory: \d+ MB held \(\d+ bytes a value\)", printed)


def test_memory_per_node_is_the_bytes_held_divided_by_the_nodes(quick_report):
    _, results = quick_report
    for run in (r for r in results["runs"] if r["workload"] == "memory_per_node"):
        (sample,) = run["samples"]
        assert sample["value"] == pytest.approx(sample["bytes"] / run["nodes"])
        assert sample["bytes"] > 0


def test_the_only_option_runs_just_that_workload(tmp_path):
    json_path = tmp_path / "only.json"
    markdown = run_harness("--quick", "--repeats", "1", "--only", "wide_sum", "--json", str(json_path))
    results = json.loads(json_path.read_text())
    assert [w["name"] for w in results["workloads"]] == ["wide_sum"]
    assert list(table_rows(markdown)) == ["3. wide sum"]


def test_a_bad_repeat_count_is_a_clear_command_line_error(capsys):
    with pytest.raises(SystemExit):
        benchmark_run.main(["--repeats", "0"])
    assert "--repeats needs a positive number; got 0" in capsys.readouterr().err


def test_the_hand_written_mlp_gives_the_same_loss_and_graph_size_order_on_both_engines():
    X, y = make_moons(6, seed=2)
    losses, nodes = {}, {}
    for name in ("chaingrad", "micrograd"):
        engine = load_engine(name)
        model = MLP(engine.Value, [2, 3, 3, 1], seed=5)
        loss = svm_loss(model, engine.Value, X, y)
        losses[name], nodes[name] = loss.data, count_nodes(engine, loss)
    assert losses["chaingrad"] == pytest.approx(losses["micrograd"], rel=1e-12)
    # micrograd makes a node of every plain-number operand; chaingrad does not
    assert nodes["chaingrad"] < nodes["micrograd"]


@given(n_points=st.integers(2, 60), seed=st.integers(0, 10_000))
def test_moons_are_seeded_balanced_and_labelled_plus_or_minus_one(n_points, seed):
    X, y = make_moons(n_points, seed=seed)
    assert (X, y) == make_moons(n_points, seed=seed)
    assert len(X) == len(y) == n_points
    assert all(len(point) == 2 for point in X)
    assert abs(y.count(1.0) - y.count(-1.0)) <= 1 and set(y) <= {-1.0, 1.0}


@given(st.lists(st.floats(1e-9, 1e3), min_size=1, max_size=30))
def test_spread_brackets_the_median_and_formats_it(values):
    stats = spread(values)
    assert stats["min"] <= stats["median"] <= stats["max"] and stats["count"] == len(values)
    assert re.fullmatch(r"[\d.]+ (s|ms|µs) \([\d.]+–[\d.]+\)", format_spread(stats, "seconds"))


@given(ratio=st.floats(0.01, 100), chaingrad=st.floats(1, 1000))
def test_targets_are_met_exactly_at_their_threshold(ratio, chaingrad):
    assert Target(min_ratio=5.0).is_met(ratio, chaingrad) == (ratio >= 5.0)
    assert Target(max_value=200).is_met(ratio, chaingrad) == (chaingrad <= 200)


# ------------------------------------------------------------------ the GPT step and its reference engine


def tiny_gpt_loss(engine_name: str) -> tuple[float, int, list[float]]:
    """The first loss, the node count and a few gradients of a tiny GPT built with one engine's Value."""
    engine = load_engine(engine_name)
    model = gpt_step.TinyGPT(engine.Value, n_embd=8, n_head=4, n_layer=1, block_size=5, seed=3)
    loss = gpt_step.sequence_loss(model, gpt_step.training_sequences(5, 1, seed=9)[0])
    loss.backward()
    return loss.data, count_nodes(engine, loss), [p.grad for p in model.parameters()]


def test_the_tiny_gpt_gives_the_same_loss_and_gradients_on_chaingrad_and_the_modern_engine():
    chaingrad_loss, chaingrad_nodes, chaingrad_grads = tiny_gpt_loss("chaingrad")
    modern_loss, modern_nodes, modern_grads = tiny_gpt_loss("modern")
    assert chaingrad_loss == pytest.approx(modern_loss, rel=1e-12)
    assert chaingrad_grads == pytest.approx(modern_grads, rel=1e-9, abs=1e-12)
    assert any(chaingrad_grads)
    # the modern engine makes a node of every plain-number operand; chaingrad does not
    assert chaingrad_nodes < modern_nodes


def test_the_gpt_step_trains_the_same_way_on_both_engines():
    size = {"n_embd": 4, "n_head": 4, "n_layer": 1, "block_size": 3, "steps": 2}
    checks = {name: gpt_step.run(load_engine(name), size)["check"] for name in ("chaingrad", "modern")}
    assert checks["chaingrad"]["first loss"] == pytest.approx(checks["modern"]["first loss"], rel=1e-12)
    assert checks["chaingrad"] == pytest.approx(checks["modern"], rel=1e-9)
    assert checks["chaingrad"]["last loss"] != checks["chaingrad"]["first loss"]  # Adam moved the weights


def test_the_synthetic_names_are_seeded_and_use_only_the_27_tokens():
    sequences = gpt_step.training_sequences(16, 4, seed=5)
    assert sequences == gpt_step.training_sequences(16, 4, seed=5)
    assert sequences != gpt_step.training_sequences(16, 4, seed=6)
    tokens = [t for s in sequences for t in s]
    assert set(tokens) <= set(range(gpt_step.VOCABULARY)) and gpt_step.VOCABULARY == 27
    assert tokens[0] == gpt_step.BOUNDARY and tokens.count(gpt_step.BOUNDARY) > 1


@given(a=st.floats(0.1, 5.0), b=st.floats(-5.0, 5.0))
def test_the_modern_engine_composes_minus_and_divide_and_gets_their_derivatives_right(a, b):
    x, y = reference_engine.Value(a), reference_engine.Value(b)
    out = (x - y) / x + (2 - x) * y ** 2 - x.log() + y.exp() + (x * y).relu()
    out.backward()
    expected_x = b / a**2 - b**2 - 1 / a + (b if a * b > 0 else 0.0)
    expected_y = -1 / a + 2 * (2 - a) * b + math.exp(b) + (a if a * b > 0 else 0.0)
    assert x.grad == pytest.approx(expected_x, rel=1e-9, abs=1e-9)
    assert y.grad == pytest.approx(expected_y, rel=1e-9, abs=1e-9)


def test_the_modern_engine_wraps_numbers_as_nodes_and_keeps_children_in_tuples():
    modern, chaingrad = load_engine("modern"), load_engine("chaingrad")
    y = modern.Value(3.0) * 2 - 1
    assert y.data == 5.0
    assert type(y._children) is tuple and type(y._local_grads) is tuple
    # x, the node 2, x*2, the node -1 (-1 is a plain number here: 1 is negated before it is wrapped), the sum
    assert count_nodes(modern, y) == 5
    assert count_nodes(chaingrad, chaingrad.Value(3.0) * 2 - 1) == 3  # x, x*2, the difference
    assert modern.sorts_recursively and not chaingrad.sorts_recursively


def test_graph_depth_is_the_longest_path_to_a_leaf():
    engine = load_engine("chaingrad")
    x = engine.Value(1.0)
    node = x
    for _ in range(5000):  # deeper than the default recursion limit: graph_depth is iterative
        node = node + x
    assert graph_depth(engine, node) == 5001


def test_the_per_op_table_says_whether_chaingrad_meets_each_target():
    def figures(ns: float) -> dict:
        return {"best": ns, "median": ns + 10}

    result = {"engine": "chaingrad", "version": "0", "notes": [],
              "ops": {name: figures(150.0 if name == "a*b" else 250.0) for name in per_op.OPS},
              "floors": {name: figures(120.0) for name in per_op.FLOORS},
              "backward": {graph: {**figures(240.0), "nodes": 399_999} for graph in per_op.GRAPHS}}
    table = per_op.markdown_table([result])
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| `")}
    assert rows["`a*b`"].endswith("| 150 (160) | ≤ 200 ns per op | yes |")
    assert rows["`a+b`"].endswith("| 250 (260) | ≤ 200 ns per op | **no** |")
    assert "| `root.backward()` on a 399,999-node random DAG, per node | 240 (250) | ≤ 250 ns per node | yes |" in table
    floors = [line for line in table.splitlines() if line.startswith("| CPython's floor: ")]
    assert len(floors) == len(per_op.FLOORS) and all("| 120 (130) |" in line for line in floors)
    # beside the modern engine, whose process times no floor, every row keeps the table's columns
    modern = {**result, "engine": "modern", "floors": {}}
    rows = [line for line in per_op.markdown_table([result, modern]).splitlines() if line.startswith("| ")]
    assert len({line.count("|") for line in rows}) == 1
    assert all(line.count("| 120 (130) |") == 1 for line in rows if line.startswith("| CPython's floor: "))


def test_the_floor_node_is_built_as_chaingrad_builds_a_product():
    # per_op's floor stands for Value.__mul__ without its checks: the same numbers, slots and size
    Value = load_engine("chaingrad").Value
    for x, y in [(2.0, 3.0), (-0.5, 1e300), (0.0, -7.25)]:
        bare, node = per_op.BareNode(x) * per_op.BareNode(y), Value(x) * Value(y)
        assert (bare.data, bare.da, bare.db) == (node.data, *node.local_derivatives)
        assert (bare.grad, bare.op) == (node.grad, node.op)
    assert len(per_op.BareNode.__slots__) == len(Value.__slots__)
    assert per_op.BareNode(1.0).__sizeof__() == Value(1.0).__sizeof__()


def test_the_per_op_graphs_are_the_same_size_on_both_engines():
    for graph in per_op.GRAPHS.values():
        sizes = {name: count_nodes(load_engine(name), graph(load_engine(name).Value, 301)) for name in ("chaingrad", "modern")}
        assert sizes["chaingrad"] == sizes["modern"] > 250


def test_the_instruction_counter_refuses_a_folder_without_an_engine_in_one_line(tmp_path, capsys):
    from benchmarks import instructions

    assert instructions.main(["--repo", str(tmp_path)]) == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("benchmarks.instructions: ") and "\n" not in message
    assert "valgrind" in message or str(tmp_path) in message


@pytest.mark.parametrize("arguments, expected", [
    (["nope", "{repo}"], "unknown workload 'nope'"),
    (["deep_chain", "/"], "has no autograd/ package"),
    (["deep_chain", "{repo}", "--rounds", "0"], "--rounds must be at least 1"),
])
def test_paired_runs_refuse_bad_arguments_in_one_line(arguments, expected, capsys):
    from benchmarks import paired

    assert paired.main([argument.format(repo=paired.REPOSITORY) for argument in arguments]) == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("benchmarks.paired: ") and expected in message and "\n" not in message
