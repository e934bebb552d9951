"""Drawing a step again on the widgets the page already has.

A step is drawn whole from the document each time (simple, and never half old), but a
page that is sent a new widget for every label and field when only the words changed
(a language switch) spends most of a second making them. So a step is drawn *pending*:
its widgets are made without telling the page; then each takes over the page's model of
the old widget at its place (same kind, same position) and sends only what differs. A
widget with no counterpart is opened as usual, the moment the page needs it; old widgets
left over are closed, so the page does not keep what it no longer shows.

ipywidgets has no hook for making a widget without opening it, so this module wraps
``Widget.open`` and ``Widget.model_id``; outside a drawing both do what they did.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.widget import Widget

from .style import is_shared

#: The drawings under way, innermost last. Not a context variable: a timer started while
#: drawing (a workshop's ticker) would carry it into every later tick.
_DRAWINGS: list[list[Widget]] = []
#: Widgets made while drawing that the page has not been told of yet.
_PENDING: weakref.WeakSet[Widget] = weakref.WeakSet()
#: The page model an old widget gave up (to its successor, or closed): another step still
#: drawn on it names it by that id until it is drawn again.
_FORMER: weakref.WeakKeyDictionary[Widget, str] = weakref.WeakKeyDictionary()
_open = Widget.open
_model_id = Widget.model_id


def _open_unless_drawing(self: Widget) -> None:
    """ipywidgets opens a widget as it is made; while a step is drawn it waits instead."""
    if _DRAWINGS and self.comm is None:
        _DRAWINGS[-1].append(self)
        _PENDING.add(self)
        for name in ("layout", "style"):  # a default one is made now, in the drawing, not when first read
            if name in self.keys:
                getattr(self, name)
        return
    _PENDING.discard(self)
    _open(self)


def _opened_model_id(self: Widget) -> str:
    """A pending widget the page must know of (a box shown holds it) is opened first."""
    if self.comm is None and self in _PENDING:
        _PENDING.discard(self)
        _open(self)
    if self.comm is None and self in _FORMER:
        return _FORMER[self]
    return str(_model_id.fget(self))


def _give_up(widget: Widget, close: bool) -> None:
    _FORMER[widget] = widget.model_id
    if close:
        widget.close()
    else:
        widget.comm = None


Widget.open = _open_unless_drawing
Widget.model_id = property(_opened_model_id)


@contextmanager
def drawing() -> Iterator[list[Widget]]:
    """Widgets made in this block are pending; the list names them all, in order."""
    made: list[Widget] = []
    _DRAWINGS.append(made)
    try:
        yield made
    finally:
        _DRAWINGS.pop()


def _referred(widget: Widget) -> Iterator[tuple[str, Any]]:
    """The synced properties of ``widget`` that hold widgets (children, layout, style …)."""
    for name in widget.keys:
        value = getattr(widget, name, None)
        if isinstance(value, Widget) or (
            isinstance(value, (list, tuple)) and any(isinstance(v, Widget) for v in value)
        ):
            yield name, value


def _reachable(roots: Iterable[Widget]) -> dict[int, Widget]:
    """``roots`` and every widget they hold, by identity."""
    seen: dict[int, Widget] = {}
    stack = list(roots)
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen[id(widget)] = widget
        for _, value in _referred(widget):
            stack.extend(v for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, Widget))
    return seen


class _Pairing:
    """New pending widgets taking over old widgets' page models, place by place. An old
    widget is given up only if the new drawing no longer shows it and it is not shared."""

    def __init__(self, keep: dict[int, Widget]) -> None:
        self.keep = keep
        self.taken: dict[int, Widget] = {}
        self.settled: set[int] = set()

    def free(self, old: Widget) -> bool:
        return old.comm is not None and id(old) not in self.keep and id(old) not in self.taken and not is_shared(old)

    def pair(self, old: Any, new: Any) -> None:
        if not (isinstance(old, Widget) and isinstance(new, Widget)):
            return
        if new not in _PENDING or id(new) in self.settled or type(old) is not type(new) or not self.free(old):
            return
        self.taken[id(old)] = old
        self.settled.add(id(new))
        was = old.get_state()
        olds = dict(_referred(old))
        for name, value in _referred(new):  # first what it holds, so their ids are known
            before = olds.get(name)
            if isinstance(value, Widget):
                self.pair(before, value)
            elif isinstance(before, (list, tuple)):
                for o, n in zip(before, value, strict=False):
                    self.pair(o, n)
        _PENDING.discard(new)
        new.comm = old.comm  # the page's model is the new widget's from now on
        now = new.get_state()
        changed = [name for name, value in now.items() if was.get(name) != value]
        if changed:
            new.send_state(changed)


def settle(box: W.Box, children: Sequence[Widget]) -> None:
    """Show ``children`` (drawn pending) in ``box`` on the page models of its old children,
    and close the old widgets no longer shown."""
    shown = [f"IPY_MODEL_{w.model_id}" for w in box.children]
    old = _reachable(box.children)
    pairing = _Pairing(_reachable(children))
    for before, new in zip(box.children, children, strict=False):
        pairing.pair(before, new)
    if [f"IPY_MODEL_{w.model_id}" for w in children] == shown:
        with box._lock_property(children=shown):  # the page shows these already
            box.children = tuple(children)
    else:
        box.children = tuple(children)
    for widget in pairing.taken.values():  # given up only now: old widgets may hold one another
        _give_up(widget, close=False)
    for widget in old.values():
        if pairing.free(widget):
            _give_up(widget, close=True)


def close_tree(root: Widget) -> None:
    """Close ``root`` and every widget it holds (a workshop wall replaced by one in the new
    language), except the shared models."""
    for widget in _reachable([root]).values():
        if widget.comm is not None and not is_shared(widget):
            _give_up(widget, close=True)
