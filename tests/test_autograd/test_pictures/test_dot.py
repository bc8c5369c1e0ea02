"""autograd.pictures.dot: to_dot, draw_dot and save_graph: snapshots, structure, options, max_nodes, writing files.

Snapshots live in ``tests/test_autograd/test_pictures/snapshots/`` (see
``conftest.check_snapshot``). The colours, the boxes, the labels and the
rendering have their own test files, as they have their own modules.
"""

from __future__ import annotations

import errno
import functools
import os
import pathlib
import random
import re
import subprocess
import sys
import warnings

import graphviz
import pytest
from hypothesis import given

import autograd
from autograd import GraphTruncatedWarning, Value, draw_dot, save_graph, to_dot
from autograd.pictures.labels import format_number
from tests.strategies import random_programs, run_program
from tests.test_autograd.conftest import program, the_readme_graph
from tests.test_autograd.test_pictures.conftest import (check_snapshot, svg_groups, two_two_one_network,
                                                        value_lines)


# ---------------------------------------------------------------- snapshots (no Graphviz program needed)


def test_snapshot_of_the_readme_graph() -> None:
    *_, c = the_readme_graph()
    check_snapshot("readme_graph.dot", to_dot(c))


def test_snapshot_with_local_derivatives_on_the_edges() -> None:
    *_, c = the_readme_graph()
    check_snapshot("show_local.dot", to_dot(c, show_local=True))


def test_snapshot_without_grads_top_to_bottom() -> None:
    *_, c = the_readme_graph(backward=False)
    check_snapshot("no_grad_top_to_bottom.dot", to_dot(c, show_grad=False, rankdir="TB"))


def test_snapshot_of_a_truncated_graph() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(6):
        y = (y * 1.5).tanh()
    with pytest.warns(GraphTruncatedWarning):
        check_snapshot("truncated.dot", to_dot(y, max_nodes=5))


# ---------------------------------------------------------------- determinism and structure


@given(random_programs())
def test_to_dot_is_deterministic_for_the_same_expression(program_and_inputs) -> None:
    inputs, steps = program_and_inputs
    texts = []
    for _ in range(2):  # build the same expression twice: new objects, new id()s
        values = [Value(x, label=f"x{k}") for k, x in enumerate(inputs)]
        out, _ = run_program(steps, values)
        out.backward()
        texts.append(to_dot(out, show_local=True, color_by="grad"))
    assert texts[0] == texts[1]


def test_to_dot_is_the_same_in_another_process_with_another_hash_seed() -> None:
    program = ("from tests.test_autograd.test_pictures.conftest import two_two_one_network; import autograd; "
               "print(autograd.to_dot(two_two_one_network()[0], group_by='module', color_by='role'), end='')")
    texts = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment,
                              cwd=pathlib.Path(__file__).parents[3], check=True)
        texts.append(done.stdout)
    assert texts[0] == texts[1] == to_dot(two_two_one_network()[0], group_by="module", color_by="role")


def test_node_ids_follow_the_topological_order() -> None:
    *_, c = the_readme_graph()
    order = autograd.topological_order(c)
    lines = value_lines(to_dot(c))
    assert [line.split()[0] for line in lines] == [f"v{k}" for k in range(len(order))]
    for line, node in zip(lines, order):
        assert f"data {format_number(node.data)} " in line


def test_constants_are_shown_in_the_op_node_not_as_nodes() -> None:
    x = Value(3.0, label="x")
    dot = to_dot(2 - x * 2)
    assert len(value_lines(dot)) == 3  # x, x*2, 2 - (x*2)
    assert 'label="* 2"' in dot and 'label="2 -"' in dot


def test_a_reused_value_has_one_edge_per_use() -> None:
    a = Value(2.0, label="a")
    assert to_dot(a * a).count("v0 -> v1_op") == 2


def test_each_op_is_a_small_node_between_operands_and_result() -> None:
    x = Value(1.0, label="x")
    dot = to_dot(x.tanh())
    assert 'v1_op [label="tanh" shape=ellipse' in dot
    assert "v0 -> v1_op" in dot and "v1_op -> v1" in dot


