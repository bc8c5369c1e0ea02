"""Tables of text: the one layout behind ``explain``, the model summary and ``nn.Table``.

A table here is a header and rows of cells that are already text; each
column is as wide as its widest cell, columns are two spaces apart, and a
column is right-aligned (numbers, so that their digits line up) or
left-aligned (words). ``text_table`` lays it out for a terminal,
``html_table`` for Jupyter (every cell escaped).

>>> print(text_table(['name', 'grad'], [['a', '-3'], ['bias', '12']], right=[False, True]))
name  grad
----  ----
a       -3
bias    12
>>> html_table(['name'], [['<a>']])
'<table><thead><tr><th>name</th></tr></thead><tbody><tr><td>&lt;a&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["html_table", "text_table"]


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], rule: bool = True) -> str:
    """The header and rows as lines of text, the columns lined up; trailing spaces are cut.

    ``right``: for each column, whether it is right-aligned; ``rule``: a
    line of dashes under the header.

    >>> print(text_table(['layer', 'parameters'], [['layers.0', '48'], ['total', '48']], [False, True], rule=False))
    layer     parameters
    layers.0          48
    total             48
    """
    _check_widths(header, rows, right)
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.rjust(width) if r else cell.ljust(width)
                         for cell, width, r in zip(cells, widths, right)).rstrip()

    lines = [line(header)]
    if rule:
        lines.append("  ".join("-" * width for width in widths))
    lines.extend(line(row) for row in rows)
    return "\n".join(lines)


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None,
               caption: str | None = None, code: bool = False, note: str | None = None) -> str:
    """The header and rows as an HTML ``<table>``, every text escaped.

    ``right``: for each column, whether it is right-aligned (None: the
    cells carry no alignment); ``caption``: a title above the table;
    ``code``: the cells (not the header) in a monospace font, ``<code>``;
    ``note``: a last row of text across all the columns.

    >>> html_table(['x'], [['1']], right=[True], caption='a & b')
    '<table><caption>a &amp; b</caption><thead><tr><th style="text-align: right">x</th></tr></thead><tbody>\
<tr><td style="text-align: right">1</td></tr></tbody></table>'
    """
    _check_widths(header, rows, right)

    def cell(tag: str, text: str, k: int) -> str:
        style = "" if right is None else f' style="text-align: {"right" if right[k] else "left"}"'
        content = html.escape(text)
        if code and tag == "td":
            content = f"<code>{content}</code>"
        return f"<{tag}{style}>{content}</{tag}>"

    parts = ["<table>"]
    if caption is not None:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(cell("th", text, k) for k, text in enumerate(header)) + "</tr></thead>")
    parts.append("<tbody>")
    parts.extend("<tr>" + "".join(cell("td", text, k) for k, text in enumerate(row)) + "</tr>" for row in rows)
    if note is not None:
        parts.append(f'<tr><td colspan="{len(header)}">{html.escape(note)}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def _check_widths(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None) -> None:
    """Refuse a row, or an alignment list, that has not one entry per column of the header."""
    columns = len(header)
    if right is not None and len(right) != columns:
        raise ValueError(f"a table needs one alignment per column: {columns} columns, {len(right)} alignments")
    for index, row in enumerate(rows):
        if len(row) != columns:
            raise ValueError(f"a table needs one cell per column in every row: {columns} columns, "
                             f"row {index} has {len(row)} cells")
