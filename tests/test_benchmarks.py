"""The benchmark harness, end to end at tiny sizes: a well-formed report for both engines, with ratios.

No timings are checked (machines are shared and noisy); what is checked is
that every workload ran on both engines, in fresh processes taken in turns,
that the two engines computed the same numbers, and that the report's table
and JSON say what the runs measured.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import run as benchmark_run
from benchmarks.demo_step import MLP, svm_loss
from benchmarks.engines import ENGINE_NAMES, count_nodes, load_engine
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
    header = next(i for i, line in enumerate(lines) if line.startswith("| Workload | Nodes"))
    rows = {}
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def test_every_workload_runs_on_both_engines_in_alternating_fresh_processes(quick_report):
    _, results = quick_report
    names = [w["name"] for w in results["workloads"]]
    assert names == list(benchmark_run.WORKLOADS)
    for name in names:
        order = [run["engine"] for run in results["runs"] if run["workload"] == name]
        assert order == list(ENGINE_NAMES) * REPEATS
    assert all(run["gc_enabled"] for run in results["runs"])


def test_each_summary_is_the_median_of_its_samples_and_the_ratio_of_the_medians(quick_report):
    _, results = quick_report
    for workload in results["workloads"]:
        medians = {}
        for engine in ENGINE_NAMES:
            runs = [r for r in results["runs"] if r["workload"] == workload["name"] and r["engine"] == engine]
            values = [sample["value"] for run in runs for sample in run["samples"]]
            summary = workload["engines"][engine]
            assert summary["processes"] == REPEATS
            assert summary["median"] == statistics.median(values) > 0
            assert summary["min"] <= summary["median"] <= summary["max"]
            assert summary["nodes"] > 0
            medians[engine] = summary["median"]
        assert workload["ratio"] == pytest.approx(medians["micrograd"] / medians["chaingrad"])
        assert isinstance(workload["target_met"], bool)


def test_both_engines_compute_the_same_numbers(quick_report):
    _, results = quick_report
    for workload in results["workloads"]:
        if workload["checks_agree"] is not None:
            assert workload["checks_agree"], workload["name"]


def test_micrograd_alone_gets_a_higher_recursion_limit_and_the_report_says_so(quick_report):
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
        title, nodes, chaingrad, micrograd, ratio, target, met = rows[workload["title"]]
        assert nodes == f"{workload['engines']['chaingrad']['nodes']:,} / {workload['engines']['micrograd']['nodes']:,}"
        unit = r"(s|ms|µs)" if workload["unit"] == "seconds" else "B"
        for cell in (chaingrad, micrograd):
            assert re.fullmatch(rf"[\d.]+ {unit} \([\d.]+–[\d.]+\)", cell), cell
        assert ratio == f"{workload['ratio']:.1f}x"
        assert target == workload["target"]
        assert met == ("yes" if workload["target_met"] else "**no**")
    assert "these figures mean nothing" in markdown


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
    for name in ENGINE_NAMES:
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