def test_show_grad_false_leaves_out_the_grads() -> None:
    *_, c = the_readme_graph()
    lines = value_lines(to_dot(c, show_grad=False))
    assert len(lines) == 5 and not any("grad" in line for line in lines)


def test_show_local_labels_each_operand_edge_with_its_local_derivative() -> None:
    a, b, c = the_readme_graph()
    dot = to_dot(c, show_local=True)
    # c = v2 + v3 with v2 = a*b and v3 = b**2: d(v2)/da = b = -3, d(v2)/db = a = 2, d(v3)/db = 2b = -6
    assert 'v0 -> v2_op [label="-3"]' in dot
    assert 'v1 -> v2_op [label="2"]' in dot
    assert 'v1 -> v3_op [label="-6"]' in dot
    assert "local derivatives" in dot  # the caption says what the numbers are


@pytest.mark.parametrize("rankdir", ["LR", "RL", "TB", "BT"])
def test_rankdir(rankdir: str) -> None:
    assert f"rankdir={rankdir}" in to_dot(Value(1.0), rankdir=rankdir)


def test_precision_sets_the_significant_digits() -> None:
    x = Value(1 / 3, label="x")
    assert "data 0.3333 " in to_dot(x)
    assert "data 0.33 " in to_dot(x, precision=2)
    assert "data 0.333333333 " in to_dot(x, precision=9)


def test_value_draw_is_a_shortcut_for_draw_dot() -> None:
    *_, c = the_readme_graph()
    assert c.draw(show_local=True).source == draw_dot(c, show_local=True).source


def test_draw_dot_returns_a_graphviz_digraph_whose_source_is_to_dot() -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)
    assert isinstance(graph, graphviz.Digraph)
    assert graph.source == to_dot(c)
    assert "computation graph of Value(data=3.0" in repr(graph)


# ---------------------------------------------------------------- large graphs (max_nodes)


def mlp_demo_forward_pass(n_points: int = 100, sizes: tuple[int, ...] = (2, 16, 16, 1)) -> Value:
    """The micrograd demo's loss, built from plain Values: about 65,000 nodes.

    100 points through a 2-16-16-1 ReLU network, the max-margin loss
    mean(relu(1 - y * score)) and an L2 penalty on the 337 parameters.
    """
    rng = random.Random(1337)
    layers = [[([Value(rng.uniform(-1, 1)) for _ in range(n_in)], Value(0.0)) for _ in range(n_out)]
              for n_in, n_out in zip(sizes, sizes[1:])]
    losses = []
    for _ in range(n_points):
        activations = [Value(rng.uniform(-2, 2)) for _ in range(sizes[0])]
        target = rng.choice((-1.0, 1.0))
        for depth, layer in enumerate(layers):
            sums = [sum((w * x for w, x in zip(weights, activations)), bias) for weights, bias in layer]
            activations = [s.relu() for s in sums] if depth < len(layers) - 1 else sums
        losses.append((1 + -target * activations[0]).relu())
    parameters = [p for layer in layers for weights, bias in layer for p in (*weights, bias)]
    return sum(losses) * (1.0 / n_points) + 1e-4 * sum(p * p for p in parameters)


def test_truncation_keeps_the_values_nearest_the_output() -> None:
    x = Value(1.0, label="x")
    chain = [x]
    for k in range(9):
        chain.append(chain[-1] * 2)
        chain[-1].label = f"c{k}"
    with pytest.warns(GraphTruncatedWarning, match=r"10 values, more than max_nodes=4.*the other 6"):
        dot = to_dot(chain[-1], max_nodes=4)
    drawn = [line.split("{ ")[1].split(" |")[0] for line in value_lines(dot)]
    assert drawn == ["c5", "c6", "c7", "c8"]
    assert "6 more values\\nnot drawn (max_nodes=4)" in dot
    assert "omitted -> v6_op [style=dashed" in dot  # the summary feeds the op that made c5


