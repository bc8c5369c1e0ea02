"""Text for the labels of a DOT graph: compact numbers and safely escaped names.

A label is user text, and DOT gives many characters a meaning: ``"`` ends the
quoted string, ``\\`` starts an escape (``\\n``, ``\\N``), ``&`` starts an
HTML entity, and inside a *record* label ``{ } | < >`` build the fields and
ports. Every one of them is escaped here, so that a label shows exactly as
written and can never break or inject into the DOT source.

A long label is shown cut (``shorten``): the system ``dot`` refuses a quoted
string of more than 16,384 bytes, which 3,300 escaped ``&`` reach.

>>> record_field('a|b')
'a\\\\|b'
>>> format_number(-3.0), format_number(0.000123456), format_number(123456.0)
('-3', '0.0001235', '1.235e5')
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value

DEFAULT_PRECISION = 4  # significant digits
MAX_PRECISION = 17  # significant digits that write any float exactly

MAX_LABEL_LENGTH = 200  # characters of a label a drawing shows; a longer one is cut, its text in the tooltip
# NOTE: the system dot (2.43) stops at a quoted string over 16,384 bytes ("longer than 16384?"). Escaped, a
# character takes at most 5 bytes (& is &amp;, a space in a record field &#32;), so 3,000 characters always fit.
MAX_TOOLTIP_LENGTH = 3000
ELLIPSIS = "\u2026"  # …

# In a record label these build the fields (| and { }) and the ports (< >).
_RECORD_SYNTAX = "{}|<>"


def format_number(x: float, precision: int = DEFAULT_PRECISION) -> str:
    """``x`` in ``precision`` significant digits, as short as Python's ``g`` format makes it.

    The exponent loses its ``+`` and leading zeros (``1.5e-05`` becomes
    ``1.5e-5``), and -0.0 shows as ``0``.

    >>> format_number(2.0), format_number(1/3), format_number(1/3, precision=2)
    ('2', '0.3333', '0.33')
    >>> format_number(1.5e-5), format_number(float('inf')), format_number(float('nan'))
    ('1.5e-5', 'inf', 'nan')
    """
    if x == 0:
        return "0"  # -0.0 included: a learner would wonder what a negative zero is
    text = f"{x:.{precision}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def op_text(node: Value, precision: int = DEFAULT_PRECISION) -> str:
    """The op of ``node`` with its plain-number operand, if any, on the side it was written.

    The number is written as ``format_number`` writes it, in ``precision``
    significant digits: the drawing's op nodes and ``explain`` both use this.

    >>> from autograd import Value
    >>> x = Value(1.0)
    >>> op_text(x * 2), op_text(-2 - x), op_text(x * (1/3), precision=2), op_text(x.tanh())
    ('* 2', '-2 -', '* 0.33', 'tanh')
    """
    constant = node.constant
    if constant is None:
        return node.op
    number = format_number(constant, precision)
    return f"{number} {node.op}" if node.constant_first else f"{node.op} {number}"


def label_of(node: Value) -> str:
    """The label of ``node``, checked to be a ``str``: the one place the drawings and the steps read a label.

    >>> from autograd import Value
    >>> label_of(Value(1.0, label='x'))
    'x'
    """
    label = node.label
    if not isinstance(label, str):
        raise TypeError(f"the label of {node!r} must be a str; got {type(label).__name__}: {label!r} "
                        f"(give it a text label: value.label = {str(label)!r})")
    return label


def shorten(text: str, limit: int = MAX_LABEL_LENGTH) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else its start and an ellipsis, ``limit`` in all.

    >>> shorten('abcdef', limit=4), shorten('abcd', limit=4)
    ('abc…', 'abcd')
    """
    return text if len(text) <= limit else text[:limit - 1] + ELLIPSIS


def clean_text(text: str) -> str:
    """``text`` with what no picture can show replaced: tabs become spaces, ``\\r\\n`` a newline,
    and other control characters, lone surrogates and the non-characters U+FFFE/U+FFFF
    become U+FFFD (the replacement character).

    SVG is XML, which cannot hold control characters, and UTF-8 cannot hold
    lone surrogates: left in, they would make the renderer's output invalid.

    >>> clean_text('a\\tb\\r\\nc\\x00')
    'a b\\nc\\ufffd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if text.isprintable() or all(_is_showable(ch) for ch in text):
        return text
    return "".join(ch if _is_showable(ch) else "\ufffd" for ch in text)


def _is_showable(ch: str) -> bool:
    if ch == "\n":
        return True
    category = unicodedata.category(ch)
    return category not in ("Cc", "Cs") and ch not in ("\ufffe", "\uffff")


def plain_label(text: str) -> str:
    """``text`` escaped for a DOT double-quoted label of an ordinary (non-record) node or edge.

    ``\\`` becomes ``\\\\`` (or Graphviz would read ``\\n``, ``\\N``, ... as escapes),
    ``"`` becomes ``\\"``, ``&`` becomes ``&amp;`` (or ``&lt;`` would show as ``<``),
    and a newline becomes the line break ``\\n``.

    >>> plain_label('say "hi" \\\\ & bye')
    'say \\\\"hi\\\\" \\\\\\\\ &amp; bye'
    """
    text = clean_text(text)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return text.replace("\n", "\\n")


def record_field(text: str) -> str:
    """``text`` escaped for one field of a record label: as ``plain_label``, and ``{ } | < >`` and spaces too.

    A space is written as the entity ``&#32;``: Graphviz's record parser trims
    and collapses spaces, and version 2.43 drops those that follow a leading
    non-ASCII character (``'é 0'`` showed as ``'é0'``); the entity passes it
    untouched, so every space shows as written.

    >>> record_field('<in> {x}|y')
    '\\\\<in\\\\>&#32;\\\\{x\\\\}\\\\|y'
    """
    text = plain_label(text)  # its escapes (\\, \", \n, &amp;) hold no record syntax and no space
    for ch in _RECORD_SYNTAX:
        text = text.replace(ch, "\\" + ch)
    return text.replace(" ", "&#32;")


def html_text(text: str) -> str:
    """``text`` escaped for a cell of an HTML-like label (the legend): XML escapes, newlines as ``<br/>``.

    >>> html_text('|grad| < 1 & "x"')
    '|grad| &lt; 1 &amp; &quot;x&quot;'
    """
    escaped = clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return escaped.replace("\n", "<br/>")
