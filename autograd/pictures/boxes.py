"""Boxes around values that belong together: one per neuron or layer, or any grouping you choose.

``group_by='module'`` puts each value in the box of ``node.scope`` (for nn: the
module (neuron, layer) that made it; the box is labelled with the module's
``name`` (``'layers.0.neurons.3'``), or its class name when the name is empty.
``group_by`` may also be a function ``node -> group name`` (None: no box).

Boxes nest by their dotted names: the box ``layers.0.neurons.3`` sits inside
the box ``layers.0`` (a layer's box holds its neurons' boxes). A name's
enclosing box is its longest dotted prefix that is itself a group, or that
ends in a number (``layers.0``: an item of a list of modules, drawn even when
no value belongs to it directly). Names with an empty part (``'a..b'``) do not nest.

>>> class Neuron:
...     def __init__(self, name): self.name = name
>>> x = Value(1.0); x.scope = Neuron('layers.0.neurons.3')
>>> group = group_of(x, 'module')
>>> box = Boxes([group]).box_of(group)
>>> box.label, box.parent.label, box.parent.parent
('layers.0.neurons.3', 'layers.0', None)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union

from autograd.value import Value

GroupBy = Union[str, Callable[[Value], Any], None]


class Group(NamedTuple):
    """The group of a value: the key that tells groups apart, its dotted name (for nesting) and its label."""

    key: Hashable
    name: str | None  # None: a name that does not nest (not a non-empty str)
    label: str


@dataclass(eq=False)
class Box:
    """One box (a Graphviz cluster): its label, what it holds and where it sits."""

    number: int  # cluster_<number> in the DOT text, in order of first appearance
    label: str
    parent: Box | None = None
    children: list[Box] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)  # the drawn values in it, in topological order
    omitted: int = 0  # how many values of this group were left out of the drawing
    owned: bool = False  # True: the box of a group; False: made only to enclose other boxes

    def __repr__(self) -> str:
        return f"Box({self.number}, {self.label!r}, {len(self.values)} values, {self.omitted} omitted)"


def check_group_by(group_by: object) -> None:
    """Raise a ``ValueError`` unless ``group_by`` is None, ``'module'`` or a function."""
    if group_by is None or group_by == "module" or callable(group_by):
        return
    raise ValueError(f"group_by must be None, 'module' or a function node -> group name; got {group_by!r}")


def group_of(node: Value, group_by: GroupBy) -> Group | None:
    """The group ``node`` belongs to by ``group_by`` (``'module'`` or a function), or None when it has none."""
    if group_by == "module":
        module = node.scope
        if module is None:
            return None
        name = getattr(module, "name", None)
        if not isinstance(name, str) or not name:
            return Group(module, None, type(module).__name__)
        return Group(module, name, name)
    key = group_by(node)  # type: ignore[misc, operator]
    if key is None:
        return None
    if not isinstance(key, Hashable):
        raise TypeError(f"the group_by function must return a group name (such as a str) or None; "
                        f"got {type(key).__name__}: {key!r} for {node!r}")
    return Group(key, key if isinstance(key, str) and key else None, str(key))


class Boxes:
    """The boxes of a drawing, each made (with the boxes that enclose it) when a value first needs it.

    ``Boxes(groups)`` takes every group of the graph, drawn or not, so that
    nesting does not depend on the order in which values come.
    """

    def __init__(self, groups: Iterable[Group]) -> None:
        self.all: list[Box] = []  # every box, in number order
        self._by_key: dict[Hashable, Box] = {}
        self._by_name: dict[str, Box] = {}  # dotted name -> the first box with it, for nesting
        self._known_names = {group.name for group in groups if group.name is not None}

    def box_of(self, group: Group) -> Box:
        """The box of ``group``, made now if it has none yet."""
        box = self.existing_box_of(group)
        if box is None:
            box = self._new_box(group.label, group.name)
            box.owned = True
            self._by_key[group.key] = box
        return box

    def existing_box_of(self, group: Group) -> Box | None:
        """The box of ``group`` if there is one already (a box made to enclose others counts), else None."""
        box = self._by_key.get(group.key)
        if box is None and group.name is not None:
            # a box made earlier only to enclose others becomes this group's box
            box = self._by_name.get(group.name)
            if box is None or box.owned:
                return None
            box.owned = True
            self._by_key[group.key] = box
        return box

    @property
    def top_level(self) -> list[Box]:
        """The boxes not inside another box, in number order."""
        return [box for box in self.all if box.parent is None]

    def _new_box(self, label: str, name: str | None) -> Box:
        """A new box, and the boxes that enclose it if they are not there yet (from the inside out)."""
        box = inner = self._add_box(label, name)
        while name is not None:
            name = self._enclosing_name(name)
            if name is None:
                break
            outer = self._by_name.get(name)
            made = outer is None
            if outer is None:
                outer = self._add_box(name, name)
            inner.parent = outer
            outer.children.append(inner)
            if not made:  # it is in its place already, with the boxes around it
                break
            inner = outer
        return box

    def _add_box(self, label: str, name: str | None) -> Box:
        box = Box(len(self.all), label)
        self.all.append(box)
        if name is not None:
            self._by_name.setdefault(name, box)
        return box

    def _enclosing_name(self, name: str) -> str | None:
        """The longest dotted prefix of ``name`` that is a known group name or ends in a number."""
        parts = name.split(".")
        if not all(parts):  # not a dotted name ('a..b', '0.'): no nesting
            return None
        end = len(name)
        for cut in range(len(parts) - 1, 0, -1):
            end -= len(parts[cut]) + 1  # name[:end] is the first ``cut`` parts
            prefix = name[:end]
            if prefix in self._known_names or prefix in self._by_name or parts[cut - 1].isdigit():
                return prefix
        return None
