"""autograd.pictures.steps: backward_steps agrees with backward(), explain's table, the frames of draw_steps.

The SVG pictures the frames are shown as (``StepFrames``, ``combine_svgs``) are tested in ``test_frames.py``.
"""

from __future__ import annotations

import io
import math
import pathlib
import re
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given

import autograd.pictures.steps as steps_module
from autograd import Value, backward_steps, draw_steps, explain, topological_order
from autograd.pictures.steps import Explanation, expression
from tests.strategies import random_programs, run_program
from tests.test_autograd.conftest import the_readme_graph as readme_graph
from tests.test_autograd.test_pictures.conftest import SVG, check_snapshot, run_in_a_kernel


def the_readme_graph() -> tuple[Value, Value, Value]:
    """The README's a, b and c = a*b + b**2, before any backward(): every .grad is 0."""
    return readme_graph(backward=False)


def same(x: float, y: float) -> bool:
    return x == y or (math.isnan(x) and math.isnan(y))


def random_graph(program_and_inputs) -> Value:
    """The output of a random program (from ``tests.strategies.random_programs``) on fresh inputs."""
    inputs, program = program_and_inputs
    out, _ = run_program(program, [Value(x) for x in inputs])
    return out

# ---------------------------------------------------------------- backward_steps


def test_the_steps_of_the_readme_example() -> None:
    a, b, c = the_readme_graph()
    steps = backward_steps(c)
    assert [str(s) for s in steps] == [
        "v2.grad += c.grad (1) x dc/dv2 (1) = 1",
        "v3.grad += c.grad (1) x dc/dv3 (1) = 1",
        "b.grad += v3.grad (1) x dv3/db (-6) = -6",
        "a.grad += v2.grad (1) x dv2/da (-3) = -3",
        "b.grad += v2.grad (1) x dv2/db (2) = 2",
    ]
    last = steps[-1]
    assert (last.node.op, last.parent, last.position) == ("*", b, 1)
    assert (last.upstream, last.local, last.contribution) == (1.0, 2.0, 2.0)
    assert (last.parent_grad_before, last.parent_grad_after) == (-6.0, -4.0)
    assert repr(last) == "BackwardStep(5: b.grad += v2.grad (1) x dv2/db (2) = 2, so b.grad = -4)"


@given(random_programs())
def test_contributions_add_up_to_the_grads_of_backward(program_and_inputs) -> None:
    out = random_graph(program_and_inputs)
    steps = backward_steps(out)
    received = {node: 0.0 for node in topological_order(out)}
    received[out] = 1.0  # the seed
    for step in steps:
        received[step.parent] += step.contribution
    out.backward()
    for node, total in received.items():
        assert same(total, node.grad), (node, total, node.grad)


class LoggedGrad(float):
    """A ``.grad`` that writes down every addition backward() makes to it: (the value, what was added)."""

    def __new__(cls, x: float, node: Value, log: list) -> LoggedGrad:
        grad = super().__new__(cls, x)
        grad.node, grad.log = node, log
        return grad

    def __add__(self, other: float) -> LoggedGrad:
        self.log.append((self.node, float(other)))
        return LoggedGrad(float(self) + other, self.node, self.log)

    __radd__ = __add__


@given(random_programs())
def test_steps_come_in_the_order_backward_applies_them(program_and_inputs) -> None:
    out = random_graph(program_and_inputs)
    steps = backward_steps(out)
    # watch backward() itself: which .grad grows, by how much, in which order
    additions: list[tuple[Value, float]] = []
    for node in topological_order(out):
        node.grad = LoggedGrad(0.0, node, additions)
    out.backward()
    assert len(additions) == len(steps)
    for step, (node, added) in zip(steps, additions):
        assert step.parent is node and same(step.contribution, added), (step, node, added)
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    # a node passes its gradient on only once it is complete: nothing reaches it afterwards
    sent: set[Value] = set()
    for step in steps:
        assert step.parent not in sent
        sent.add(step.node)
    # each step names the operand it goes to
    assert all(step.node.parents[step.position] is step.parent for step in steps)


