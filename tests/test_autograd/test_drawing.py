"""Drawing computation graphs: DOT snapshots, every option, escaping, rendering with both programs, large graphs.

Snapshots live in ``tests/test_autograd/snapshots/`` (see ``conftest.check_snapshot``). After an
intended change of the drawing, rewrite them with ``CHAINGRAD_UPDATE_SNAPSHOTS=1 pytest
tests/test_autograd`` and review the diff.
"""

from __future__ import annotations

import errno
import functools
import math
import os
import pathlib
import random
import re
import stat
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ElementTree

import graphviz
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import autograd
import autograd.pictures.render as rendering
from autograd import GraphTruncatedWarning, GraphvizNotFoundError, Value, draw_dot, save_graph, to_dot
from autograd.pictures.labels import clean_text, format_number, record_field
from autograd.pictures.render import Digraph, GraphvizRenderError, find_renderer
from tests.strategies import random_programs, run_program
from tests.test_autograd.conftest import SVG, check_snapshot, program, the_readme_graph

# ---------------------------------------------------------------- helpers


def svg_root(svg: str | bytes) -> ElementTree.Element:
    return ElementTree.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))


def svg_groups(svg: str | bytes, kind: str) -> dict[str, list[str]]:
    """For each node (or cluster) of a rendered SVG: its title -> the lines of text it shows."""
    groups = {}
    for group in svg_root(svg).iter(f"{SVG}g"):
        if group.get("class") == kind:
            title = group.find(f"{SVG}title")
            assert title is not None
            texts = ["".join(t.itertext()).replace("\xa0", " ") for t in group.iter(f"{SVG}text")]
            groups[title.text or ""] = texts
    return groups


class StandInModule:
    """What the nn helper tags values with: an object with a dotted ``name``."""

    def __init__(self, name: str) -> None:
        self.name = name


class Neuron(StandInModule):
    pass


def two_two_one_network() -> tuple[Value, list[Value]]:
    """A 2-2-1 tanh network built by hand, its values tagged with stand-in neurons."""
    rng = random.Random(0)
    x = [Value(1.0, label="x0"), Value(-2.0, label="x1")]
    parameters: list[Value] = []
    layer_inputs = x
    for layer, width in enumerate((2, 1)):
        outputs = []
        for k in range(width):
            neuron = Neuron(f"layers.{layer}.neurons.{k}")
            w = [Value(round(rng.uniform(-1, 1), 2), label=f"w{i}") for i in range(len(layer_inputs))]
            b = Value(0.5, label="b")
            act = b
            for wi, xi in zip(w, layer_inputs):
                act = act + wi * xi
            out = act.tanh()
            for v in (*w, b):
                v.scope = neuron
                parameters.append(v)
            for v in autograd.topological_order(out):
                if v.op and v.scope is None:
                    v.scope = neuron
            outputs.append(out)
        layer_inputs = outputs
    loss = (layer_inputs[0] - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    return loss, parameters


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


def value_lines(dot: str) -> list[str]:
    return [line for line in dot.splitlines() if re.match(r"\s*v\d+ \[", line)]


def lines_by_label(dot: str) -> dict[str, str]:
    """The DOT line of each labelled value, by label."""
    return {line.split('label="{ ')[1].split(" | ")[0]: line for line in value_lines(dot)}


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


def test_snapshot_coloured_by_role_and_grouped_by_module() -> None:
    loss, _ = two_two_one_network()
    check_snapshot("network_role_module.dot", to_dot(loss, color_by="role", group_by="module"))


def test_snapshot_coloured_by_grad() -> None:
    loss, _ = two_two_one_network()
    check_snapshot("network_grad.dot", to_dot(loss, color_by="grad"))


def test_snapshot_of_a_truncated_graph() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(6):
        y = (y * 1.5).tanh()
    with pytest.warns(GraphTruncatedWarning):
        check_snapshot("truncated.dot", to_dot(y, max_nodes=5))


def test_snapshot_of_constants_reuse_and_escaped_labels() -> None:
    x = Value(3.0, label='x <in> {a|b} "q" & \\ \'s\'\nsecond line é∂')
    y = (2 - x) * x * 2 + x**3 + (x * x).leaky_relu(0.1) / 4
    check_snapshot("constants_reuse_escaping.dot", to_dot(y, precision=3))


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
    program = ("from tests.test_autograd.test_drawing import two_two_one_network; import autograd; "
               "print(autograd.to_dot(two_two_one_network()[0], group_by='module', color_by='role'), end='')")
    texts = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment,
                              cwd=pathlib.Path(__file__).parents[2], check=True)
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


