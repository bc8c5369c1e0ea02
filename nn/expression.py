"""A safe parser for formulas such as ``a*b + b**2``: builds the expression out of Values.

Used by ``chaingrad graph``. The text is parsed with Python's ``ast`` module
and only a whitelist of syntax is accepted: numbers, names, the operators
``+ - * / **`` (and unary ``-`` and ``+``), parentheses, and calls of the
engine's functions by name (``tanh(x)``, ``exp(a*b)``, ``leaky_relu(x, 0.1)``).
Everything else (attribute access, subscripts, lambdas, comprehensions,
keyword arguments, strings, comparisons, ...) is refused with an
``ExpressionError`` that points at it. Nothing is ever passed to ``eval``.

>>> result = parse_expression('a*b + b**2', {'a': 2, 'b': -3})
>>> result.data
3.0
>>> result.backward()
>>> parse_expression('exp(x) / 2', {'x': 0}).data
0.5
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from typing import Any

from autograd import OPS, Value

MAX_LENGTH = 1000  # characters: longer text is refused before it reaches the parser
MAX_NODES = 1000  # parts (numbers, names, operations, calls): a sum of 500 one-letter terms fits
MAX_DEPTH = 60  # levels of nesting; a chain such as a + b - c + ... is one level, however long



def _functions_of_the_engine() -> dict[str, tuple[tuple[int, int], Callable[..., Value]]]:
    """The engine's ops that a formula writes as a call, from ``OPS``: ``tanh(x)``, ``leaky_relu(x, slope)``.

    Each gets (how many arguments: the Value, then plain numbers; the method that applies it).
    """
    functions = {}
    for entry in OPS.values():
        call = re.fullmatch(r"(\w+)\((.*)\)", entry.written)
        if call:
            arguments = len(call.group(2).split(","))
            functions[call.group(1)] = ((1, arguments), entry.method)
    return functions


FUNCTIONS = _functions_of_the_engine()
CONSTANTS = {"pi": math.pi, "e": math.e}

_BINARY = {
    ast.Add: lambda x, y: x + y,
    ast.Sub: lambda x, y: x - y,
    ast.Mult: lambda x, y: x * y,
    ast.Div: lambda x, y: x / y,
    # two plain numbers: math.pow, which raises instead of returning a complex number for (-8) ** (1/3)
    ast.Pow: lambda x, y: math.pow(x, y) if not isinstance(x, Value) and not isinstance(y, Value) else x**y,
}
_UNARY = {ast.USub: lambda x: -x, ast.UAdd: lambda x: +x}
_DESCRIBE = {
    ast.Attribute: "attribute access (a.b)", ast.Subscript: "a subscript (a[i])", ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension", ast.GeneratorExp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.IfExp: "if/else",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.Starred: "a *argument",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "assignment (:=)", ast.Await: "await",
}


class ExpressionError(ValueError):
    """The text is not an expression ``chaingrad graph`` can build (the message says what and where)."""


def parse_expression(text: str, variables: Mapping[str, Any] | None = None) -> Value:
    """Build the expression ``text`` out of Values; each name becomes a Value labelled with it.

    ``variables`` maps names to numbers (or Values, used as they are). ``pi``
    and ``e`` are known unless given. Returns the output Value (a plain
    number result is wrapped in a Value).

    >>> parse_expression('2 * pi').data == 2 * math.pi
    True
    >>> parse_expression('__import__("os")')
    Traceback (most recent call last):
    ...
    nn.expression.ExpressionError: calls are only allowed to abs, exp, log, sqrt, tanh, sigmoid, relu, leaky_relu, softplus, sin, cos; got a call of __import__ at column 1
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the expression must be text; got {type(text).__name__}: {text!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text)} characters long; at most {MAX_LENGTH} are accepted")
    if not text.strip():
        raise ExpressionError("the expression is empty; write one such as 'a*b + b**2'")
    try:
        with warnings.catch_warnings():  # e.g. "'int' object is not callable" for 1(2): refused below anyway
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        raise ExpressionError(f"cannot parse {text!r}{column}: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply to parse") from None
    _check_size(tree)
    values = _make_variables(variables or {})
    try:
        result = _evaluate(tree.body, values)
    except ZeroDivisionError as error:
        raise ExpressionError(f"division by zero while computing {text!r}: {error}") from None
    except OverflowError as error:
        raise ExpressionError(f"a number grows too large while computing {text!r}: {error}") from None
    except ValueError as error:
        if isinstance(error, ExpressionError):
            raise
        raise ExpressionError(f"cannot compute {text!r}: {error}") from None
    return result if isinstance(result, Value) else Value(result)