def test_backward_steps_touches_no_grad() -> None:
    a, b, c = the_readme_graph()
    for k, node in enumerate(topological_order(c)):
        node.grad = 10.0 + k
    backward_steps(c)
    assert [node.grad for node in topological_order(c)] == [10.0 + k for k in range(5)]


def test_steps_compute_fresh_gradients_even_after_a_backward() -> None:
    a, b, c = the_readme_graph()
    c.backward()
    c.backward()  # .grad now holds twice the gradients
    assert backward_steps(c)[-1].parent_grad_after == -4.0


def test_a_reused_value_gets_one_step_per_use() -> None:
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    steps = backward_steps(y)
    assert [(s.position, s.contribution, s.parent_grad_after) for s in steps] == [(0, 3.0, 3.0), (1, 3.0, 6.0)]


def test_a_leaf_has_no_steps_and_constants_are_not_operands() -> None:
    assert backward_steps(Value(1.0)) == []
    x = Value(3.0, label="x")
    steps = backward_steps(2 - x)
    assert len(steps) == 1 and steps[0].parent is x and steps[0].local == -1.0


@pytest.mark.parametrize("call, name", [(backward_steps, "backward_steps"), (explain, "explain"),
                                        (Explanation, "explain"), (draw_steps, "draw_steps")])
def test_the_step_tools_need_a_value(call, name: str) -> None:
    with pytest.raises(TypeError, match=rf"{name}\(\) needs a Value.*got float: 1.0"):
        call(1.0)
    with pytest.raises(TypeError, match=r"got list.*sum\(outputs\)"):
        call([Value(1.0), Value(2.0)])


@pytest.mark.parametrize("make, text", [
    (lambda x, y: x * y, "out = x * y"),
    (lambda x, y: x - 2, "out = x - 2"),
    (lambda x, y: -2 - x, "out = -2 - x"),
    (lambda x, y: x - -2, "out = x - -2"),
    (lambda x, y: -0.5 * x, "out = -0.5 * x"),
    (lambda x, y: 2 / x, "out = 2 / x"),
    (lambda x, y: x ** 3, "out = x ** 3"),
    (lambda x, y: -x, "out = -x"),
    (lambda x, y: abs(x), "out = |x|"),
    (lambda x, y: x.tanh(), "out = tanh(x)"),
    (lambda x, y: x.leaky_relu(0.1), "out = leaky_relu(x, 0.1)"),
])
def test_expression_says_how_a_value_was_computed(make, text: str) -> None:
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    out = make(x, y)
    assert expression(out, {x: "x", y: "y", out: "out"}) == text


def test_expression_writes_constants_in_the_precision_asked_for() -> None:
    x = Value(2.0, label="x")
    out = (1 / 3) - x
    assert expression(out, {x: "x", out: "out"}) == "out = 0.3333 - x"
    assert expression(out, {x: "x", out: "out"}, precision=2) == "out = 0.33 - x"
    tiny = x * 1e-5
    assert expression(tiny, {x: "x", tiny: "tiny"}) == "tiny = x * 1e-5"  # as the drawing writes numbers
    assert "v1 = x * 0.33" in str(Explanation(x * (1 / 3), precision=2))


# ---------------------------------------------------------------- explain


def test_explain_prints_a_table_a_learner_can_follow(capsys: pytest.CaptureFixture[str]) -> None:
    *_, c = the_readme_graph()
    explain(c)
    assert capsys.readouterr().out == """\
Backpropagation through c: 5 steps, in the order backward() applies them
start: c.grad = 1 (dc/dc = 1)

step  computed as  chain rule                           contribution  grad now
----  -----------  -----------------------------------  ------------  -----------
   1  c = v2 + v3  v2.grad += c.grad (1) x dc/dv2 (1)              1  v2.grad = 1
   2  c = v2 + v3  v3.grad += c.grad (1) x dc/dv3 (1)              1  v3.grad = 1
   3  v3 = b ** 2  b.grad += v3.grad (1) x dv3/db (-6)            -6  b.grad = -6
   4  v2 = a * b   a.grad += v2.grad (1) x dv2/da (-3)            -3  a.grad = -3
   5  v2 = a * b   b.grad += v2.grad (1) x dv2/db (2)              2  b.grad = -4

result: a.grad = -3, b.grad = -4
"""