def test_constants_in_op_nodes_are_written_like_every_other_number() -> None:
    x = Value(3.0, label="x")
    y = (x * (1 / 3) - 2.5e-5) ** 0.5
    assert 'label="* 0.3333"' in to_dot(y) and 'label="- 2.5e-5"' in to_dot(y)
    dot = to_dot(y, precision=2)
    assert 'label="* 0.33"' in dot and 'label="** 0.5"' in dot and 'label="- 2.5e-5"' in dot
    assert 'label="-2 -"' in to_dot(-2 - x) and 'label="* -0"' not in to_dot(x * -0.0)


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


@pytest.mark.parametrize("x, text", [(2.0, "2"), (-3.0, "-3"), (0.0, "0"), (-0.0, "0"), (1 / 3, "0.3333"),
                                     (123456.0, "1.235e5"), (1.5e-5, "1.5e-5"), (math.inf, "inf"),
                                     (-math.inf, "-inf"), (math.nan, "nan")])
def test_numbers_are_compact(x: float, text: str) -> None:
    assert format_number(x) == text


def test_value_draw_is_a_shortcut_for_draw_dot() -> None:
    *_, c = the_readme_graph()
    assert c.draw(show_local=True).source == draw_dot(c, show_local=True).source


def test_draw_dot_returns_a_graphviz_digraph_whose_source_is_to_dot() -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)
    assert isinstance(graph, graphviz.Digraph)
    assert graph.source == to_dot(c)
    assert "computation graph of Value(data=3.0" in repr(graph)


# ---------------------------------------------------------------- colours


def test_color_by_role_with_parameters_given() -> None:
    x = Value(1.0, label="x")
    w = Value(0.5, label="w")
    out = (w * x).tanh()
    out.label = "out"
    dot = to_dot(out, color_by="role", parameters=[w])
    lines = lines_by_label(dot)
    assert '"#d9f0d3"' in lines["x"]  # input (green)
    assert '"#fdd49e"' in lines["w"]  # parameter (orange)
    assert 'fillcolor="white"' in value_lines(dot)[2]  # w*x: intermediate
    assert '"#c6dbef"' in lines["out"]  # the output (blue)
    for text in ("input", "parameter", "intermediate", "output"):
        assert text in dot.split("legend [")[1]


def test_color_by_role_without_parameters_takes_leaves_tagged_with_a_module() -> None:
    x = Value(1.0, label="x")
    w = Value(0.5, label="w")
    w.scope = Neuron("neuron")
    lines = lines_by_label(to_dot(w * x, color_by="role"))
    assert '"#d9f0d3"' in lines["x"] and '"#fdd49e"' in lines["w"]


def test_color_by_grad_makes_vanishing_gradients_pale_and_zero_dashed() -> None:
    a = Value(1.0, label="big")
    b = Value(1.0, label="small")
    c = Value(1.0, label="tiny")
    z = Value(1.0, label="zero")
    out = a * 5.0 + b * 0.004 + c * 1e-12 + z * 0.0
    out.backward()
    lines = lines_by_label(to_dot(out, color_by="grad"))
    assert "#08306b" in lines["big"]  # |grad| = 5: the top decade [1, 10), darkest
    assert "#bdd7e7" in lines["small"]  # 0.004: in [0.001, 0.01), three decades down
    assert "#f7fbff" in lines["tiny"]  # 1e-12: far below, the palest shade
    assert "filled,dashed" in lines["zero"]