def test_truncation_counts_what_each_box_leaves_out() -> None:
    loss, _ = two_two_one_network()
    total = len(autograd.topological_order(loss))
    with pytest.warns(GraphTruncatedWarning):
        dot = to_dot(loss, group_by="module", max_nodes=8)
    counts = [int(n.replace(",", "")) for n in re.findall(r'label="([\d,]+) (?:more )?values?\\nnot drawn', dot)]
    assert len(value_lines(dot)) == 8
    assert sum(counts) == total - 8
    assert re.search(r"omitted_\d+ \[", dot)  # a summary inside a box


def test_truncation_with_a_group_per_value_draws_only_the_boxes_of_drawn_values() -> None:
    leaves = [Value(float(k), label=f"x{k}") for k in range(3000)]
    total = sum(leaves[1:], leaves[0])
    order = autograd.topological_order(total)
    groups = {node: f"group {k}" for k, node in enumerate(order)}  # 5,999 groups
    with pytest.warns(GraphTruncatedWarning):
        dot = to_dot(total, max_nodes=50, group_by=groups.get)
    assert len(value_lines(dot)) == 50
    assert dot.count("subgraph cluster_") == 50  # one box per value drawn
    # every group left out has nothing drawn: its values are counted in the one summary outside the boxes
    assert re.findall(r'\t(omitted\w*) \[label="([\d,]+) ', dot) == [("omitted", f"{len(order) - 50:,}")]


def test_truncation_with_dotted_group_names_keeps_boxes_and_summaries_within_the_limit() -> None:
    leaves = [Value(k / 7, label=f"x{k}") for k in range(3000)]
    total = sum(leaves[1:], leaves[0])
    n_values = len(autograd.topological_order(total))
    with pytest.warns(GraphTruncatedWarning):
        dot = to_dot(total, max_nodes=50, group_by=lambda node: f"{node.data:.3f}")  # '0.143' is in box '0'
    assert len(value_lines(dot)) == 50
    boxes = dot.count("subgraph cluster_")
    summaries = re.findall(r'\t(omitted\w*) \[label="([\d,]+) ', dot)
    assert boxes <= 2 * 50  # the boxes of the values drawn, and the boxes around them
    assert len(summaries) <= boxes + 1 and [name for name, _ in summaries].count("omitted") == 1
    assert sum(int(count.replace(",", "")) for _, count in summaries) == n_values - 50


def test_max_nodes_none_draws_everything_without_a_warning() -> None:
    loss, _ = two_two_one_network()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dot = to_dot(loss, max_nodes=None)
    assert len(value_lines(dot)) == len(autograd.topological_order(loss))


def test_the_truncation_warning_points_at_the_callers_line() -> None:
    x = Value(1.0)
    with pytest.warns(GraphTruncatedWarning) as record:
        (x * 2 * 3).draw(max_nodes=1)
    assert record[0].filename == __file__


@functools.cache
def the_65000_node_graph() -> Value:
    """The micrograd demo's loss after backward(), built once for the tests that draw it (they only read it)."""
    loss = mlp_demo_forward_pass()
    loss.backward()
    return loss


def test_a_65000_node_graph_draws_with_the_default_limit(renderer: str) -> None:
    loss = the_65000_node_graph()
    n_values = len(autograd.topological_order(loss))
    assert n_values > 60_000
    with pytest.warns(GraphTruncatedWarning, match=f"{n_values:,} values, more than max_nodes=500"):
        graph = draw_dot(loss, color_by="grad")
    assert len(value_lines(graph.source)) == 500
    assert f"{n_values - 500:,} more values" in graph.source
    svg = graph.pipe(format="svg", quiet=True)
    nodes = svg_groups(svg, "node")
    assert sum(1 for title in nodes if re.fullmatch(r"v\d+", title)) == 500
    assert any(f"{n_values - 500:,} more values" in " ".join(texts) for texts in nodes.values())