def test_explain_writes_to_a_file_and_touches_no_grad() -> None:
    a, b, c = the_readme_graph()
    out = io.StringIO()
    explain(c, file=out, precision=2)
    assert "result: a.grad = -3, b.grad = -4" in out.getvalue()
    assert (a.grad, b.grad) == (0.0, 0.0)


def test_explain_shows_an_html_table_in_jupyter(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(steps_module, "in_jupyter", lambda: True)
    monkeypatch.setattr(IPython.display, "display", shown.append)
    *_, c = the_readme_graph()
    explain(c)
    assert capsys.readouterr().out == ""  # displayed, not printed
    html = shown[0]._repr_html_()
    assert html.count("<tr>") == 6  # the header and five steps
    assert "b.grad += v2.grad (1) x dv2/db (2)" in html and "<th>chain rule</th>" in html
    ElementTree.fromstring(html.replace("<br>", "<br/>"))  # well-formed


def test_a_large_graph_shows_the_first_rows_and_says_how_many_more() -> None:
    x = Value(1.0, label="x")
    y = sum((x * k for k in range(150)), Value(0.0, label="zero"))  # 150 products, 150 sums: 450 steps
    text = str(Explanation(y))
    assert "Backpropagation through v301: 450 steps" in text  # x, zero and 300 nodes
    assert "... 250 more steps (explain(root, max_rows=None) shows them all)" in text
    assert len(text.splitlines()) == 3 + 2 + 200 + 1 + 2
    html = Explanation(y, max_rows=3)._repr_html_()
    assert html.count("<tr>") == 1 + 3 + 1 and "447 more steps" in html
    assert str(Explanation(y, max_rows=None)).count("\n") == 3 + 2 + 450 + 1


def test_the_result_line_lists_at_most_twenty_gradients() -> None:
    inputs = [Value(float(k)) for k in range(30)]
    result = Explanation(sum(inputs[1:], inputs[0])).result()
    assert result.startswith("result: v0.grad = 1, v1.grad = 1, v3.grad = 1")
    assert result.endswith(", ... (10 more inputs)") and result.count(".grad") == 20


def test_the_html_table_escapes_labels() -> None:
    x = Value(1.0, label="<x & y>")
    html = Explanation(x * 2)._repr_html_()
    assert "&lt;x &amp; y&gt;" in html and "<x & y>" not in html


def test_outside_jupyter_explain_prints(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    *_, c = the_readme_graph()
    assert steps_module.in_jupyter() is False  # pytest is not a Jupyter kernel
    explain(c)
    # an IPython shell in a terminal (one without a kernel) is not Jupyter either
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("TerminalShell", (), {})())
    assert steps_module.in_jupyter() is False
    explain(c)
    assert shown == []  # printed, not displayed
    assert capsys.readouterr().out == 2 * (str(Explanation(c)) + "\n")


def test_explain_in_a_real_jupyter_kernel() -> None:
    (cell,) = run_in_a_kernel(
        "from autograd import Value, explain\n"
        "a = Value(2.0, label='a'); b = Value(-3.0, label='b')\n"
        "c = a*b + b**2; c.label = 'c'\n"
        "explain(c)\n"
        "c.draw()"
    )
    outputs = cell.outputs
    kinds = [sorted(o.get("data", {})) for o in outputs if o.output_type in ("display_data", "execute_result")]
    assert kinds == [["text/html", "text/plain"], ["image/svg+xml", "text/plain"]]
    assert "a.grad += v2.grad (1) x dv2/da (-3)" in outputs[0]["data"]["text/html"]


# ---------------------------------------------------------------- frames


def test_one_frame_for_the_seed_and_one_per_step() -> None:
    *_, c = the_readme_graph()
    frames = draw_steps(c, format="dot")
    assert len(frames) == len(backward_steps(c)) + 1
    assert "start: c.grad = 1 (dc/dc = 1)" in frames[0]
    for k, step in enumerate(backward_steps(c), start=1):
        assert f"step {k} of 5: {step}, so {step.parent_name}.grad" in frames[k]


def grads_shown(dot: str) -> list[str]:
    return re.findall(r"\| grad ([^ ]+) }", dot)


def test_gradients_fill_in_as_far_as_the_pass_has_reached() -> None:
    *_, c = the_readme_graph()
    frames = draw_steps(c, format="dot")
    unknown = [grads_shown(frame).count("?") for frame in frames]
    assert unknown == [4, 3, 2, 1, 0, 0]  # a, b, v2, v3 start unknown; b is reached twice
    c.backward()
    assert grads_shown(frames[-1]) == [str(int(node.grad)) for node in topological_order(c)]


def test_each_frame_highlights_the_edge_of_its_step() -> None:
    *_, c = the_readme_graph()
    frames = draw_steps(c, format="dot")
    assert "penwidth" not in frames[0]
    highlighted = [re.findall(r"\t(v\d+) -> (v\d+)_op \[label=\"([^\"]+)\" color", f) for f in frames[1:]]
    # (parent, node, local derivative) of each step: ids follow the topological order a, b, v2, v3, c
    assert highlighted == [[("v2", "v4", "1")], [("v3", "v4", "1")], [("v1", "v3", "-6")],
                           [("v0", "v2", "-3")], [("v1", "v2", "2")]]
    for frame in frames[1:]:
        assert frame.count("penwidth=2.5") == 2  # operand -> op, and op -> result


def test_frames_name_the_values_without_a_label() -> None:
    *_, c = the_readme_graph()
    frame = draw_steps(c, format="dot")[1]
    assert 'label="{ v2 | data -6 | grad 1 }"' in frame


def test_frames_colour_who_sends_who_receives_and_who_is_done() -> None:
    *_, c = the_readme_graph()
    frame = draw_steps(c, format="dot")[3]  # step 3: v3 passes its gradient to b; c is done
    lines = {line.split()[0]: line for line in frame.splitlines() if re.match(r"\tv\d+ \[", line)}
    assert "#c6dbef" in lines["v3"] and "#fdae6b" in lines["v1"] and "#e5e5e5" in lines["v4"]
    assert "passes its grad back" in frame


def test_a_frame_snapshot() -> None:
    *_, c = the_readme_graph()
    check_snapshot("step_frame_5.dot", draw_steps(c, format="dot", show_local=True)[5])


def caption_of(frame: str) -> str:
    """The caption of a DOT frame, its escapes undone: the text the picture shows (line breaks as newlines)."""
    (label,) = re.findall(r'^\tgraph \[label="((?:[^"\\]|\\.)*)" labelloc=b\]$', frame, re.MULTILINE)
    text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), label)
    return text.replace("&amp;", "&")