def test_color_by_grad_shows_nan_and_inf_in_red() -> None:
    x = Value(0.0, label="x")
    y = x.sqrt()  # d sqrt(x)/dx at 0 is inf
    y.backward()
    dot = to_dot(y, color_by="grad")
    assert '"#e41a1c"' in value_lines(dot)[0] and "NaN or inf" in dot


@pytest.mark.parametrize("size", [1e308, 5e-324, 1.7976931348623157e308])
def test_color_by_grad_works_at_the_ends_of_the_float_range(size: float) -> None:
    x = Value(1.0, label="x")
    y = x * 2
    x.grad = y.grad = size
    dot = to_dot(y, color_by="grad")
    exponent = math.floor(math.log10(size))
    assert f"|grad| &gt;= 1e{exponent}" in dot  # the legend's top decade, 10**exponent
    assert f"0 &lt; |grad| &lt; 1e{exponent - 4} (vanishing)" in dot  # five decades down, below the float range
    assert '"#08306b"' in lines_by_label(dot)["x"]


# ---------------------------------------------------------------- boxes (group_by)


def test_group_by_module_nests_neuron_boxes_in_layer_boxes() -> None:
    loss, _ = two_two_one_network()
    dot = to_dot(loss, group_by="module")
    # a box per layer holding a box per neuron
    layer0 = dot.index('label="layers.0"')
    for k in (0, 1):
        assert layer0 < dot.index(f'label="layers.0.neurons.{k}"')
    assert 'label="layers.1.neurons.0"' in dot
    assert dot.count("subgraph cluster_") == 5  # layers.0, layers.1 and three neurons


def test_group_by_nesting_does_not_depend_on_the_order_values_come_in() -> None:
    inner = Value(1.0, label="inner")
    inner.scope = StandInModule("encoder.attention")
    outer = inner * 2
    outer.scope = StandInModule("encoder")  # the enclosing group comes after the one it encloses
    dot = to_dot(outer, group_by="module")
    encoder = dot.index('label="encoder"')
    assert dot.index("subgraph cluster_") < encoder < dot.index('label="encoder.attention"')
    assert dot.count("subgraph cluster_") == 2


def test_group_by_a_function_and_values_without_a_group() -> None:
    a, b, c = the_readme_graph()
    dot = to_dot(c, group_by=lambda node: "inputs" if not node.op else None)
    box = dot[dot.index("subgraph cluster_0"):]
    box = box[:box.index("\t}")]
    assert 'label="inputs"' in box and "v0 [" in box and "v1 [" in box and "v2 [" not in box


def test_a_module_without_a_name_is_labelled_by_its_class() -> None:
    class MLP:
        name = ""

    x = Value(1.0)
    x.scope = MLP()
    assert 'label="MLP"' in to_dot(x * 2, group_by="module")


def test_two_modules_with_the_same_name_get_two_boxes() -> None:
    x, y = Value(1.0), Value(2.0)
    x.scope, y.scope = StandInModule("layer"), StandInModule("layer")
    assert to_dot(x + y, group_by="module").count("subgraph cluster_") == 2


# ---------------------------------------------------------------- large graphs


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


def test_a_group_by_function_is_called_once_per_value() -> None:
    loss, _ = two_two_one_network()
    calls = []

    def group_of(node: Value) -> str | None:
        calls.append(node)
        return node.scope.name if node.scope is not None else None

    with pytest.warns(GraphTruncatedWarning):
        to_dot(loss, group_by=group_of, max_nodes=8)
    assert sorted(map(id, calls)) == sorted(map(id, autograd.topological_order(loss)))


