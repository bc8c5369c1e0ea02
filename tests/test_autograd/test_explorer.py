"""The interactive explorer: the page Python writes, then the page itself, driven in headless Chromium.

The browser tests open the saved file over ``file://`` and check what the
issue asks for: no console errors and no requests, each step marking the
node, parent and edges of ``backward_steps(root)[k-1]`` with its caption, the
keys, the details on hover, the colour switch, pan and zoom, the search,
hostile labels running nothing, two explorers on one page staying apart, and
a 2,000-value graph. They need Chromium and playwright (see ``tests/browser.py``);
without them they fail, saying how to install both.
"""

from __future__ import annotations

import ast
import html
import json
import os
import pathlib
import re
import subprocess
import sys
import warnings

import pytest

import autograd.pictures.explorer as explorer_module
from autograd import GraphTruncatedWarning, GraphvizNotFoundError, Value, backward_steps, to_dot, topological_order
from autograd.pictures.explorer import Explorer, explore, script_json
from autograd.pictures.colors import ROLE_STYLES
from benchmarks.explorer_paint import summed_neurons
from tests.browser import BrowserPage, browser, open_page  # noqa: F401 (browser is a fixture)
from tests.test_autograd.conftest import the_readme_graph

PRECISION = 4
HOSTILE_LABELS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '"onmouseover="alert(1)',
    "${alert(1)}",
]
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


# -------------------------------------------------------------------- graphs


def squared_readme_graph() -> Value:
    """d = c * c with the README's c = a*b + b**2: unlabelled values, and one op with the same operand twice."""
    *_, c = the_readme_graph(backward=False)
    d = c * c
    d.label = "d"
    d.backward()
    return d


def page_data(page_html: str) -> dict:
    """The JSON data of an explorer page."""
    found = re.search(r'<script type="application/json" data-part="data">(.*?)</script>', page_html, re.S)
    assert found, "no data in the page"
    return json.loads(found.group(1))


# -------------------------------------------------------------- Python side


def test_explore_returns_an_explorer_whose_page_names_every_value_and_op_as_to_dot_does() -> None:
    d = squared_readme_graph()
    explorer = explore(d)
    assert isinstance(explorer, Explorer)
    dot = to_dot(d)
    value_ids = re.findall(r"^\t(v\d+) \[", dot, re.M)
    op_ids = re.findall(r"^\t(v\d+_op) \[", dot, re.M)
    assert len(value_ids) == len(topological_order(d)) == 6 and len(op_ids) == 4
    drawing = re.search(r"<svg.*</svg>", explorer.html, re.S).group(0)
    for node_id in value_ids:
        assert drawing.count(f'data-node="{node_id}"') == 1
    for op_id in op_ids:
        assert drawing.count(f'data-op="{op_id}"') == 1
    assert 'id="caption"' in explorer.html and 'id="step"' in explorer.html and 'id="details"' in explorer.html
    assert repr(explorer) == "Explorer(d: 6 values, 7 steps; .save('graph.html') writes the page)"


def test_the_page_data_holds_every_step_with_explains_caption() -> None:
    d = squared_readme_graph()
    data = page_data(explore(d).html)
    steps = backward_steps(d)
    order = topological_order(d)
    assert [s["caption"] for s in data["steps"]] == [s.story(PRECISION) for s in steps]
    assert [(s["node"], s["parent"], s["position"]) for s in data["steps"]] == [
        (order.index(s.node), order.index(s.parent), s.position) for s in steps]
    assert data["start"] == "start: d.grad = 1 (dd/dd = 1)"
    assert [v["id"] for v in data["values"]] == [f"v{k}" for k in range(len(order))]


def test_the_precision_asked_for_is_used_in_numbers_and_captions() -> None:
    x = Value(1 / 3, label="x")
    y = x * x
    y.backward()
    data = page_data(explore(y, precision=2).html)
    assert data["values"][0]["data"] == "0.33"
    assert data["steps"][0]["caption"] == backward_steps(y)[0].story(2)


