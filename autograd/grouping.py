"""Boxes around values that belong together: one per neuron or layer, or any grouping you choose.

``group_by='module'`` puts each value in the box of ``node.module``, the nn
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
>>> boxes = Boxes('module')
>>> x = Value(1.0); x.module = Neuron('layers.0.neurons.3')
>>> box = boxes.add(x)
>>> box.label, box.parent.label, box.parent.parent
('layers.0.neurons.3', 'layers.0', None)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Union

from autograd.value import Value

GroupBy = Union[str, Callable[[Value], Any], None]


@dataclass(eq=False)
class Box:
    """One box (a Graphviz cluster): its label, what it holds and where it sits."""

    number: int  # cluster_<number> in the DOT text, in order of first appearance
    label: str
    parent: Box | None = None
    children: list[Box] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)  # the drawn values in it, in topological order
    omitted: int = 0  # how many values of this group were left out of the drawing

    def __repr__(self) -> str:
        return f"Box({self.number}, {self.label!r}, {len(self.values)} values, {self.omitted} omitted)"


def check_group_by(group_by: object) -> None:
    """Raise a ``ValueError`` unless ``group_by`` is None, ``'module'`` or a function."""
    if group_by is None or group_by == "module" or callable(group_by):
        return
    raise ValueError(f"group_by must be None, 'module' or a function node -> group name; got {group_by!r}")


class Boxes:
    """Assigns values to boxes, creating each box (and the boxes that enclose it) when first needed.

    Call ``learn_names`` with every node first, so that nesting does not depend
    on the order in which values come.
    """

    def __init__(self, group_by: GroupBy) -> None:
        check_group_by(group_by)
        self.group_by = group_by
        self.all: list[Box] = []  # every box, in number order
        self._by_key: dict[Hashable, Box] = {}
        self._by_name: dict[str, Box] = {}  # dotted name -> the first box with it, for nesting
        self._owned: set[int] = set()  # numbers of the boxes that belong to a group key
        self._known_names: set[str] = set()

    def group_of(self, node: Value) -> tuple[Hashable, str | None, str] | None:
        """(group key, dotted name or None, label) of the node's group, or None when it has none."""
        if self.group_by == "module":
            module = node.module
            if module is None:
                return None
            name = getattr(module, "name", None)
            if not isinstance(name, str) or not name:
                return module, None, type(module).__name__
            return module, name, name
        key = self.group_by(node)  # type: ignore[misc, operator]
        if key is None:
            return None
        if not isinstance(key, Hashable):
            raise TypeError(f"the group_by function must return a group name (such as a str) or None; "
                            f"got {type(key).__name__}: {key!r} for {node!r}")
        name = key if isinstance(key, str) and key else None
        return key, name, str(key)

    def learn_names(self, nodes: list[Value]) -> None:
        """Note every group name among ``nodes``, for the nesting rule."""
        for node in nodes:
            group = self.group_of(node)
            if group is not None and group[1] is not None:
                self._known_names.add(group[1])

    def add(self, node: Value) -> Box | None:
        """The box of ``node`` (None when it has no group)."""
        group = self.group_of(node)
        if group is None:
            return None
        key, name, label = group
        box = self._by_key.get(key)
        if box is None:
            # a box made earlier only to enclose others becomes this group's box
            box = self._by_name.get(name) if name is not None else None
            if box is None or box.number in self._owned:
                box = self._new_box(label, name)
            self._owned.add(box.number)
            self._by_key[key] = box
        return box

    @property
    def top_level(self) -> list[Box]:
        """The boxes not inside another box, in number order."""
        return [box for box in self.all if box.parent is None]

    def _new_box(self, label: str, name: str | None) -> Box:
        box = Box(len(self.all), label)
        self.all.append(box)
        if name is not None:
            self._by_name.setdefault(name, box)
            enclosing = self._enclosing_name(name)
            if enclosing is not None:
                parent = self._by_name.get(enclosing) or self._new_box(enclosing, enclosing)
                box.parent = parent
                parent.children.append(box)
        return box

    def _enclosing_name(self, name: str) -> str | None:
        """The longest dotted prefix of ``name`` that is a known group name or ends in a number."""
        parts = name.split(".")
        if not all(parts):  # not a dotted name ('a..b', '0.'): no nesting
            return None
        for cut in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self._known_names or prefix in self._by_name or parts[cut - 1].isdigit():
                return prefix
        return None