def test_boxes_nest_as_deep_as_the_names_go() -> None:
    name = ".".join(str(k) for k in range(1500))  # each prefix ends in a number: a box in a box, 1,500 deep
    x = Value(1.0, label="x")
    dot = to_dot(x * 2, group_by=lambda node: name if node is x else None)
    assert dot.count("subgraph cluster_") == 1500
    shown = name[:199] + "\u2026"  # 6,389 characters: shown cut at 200, as every long label is
    assert f'label="{shown}" tooltip="{name[:2999]}\u2026"' in dot and 'label="0.1"' in dot
    assert dot.index('label="0"') < dot.index('label="0.1"') < dot.index(f'label="{shown}"')


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


# ---------------------------------------------------------------- escaping


# label -> the record field it must become, written out by hand
SPECIAL_LABELS = {
    "<b>": r"\<b\>",
    "&lt;": "&amp;lt;",
    '"quoted"': r'\"quoted\"',
    "'single'": "'single'",
    "{a|b}": r"\{a\|b\}",
    "back\\slash": r"back\\slash",
    "ends with \\": r"ends&#32;with&#32;\\",
    "two\nlines": r"two\nlines",
    'x"] ; injected [label="boom': r'x\"]&#32;;&#32;injected&#32;[label=\"boom',
    "\\N \\G \\n": r"\\N&#32;\\G&#32;\\n",
    "é ∂ 中文 😀": "é&#32;∂&#32;中文&#32;😀",
    "tab\there": "tab&#32;here",
    "\x00\x07 bell": "\ufffd\ufffd&#32;bell",
}


@pytest.mark.parametrize("label, expected", SPECIAL_LABELS.items())
def test_special_characters_are_escaped_in_record_labels(label: str, expected: str) -> None:
    dot = to_dot(Value(1.0, label=label))
    field = value_lines(dot)[0].split('label="{ ', 1)[1].rsplit(" | data", 1)[0]
    assert field == expected
    assert read_record_field(field) == clean_text(label)


def read_record_field(field: str) -> str:
    """The text Graphviz shows for a record field: the escaping undone, step by step.

    Fails on anything the record or the DOT string would read as syntax: an
    unescaped ``{ } | < > "``, a bare ``&``, a raw line break, a backslash at the end.
    """
    shown, k = [], 0
    while k < len(field):
        if field.startswith(("&#32;", "&amp;"), k):
            shown.append(" " if field[k + 1] == "#" else "&")
            k += 5
        elif field[k] == "\\":
            assert k + 1 < len(field), f"a backslash at the end of {field!r} would escape the closing quote"
            shown.append("\n" if field[k + 1] == "n" else field[k + 1])
            k += 2
        else:
            assert field[k] not in '{}|<>"&\n\r\t\x00', f"{field[k]!r} unescaped in {field!r}"
            shown.append(field[k])
            k += 1
    return "".join(shown)


def test_what_no_picture_can_show_is_replaced() -> None:
    # control characters are not allowed in SVG (XML); a lone surrogate cannot even be encoded as UTF-8
    dot = to_dot(Value(1.0, label="a\x00b\x1bc\ud800d\ufffee\tf\r\ng"))
    assert "a\ufffdb\ufffdc\ufffdd\ufffde&#32;f\\ng" in dot
    dot.encode("utf-8")


@settings(max_examples=300)
@given(st.text())
def test_record_fields_show_the_text_and_never_leave_syntax_unescaped(label: str) -> None:
    assert read_record_field(record_field(label)) == clean_text(label)


def expected_lines(label: str) -> list[str]:
    """The lines of text a label should show in SVG (Graphviz writes repeated spaces as no-break spaces)."""
    return [line.replace("\xa0", " ") for line in clean_text(label).split("\n") if line.strip()]


