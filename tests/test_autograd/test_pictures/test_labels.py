"""autograd.pictures.labels: compact numbers, op text, and labels escaped so that they show as written.

A label is user text; every character DOT gives a meaning is escaped, long
labels are cut with their text in the tooltip, and a label that is not a str
is a clear error wherever it is drawn.
"""

from __future__ import annotations

import math
import pathlib
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import autograd
from autograd import Value, draw_dot, save_graph, to_dot
from autograd.pictures.labels import clean_text, format_number, record_field
from tests.test_autograd.test_pictures.conftest import SVG, check_snapshot, svg_groups, svg_root, value_lines


# ---------------------------------------------------------------- numbers and op text


@pytest.mark.parametrize("x, text", [(2.0, "2"), (-3.0, "-3"), (0.0, "0"), (-0.0, "0"), (1 / 3, "0.3333"),
                                     (123456.0, "1.235e5"), (1.5e-5, "1.5e-5"), (math.inf, "inf"),
                                     (-math.inf, "-inf"), (math.nan, "nan")])
def test_numbers_are_compact(x: float, text: str) -> None:
    assert format_number(x) == text


def test_constants_in_op_nodes_are_written_like_every_other_number() -> None:
    x = Value(3.0, label="x")
    y = (x * (1 / 3) - 2.5e-5) ** 0.5
    assert 'label="* 0.3333"' in to_dot(y) and 'label="- 2.5e-5"' in to_dot(y)
    dot = to_dot(y, precision=2)
    assert 'label="* 0.33"' in dot and 'label="** 0.5"' in dot and 'label="- 2.5e-5"' in dot
    assert 'label="-2 -"' in to_dot(-2 - x) and 'label="* -0"' not in to_dot(x * -0.0)


def test_snapshot_of_constants_reuse_and_escaped_labels() -> None:
    x = Value(3.0, label='x <in> {a|b} "q" & \\ \'s\'\nsecond line é∂')
    y = (2 - x) * x * 2 + x**3 + (x * x).leaky_relu(0.1) / 4
    check_snapshot("constants_reuse_escaping.dot", to_dot(y, precision=3))


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
