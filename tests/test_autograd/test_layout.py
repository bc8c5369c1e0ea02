"""The layout of docs/architecture.md, checked: the engine alone, imports one way, no cycles, no shared private names.

* ``import autograd`` works where graphviz, matplotlib and tqdm are not
  installed, and loads only the engine; the picture names load on first use;
* the engine files (``autograd/*.py``) import only the standard library and
  each other (inside a function, ``autograd`` itself, as ``Value.draw`` does);
* the modules of ``autograd`` and ``nn`` import each other without a cycle;
* imports go one way: engine <- autograd.pictures, engine <- nn, nn <- nn.cli;
* no private name (``_name``) is used outside the module that defines it.

Everything but the first check reads the source (an AST scan of the import
statements and attribute reads), so a failure names the file, the line and the name.
"""

from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from autograd.value import Value

ROOT = pathlib.Path(__file__).parents[2]
PACKAGES = ("autograd", "nn")  # chaingrad's packages: autograd (the engine and autograd.pictures) and nn (with nn.cli)
OPTIONAL = ("graphviz", "matplotlib", "tqdm")  # what the pictures, the plots and the progress bars need
STANDARD_LIBRARY = sys.stdlib_module_names
# Python files outside the packages that must keep to their private names too
OTHER_SOURCES = ("tests", "benchmarks", "scripts", "notebooks/solutions")


# ---------------------------------------------------------------- reading the source


class Module(NamedTuple):
    """A Python file of chaingrad: its dotted name, its path and its syntax tree."""

    name: str  # 'autograd.pictures.dot'; a package's __init__.py is the package: 'autograd.pictures'
    path: pathlib.Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def where(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


class Import(NamedTuple):
    """One module an import statement loads, and when it runs."""

    target: str  # the module loaded: 'autograd.value' (for 'from a import b', a.b when b is a module, else a)
    name: str | None  # for 'from a import b': b
    line: int
    when: str  # 'import' (runs when the module is imported), 'call' (inside a function), 'typing' (TYPE_CHECKING)


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read(path: pathlib.Path) -> Module:
    return Module(module_name(path), path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))


def chaingrad_modules() -> dict[str, Module]:
    """Every module of the packages, by dotted name."""
    paths = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    return {module.name: module for module in map(read, paths)}


MODULES = chaingrad_modules()
ENGINE = {name for name, module in MODULES.items() if module.path.parent == ROOT / "autograd"}


