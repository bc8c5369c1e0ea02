"""autograd.pictures.boxes: group_by boxes, nested by their dotted names (a layer's box holds its neurons')."""

from __future__ import annotations

import pytest

import autograd
from autograd import GraphTruncatedWarning, Value, to_dot
from tests.test_autograd.conftest import the_readme_graph
from tests.test_autograd.test_pictures.conftest import StandInModule, check_snapshot, two_two_one_network


def test_snapshot_coloured_by_role_and_grouped_by_module() -> None:
    loss, _ = two_two_one_network()
    check_snapshot("network_role_module.dot", to_dot(loss, color_by="role", group_by="module"))


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


# ---------------------------------------------------------------- errors


def test_a_group_by_function_must_return_names() -> None:
    with pytest.raises(TypeError, match=r"group_by function must return a group name .* got list: \['a'\]"):
        to_dot(Value(1.0), group_by=lambda node: ["a"])
