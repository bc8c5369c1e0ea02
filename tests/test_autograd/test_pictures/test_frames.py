"""autograd.pictures.frames: SVG pictures Jupyter shows inline, and several laid out in a grid as one."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from autograd import draw_steps
from autograd.pictures.frames import StepFrames, SvgPicture, combine_svgs, svg_size
from tests.test_autograd.conftest import the_readme_graph
from tests.test_autograd.test_pictures.conftest import SVG, run_in_a_kernel


def test_frames_show_inline_in_jupyter(renderer: str) -> None:
    *_, c = the_readme_graph(backward=False)
    frames = draw_steps(c)
    assert isinstance(frames, StepFrames) and all(isinstance(f, SvgPicture) for f in frames)
    one = frames[2]._repr_mimebundle_()
    assert one["image/svg+xml"] == frames[2] and len(one["text/plain"]) < 100
    everything = frames._repr_mimebundle_()
    assert everything["text/plain"] == repr(frames) and "6 SVG pictures" in repr(frames)
    root = ElementTree.fromstring(everything["image/svg+xml"].encode("utf-8"))
    assert len(root.findall(f"{SVG}svg")) == 6  # one nested picture per frame, in order
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    captions = [t for t in texts if t.startswith(("start:", "step "))]
    assert captions[0] == "start: c.grad = 1 (dc/dc = 1)" and captions[1].startswith("step 1 of 5")
    assert len(captions) == 6 and captions[5].startswith("step 5 of 5")
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) and "f0-graph0" in ids and "f5-graph0" in ids
    assert frames._repr_mimebundle_(include=["text/plain"]) == {"text/plain": repr(frames)}
    assert draw_steps(c, format="dot").__class__ is list  # DOT texts are not pictures


def picture(width: float, height: float, unit: str = "pt") -> str:
    return (f'<?xml version="1.0"?>\n<!-- a comment -->\n<svg width="{width:g}{unit}" height="{height:g}{unit}" '
            f'viewBox="0 0 {width:g} {height:g}" xmlns="http://www.w3.org/2000/svg">'
            f'<g id="graph0"><text>{width:g}x{height:g}</text><rect fill="url(#shade)"/></g></svg>')


def test_combine_svgs_lays_the_pictures_out_in_a_grid() -> None:
    pictures = [picture(100, 40), picture(60, 80), picture(120, 20)]
    grid = combine_svgs(pictures, columns=2, gap=10)
    root = ElementTree.fromstring(grid.encode("utf-8"))
    nested = root.findall(f"{SVG}svg")
    # columns 120 and 60 wide; rows 80 and 20 high; a gap of 10 around and between
    assert svg_size(grid) == (10 + 120 + 10 + 60 + 10, 10 + 80 + 10 + 20 + 10)
    assert [(n.get("x"), n.get("y"), n.get("width"), n.get("height")) for n in nested] == [
        ("10", "10", "100", "40"), ("140", "10", "60", "80"), ("10", "100", "120", "20")]
    assert ["".join(n.itertext()) for n in nested] == ["100x40", "60x80", "120x20"]
    assert [n.find(f"{SVG}g").get("id") for n in nested] == ["f0-graph0", "f1-graph0", "f2-graph0"]
    assert 'fill="url(#f2-shade)"' in grid and "<?xml" not in grid and "a comment" not in grid
    column = combine_svgs(pictures, gap=0)  # one column: one under the other
    assert svg_size(column) == (120, 40 + 80 + 20)
    assert svg_size(combine_svgs(pictures, columns=10, gap=0)) == (280, 80)  # never more columns than pictures


def test_svg_sizes_are_in_points() -> None:
    assert svg_size(picture(96, 48, "px")) == (72, 36) == svg_size(picture(96, 48, ""))
    with pytest.raises(ValueError, match="no <svg> tag"):
        svg_size("<html></html>")
    with pytest.raises(ValueError, match="no width and height"):
        svg_size('<svg viewBox="0 0 1 1"></svg>')


def test_combine_svgs_refuses_what_it_cannot_lay_out() -> None:
    for columns in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="columns must be a whole number >= 1"):
            combine_svgs([picture(10, 10)], columns=columns)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one picture"):
        combine_svgs([])


def test_step_frames_in_a_real_jupyter_kernel() -> None:
    cells = run_in_a_kernel(
        "from autograd import Value, draw_steps\n"
        "a = Value(2.0, label='a'); b = Value(-3.0, label='b')\n"
        "c = a*b + b**2; c.label = 'c'\n"
        "frames = draw_steps(c)\n"
        "frames",
        "frames[3]",
        "frames.combined(columns=2)",
    )
    for cell, count in zip(cells, (6, 1, 6)):
        (output,) = cell.outputs
        assert output.output_type == "execute_result" and sorted(output.data) == ["image/svg+xml", "text/plain"]
        assert output.data["image/svg+xml"].count("<svg") == (count + 1 if count > 1 else 1)
    assert "step 3 of 5" in cells[1].outputs[0].data["image/svg+xml"]