LABELS = st.one_of(st.text(max_size=25), st.text(alphabet='<>&"\'{}|\\\n \ta\u00e9', max_size=25))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LABELS, min_size=1, max_size=4))
def test_random_labels_never_break_rendering(renderer: str, labels: list[str]) -> None:
    values = [Value(float(k), label=label) for k, label in enumerate(labels)]
    out = sum(values[1:], values[0]) if len(values) > 1 else values[0] * 1
    node_id = {node: f"v{i}" for i, node in enumerate(autograd.topological_order(out))}
    svg = draw_dot(out, group_by=lambda node: node.label or None).pipe(format="svg", quiet=True)
    nodes = svg_groups(svg, "node")
    for k, (label, value) in enumerate(zip(labels, values)):
        texts = nodes[node_id[value]]
        assert texts[-2:] == [f"data {k}", "grad 0"]
        assert [line for line in texts[:-2] if line.strip()] == expected_lines(label)
    # nothing was injected: exactly the values and ops drawn are nodes
    assert len([t for t in nodes if re.fullmatch(r"v\d+", t)]) == len(autograd.topological_order(out))
    # a box per distinct label, showing it (dotted labels such as '0.1' may add enclosing boxes)
    box_labels = [[line for line in texts if line.strip()] for texts in svg_groups(svg, "cluster").values()]
    for label in labels:
        if label:
            assert expected_lines(label) in box_labels


# ---------------------------------------------------------------- long labels

# 25,000 characters once escaped (& is &amp;): more than the 16,384 the system dot reads in one quoted string
LONG_LABEL = "&" * 5000
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def tooltips(svg: str | bytes) -> list[str]:
    """The tooltips of a rendered SVG picture (Graphviz writes them as the xlink:title of a link)."""
    return [a.get(XLINK_TITLE, "") for a in svg_root(svg).iter(f"{SVG}a")]


def test_a_long_label_is_shortened_with_its_text_in_the_tooltip(renderer: str) -> None:
    x = Value(1.0, label=LONG_LABEL)
    graph = draw_dot(x * 2)
    (line, _) = value_lines(graph.source)
    shown = "&" * 199 + "\u2026"  # 200 characters shown, the last an ellipsis
    tooltip = "&" * 2999 + "\u2026"  # 3,000: as much as dot reads in one string, however the text escapes
    assert line == f'\tv0 [label="{{ {record_field(shown)} | data 1 | grad 0 }}" tooltip="{"&amp;" * 2999}\u2026"]'
    svg = graph.pipe(format="svg", quiet=True)
    assert svg_groups(svg, "node")["v0"] == [shown, "data 1", "grad 0"]
    assert tooltips(svg) == [tooltip]


def test_a_label_of_200_characters_is_shown_whole() -> None:
    (line,) = value_lines(to_dot(Value(1.0, label="a" * 200)))
    assert line == f'\tv0 [label="{{ {"a" * 200} | data 1 | grad 0 }}"]'


def test_a_long_box_label_is_shortened_too(renderer: str) -> None:
    graph = draw_dot(Value(1.0, label="x") * 2, group_by=lambda node: LONG_LABEL)
    assert f'graph [label="{"&amp;" * 199}\u2026" tooltip="{"&amp;" * 2999}\u2026" style=' in graph.source
    svg = graph.pipe(format="svg", quiet=True)
    assert list(svg_groups(svg, "cluster").values()) == [["&" * 199 + "\u2026"]]
    assert "&" * 2999 + "\u2026" in tooltips(svg)


# ---------------------------------------------------------------- a label that is not text


class NumberLabelled(Value):
    """A Value whose label is a number, however ``Value`` guards its own: a subclass can always do this."""

    label = property(lambda self: 123, lambda self, label: None)  # type: ignore[assignment]