def names_in(text: str, given: Collection[str] = ()) -> list[str]:
    """The variable names an expression uses, in order of first appearance (functions and constants left out).

    A constant named in ``given`` (the names given values, as ``--set pi=3``
    does) is a variable there, and is not left out.

    >>> names_in('a*b + tanh(b) * pi'), names_in('pi * x', given=['pi', 'x'])
    (['a', 'b'], ['pi', 'x'])
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text)} characters long; at most {MAX_LENGTH} are accepted")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError):
        return []
    names: list[str] = []
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called and node.id not in names:
            names.append(node.id)
    names.sort(key=lambda name: text.find(name))
    return [name for name in names if name not in CONSTANTS or name in given]


def _check_size(tree: ast.AST) -> None:
    """Refuse trees with too many parts or too deep a nesting (walked iteratively).

    A chain of additions and subtractions, or of multiplications and
    divisions, written one after the other (``a + b - c + d``) is one level
    however many terms it has: each link continues the chain, it does not
    nest. Brackets that group (``a + (b + (c + d))``), calls and powers
    (``2 ** 2 ** 2`` is ``2 ** (2 ** 2)``) each go one level deeper.

    >>> _check_size(ast.parse('+'.join(['a'] * 500), mode='eval'))
    >>> _check_size(ast.parse('a+(' * 100 + 'a' + ')' * 100, mode='eval'))
    Traceback (most recent call last):
    ...
    nn.expression.ExpressionError: the expression is nested too deeply: more than 60 levels
    """
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.expr):  # not the operators (ast.Add) and contexts (ast.Load) the tree also holds
            count += 1
        if count > MAX_NODES:
            raise ExpressionError(f"the expression is too large: more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is nested too deeply: more than {MAX_DEPTH} levels")
        stack.extend((child, depth if _continues_chain(node, child) else depth + 1)
                     for child in ast.iter_child_nodes(node))


_CHAINS = ((ast.Add, ast.Sub), (ast.Mult, ast.Div))  # operators of one precedence, read left to right


def _continues_chain(parent: ast.AST, child: ast.AST) -> bool:
    """Whether ``child`` is the left operand of ``parent`` and of the same precedence: ``(a + b) - c``."""
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp) and child is parent.left):
        return False
    return any(isinstance(parent.op, chain) and isinstance(child.op, chain) for chain in _CHAINS)


def _make_variables(variables: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = dict(CONSTANTS)
    for name, number in variables.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ExpressionError(f"a variable name must be an identifier such as 'a' or 'x1'; got {name!r}")
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is the name of a function; choose another variable name")
        if isinstance(number, Value):
            values[name] = number
            continue
        try:
            data = float(number)
        except (TypeError, ValueError):
            raise ExpressionError(f"the value of {name!r} must be a number; got {number!r}") from None
        values[name] = Value(data, label=name)
    return values


def _evaluate(root: ast.expr, values: dict[str, Any]) -> Any:
    """Compute the tree bottom-up with an explicit stack (no recursion), checking every node."""
    results: dict[int, Any] = {}
    stack: list[tuple[ast.expr, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        operands = _operands(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(operands))
            continue
        args = [results.pop(id(child)) for child in operands]
        results[id(node)] = _apply(node, args, values)
    return results[id(root)]


def _operands(node: ast.AST) -> list[ast.expr]:
    """The sub-expressions to compute first; refuses any node outside the whitelist."""
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return [node.operand]
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = node.func.id if isinstance(node.func, ast.Name) else _short(ast.unparse(node.func), 30)
            raise ExpressionError(f"calls are only allowed to {', '.join(FUNCTIONS)}; got a call of {called}"
                                  f"{_where(node)}")
        if node.keywords:
            raise ExpressionError(f"keyword arguments are not allowed{_where(node)}: write {node.func.id}(x)")
        low, high = FUNCTIONS[node.func.id][0]
        if not low <= len(node.args) <= high:
            wanted = f"{low}" if low == high else f"{low} or {high}"
            raise ExpressionError(f"{node.func.id}() takes {wanted} argument(s); got {len(node.args)}{_where(node)}")
        return list(node.args)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"only numbers are allowed as constants; got {node.value!r}{_where(node)}")
        try:
            finite = math.isfinite(float(node.value))
        except OverflowError:
            finite = False
        if not finite:
            raise ExpressionError(f"the number {_short(node.value)} is too large for a float{_where(node)}")
        return []
    if isinstance(node, ast.Name):
        return []
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        symbol = type(node.op).__name__
        raise ExpressionError(f"the operator {symbol} is not allowed (only + - * / ** and unary - +){_where(node)}")
    raise ExpressionError(f"{_describe(node)} is not allowed in an expression{_where(node)}; "
                          f"use numbers, names, + - * / ** and functions such as tanh(x)")


def _apply(node: ast.expr, args: list[Any], values: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return float(node.value)  # floats, never Python ints: 9**9**9 overflows instead of running forever
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise ExpressionError(f"{node.id} is a function; call it: {node.id}(x){_where(node)}")
        if node.id not in values:
            raise ExpressionError(f"the name {node.id!r} has no value; give it one (chaingrad graph: "
                                  f"--set {node.id}=1.5){_where(node)}")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](args[0], args[1])
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](args[0])
    # a call: the first argument becomes a Value, the others (leaky_relu's slope) must be numbers
    name = node.func.id  # type: ignore[attr-defined]
    first = args[0] if isinstance(args[0], Value) else Value(args[0])
    extra = args[1:]
    if any(isinstance(a, Value) for a in extra):
        raise ExpressionError(f"{name}()'s second argument must be a number, not an expression of variables"
                              f"{_where(node)}")
    return FUNCTIONS[name][1](first, *extra)


def _short(x: object, limit: int = 20) -> str:
    text = x if isinstance(x, str) else repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(node: ast.AST) -> str:
    return _DESCRIBE.get(type(node), type(node).__name__)


def _where(node: ast.AST) -> str:
    column = getattr(node, "col_offset", None)
    return "" if column is None else f" at column {column + 1}"