def test_a_65000_node_graph_in_thousands_of_groups_draws_with_the_default_limit(renderer: str) -> None:
    loss = the_65000_node_graph()
    with pytest.warns(GraphTruncatedWarning):
        graph = draw_dot(loss, group_by=lambda node: f"{node.data:.3f}")  # 5,323 groups, most not drawn
    assert graph.source.count("subgraph cluster_") <= 2 * 500
    svg = graph.pipe(format="svg", quiet=True)  # Graphviz ranks the boxes without losing an edge
    assert sum(1 for title in svg_groups(svg, "node") if re.fullmatch(r"v\d+", title)) == 500


# ---------------------------------------------------------------- writing files


def test_save_graph_makes_missing_folders(tmp_path: pathlib.Path) -> None:
    path = save_graph(Value(1.0, label="x"), tmp_path / "new" / "folders" / "graph.dot")
    assert path.read_text(encoding="utf-8") == to_dot(Value(1.0, label="x"))


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".dot", b"// computation")])
def test_save_graph_takes_the_format_from_the_suffix(renderer: str, tmp_path: pathlib.Path, suffix: str,
                                                    magic: bytes) -> None:
    *_, c = the_readme_graph()
    path = save_graph(c, tmp_path / f"graph{suffix}", show_local=True)
    assert path == tmp_path / f"graph{suffix}"
    assert path.read_bytes().lstrip().startswith(magic)