SPECIAL = ['x "q" \\ {a|b} <in> & é', "two\nlines", "\\N ends with \\", 'y"] ; injected [label="boom']


@pytest.mark.parametrize("label", SPECIAL)
def test_step_captions_show_special_labels_as_written(label: str) -> None:
    x = Value(3.0, label=label)
    out = x * 2
    out.label = f"out {label}"
    frames = draw_steps(out, format="dot")
    assert caption_of(frames[0]) == f"start: out {label}.grad = 1 (dout {label}/dout {label} = 1)"
    assert caption_of(frames[1]) == (f"step 1 of 1: {label}.grad += out {label}.grad (1) x dout {label}/d{label} (2) "
                                     f"= 2, so {label}.grad = 2")
    assert all(frame.count("\tgraph [") == 2 for frame in frames)  # nothing injected: the attributes and the caption


def test_step_captions_render_as_written(renderer: str) -> None:
    x = Value(3.0, label='x "q" \\ {a|b} <in> & é')
    frames = draw_steps(x * 2)
    root = ElementTree.fromstring(frames[1].encode("utf-8"))
    texts = ["".join(t.itertext()).replace("\xa0", " ") for t in root.iter(f"{SVG}text")]
    assert 'step 1 of 1: x "q" \\ {a|b} <in> & é.grad += v1.grad (1) x dv1/dx "q" \\ {a|b} <in> & é (2) = 2, ' \
           'so x "q" \\ {a|b} <in> & é.grad = 2' in texts