def test_the_data_is_json_with_less_than_greater_than_and_ampersand_escaped() -> None:
    assert script_json({"label": "</script><b>&amp;"}) == \
        '{"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;"}'
    a = Value(1.0, label=HOSTILE_LABELS[1] + " & <!--")
    page = explore(a * 2).html
    data_text = re.search(r'data-part="data">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&") & set(data_text)
    assert page_data(page)["values"][0]["label"] == HOSTILE_LABELS[1] + " & <!--"


def test_the_page_requests_nothing_from_the_network() -> None:
    page = explore(squared_readme_graph()).html
    urls = set(re.findall(r"(?:https?|ftp)://[^\s\"'<>)]*", page, re.I))
    assert urls <= NAMESPACES, f"the page names URLs other than the SVG namespaces: {urls - NAMESPACES}"
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page  # the SVG's prologue names a DTD on the web
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.I)
    assert "default-src 'none'" in html.unescape(page)


def test_the_content_security_policy_allows_exactly_the_pages_own_style_and_script() -> None:
    page = explore(squared_readme_graph()).html
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    assert style == explorer_module.page_file("explorer.css")
    assert script == explorer_module.page_file("explorer.js")
    assert f"style-src '{explorer_module.csp_hash(style)}'" in policy
    assert f"script-src '{explorer_module.csp_hash(script)}'" in policy


def test_the_drawing_keeps_no_script_link_event_handler_or_tooltip() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
           'width="10pt" height="10pt"><g id="node1" class="node" onclick="alert(1)"><title>v0</title>'
           '<a xlink:href="https://example.com"><text>link</text></a><script>alert(1)</script>'
           '<polygon points="0,0 1,1"/><text>data 1</text><text>grad 0</text></g></svg>')
    drawing, drawn = explorer_module.page_drawing(svg, [Value(1.0)])
    assert drawn == {0}
    assert "script" not in drawing and "href" not in drawing and "onclick" not in drawing
    assert "<title>" not in drawing and "example.com" not in drawing and 'width="10pt"' not in drawing
    assert 'data-node="v0"' in drawing and 'data-field="grad"' in drawing and 'data-field="data"' in drawing


def test_a_long_label_cut_in_the_drawing_keeps_its_node_whole() -> None:
    x = Value(2.0, label="x" * 300)  # the drawing shows 200 characters, and a tooltip (a link) with the rest
    page = explore(x * 3).html
    drawing = re.search(r"<svg.*</svg>", page, re.S).group(0)
    assert "<a " not in drawing and "xlink:title" not in drawing
    group = re.search(r'<g id="node1" class="node" data-node="v0">(.*?)</g>', drawing, re.S).group(1)
    assert 'data-field="data">data 2<' in group and 'data-field="grad">grad 0<' in group
    assert page_data(page)["values"][0]["label"] == "x" * 300  # the details panel shows it whole


def test_each_operand_edge_says_which_operand_it_comes_from(renderer: str) -> None:
    d = squared_readme_graph()  # d = c * c: two edges from c into d's op
    page = explore(d).html
    assert re.search(r'data-from="v4" data-to="v5_op" data-position="0"', page)
    assert re.search(r'data-from="v4" data-to="v5_op" data-position="1"', page)
    assert re.search(r'data-from="v5_op" data-to="v5"', page)


def test_both_renderers_give_a_page_with_every_value_drawn(renderer: str) -> None:
    a, b, c = the_readme_graph()
    page = explore(c, group_by=lambda node: "inputs" if not node.op else None).html
    for k in range(len(topological_order(c))):
        assert f'data-node="v{k}"' in page
    assert all(value["drawn"] for value in page_data(page)["values"])


def test_save_writes_the_page_and_returns_its_path(tmp_path: pathlib.Path) -> None:
    explorer = explore(squared_readme_graph(), title="my graph")
    path = explorer.save(tmp_path / "graph.html")
    assert path == tmp_path / "graph.html"
    assert path.read_text(encoding="utf-8") == explorer.html
    assert "<title>my graph</title>" in explorer.html
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temporary file left