@pytest.mark.parametrize("draw", [
    lambda root, folder: to_dot(root),
    lambda root, folder: draw_dot(root),
    lambda root, folder: save_graph(root, folder / "graph.dot"),
    lambda root, folder: autograd.explain(root),
    lambda root, folder: autograd.backward_steps(root),
    lambda root, folder: autograd.draw_steps(root, folder / "frame", format="dot"),
], ids=["to_dot", "draw_dot", "save_graph", "explain", "backward_steps", "draw_steps"])
def test_a_label_that_is_not_a_str_is_a_clear_error(draw, tmp_path: pathlib.Path) -> None:
    x = NumberLabelled(2.0)
    with pytest.raises(TypeError, match=r"the label of Value\(data=2\.0, .*label=123\) must be a str; got int: 123"):
        draw(x * 3, tmp_path)
    assert not any(tmp_path.iterdir())  # nothing written


# ---------------------------------------------------------------- rendering


def test_svg_shows_labels_data_and_grads(renderer: str) -> None:
    *_, c = the_readme_graph()
    svg = draw_dot(c).pipe(format="svg", encoding="utf-8", quiet=True)
    nodes = svg_groups(svg, "node")
    assert nodes["v0"] == ["a", "data 2", "grad -3"]
    assert nodes["v1"] == ["b", "data -3", "grad -4"]
    assert nodes["v4"] == ["c", "data 3", "grad 1"]
    assert nodes["v2_op"] == ["*"] and nodes["v3_op"] == ["** 2"]


def test_png_is_rendered(renderer: str) -> None:
    *_, c = the_readme_graph()
    png = draw_dot(c).pipe(format="png", quiet=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_render_writes_the_source_and_the_picture(renderer: str, tmp_path: pathlib.Path) -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)
    path = graph.render(tmp_path / "graph", format="svg")
    assert path == os.fspath(tmp_path / "graph.svg")
    assert (tmp_path / "graph").read_text(encoding="utf-8") == graph.source
    assert svg_groups((tmp_path / "graph.svg").read_bytes(), "node")["v0"] == ["a", "data 2", "grad -3"]
    out = graph.render(outfile=tmp_path / "sub" / "picture.png", cleanup=True)
    assert out == os.fspath(tmp_path / "sub" / "picture.png")
    assert (tmp_path / "sub" / "picture.png").read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / "sub" / "picture.gv").exists()  # cleanup removed the source


def test_render_with_a_directory_and_a_name(renderer: str, tmp_path: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0, label="x"))
    path = graph.render("drawing", directory=tmp_path / "out", format="png")
    assert path == os.fspath(tmp_path / "out" / "drawing.png")
    assert (tmp_path / "out" / "drawing").exists() and pathlib.Path(path).read_bytes().startswith(b"\x89PNG")


def test_render_needs_a_format_it_can_tell(tmp_path: pathlib.Path) -> None:
    with pytest.raises(graphviz.RequiredArgumentError, match=r"cannot tell the output format.*format='svg'"):
        draw_dot(Value(1.0)).render(outfile=tmp_path / "graph.picture")


def test_other_layout_engines_work_too(renderer: str) -> None:
    *_, c = the_readme_graph()
    svg = draw_dot(c).pipe(format="svg", engine="neato", quiet=True)
    assert svg_groups(svg, "node")["v0"] == ["a", "data 2", "grad -3"]


def test_render_refuses_to_overwrite_when_asked(renderer: str, tmp_path: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0))
    graph.render(outfile=tmp_path / "g.svg")
    with pytest.raises(graphviz.FileExistsError):
        graph.render(outfile=tmp_path / "g.svg", raise_if_result_exists=True)


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


def test_a_format_the_renderer_cannot_write_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", program("graphviz-pure"))  # writes SVG and PNG, not PDF
    with pytest.raises(GraphvizRenderError, match=r"(?s)graphviz-pure .*'pdf'.*system Graphviz"):
        save_graph(Value(1.0), tmp_path / "graph.pdf")


def test_save_graph_needs_a_suffix(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match=r"suffix.*graph\.svg"):
        save_graph(Value(1.0), tmp_path / "graph")


