"""SVG pictures that Jupyter shows inline, and several of them laid out in a grid as one.

``draw_steps`` returns its frames as ``StepFrames``, a list of ``SvgPicture``:
outside Jupyter they are ordinary strings of SVG text; as the last line of a
notebook cell, Jupyter shows them as pictures. ``combine_svgs`` puts several
pictures into one, in a grid of ``columns`` columns.

>>> box = '<svg width="30pt" height="20pt" viewBox="0 0 30 20"></svg>'
>>> grid = StepFrames([SvgPicture(box), SvgPicture(box)]).combined(columns=2, gap=10)
>>> svg_size(grid)
(90.0, 40.0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from autograd.pictures.dot import check_whole_number
from autograd.pictures.render import wanted_mime_types

__all__ = ["StepFrames", "SvgPicture", "combine_svgs", "svg_size"]


class SvgPicture(str):
    """SVG text that Jupyter shows as a picture; everywhere else an ordinary ``str``.

    >>> picture = SvgPicture('<svg width="10pt" height="10pt"></svg>')
    >>> picture.startswith('<svg'), sorted(picture._repr_mimebundle_())
    (True, ['image/svg+xml', 'text/plain'])
    """

    description = "an SVG picture"  # what the text fallback says the picture is

    def _repr_mimebundle_(self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
                          **_: Any) -> dict[str, str]:
        """What Jupyter shows: the picture, and a short text fallback (not the whole SVG text)."""
        wanted = wanted_mime_types(include, exclude)
        bundle = {"image/svg+xml": str(self),
                  "text/plain": f"<{self.description}: {len(self):,} characters of SVG; print() shows the text>"}
        return {kind: text for kind, text in bundle.items() if kind in wanted}


class StepFrames(list):  # type: ignore[type-arg]
    """The step pictures of ``draw_steps`` as SVG: a list of ``SvgPicture`` that Jupyter shows inline.

    As the last line of a notebook cell, ``draw_steps(root)`` shows all the
    frames, one under the other; ``frames[k]`` shows frame k alone, and
    ``frames.combined(columns=2)`` all of them in a grid, as one picture.
    Outside Jupyter it is a list of SVG strings, as before.
    """

    def combined(self, columns: int = 1, gap: float = 12.0) -> SvgPicture:
        """All the frames as one SVG picture: a grid of ``columns`` columns, frame 0 at the top left."""
        return combine_svgs(self, columns, gap)

    def _repr_mimebundle_(self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
                          **_: Any) -> dict[str, str]:
        """What Jupyter shows: every frame, one under the other, as one picture."""
        bundle = self.combined()._repr_mimebundle_(include, exclude)
        if "text/plain" in bundle:
            bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return (f"<StepFrames: {len(self)} SVG pictures (the seed and {len(self) - 1} steps); "
                f"frames[k] is one, frames.combined(columns) all of them in one>")


SVG_TAG = re.compile(r"<svg\b[^>]*>", re.DOTALL)
SVG_SIZE = re.compile(r'\b(width|height)="([0-9.]+)\s*(pt|px)?"')
SVG_VIEWBOX = re.compile(r'\bviewBox="([^"]*)"')
SVG_ID = re.compile(r'(\bid="|url\(#|href="#)')
PIXELS_PER_POINT = 4 / 3  # CSS: 1pt = 1/72 in, 1px = 1/96 in


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of an SVG picture, in points (Graphviz gives them in pt).

    >>> svg_size('<svg width="669pt" height="220pt" viewBox="0 0 668.81 220"></svg>')
    (669.0, 220.0)
    """
    tag = SVG_TAG.search(svg)
    if tag is None:
        raise ValueError(f"not an SVG picture (no <svg> tag): {svg[:60]!r}")
    sizes = {}
    for name, number, unit in SVG_SIZE.findall(tag.group()):
        sizes[name] = float(number) / (PIXELS_PER_POINT if unit in ("px", "") else 1.0)
    if set(sizes) != {"width", "height"}:
        raise ValueError(f"the SVG picture has no width and height: {tag.group()[:120]!r}")
    return sizes["width"], sizes["height"]


def combine_svgs(pictures: Iterable[str], columns: int = 1, gap: float = 12.0) -> SvgPicture:
    """Several SVG pictures as one: a grid of ``columns`` columns, each picture in a light frame.

    Each picture becomes a nested ``<svg>`` at its place in the grid, its ids
    prefixed with ``f<k>-`` so that they stay unique. Sizes are in points.

    >>> box = '<svg width="30pt" height="20pt" viewBox="0 0 30 20"><g id="graph0"/></svg>'
    >>> grid = combine_svgs([box, box, box], columns=2, gap=10)
    >>> svg_size(grid), grid.count('id="f1-graph0"')
    ((90.0, 70.0), 1)
    """
    pictures = list(pictures)
    check_whole_number("columns", columns)
    if not pictures:
        raise ValueError("combine_svgs() needs at least one picture")
    sizes = [svg_size(picture) for picture in pictures]
    columns = min(columns, len(pictures))
    rows = (len(pictures) + columns - 1) // columns
    widths = [max(w for k, (w, _) in enumerate(sizes) if k % columns == c) for c in range(columns)]
    heights = [max(h for k, (_, h) in enumerate(sizes) if k // columns == r) for r in range(rows)]
    xs = [gap + sum(widths[:c]) + gap * c for c in range(columns)]
    ys = [gap + sum(heights[:r]) + gap * r for r in range(rows)]
    total_width = gap * (columns + 1) + sum(widths)
    total_height = gap * (rows + 1) + sum(heights)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{total_width:g}pt" height="{total_height:g}pt" viewBox="0 0 {total_width:g} {total_height:g}">',
             f'<rect width="{total_width:g}" height="{total_height:g}" fill="white"/>']
    for k, (picture, (width, height)) in enumerate(zip(pictures, sizes)):
        x, y = xs[k % columns], ys[k // columns]
        tag = SVG_TAG.search(picture)
        assert tag is not None  # svg_size checked
        viewbox = SVG_VIEWBOX.search(tag.group())
        box = viewbox.group(1) if viewbox else f"0 0 {width * PIXELS_PER_POINT:g} {height * PIXELS_PER_POINT:g}"
        body = picture[tag.end():picture.rindex("</svg>")]
        body = SVG_ID.sub(lambda match: f"{match.group(1)}f{k}-", body)  # ids unique across the pictures
        parts.append(f'<rect x="{x - gap / 3:g}" y="{y - gap / 3:g}" width="{width + 2 * gap / 3:g}" '
                     f'height="{height + 2 * gap / 3:g}" rx="4" fill="none" stroke="#cccccc"/>')
        parts.append(f'<svg x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" viewBox="{box}">'
                     f'{body}</svg>')
    parts.append("</svg>\n")
    return SvgPicture("\n".join(parts))