def is_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def resolved(module: Module, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in ``module``."""
    if level == 0:
        return name or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[:len(package) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports(module: Module) -> Iterator[Import]:
    """Every import statement of ``module``, with when it runs (a walk with a stack: no recursion)."""
    stack: list[tuple[ast.AST, str]] = [(node, "import") for node in reversed(module.tree.body)]
    while stack:
        node, when = stack.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, None, node.lineno, when)
        elif isinstance(node, ast.ImportFrom):
            source = resolved(module, node.level, node.module)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield Import(submodule if submodule in MODULES else source, alias.name, node.lineno, when)
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            when = "call"  # a function body runs when the function is called (class bodies run on import)
        if isinstance(node, ast.If) and is_type_checking(node.test) and when == "import":
            stack.extend((child, "typing") for child in reversed(node.body))
            stack.extend((child, when) for child in reversed(node.orelse))
            continue
        stack.extend((child, when) for child in reversed(children))


def top_level(target: str) -> str:
    return target.split(".")[0]


def is_within(target: str, package: str) -> bool:
    """``target`` is ``package`` or one of its submodules."""
    return target == package or target.startswith(package + ".")


def once(problems: Iterable[str]) -> list[str]:
    """Each problem once, in order (``from m import a, b`` is one statement, but two imports)."""
    return list(dict.fromkeys(problems))


def listed(problems: list[str]) -> str:
    return "\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- (a) import autograd without the optional packages


WITHOUT_THE_OPTIONAL_PACKAGES = textwrap.dedent(f"""
    import json, sys

    REFUSED = {OPTIONAL!r}


    class Uninstalled:
        '''A meta-path finder that refuses the optional packages, as if they were not installed.'''

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name.split(".")[0] in REFUSED:
                raise ModuleNotFoundError(f"No module named {{name!r}} (uninstalled by the test)", name=name)
            return None


    sys.meta_path.insert(0, Uninstalled)
    refused = []
    for package in REFUSED:
        try:
            __import__(package)
        except ModuleNotFoundError:
            refused.append(package)
    already = sorted(m for m in sys.modules if m.split(".")[0] in REFUSED + ("autograd", "nn"))
    before = set(sys.modules)

    import autograd
    from autograd import Value, grad, gradcheck, hessian

    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    z = (x * y + x.tanh() ** 2).exp()
    z.backward()
    results = {{
        "backward": [x.grad, y.grad],
        "grad": list(grad(z, [x, y])),
        "hessian": hessian(lambda a, b: a * b * b, [3.0, 2.0]),
        "gradcheck": gradcheck(lambda a, b: (a * b + a.tanh() ** 2).exp(), [0.5, -1.5]),
    }}
    loaded = sorted(set(sys.modules) - before)

    sys.meta_path.remove(Uninstalled)  # the packages are back: the pictures load when first asked for
    draw_dot = autograd.draw_dot
    results["dot"] = draw_dot(z).source.startswith("// computation graph")
    print(json.dumps({{"refused": refused, "already": already, "loaded": loaded, "results": results,
                      "after_draw_dot": sorted(set(sys.modules) - before)}}))
""")


def test_import_autograd_works_without_graphviz_matplotlib_and_tqdm_and_loads_only_the_engine() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_THE_OPTIONAL_PACKAGES], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, f"with graphviz, matplotlib and tqdm uninstalled, this failed:\n{done.stderr}"
    report = json.loads(done.stdout)
    assert report["refused"] == list(OPTIONAL), "the finder did not make the optional packages unimportable"
    assert report["already"] == [], f"loaded before the test began: {report['already']}"
    results = report["results"]
    assert results["backward"] == results["grad"] and all(g != 0.0 for g in results["grad"])
    assert results["hessian"] == [[0.0, 4.0], [4.0, 6.0]] and results["gradcheck"] is True

    loaded = report["loaded"]
    unwanted = [m for m in loaded
                if top_level(m) in OPTIONAL or is_within(m, "autograd.pictures") or is_within(m, "nn")]
    assert unwanted == [], f"import autograd (and backward, grad, hessian, gradcheck) loaded:{listed(unwanted)}"
    outside = [m for m in loaded if top_level(m) not in STANDARD_LIBRARY and m not in ENGINE]
    assert outside == [], f"the engine loaded modules that are neither the standard library nor the engine:" \
                          f"{listed(outside)}"

    after = report["after_draw_dot"]
    assert results["dot"] is True
    assert {"autograd.pictures", "autograd.pictures.dot", "graphviz"} <= set(after), after
    assert not any(is_within(m, "nn") for m in after), "drawing loaded nn"


# ---------------------------------------------------------------- (b) the engine imports the standard library only


def test_the_engine_files_import_only_the_standard_library_and_the_engine() -> None:
    problems = []
    for name in sorted(ENGINE):
        module = MODULES[name]
        for statement in imports(module):
            if top_level(statement.target) in STANDARD_LIBRARY:
                continue
            if statement.when == "call":
                allowed = statement.target == "autograd"  # Value.draw, Value.explore: the names load on first use
                expected = "inside a function only 'autograd' itself"
            else:
                allowed = statement.target in ENGINE
                expected = "the standard library and the engine files"
            if not allowed:
                problems.append(f"{module.where}:{statement.line}: {statement.when}-time import of "
                                f"{statement.target!r} (allowed: {expected})")
    problems = once(problems)
    assert problems == [], f"the engine (autograd/*.py) must stand alone (docs/architecture.md):{listed(problems)}"


# ---------------------------------------------------------------- (c) no import cycles


def import_graph() -> dict[str, list[str]]:
    """Module -> the chaingrad modules it imports when it is imported (not in functions, not for type checking)."""
    graph: dict[str, list[str]] = {name: [] for name in MODULES}
    for name, module in MODULES.items():
        for statement in imports(module):
            if statement.when == "import" and statement.target in MODULES and statement.target != name:
                if statement.target not in graph[name]:
                    graph[name].append(statement.target)
    return graph


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per edge back to a module still being imported (a depth-first walk with a stack); [] if acyclic."""
    found = []
    state: dict[str, str] = {}  # 'open' while its imports are walked, then 'done'
    for start in graph:
        if start in state:
            continue
        path = [start]
        state[start] = "open"
        pending = [iter(graph[start])]
        while pending:
            target = next(pending[-1], None)
            if target is None:
                state[path.pop()] = "done"
                pending.pop()
            elif state.get(target) == "open":
                found.append(path[path.index(target):] + [target])
            elif target not in state:
                state[target] = "open"
                path.append(target)
                pending.append(iter(graph[target]))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": ["b"], "b": [], "c": ["a", "b"]}) == []


def line_of(importer: str, target: str) -> int:
    return next(s.line for s in imports(MODULES[importer]) if s.target == target and s.when == "import")


def test_there_is_no_import_cycle() -> None:
    found = cycles(import_graph())
    described = [" -> ".join(cycle) + "  (" + ", ".join(f"{MODULES[a].where}:{line_of(a, b)}"
                                                         for a, b in zip(cycle, cycle[1:])) + ")"
                 for cycle in found]
    assert described == [], f"import cycles among chaingrad's modules:{listed(described)}"


# ---------------------------------------------------------------- (d) imports go one way


def test_imports_go_one_way_engine_then_pictures_and_nn_then_the_command_line() -> None:
    problems = []
    for name, module in sorted(MODULES.items()):
        for statement in imports(module):
            target = statement.target
            if name in ENGINE and (is_within(target, "autograd.pictures") or is_within(target, "nn")):
                rule = "the engine imports neither autograd.pictures nor nn"
            elif is_within(name, "autograd") and is_within(target, "nn"):
                rule = "nothing in autograd imports nn"
            elif (is_within(name, "nn") and not is_within(name, "nn.cli") and name != "nn.__main__"
                  and is_within(target, "nn.cli")):
                rule = "only nn/__main__.py imports nn.cli"
            else:
                continue
            problems.append(f"{module.where}:{statement.line}: imports {target!r} ({rule})")
    problems = once(problems)
    assert problems == [], f"imports against the one allowed direction (docs/architecture.md):{listed(problems)}"


# ---------------------------------------------------------------- (e) no private name used outside its module


def is_private(name: str) -> bool:
    """``_name``, but not ``__dunder__`` nor ``_sunder_`` (a protocol: ``_repr_html_``, ``_missing_``)."""
    return name.startswith("_") and not name.endswith("_") and name != "_"


VALUE_PRIVATE_SLOTS = frozenset(slot for slot in Value.__slots__ if is_private(slot))
OWN = ("self", "cls")  # self._name in a method is the object's own


def all_sources() -> list[Module]:
    """The packages' modules and every other Python file of the repository that uses them."""
    others = sorted(path for folder in OTHER_SOURCES if (ROOT / folder).is_dir()
                    for path in (ROOT / folder).rglob("*.py"))
    return list(MODULES.values()) + [read(path) for path in others]


def class_private_names(module: Module) -> set[str]:
    """The private names the classes of ``module`` define: methods, class attributes, ``self._name = ...``."""
    names = set()
    for cls in (node for node in ast.walk(module.tree) if isinstance(node, ast.ClassDef)):
        for statement in cls.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(statement.name)
            targets = (statement.targets if isinstance(statement, ast.Assign) else
                       [statement.target] if isinstance(statement, ast.AnnAssign) else [])
            names.update(target.id for target in targets if isinstance(target, ast.Name))
        names.update(node.attr for node in ast.walk(cls) if isinstance(node, ast.Attribute)
                     and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name) and node.value.id in OWN)
    return {name for name in names if is_private(name)}