def test_save_graph_writes_pdf_with_the_system_graphviz(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", program("dot"))
    path = save_graph(Value(1.0, label="x") * 2, tmp_path / "graph.pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_save_graph_needs_a_suffix(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match=r"suffix.*graph\.svg"):
        save_graph(Value(1.0), tmp_path / "graph")


@pytest.fixture
def no_renderer(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """GRAPHVIZ_DOT names no program: a check made before rendering is the only error there can be."""
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(tmp_path / "no-such-dot"))


@pytest.mark.parametrize("name, error, message", [
    ("g.xyz", ValueError, r"g\.xyz' ends in '\.xyz', which is not a Graphviz format: .*\.svg.*\.png.*\.dot"),
    ("folder.svg", IsADirectoryError, r"folder\.svg' is a folder, not a file: give a file name inside it"),
    ("notes.txt/graph.svg", NotADirectoryError, r"notes\.txt' is a file, not a folder: choose a path in a folder"),
    ("notes.txt/sub/graph.svg", NotADirectoryError, r"notes\.txt' is a file, not a folder"),
])
def test_save_graph_says_what_to_do_with_a_path_it_cannot_write(no_renderer: None, tmp_path: pathlib.Path,
                                                               name: str, error: type, message: str) -> None:
    (tmp_path / "folder.svg").mkdir()
    (tmp_path / "notes.txt").write_text("notes")
    with pytest.raises(error, match=message):
        save_graph(Value(1.0), tmp_path / name)
    assert (tmp_path / "notes.txt").read_text() == "notes" and not any((tmp_path / "folder.svg").iterdir())


def test_save_graph_says_when_a_folder_cannot_be_written(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: pathlib.Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access  # the tests run as root, whom chmod does not stop: the folder is refused here

    def access(path, mode, **kwargs):
        return False if pathlib.Path(path) == locked and mode & os.W_OK else real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(PermissionError, match=r"cannot write in the folder '.*locked': choose a folder you can"):
        save_graph(Value(1.0), locked / "sub" / "graph.dot")


def test_save_graph_needs_a_path() -> None:
    with pytest.raises(TypeError, match=r"save_graph\(\) needs a file path \(a str or pathlib\.Path\); got int: 7"):
        save_graph(Value(1.0), 7)  # type: ignore[arg-type]


# Each call writes a file bigger than the file-size limit set (RLIMIT_FSIZE, as `ulimit -f` does), where an
# older file is: the write fails, and the older file must be left as it was, with no partial file beside it.
WRITES_PAST_THE_LIMIT = {
    "save_graph .dot": (500, "save_graph(c, folder / 'graph.dot')", "graph.dot"),
    "save_graph .svg": (1000, "save_graph(c, folder / 'graph.svg')", "graph.svg"),
    "render": (1000, "draw_dot(c).render(outfile=folder / 'graph.svg')", "graph.svg"),  # its source fits
    "draw_steps": (500, "draw_steps(c, folder / 'frame', format='dot')", "frame_000.dot"),
}


@pytest.mark.parametrize("write", WRITES_PAST_THE_LIMIT)
def test_a_failed_write_leaves_the_older_file_as_it_was(renderer: str, tmp_path: pathlib.Path, write: str) -> None:
    limit, call, name = WRITES_PAST_THE_LIMIT[write]
    (tmp_path / name).write_text("the older file")
    script = f"""
import pathlib, resource
from autograd import draw_dot, draw_steps, save_graph
from tests.test_autograd.conftest import the_readme_graph
*_, c = the_readme_graph()
folder = pathlib.Path({os.fspath(tmp_path)!r})
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
try:
    {call}
except OSError as error:
    print(error.errno)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=pathlib.Path(__file__).parents[3])
    assert done.stdout.strip() == str(errno.EFBIG), done.stderr
    assert (tmp_path / name).read_text() == "the older file"
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".partial")]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("options, message", [
    ({"rankdir": "up"}, r"rankdir must be one of 'LR', 'RL', 'TB', 'BT'; got 'up'"),
    ({"color_by": "size"}, r"color_by must be None, 'grad' or 'role'; got 'size'"),
    ({"max_nodes": 0}, r"max_nodes must be a whole number >= 1, or None for no limit; got 0"),
    ({"max_nodes": True}, r"max_nodes must be a whole number >= 1, or None for no limit; got True"),
    ({"precision": 0}, r"precision .* from 1 to 17; got 0"),
    ({"precision": True}, r"precision .* from 1 to 17; got True"),
    ({"group_by": "layer"}, r"group_by must be None, 'module' or a function node -> group name; got 'layer'"),
    ({"max_nodes": "a"}, r"max_nodes must be a whole number >= 1, or None for no limit; got 'a'"),
    ({"max_nodes": 2.5}, r"max_nodes must be a whole number >= 1, or None for no limit; got 2.5"),
    ({"precision": 18}, r"precision .* from 1 to 17; got 18"),
    ({"precision": "3"}, r"precision .* from 1 to 17; got '3'"),
    ({"show_grad": "no"}, r"show_grad must be True or False; got 'no'"),
    ({"show_local": 1}, r"show_local must be True or False; got 1"),
])
def test_bad_options_say_what_was_expected(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw_dot(Value(1.0), **options)


def test_parameters_must_be_values() -> None:
    with pytest.raises(TypeError, match=r"parameters must be Values; got float: 0.5"):
        draw_dot(Value(1.0), color_by="role", parameters=[0.5])
    with pytest.raises(TypeError, match=r"parameters must be a collection of Values .*; got Value: Value\(data=1"):
        draw_dot(Value(1.0), color_by="role", parameters=Value(1.0))
    with pytest.raises(TypeError, match=r"parameters must be a collection of Values .*; got int: 3"):
        draw_dot(Value(1.0), color_by="role", parameters=3)


@pytest.mark.parametrize("options, message", [
    ({"precision": 0}, r"precision .* from 1 to 17; got 0"),
    ({"max_nodes": -1}, r"max_nodes must be a whole number >= 1"),
    ({"rankdir": "up"}, r"rankdir must be one of"),
])
def test_to_dot_and_save_graph_check_the_options_too(tmp_path: pathlib.Path, options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_dot(Value(1.0), **options)
    with pytest.raises(ValueError, match=message):
        save_graph(Value(1.0), tmp_path / "graph.dot", **options)
    assert not (tmp_path / "graph.dot").exists()


def test_drawing_something_that_is_not_a_value_says_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"needs a Value.*got list.*sum\(outputs\)"):
        draw_dot([Value(1.0), Value(2.0)])  # type: ignore[arg-type]