def test_jupyter_display_renders_svg_once_with_a_text_fallback(renderer: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.formatters import DisplayFormatter

    runs = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        runs.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(rendering.subprocess, "run", counting_run)
    *_, c = the_readme_graph()
    data, _ = DisplayFormatter().format(draw_dot(c))
    assert len(runs) == 1 and "-Tsvg" in runs[0]
    assert svg_groups(data["image/svg+xml"], "node")["v0"] == ["a", "data 2", "grad -3"]
    assert data["text/plain"].startswith("<Digraph: computation graph of Value(data=3.0")


def test_the_mimebundle_honours_include_and_exclude(renderer: str) -> None:
    graph = draw_dot(Value(1.0))
    assert set(graph._repr_mimebundle_(include=["image/png"])) == {"image/png"}
    assert set(graph._repr_mimebundle_(exclude=["image/svg+xml"])) == {"text/plain"}


# ---------------------------------------------------------------- writing files


def test_save_graph_makes_missing_folders(tmp_path: pathlib.Path) -> None:
    path = save_graph(Value(1.0, label="x"), tmp_path / "new" / "folders" / "graph.dot")
    assert path.read_text(encoding="utf-8") == to_dot(Value(1.0, label="x"))


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
                          cwd=pathlib.Path(__file__).parents[2])
    assert done.stdout.strip() == str(errno.EFBIG), done.stderr
    assert (tmp_path / name).read_text() == "the older file"
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".partial")]


# ---------------------------------------------------------------- finding the renderer