def attribute_owners(sources: list[Module]) -> dict[str, str]:
    """Private attribute name -> the chaingrad module whose classes define it, for names defined in one file only.

    A name that two files define (``_children`` is nn's and the reference engine's) cannot be told apart by
    reading the source alone: it is left out.
    """
    definers: dict[str, list[str]] = {}
    for module in sources:
        for name in class_private_names(module):
            definers.setdefault(name, []).append(module.name)
    return {name: owners[0] for name, owners in definers.items()
            if len(owners) == 1 and top_level(owners[0]) in PACKAGES}


def names_defined_in(module: Module) -> set[str]:
    """Every private name ``module`` defines in any way (a function, an assignment, an attribute it sets)."""
    names = set()
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {name for name in names if is_private(name)}


def module_aliases(module: Module) -> dict[str, str]:
    """Names bound to a chaingrad module: ``import a.b as m`` (m), ``import a.b`` (a), ``from a import b`` (b)."""
    aliases = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if top_level(alias.name) in PACKAGES:
                    bound = alias.asname or top_level(alias.name)  # 'import a.b' binds a
                    aliases[bound] = alias.name if alias.asname else bound
        elif isinstance(node, ast.ImportFrom):
            source = resolved(module, node.level, node.module)
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
    return aliases


def dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ['a', 'b', 'c'], or None for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def private_uses(module: Module, owners: dict[str, str]) -> Iterator[str]:
    """What ``module`` uses of other modules' private names, one line each.

    Four kinds: ``from m import _name``; ``import`` of a private module
    (``nn._checks``); ``m._name`` on a chaingrad module ``m``; and
    ``obj._name`` (``obj`` not ``self``) where ``_name`` is a private slot of
    Value (outside autograd/value.py) or a private attribute that the classes of
    one other module define (``owners``, from ``attribute_owners``).
    """
    for statement in imports(module):
        if top_level(statement.target) not in PACKAGES or statement.target == module.name:
            continue
        if any(is_private(part) for part in statement.target.split(".")):
            yield f"{module.where}:{statement.line}: imports the private module {statement.target!r}"
        elif statement.name is not None and is_private(statement.name):
            yield f"{module.where}:{statement.line}: from {statement.target} import {statement.name}"
    aliases = module_aliases(module)
    own_names = names_defined_in(module)
    attributes = sorted((node for node in ast.walk(module.tree) if isinstance(node, ast.Attribute)),
                        key=lambda node: (node.lineno, node.col_offset))
    for node in attributes:
        if not is_private(node.attr):
            continue
        chain = dotted(node.value)
        if chain and chain[0] in aliases:  # module._name, package.module._name
            owner = ".".join([aliases[chain[0]], *chain[1:]])
            if owner in MODULES:
                if owner != module.name:
                    yield f"{module.where}:{node.lineno}: {ast.unparse(node)} (private to {owner})"
                continue
        if chain and len(chain) == 1 and chain[0] in OWN:
            continue
        if node.attr in VALUE_PRIVATE_SLOTS and module.name != "autograd.value":
            yield (f"{module.where}:{node.lineno}: {ast.unparse(node)} "
                   f"(a private slot of Value, for autograd/value.py only)")
        elif owners.get(node.attr, module.name) != module.name and node.attr not in own_names:
            yield f"{module.where}:{node.lineno}: {ast.unparse(node)} (private to {owners[node.attr]})"