def test_the_title_is_escaped_in_the_page() -> None:
    page = explore(Value(1.0, label="x") * 2, title=HOSTILE_LABELS[0]).html
    assert HOSTILE_LABELS[0] not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_in_jupyter_the_page_shows_in_an_iframe_of_its_own() -> None:
    explorer = explore(squared_readme_graph())
    shown = explorer._repr_html_()
    found = re.search(r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" [^>]*></iframe></div>$', shown, re.S)
    assert found, shown[-300:]
    assert html.unescape(found.group(1)) == explorer.html
    # under the iframe, the static drawing: what a notebook viewer without scripts or frames still shows
    static = shown[:found.start()]
    assert explorer.drawing in static and "<svg" in static and "<script" not in static
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/html"] == shown and bundle["image/svg+xml"].startswith("<svg")


def test_the_options_are_checked_as_draw_dots_are() -> None:
    x = Value(1.0, label="x")
    with pytest.raises(ValueError, match="rankdir"):
        explore(x, rankdir="up")
    with pytest.raises(ValueError, match="color_by"):
        explore(x, color_by="rainbow")
    with pytest.raises(TypeError, match="title must be a str"):
        explore(x, title=3)
    with pytest.raises(TypeError, match=r"explore\(\) needs a Value"):
        explore([x])
    with pytest.raises(TypeError):
        explore(x, show_grad=False)  # the explorer always shows the grads


def test_the_page_opens_with_the_colouring_asked_for() -> None:
    d = squared_readme_graph()
    assert page_data(explore(d).html)["colour_by"] == "plain"
    assert page_data(explore(d, color_by="role").html)["colour_by"] == "role"
    role = page_data(explore(d, color_by="role", parameters=[]).html)["colourings"]["role"]
    assert role["values"]["v0"]["fill"] == ROLE_STYLES["input"].fillcolor


def test_without_a_graphviz_program_explore_raises_graphviz_not_found(
        monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)
    monkeypatch.setenv("PATH", os.fspath(tmp_path / "empty"))
    python_folder = tmp_path / "python" / "bin"
    python_folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", os.fspath(python_folder / "python"))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        explore(squared_readme_graph())


def test_big_drawings_get_graphvizs_layout_limits() -> None:
    dot = "// comment\ndigraph {\n\tv0\n}\n"
    assert explorer_module.with_layout_limits(dot, explorer_module.BIG_DRAWING) == dot
    limited = explorer_module.with_layout_limits(dot, explorer_module.BIG_DRAWING + 1)
    for name, value in explorer_module.LAYOUT_LIMITS.items():
        assert f"{name}={value}" in limited.splitlines()[2]


def test_import_autograd_does_not_load_the_explorer() -> None:
    program = "import sys, autograd; print('autograd.pictures.explorer' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                          cwd=pathlib.Path(__file__).parents[2])
    assert done.stdout.strip() == "False"


def test_the_explorer_imports_only_the_standard_library_and_chaingrad() -> None:
    tree = ast.parse(pathlib.Path(explorer_module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"autograd"}


def test_the_page_files_ship_with_the_package() -> None:
    folder = pathlib.Path(explorer_module.__file__).parent / explorer_module.PAGE_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == ["explorer.css", "explorer.html", "explorer.js"]
    assert "innerHTML" not in explorer_module.page_file("explorer.js").replace("never innerHTML", "")


# ------------------------------------------------------------- in a browser


@pytest.fixture
def opened(browser, tmp_path: pathlib.Path):  # noqa: F811 (browser is the fixture imported above)
    """Open an explorer's saved page in the browser: ``opened(explorer)``; checks no errors or requests afterwards."""
    pages: list[BrowserPage] = []

    def open_explorer(explorer: Explorer, name: str = "graph.html") -> BrowserPage:
        page = open_page(browser, explorer.save(tmp_path / name))
        pages.append(page)
        return page

    yield open_explorer
    for page in pages:
        own_file = {(tmp_path / "graph.html").resolve().as_uri()} | {p.resolve().as_uri() for p in tmp_path.iterdir()}
        assert page.errors == [], f"console errors: {page.errors}"
        assert set(page.requests) <= own_file, f"requests besides the file itself: {page.requests}"
        assert page.dialogs == [], f"the page opened dialogs: {page.dialogs}"
        page.close()


def classes(page, selector: str) -> set[str]:
    """The CSS classes of the element ``selector`` finds in the page."""
    return set((page.get_attribute(selector, "class") or "").split())


def marked(page, name: str) -> set[str]:
    """What in the drawing has the class ``name``: value ids, op ids, and edges as 'from->to:position'."""
    return set(page.eval_on_selector_all(f"svg .{name}", """elements => elements.map(e =>
        e.dataset.node || e.dataset.op || e.dataset.summary ||
        (e.dataset.from + '->' + e.dataset.to +
         (e.dataset.position === undefined ? '' : ':' + e.dataset.position)))"""))


def view_box(page) -> list[float]:
    return [float(n) for n in page.get_attribute("[data-part=drawing]", "viewBox").split()]


def test_the_page_opens_with_no_error_and_no_request(opened) -> None:
    page = opened(explore(squared_readme_graph())).page
    assert page.text_content("#step") == "step 0 of 7"
    assert page.text_content("#caption") == "start: d.grad = 1 (dd/dd = 1)"
    assert page.evaluate("document.activeElement.matches('[data-chaingrad-explorer]')")  # keys work at once


def test_step_k_marks_the_node_parent_and_edges_of_backward_steps_k_minus_1(opened) -> None:
    d = squared_readme_graph()
    order = topological_order(d)
    steps = backward_steps(d)
    page = opened(explore(d)).page
    last_contribution = {}
    for step in steps:
        last_contribution[step.parent] = step.number
    for k in range(1, len(steps) + 1):
        page.keyboard.press("ArrowRight")
        step = steps[k - 1]
        node, parent = f"v{order.index(step.node)}", f"v{order.index(step.parent)}"
        assert page.text_content("#step") == f"step {k} of {len(steps)}"
        assert page.text_content("#caption") == step.story(PRECISION)
        assert marked(page, "passing") == {node}
        assert marked(page, "receiving") == {parent}
        assert marked(page, "flowing") == {f"{node}_op", f"{parent}->{node}_op:{step.position}",
                                           f"{node}_op->{node}"}
        done = {f"v{order.index(v)}" for v in order if v is d or last_contribution[v] <= k}
        assert marked(page, "done") == done
        grad_text = page.text_content(f'[data-node="{parent}"] [data-field="grad"]')
        assert grad_text == f"grad {backward_steps(d)[k - 1].new_grad(PRECISION).split(' = ')[1]}"


def test_grads_not_reached_yet_show_as_a_question_mark(opened) -> None:
    d = squared_readme_graph()
    page = opened(explore(d)).page
    grads = page.eval_on_selector_all('[data-field="grad"]', "texts => texts.map(t => t.textContent)")
    assert grads == ["grad ?"] * 5 + ["grad 1"]  # before the first step only the seed is known
    page.keyboard.press("End")
    grads = page.eval_on_selector_all('[data-field="grad"]', "texts => texts.map(t => t.textContent)")
    assert grads == ["grad -18", "grad -24", "grad 6", "grad 6", "grad 6", "grad 1"]  # as d.backward() gave


def test_the_keys_step_play_and_pause(opened) -> None:
    from playwright.sync_api import expect  # (not at the top: without playwright the fixture says how to install it)

    page = opened(explore(squared_readme_graph())).page
    step = lambda: page.text_content("#step")  # noqa: E731
    page.click("h1")  # a click anywhere in the explorer gives it the keys
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert step() == "step 2 of 7"
    page.keyboard.press("ArrowLeft")
    assert step() == "step 1 of 7"
    page.keyboard.press("End")
    assert step() == "step 7 of 7"
    page.keyboard.press("ArrowRight")
    assert step() == "step 7 of 7"  # no step past the end
    page.keyboard.press("Home")
    assert step() == "step 0 of 7"
    page.select_option("[data-part=speed]", "30")
    page.click("h1")
    page.keyboard.press(" ")
    expect(page.locator("#step")).to_have_text("step 7 of 7", timeout=5000)
    assert "play" in page.text_content("[data-action=play]")  # stopped by itself at the end
    page.keyboard.press("Home")
    page.select_option("[data-part=speed]", "1")
    page.click("h1")
    page.keyboard.press(" ")
    assert "pause" in page.text_content("[data-action=play]")
    page.keyboard.press(" ")
    assert "play" in page.text_content("[data-action=play]")
    page.wait_for_timeout(1200)
    assert step() == "step 0 of 7"  # paused before the first tick


def test_the_buttons_and_the_slider_step_too(opened) -> None:
    page = opened(explore(squared_readme_graph())).page
    page.click("[data-action=next]")
    page.click("[data-action=next]")
    assert page.text_content("#step") == "step 2 of 7"
    page.click("[data-action=back]")
    assert page.text_content("#step") == "step 1 of 7"
    page.click("[data-action=end]")
    assert page.text_content("#step") == "step 7 of 7"
    page.click("[data-action=start]")
    assert page.text_content("#step") == "step 0 of 7"
    page.fill("[data-part=slider]", "4")
    assert page.text_content("#step") == "step 4 of 7"
    page.keyboard.press("ArrowRight")  # after a click on a button, the keys still work
    assert page.text_content("#step") == "step 5 of 7"


def test_the_forward_pass_shows_the_values_in_topological_order(opened) -> None:
    d = squared_readme_graph()
    page = opened(explore(d)).page
    page.check("[data-part=forward]")
    assert page.text_content("#step") == "forward: value 1 of 6"
    assert page.text_content("#caption") == "a (an input): data 2"
    assert marked(page, "pending") >= {"v1", "v2", "v3", "v4", "v5"}
    assert page.text_content('[data-node="v2"] [data-field="data"]') == "data ?"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.text_content("#caption") == "v2 = a * b = -6"
    assert page.text_content('[data-node="v2"] [data-field="data"]') == "data -6"
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.text_content("#step") == "step 0 of 7"  # then the backward pass
    assert marked(page, "pending") == set()
    page.keyboard.press("End")
    assert page.text_content("#step") == "step 7 of 7"


def test_hovering_a_value_or_an_op_shows_its_numbers(opened) -> None:
    d = squared_readme_graph()
    page = opened(explore(d)).page
    page.hover('[data-node="v1"]')
    details = page.text_content("#details")
    for expected in ("b", "label", "b (an input)", "-3", "-24 (its .grad)", "? (not reached yet)", "v2", "v3"):
        assert expected in details
    page.keyboard.press("End")
    assert "-24 (after step 7)" in page.text_content("#details")
    page.hover('[data-node="v4"]')  # c = v2 + v3, used twice by d = c * c
    details = page.text_content("#details")
    for expected in ("c = v2 + v3", "data3", "dc/dv2 = 1", "dc/dv3 = 1", "usersd"):
        assert expected in details
    page.hover('[data-op="v5_op"]')
    details = page.text_content("#details")
    for expected in ("op * (makes d)", "c = 3", "d = 9", "dd/dc = 3"):
        assert expected in details
    page.click('[data-node="v0"]')  # a click pins the details
    page.mouse.move(5, 5)
    assert "a (an input)" in page.text_content("#details")


def test_the_colour_switch_changes_the_fills(opened) -> None:
    d = squared_readme_graph()
    page = opened(explore(d)).page
    fill = lambda node: page.get_attribute(f'[data-node="{node}"] > polygon', "fill")  # noqa: E731
    assert fill("v0") == "white"
    page.select_option("[data-part=colour]", "role")
    assert fill("v0") == ROLE_STYLES["input"].fillcolor
    assert fill("v5") == ROLE_STYLES["output"].fillcolor
    assert "input (a leaf)" in page.text_content("[data-part=legend]")
    page.select_option("[data-part=colour]", "grad")
    assert fill("v1") == "#08306b"  # |grad| = 24: the darkest shade, as color_by='grad' draws it
    assert "(vanishing)" in page.text_content("[data-part=legend]")
    page.select_option("[data-part=colour]", "plain")
    assert fill("v1") == "white"
    assert page.text_content("[data-part=legend]") == ""


def test_drag_pans_the_wheel_zooms_and_fit_shows_everything(opened) -> None:
    page = opened(explore(squared_readme_graph())).page
    start = view_box(page)
    box = page.locator("[data-part=viewport]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 20
    page.mouse.move(x, y)
    page.mouse.wheel(0, -400)  # zoom in
    zoomed = view_box(page)
    assert zoomed[2] < start[2] and zoomed[3] < start[3]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 100, y + 30, steps=5)
    page.mouse.up()
    panned = view_box(page)
    assert panned[0] < zoomed[0] and panned[1] < zoomed[1] and panned[2:] == zoomed[2:]
    page.click("[data-action=fit]")
    assert view_box(page) == pytest.approx(start, abs=0.01)


def test_the_search_finds_a_value_by_label_and_centres_it(opened) -> None:
    d = summed_neurons(200)
    x1 = next(f"v{k}" for k, node in enumerate(topological_order(d)) if node.label == "x1")
    page = opened(explore(d)).page
    page.fill("[data-part=search]", "x1")
    assert page.text_content("[data-part=search-result]") == "1 of 1: x1"
    assert "found" in classes(page, f'[data-node="{x1}"]')
    view = view_box(page)
    node = page.locator(f'[data-node="{x1}"]').bounding_box()
    viewport = page.locator("[data-part=viewport]").bounding_box()
    assert node["x"] + node["width"] / 2 == pytest.approx(viewport["x"] + viewport["width"] / 2, abs=2)
    assert view[2] <= 900
    assert "x1" in page.text_content("#details")
    page.fill("[data-part=search]", "no such label")
    assert page.text_content("[data-part=search-result]") == "no value found"


def test_hostile_labels_show_as_text_and_run_nothing(opened) -> None:
    values = [Value(float(k + 1), label=label) for k, label in enumerate(HOSTILE_LABELS)]
    out = values[0] * values[1] + values[2] * values[3]
    out.label = HOSTILE_LABELS[0]
    out.backward()
    opened_page = opened(explore(out, title=HOSTILE_LABELS[1]))
    page = opened_page.page
    elements = page.evaluate("document.querySelectorAll('*').length")
    order = topological_order(out)
    for value, label in zip(values, HOSTILE_LABELS):
        node = f'[data-node="v{order.index(value)}"]'
        assert label in page.text_content(node)  # in the drawing, as text
        page.hover(node)
        assert label in page.text_content("#details")  # in the details panel, as text
        page.fill("[data-part=search]", label)  # in the search
        assert page.text_content("[data-part=search-result]").endswith(label)
    page.keyboard.press("End")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    assert HOSTILE_LABELS[0] in page.text_content("#caption")
    assert page.title() == HOSTILE_LABELS[1]
    page.wait_for_timeout(200)
    assert opened_page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2  # the data and the page's own script
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
                         "a => a.name.startsWith('on'))).length") == 0
    # details and search add their own elements; nothing else appeared
    assert page.evaluate("document.querySelectorAll('*').length") - elements < 40


def test_two_explorers_on_one_page_stay_independent(browser, tmp_path: pathlib.Path) -> None:  # noqa: F811
    first, second = explore(squared_readme_graph()), explore(summed_neurons(50))
    notebook = f"<!DOCTYPE html><html><body>{first._repr_html_()}<p>text</p>{second._repr_html_()}</body></html>"
    path = tmp_path / "notebook.html"
    path.write_text(notebook, encoding="utf-8")
    opened_page = open_page(browser, path, wait_for=None)
    page = opened_page.page
    frames = [frame for frame in page.frames if frame != page.main_frame]
    assert len(frames) == 2
    for frame in frames:
        frame.wait_for_selector("[data-ready]", state="attached")
    one, two = frames
    assert one.text_content("#step") == "step 0 of 7"
    two_start = two.text_content("#step")
    one.click("h1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert one.text_content("#step") == "step 2 of 7"
    assert two.text_content("#step") == two_start  # the keys went to the explorer with the focus only
    one.select_option("[data-part=colour]", "role")
    assert two.get_attribute('[data-node="v0"] > polygon', "fill") == "white"
    two.click("h1")
    page.keyboard.press("End")
    assert one.text_content("#step") == "step 2 of 7"
    assert two.text_content("#step") != two_start
    assert opened_page.errors == [] and opened_page.dialogs == []
    opened_page.close()


@pytest.mark.slow
def test_a_2000_value_graph_opens_at_the_default_max_nodes(opened) -> None:
    loss = summed_neurons(2000)
    assert len(topological_order(loss)) == 2000
    with pytest.warns(GraphTruncatedWarning):
        explorer = explore(loss)
    n_steps = len(backward_steps(loss))
    page = opened(explorer).page
    assert page.text_content("#step") == f"step 0 of {n_steps}"
    assert page.evaluate("document.querySelectorAll('[data-node]').length") == 500
    page.keyboard.press("End")
    assert page.text_content("#step") == f"step {n_steps} of {n_steps}"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")  # the first steps pass the gradient to values that are drawn
    assert marked(page, "receiving")
    drawn = {k for k, value in enumerate(page_data(explorer.html)["values"]) if value["drawn"]}
    order = topological_order(loss)
    into_summary = next(s for s in backward_steps(loss) if order.index(s.parent) not in drawn)
    page.fill("[data-part=slider]", str(into_summary.number))  # a step into a value not drawn: its summary receives
    assert page.text_content("#step") == f"step {into_summary.number} of {n_steps}"
    assert page.text_content("#caption") == into_summary.story(PRECISION)
    assert marked(page, "receiving") == {"omitted"}


def test_no_warning_for_a_graph_within_max_nodes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explore(summed_neurons(100))


def test_a_lone_input_and_infinite_numbers_make_a_page_too() -> None:
    x = Value(0.0, label="x")
    assert page_data(explore(x).html)["steps"] == []
    y = x.sqrt() * 2  # d sqrt(x)/dx at 0 is inf
    y.backward()
    data = page_data(explore(y).html)
    assert data["values"][1]["local"] == ["inf"]
    assert data["values"][0]["grad"] == "inf"