def fake_program(folder: pathlib.Path, name: str) -> pathlib.Path:
    """An executable file called ``name`` in ``folder`` (never run: only found)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name + (".exe" if sys.platform == "win32" else ""))
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> pathlib.Path:
    """An empty PATH, no GRAPHVIZ_DOT, and a Python whose folder holds no graphviz-pure."""
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)
    monkeypatch.setenv("PATH", os.fspath(tmp_path / "empty"))
    python_folder = tmp_path / "python" / "bin"
    python_folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", os.fspath(python_folder / "python"))
    return tmp_path


def test_the_renderer_is_searched_for_in_order(nowhere: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    next_to_python = fake_program(nowhere / "python" / "bin", "graphviz-pure")
    assert find_renderer() == (os.fspath(next_to_python), "'graphviz-pure' next to the running Python")
    pure_on_path = fake_program(nowhere / "pure", "graphviz-pure")
    dot_on_path = fake_program(nowhere / "system", "dot")
    monkeypatch.setenv("PATH", os.pathsep.join([os.fspath(nowhere / "pure"), os.fspath(nowhere / "system")]))
    assert find_renderer().path == os.fspath(dot_on_path)  # dot first, wherever it is on PATH
    monkeypatch.setenv("PATH", os.fspath(nowhere / "pure"))
    assert find_renderer().path == os.fspath(pure_on_path)
    chosen = fake_program(nowhere / "chosen", "my-dot")
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(chosen))
    assert find_renderer() == (os.fspath(chosen), "the GRAPHVIZ_DOT environment variable")


def test_no_renderer_is_one_clear_error(nowhere: pathlib.Path) -> None:
    *_, c = the_readme_graph()
    graph = draw_dot(c)  # drawing needs no program
    with pytest.raises(GraphvizNotFoundError) as caught:
        graph.pipe(format="svg")
    message = str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    for needed in ("GRAPHVIZ_DOT environment variable: not set", "'dot' on PATH: not found",
                   "'graphviz-pure' on PATH: not found", "next to the running Python", "apt-get install graphviz",
                   "brew install graphviz", "conda install -c conda-forge graphviz", "winget install graphviz",
                   "pip install graphviz-pure", 'pip install "chaingrad[render]"', "to_dot(root) works without"):
        assert needed in message, needed
    assert "digraph" in to_dot(c)  # still works


@pytest.mark.parametrize("attempt", ["render", "save_graph", "display"])
def test_every_way_of_rendering_raises_the_same_error(nowhere: pathlib.Path, attempt: str) -> None:
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizNotFoundError):
        if attempt == "render":
            graph.render(outfile=nowhere / "g.svg")
        elif attempt == "save_graph":
            save_graph(Value(1.0), nowhere / "g.png")
        else:
            graph._repr_mimebundle_()


def test_a_wrong_graphviz_dot_is_reported_not_skipped(nowhere: pathlib.Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fake_program(nowhere / "system", "dot")
    monkeypatch.setenv("PATH", os.fspath(nowhere / "system"))
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(nowhere / "no" / "such" / "dot"))
    with pytest.raises(GraphvizNotFoundError, match=r"GRAPHVIZ_DOT is set.*fix it or unset it"):
        find_renderer()


def test_graphviz_packages_own_exception_catches_it_too(nowhere: pathlib.Path) -> None:
    with pytest.raises(graphviz.ExecutableNotFound):
        draw_dot(Value(1.0)).pipe()


def test_a_digraph_built_by_hand_renders_with_the_found_program(renderer: str) -> None:
    graph = Digraph()
    graph.edge("left", "right")
    assert "left" in graph.pipe(format="svg", encoding="utf-8", quiet=True)


def test_render_writes_no_file_when_there_is_no_program(nowhere: pathlib.Path) -> None:
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizNotFoundError):
        graph.render(outfile=nowhere / "out" / "g.svg")
    with pytest.raises(GraphvizNotFoundError):
        graph.render("g", directory=nowhere / "out", format="png")
    assert not (nowhere / "out").exists()  # not even the DOT source


def test_render_cleans_up_the_source_when_the_program_fails(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: pathlib.Path) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", program("graphviz-pure"))  # writes SVG and PNG, not PDF
    graph = draw_dot(Value(1.0))
    with pytest.raises(GraphvizRenderError):
        graph.render(outfile=tmp_path / "g.pdf", cleanup=True)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(GraphvizRenderError):
        graph.render(outfile=tmp_path / "g.pdf")  # the source was asked for: it stays, and no picture
    assert [p.name for p in tmp_path.iterdir()] == ["g.gv"]


def test_a_program_that_never_finishes_is_stopped(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "dot"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    slow.chmod(0o755)
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(slow))
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "0.5")
    stopped = r"did not finish within 0\.5 seconds.*max_nodes.*CHAINGRAD_RENDER_TIMEOUT"
    with pytest.raises(GraphvizRenderError, match=stopped):
        draw_dot(Value(1.0)).pipe(format="svg")
    with pytest.raises(subprocess.CalledProcessError, match=r"within 0\.2 seconds"):
        rendering.run_renderer("digraph {}", "svg", timeout=0.2)  # the graphviz package's exception type
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "soon")
    with pytest.raises(ValueError, match=r"CHAINGRAD_RENDER_TIMEOUT must be a number of seconds.*got 'soon'"):
        draw_dot(Value(1.0)).pipe(format="svg")


def test_the_timeout_is_generous_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINGRAD_RENDER_TIMEOUT", raising=False)
    assert rendering.render_timeout() >= 60
    monkeypatch.setenv("CHAINGRAD_RENDER_TIMEOUT", "inf")
    assert rendering.render_timeout() == math.inf  # no limit


def test_a_program_that_cannot_run_is_a_clear_error(nowhere: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = nowhere / "broken" / "dot"
    broken.parent.mkdir()
    broken.write_bytes(b"\x00\x01 not a program")
    broken.chmod(0o755)
    monkeypatch.setenv("GRAPHVIZ_DOT", os.fspath(broken))
    with pytest.raises(GraphvizNotFoundError, match=r"(?s)cannot be run.*Exec format error.*Install one of them"):
        draw_dot(Value(1.0)).pipe(format="svg")


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


def test_a_group_by_function_must_return_names() -> None:
    with pytest.raises(TypeError, match=r"group_by function must return a group name .* got list: \['a'\]"):
        to_dot(Value(1.0), group_by=lambda node: ["a"])


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