def test_frames_as_svg_strings(renderer: str) -> None:
    *_, c = the_readme_graph()
    frames = draw_steps(c)
    assert len(frames) == 6 and all(isinstance(f, str) for f in frames)
    root = ElementTree.fromstring(frames[3].encode("utf-8"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "step 3 of 5: b.grad += v3.grad (1) x dv3/db (-6) = -6, so b.grad = -6" in texts


def test_frames_written_to_files(renderer: str, tmp_path: pathlib.Path) -> None:
    *_, c = the_readme_graph()
    paths = draw_steps(c, tmp_path / "frames" / "readme", format="png")
    assert [p.name for p in paths] == [f"readme_{k:03d}.png" for k in range(6)]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)
    svg_paths = draw_steps(c, tmp_path / "svg")
    assert svg_paths[0] == tmp_path / "svg_000.svg" and svg_paths[0].read_text().lstrip().startswith("<?xml")


def test_too_many_steps_is_refused_with_the_way_out() -> None:
    x = Value(1.0)
    y = sum(x * k for k in range(60))  # 60 products and 60 sums: 179 steps
    with pytest.raises(ValueError, match=r"179 steps, more than max_steps=100.*max_steps"):
        draw_steps(y, format="dot")
    assert len(draw_steps(y, format="dot", max_steps=None)) == 180


def test_the_step_tools_are_exported() -> None:
    namespace: dict = {}
    exec("from autograd import *", namespace)
    for name in ("BackwardStep", "backward_steps", "explain", "draw_steps"):
        assert namespace[name] is getattr(steps_module, name)
    assert set(steps_module.__all__) == {"BackwardStep", "Explanation", "backward_steps", "draw_steps", "explain"}


def test_step_captions_use_the_precision_asked_for() -> None:
    a, b = Value(2.0, label="a"), Value(1 / 3, label="b")
    frames = draw_steps(a * b, format="dot", precision=2)
    assert "a.grad += v2.grad (1) x dv2/da (0.33) = 0.33" in frames[1]
    assert "0.3333" not in frames[1]
    assert "(0.3333)" in draw_steps(a * b, format="dot")[1]  # the default: 4 significant digits


# ---------------------------------------------------------------- options are checked


@pytest.mark.parametrize("options, message", [
    ({"max_rows": -1}, r"max_rows must be a whole number >= 1, or None to show every step; got -1"),
    ({"max_rows": 0}, r"max_rows must be a whole number >= 1, or None to show every step; got 0"),
    ({"max_rows": "a"}, r"max_rows must be a whole number >= 1, or None to show every step; got 'a'"),
    ({"max_rows": True}, r"max_rows must be a whole number >= 1, or None to show every step; got True"),
    ({"max_rows": 2.0}, r"max_rows must be a whole number >= 1, or None to show every step; got 2.0"),
    ({"precision": 100}, r"precision \(significant digits\) must be a whole number from 1 to 17; got 100"),
    ({"precision": 0}, r"precision \(significant digits\) must be a whole number from 1 to 17; got 0"),
    ({"precision": False}, r"precision \(significant digits\) must be a whole number from 1 to 17; got False"),
    ({"precision": None}, r"precision \(significant digits\) must be a whole number from 1 to 17; got None"),
])
def test_explain_checks_its_options(options: dict, message: str) -> None:
    *_, c = the_readme_graph()
    out = io.StringIO()
    with pytest.raises(ValueError, match=message):
        explain(c, file=out, **options)
    with pytest.raises(ValueError, match=message):
        Explanation(c, **options)
    assert out.getvalue() == ""


def test_explain_needs_a_file_it_can_write_to() -> None:
    *_, c = the_readme_graph()
    with pytest.raises(TypeError, match=r"explain\(\) file must be a text file open for writing .*, or None for "
                                        r"standard output; got str: 'steps\.txt'"):
        explain(c, file="steps.txt")  # type: ignore[arg-type]


@pytest.mark.parametrize("options, error, message", [
    ({"max_steps": 0}, ValueError, r"max_steps must be a whole number >= 1, or None for no limit; got 0"),
    ({"max_steps": True}, ValueError, r"max_steps must be a whole number >= 1, or None for no limit; got True"),
    ({"max_steps": "10"}, ValueError, r"max_steps must be a whole number >= 1, or None for no limit; got '10'"),
    ({"precision": 100}, ValueError, r"precision \(significant digits\) must be a whole number from 1 to 17; got 100"),
    ({"format": "xyz"}, ValueError, r"format must be 'dot' \(the DOT text\) or a Graphviz output format such as "
                                    r"'svg', 'png' or 'pdf'; got 'xyz'"),
    ({"format": None}, ValueError, r"format must be 'dot' .*; got None"),
    ({"rankdir": "up"}, ValueError, r"rankdir must be one of 'LR', 'RL', 'TB', 'BT'; got 'up'"),
    ({"show_local": "yes"}, ValueError, r"show_local must be True or False; got 'yes'"),
    ({"group_by": "layer"}, ValueError, r"group_by must be None, 'module' or a function"),
    ({"path_prefix": 3}, TypeError, r"draw_steps\(\) needs a file path \(a str or pathlib\.Path\); got int: 3"),
])
def test_draw_steps_checks_its_options(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path, options: dict,
                                       error: type, message: str) -> None:
    monkeypatch.setenv("GRAPHVIZ_DOT", str(tmp_path / "no-such-dot"))  # checked before anything is rendered
    *_, c = the_readme_graph()
    with pytest.raises(error, match=message):
        draw_steps(c, **options)


def test_draw_steps_says_when_the_frames_cannot_be_written_there(tmp_path: pathlib.Path) -> None:
    (tmp_path / "notes.txt").write_text("notes")
    with pytest.raises(NotADirectoryError, match=r"notes\.txt' is a file, not a folder: choose a path in a folder"):
        draw_steps(Value(1.0) * 2, tmp_path / "notes.txt" / "frames" / "step", format="dot")
    (tmp_path / "step_000.dot").mkdir()
    with pytest.raises(IsADirectoryError, match=r"step_000\.dot' is a folder, not a file"):
        draw_steps(Value(1.0) * 2, tmp_path / "step", format="dot")
    assert not (tmp_path / "step_001.dot").exists()


def test_a_prefix_that_names_a_folder_puts_the_frames_beside_it(tmp_path: pathlib.Path) -> None:
    (tmp_path / "frames").mkdir()
    paths = draw_steps(Value(1.0) * 2, tmp_path / "frames", format="dot")
    assert paths == [tmp_path / "frames_000.dot", tmp_path / "frames_001.dot"]


# ---------------------------------------------------------------- long labels


def test_the_frames_of_a_long_label_render(renderer: str) -> None:
    x = Value(2.0, label="&" * 5000)  # 25,000 characters escaped: more than dot reads in one string
    shown = "&" * 199 + "\u2026"  # the name is cut at 200 characters, in the caption as in the node
    caption = f"step 1 of 1: {shown}.grad += v1.grad (1) x dv1/d{shown} (3) = 3, so {shown}.grad = 3"
    assert caption_of(draw_steps(x * 3, format="dot")[1]) == caption
    frame = ElementTree.fromstring(draw_steps(x * 3)[1].encode("utf-8"))
    assert caption in ["".join(t.itertext()) for t in frame.iter(f"{SVG}text")]
