"""Tables of measurements: aligned text when printed, an HTML table in Jupyter.

The teaching notebooks measure things (steps, seconds, accuracies) and show
them side by side. ``Table`` takes the rows as dictionaries, formats the
numbers to a few significant digits and shows them as text (``print``,
``repr``), as HTML (what Jupyter and GitHub display) or as Markdown. The
layout is ``autograd.pictures.tables``'s, the one behind ``explain`` and the
model summary too; what is chaingrad's own here is how values become text.

>>> table = Table([{'lr': 0.1, 'loss': 0.123456, 'steps': 40}, {'lr': 1.0, 'loss': 2.5, 'steps': None}])
>>> print(table)
 lr   loss  steps
---  -----  -----
0.1  0.123     40
  1    2.5      -
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

from autograd.pictures.tables import html_table, text_table
from nn.checks import check_int

Format = Union[str, Callable[[Any], str]]


class Table:
    """Rows of measurements, one dictionary per row, shown as a table.

    ``columns``: which keys to show, in order (default: every key, in the
    order they first appear). ``formats``: per column, a format string
    (``'{:.1%}'``) or a function of the value returning text. Other values
    are shown as: floats to ``digits`` significant digits (large ones as
    whole numbers), ints as they are, ``None`` as ``-``, booleans as
    ``yes``/``no``, anything else with ``str``. Numbers are right-aligned.

    >>> Table([{'accuracy': 0.953}], formats={'accuracy': '{:.0%}'}).to_markdown()
    '| accuracy |\\n| ---: |\\n| 95% |'
    """

    def __init__(self, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None,
                 title: str | None = None, formats: Mapping[str, Format] | None = None, digits: int = 3) -> None:
        self.rows = [dict(row) for row in rows]
        if columns is None:
            columns = list(dict.fromkeys(key for row in self.rows for key in row))
        self.columns = list(columns)
        self.title = title
        self.formats = dict(formats or {})
        unknown = [name for name in self.formats if name not in self.columns]
        if unknown:
            raise ValueError(f"formats names columns the table does not have: {unknown}; "
                             f"the columns are {self.columns}")
        self.digits = check_int(digits, "digits", minimum=1)

    def column(self, name: str) -> list[Any]:
        """The values of one column, top to bottom (None where a row lacks it)."""
        if name not in self.columns:
            raise KeyError(f"the table has no column {name!r}; its columns are {self.columns}")
        return [row.get(name) for row in self.rows]

    def cells(self) -> list[list[str]]:
        """Every row's values as the text shown in the table."""
        return [[self._format(name, row.get(name)) for name in self.columns] for row in self.rows]

    def _format(self, name: str, value: Any) -> str:
        form = self.formats.get(name)
        if value is not None and form is not None:
            return form(value) if callable(form) else form.format(value)
        return format_value(value, self.digits)

    def _right_aligned(self) -> list[bool]:
        """Whether each column holds numbers (right-aligned) rather than text."""
        return [all(isinstance(row.get(name), (int, float)) and not isinstance(row.get(name), bool)
                    for row in self.rows if row.get(name) is not None) for name in self.columns]

    def __str__(self) -> str:
        table = text_table(self.columns, self.cells(), self._right_aligned())
        return f"{self.title}\n{table}" if self.title else table

    __repr__ = __str__

    def to_markdown(self) -> str:
        """The table in Markdown (for a README), numbers right-aligned."""
        rule = ["---:" if r else "---" for r in self._right_aligned()]
        lines = [f"**{self.title}**\n"] if self.title else []
        for texts in [self.columns, rule] + self.cells():
            lines.append("| " + " | ".join(text.replace("|", "\\|") for text in texts) + " |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return html_table(self.columns, self.cells(), self._right_aligned(), caption=self.title or None)


def format_value(value: Any, digits: int = 3) -> str:
    """A measurement as short text: ``digits`` significant digits, whole numbers for large floats.

    >>> [format_value(v) for v in (0.123456, 12.3456, 123456.7, 2.5e-7, 3e30, 40, None, True, 'relu', math.inf)]
    ['0.123', '12.3', '123457', '2.5e-07', '3e+30', '40', '-', 'yes', 'relu', 'inf']
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value == 0.0:
            return f"{value:g}"
        text = f"{value:.{digits}g}"
        if "e+" in text and abs(value) < 1e9:  # whole numbers rather than 1.23e+05; beyond 1e9, powers of ten
            return f"{value:.0f}"
        return text
    return str(value)