def test_the_scan_finds_private_names_used_from_outside() -> None:
    source = textwrap.dedent("""
        import nn.training
        import autograd.value as value
        from autograd import grad_mode
        from autograd.value import _private
        from nn._checks import check
        x = nn.training._progress_bar, value._helper, grad_mode._mode, node._a, self._a, node.data, obj._repr_html_
        optimizer._snapshot(), optimizer._mine, self._snapshot()
        self._mine = 1
    """)
    module = Module("tests.example", ROOT / "tests" / "example.py", ast.parse(source))
    found = [line.split(": ", 1)[1] for line in private_uses(module, {"_snapshot": "nn.optim", "_mine": "nn.optim"})]
    assert found == ["from autograd.value import _private",
                     "imports the private module 'nn._checks'",
                     "nn.training._progress_bar (private to nn.training)",
                     "value._helper (private to autograd.value)",
                     "grad_mode._mode (private to autograd.grad_mode)",
                     "node._a (a private slot of Value, for autograd/value.py only)",
                     "optimizer._snapshot (private to nn.optim)"]


def test_no_private_name_is_used_outside_its_module() -> None:
    sources = all_sources()
    owners = attribute_owners(sources)
    problems = once(problem for module in sources for problem in private_uses(module, owners))
    assert problems == [], (f"private names (a leading underscore: this module only) used outside their module; "
                            f"give what two modules share a public name in the module that owns it:{listed(problems)}")
