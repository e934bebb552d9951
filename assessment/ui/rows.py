"""Tables the user adds rows to, edits and removes rows from: participants, KPIs, actions …

A row is stored once every field in it is valid; until then it is a draft shown with its
messages. Each write replaces the whole list with the rows' last valid values, so an
invalid edit leaves the stored value alone and a half-filled row is never saved.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

import ipywidgets as W

from ..document.model import Assessment
from .fields import Field, text
from .focus import move_to
from .session import Session
from .style import button, html, show

F = TypeVar("F", bound=Field)


def _no_guard(doc: Assessment, item: Any) -> str | None:
    return None


@dataclass
class RowSpec:
    """What a table edits and how its rows map to the document."""

    name: str  # CSS prefix: inputs are dmw-{name}-{field}-{row}
    read: Callable[[Assessment], list[Any]]
    write: Callable[[Assessment, list[Any]], None]
    fields: Callable[[dict[str, Any]], dict[str, Field]]  # a row's inputs, filled from its data
    make: Callable[[dict[str, Any]], Any]  # the stored item from valid data (may raise ValueError)
    dump: Callable[[Any], dict[str, Any]]
    add_label: str  # locale key of the add button
    id_prefix: str = ""  # when set, new rows get the first free id {prefix}1, {prefix}2 …
    taken: Callable[[Assessment], set[str]] = lambda doc: set()
    guard: Callable[[Assessment, Any], str | None] = _no_guard  # locale key when a row may not go
    seed: dict[str, Any] = field(default_factory=dict)  # data of a new empty row
    flex: dict[str, str] = field(default_factory=dict)  # column widths, e.g. "2 1 16em"
    card_title: str = ""  # locale key with {number}: rows shown as labelled cards (many fields)


class _Row:
    def __init__(self, data: dict[str, Any], item: Any, fields: dict[str, Field]) -> None:
        self.data, self.item, self.fields = data, item, fields
        self.key: str | None = data.get("id") if item is not None else None
        self.index = -1
        self.remove = W.Button()
        self.title = html("")
        self.message = W.HTML()
        self.message.add_class("dmw-message")
        self.box = W.VBox()

    def tell(self, message: str) -> None:
        self.message.value = escape(message)


class RowTable:
    """An editable list of items, one row (or card) each, with add and remove."""

    def __init__(self, session: Session, spec: RowSpec) -> None:
        self.session, self.spec = session, spec
        self.rows: list[_Row] = []
        self.header = W.HBox(layout=W.Layout(width="100%"))
        self.body = W.VBox(layout=W.Layout(width="100%"))
        add = button(session.t(spec.add_label), f"dmw-{spec.name}-add")
        add.on_click(lambda _b: self.add())
        self.box = W.VBox([self.header, self.body, add], layout=W.Layout(width="100%"))
        for item in spec.read(session.doc):
            self._append(spec.dump(item), item)
        self._render()

    def add(self, data: dict[str, Any] | None = None) -> None:
        """A new draft row, filled from ``data`` (a catalogue suggestion) if given, with the
        cursor in its first field; it is saved as soon as every field in it is valid. It shows
        no message until the user leaves a field (an empty new row is no mistake)."""
        row = self._append({**self.spec.seed, **(data or {})}, None)
        for f in row.fields.values():
            f.touched = False
        self._render()
        move_to(next(iter(row.fields.values())))

    def each(self, key: str, kind: type[F]) -> list[F]:
        """The ``key`` input of every row, of the ``kind`` the spec makes it, e.g. to offer new choices."""
        return [f for row in self.rows if isinstance(f := row.fields[key], kind)]

    def _append(self, data: dict[str, Any], item: Any) -> _Row:
        row = _Row(data, item, self.spec.fields(data))
        for f in row.fields.values():
            f.watch(lambda row=row: self._edited(row))
        row.remove.description = self.session.t("ui.remove")
        row.remove.layout = W.Layout(width="auto", min_width="5em")
        row.remove.on_click(lambda _b, row=row: self._remove(row))
        cards = bool(self.spec.card_title)
        cells = [f.widget(labelled=cards, flex=self._flex(key)) for key, f in row.fields.items()]
        if cards:
            top = W.HBox([row.title, row.remove], layout=W.Layout(justify_content="space-between", width="100%"))
            grid = W.Box(cells, layout=W.Layout(display="flex", flex_flow="row wrap", grid_gap="4px 12px", width="100%"))
            row.box.children = [top, grid, row.message]
            row.box.add_class("dmw-card")
        else:
            line = W.HBox([*cells, row.remove], layout=W.Layout(width="100%", grid_gap="10px", align_items="flex-start"))
            row.box.children = [line, row.message]
            row.box.add_class("dmw-row")
        self.rows.append(row)
        return row

    def _flex(self, key: str) -> str:
        return self.spec.flex.get(key, "1 1 10em")

    def _new_id(self) -> str:
        used = self.spec.taken(self.session.doc) | {r.key for r in self.rows if r.key}
        n = 1
        while f"{self.spec.id_prefix}{n}" in used:
            n += 1
        return f"{self.spec.id_prefix}{n}"

    def _edited(self, row: _Row) -> None:
        results = {key: f.read() for key, f in row.fields.items()}
        if not all(ok for ok, _ in results.values()):
            row.tell("")
            return
        data = {**row.data, **{key: value for key, (_, value) in results.items()}}
        if self.spec.id_prefix:
            data["id"] = row.key or self._new_id()
        try:
            item = self.spec.make(data)
        except ValueError:
            row.tell(self.session.t("ui.error.invalid"))
            return
        previous, row.item = row.item, item
        problem = self._write()
        if problem:
            row.item = previous
        else:
            row.data, row.key = data, data.get("id")
        row.tell(problem or "")

    def _write(self) -> str | None:
        items = [r.item for r in self.rows if r.item is not None]
        return self.session.change(lambda doc: self.spec.write(doc, items))

    def _remove(self, row: _Row) -> None:
        if row.item is not None:
            reason = self.spec.guard(self.session.doc, row.item)
            if reason:
                row.tell(self.session.t(reason))
                return
        at = self.rows.index(row)
        self.rows.remove(row)
        problem = self._write() if row.item is not None else None
        if problem:
            self.rows.insert(at, row)
            row.tell(problem)
        self._render()

    def _render(self) -> None:
        """Show the rows and number their classes from 0, as browser tests expect."""
        name = self.spec.name
        for i, row in enumerate(self.rows):
            if row.index != i:
                for key, f in row.fields.items():
                    f.set_css(f"dmw-{name}-{key}-{i}")
                if row.index >= 0:
                    row.remove.remove_class(f"dmw-{name}-remove-{row.index}")
                    row.message.remove_class(f"dmw-{name}-{row.index}-message")
                row.remove.add_class(f"dmw-{name}-remove-{i}")
                row.message.add_class(f"dmw-{name}-{i}-message")
                row.index = i
            if self.spec.card_title:
                row.title.value = f"<h4>{escape(self.session.t(self.spec.card_title, number=i + 1))}</h4>"
        self.body.children = [row.box for row in self.rows]
        self._render_header()

    def _render_header(self) -> None:
        """Column headings over a plain table (cards label their own fields)."""
        visible = bool(self.rows) and not self.spec.card_title
        show(self.header, visible)
        if visible:
            first = self.rows[0]
            labels = []
            for key, f in first.fields.items():
                label = html(f'<span class="dmw-label">{"" if f.inline else escape(f.label)}</span>')
                label.layout = W.Layout(flex=self._flex(key), width="auto")
                labels.append(label)
            end = html("")
            end.layout = W.Layout(width="auto", min_width="5em")
            self.header.children = [*labels, end]
            self.header.layout.grid_gap = "10px"


def text_list(session: Session, name: str, label: str, read: Callable[[Assessment], list[str]],
              write: Callable[[Assessment, list[str]], None], add_label: str) -> RowTable:
    """A list of short texts (challenges, own channels …), one per row."""
    return RowTable(session, RowSpec(
        name=name, read=read, write=write, add_label=add_label,
        fields=lambda data: {"text": text(session, f"dmw-{name}-text", label, data.get("text", ""),
                                          required="ui.error.required")},
        make=lambda data: data["text"], dump=lambda item: {"text": item},
    ))
