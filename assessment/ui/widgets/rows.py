"""Tables the user adds rows to, edits and removes rows from: participants, KPIs, actions …

A row is stored in its list once every field in it is valid. Until then it is a draft:
kept in the document's ``drafts`` as typed (a KPI whose baseline comes later survives a
reload), marked as unfinished, and counted by no chart or report. Each write replaces
the list with the complete rows' last valid values and the table's drafts with the rest,
so an invalid edit of a complete row leaves its stored value alone.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

import ipywidgets as W

from ...document.model import Assessment, Draft
from ..state.session import Session
from .fields import Field, text
from .focus import move_to
from .style import button, fold_class, html, shared, show, styled

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
    drafts: bool = True  # keep unfinished rows in the document's drafts, as table ``name``
    number: Callable[[Assessment, str], str] | None = None  # a stored item's number shown before it (goals: 1, 1.1)


@dataclass(frozen=True)
class _Removal:
    """A row removed and not undone, as data: a table drawn again (a language switch) still
    offers to put it back, in the new language."""

    file: str
    at: int
    data: dict[str, Any]
    item: Any
    key: str | None


#: Each session's last removal per table, by the table's name.
_REMOVALS: weakref.WeakKeyDictionary[Session, dict[str, _Removal]] = weakref.WeakKeyDictionary()


#: How tables mark their rows: an unfinished one is dashed, with its note in amber.
ROW_CSS = """
.dmw-draft { border: 1px dashed #9a6700 !important; border-radius: 6px; padding: 4px 8px; background: #fffbf0; }
.dmw-draft-note .widget-html-content { color: #7d4e00; font-style: italic; }
"""

#: Widths in a plain table's row (em of the page's 16 px): the number, the arrows and remove
#: button, the gap between columns (10 px).
NUMBER_EM, TOOLS_EM, GAP_EM = 2.6, 10.3, 0.625

#: What a draft may keep of a row's data besides its inputs (e.g. the KPI suggestion it came from).
_PLAIN = (str, bool, int, float, type(None))


class _Row:
    def __init__(
        self, table: RowTable, data: dict[str, Any], item: Any, fields: dict[str, Field], key: str | None = None
    ) -> None:
        self.data, self.item, self.fields = data, item, fields
        self.key: str | None = data.get("id") if item is not None else key  # a draft's id once it is kept
        self.index = -1
        t, looks = table.session.t, table._layouts
        # every word and look given when made: each widget reaches the page as one message
        self.remove = styled(W.Button, description=t("ui.remove"), layout=looks["remove"])
        self.up = styled(W.Button, description="↑", tooltip=t("ui.rows.up"), layout=looks["arrow"])
        self.down = styled(W.Button, description="↓", tooltip=t("ui.rows.down"), layout=looks["arrow"])
        self.title = html("")
        self.message = styled(W.HTML, layout=shared(W.Layout), _dom_classes=("dmw-message",))
        self.unfinished: W.HTML | None = None  # made when the row is first kept unfinished
        self.number: W.HTML | None = None  # made for tables that number their rows
        self.box: W.VBox  # laid out by the table, as a line or a card

    def tell(self, message: str) -> None:
        self.message.value = escape(message)

    def typed(self) -> dict[str, Any]:
        """The row's data as typed so far, valid or not."""
        extra = {k: v for k, v in self.data.items() if k != "id" and k not in self.fields and isinstance(v, _PLAIN)}
        return {**extra, **{k: f.kept() for k, f in self.fields.items()}}

    def draft(self, table: str, key: str) -> Draft:
        """The row as typed so far, to keep as draft ``key`` until it is complete."""
        return Draft(id=key, table=table, data=self.typed())


class RowTable:
    """An editable list of items, one row (or card) each, with add and remove."""

    def __init__(self, session: Session, spec: RowSpec) -> None:
        self.session, self.spec = session, spec
        self.rows: list[_Row] = []
        # one layout for every row's buttons: fewer widgets for the page to receive
        self._layouts = {
            "remove": shared(W.Layout, width="auto", min_width="5em"),
            "arrow": shared(W.Layout, width="2.4em", min_width="2.4em"),
            "tools": shared(W.Layout, width="auto", grid_gap="4px", flex="0 0 auto"),
        }
        self.header = W.HBox(layout=shared(W.Layout, width="100%", grid_gap="10px"))
        self.body = W.VBox(layout=shared(W.Layout, width="100%"))
        add = button(session.t(spec.add_label), f"dmw-{spec.name}-add")
        add.on_click(session.guard(f"adding a row to {spec.name}", lambda _b: self.add()))
        undo = button(session.t("ui.rows.undo"), f"dmw-{spec.name}-undo")
        undo.on_click(session.guard(f"undoing a removal from {spec.name}", lambda _b: self.undo()))
        self.undo_note = html(escape(session.t("ui.rows.removed")), "dmw-help")
        self.undo_bar = W.HBox(
            [self.undo_note, undo], layout=shared(W.Layout, align_items="center", grid_gap="8px", width="100%")
        )
        self.undo_bar.add_class(f"dmw-{spec.name}-removed")
        self.box = W.VBox([self.header, self.body, self.undo_bar, add], layout=shared(W.Layout, width="100%"))
        self.box.add_class("dmw-rows")  # the style sheet lays rows out by the table's width
        self.header.add_class("dmw-rows-head")
        for item in spec.read(session.doc):
            self._append(spec.dump(item), item)
        for draft in self._drafts(session.doc):
            self._mark(self._append({**spec.seed, **draft.data}, None, draft.id))
        self.removed = self._recalled()  # the last row removed, until it is undone
        show(self.undo_bar, self.removed is not None)
        self._render()

    def _recalled(self) -> tuple[int, _Row] | None:
        """The removal an earlier drawing of this table could still undo, unless the row is
        back meanwhile (another writer) or another file is open."""
        removal = _REMOVALS.get(self.session, {}).get(self.spec.name)
        doc = self.session.doc
        if removal is None or removal.file != str(self.session.path):
            return None
        if removal.key is not None and removal.key in self.spec.taken(doc) | {d.id for d in doc.drafts}:
            return None
        row = self._make(removal.data, removal.item, removal.key)
        self._mark(row)
        return removal.at, row

    def _remember(self, removed: tuple[int, _Row] | None) -> None:
        self.removed = removed
        kept = _REMOVALS.setdefault(self.session, {})
        if removed is None:
            kept.pop(self.spec.name, None)
            return
        at, row = removed
        data = row.typed() if row.item is None else self.spec.dump(row.item)
        kept[self.spec.name] = _Removal(str(self.session.path), at, {**row.data, **data}, row.item, row.key)

    def _drafts(self, doc: Assessment) -> list[Draft]:
        return [d for d in doc.drafts if d.table == self.spec.name] if self.spec.drafts else []

    def add(self, data: dict[str, Any] | None = None) -> None:
        """A new draft row, filled from ``data`` (a catalogue suggestion) if given, with the
        cursor in its first field; it is saved as soon as every field in it is valid. It shows
        no message until the user leaves a field (an empty new row is no mistake)."""
        for unfinished in (r for r in self.rows if r.item is None):  # moving on: say what the others still need
            for f in unfinished.fields.values():
                f.reveal()
        row = self._append({**self.spec.seed, **(data or {})}, None)
        for f in row.fields.values():
            f.touched = False
        if data and self.spec.drafts:  # a suggestion taken is kept even before anything is typed
            row.key = self._new_id()
            row.tell(self._write() or "")
            self._mark(row)
        self._render()
        move_to(next(iter(row.fields.values())))

    def each(self, key: str, kind: type[F]) -> list[F]:
        """The ``key`` input of every row, of the ``kind`` the spec makes it, e.g. to offer new choices."""
        return [f for row in self.rows if isinstance(f := row.fields[key], kind)]

    def _append(self, data: dict[str, Any], item: Any, key: str | None = None) -> _Row:
        row = self._make(data, item, key)
        self.rows.append(row)
        return row

    def _make(self, data: dict[str, Any], item: Any, key: str | None) -> _Row:
        """A row with its inputs and buttons, not yet in the table."""
        row = _Row(self, data, item, self.spec.fields(data), key)
        for f in row.fields.values():
            f.watch(self.session.guard(f"saving a row of {self.spec.name}", lambda row=row: self._edited(row)))
        guard = self.session.guard
        row.remove.on_click(guard(f"removing a row of {self.spec.name}", lambda _b, row=row: self._remove(row)))
        for arrow, step in ((row.up, -1), (row.down, 1)):
            arrow.on_click(
                guard(f"moving a row of {self.spec.name}", lambda _b, row=row, step=step: self.move(row, step))
            )
        tools = W.HBox([row.up, row.down, row.remove], layout=self._layouts["tools"], _dom_classes=("dmw-row-tools",))
        cards = bool(self.spec.card_title)
        cells = [f.widget(labelled=cards, flex=self._flex(key)) for key, f in row.fields.items()]
        if cards:
            top = W.HBox([row.title, tools], layout=shared(W.Layout, justify_content="space-between", width="100%"))
            grid = W.Box(
                cells, layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="4px 12px", width="100%")
            )
            row.box = W.VBox([top, grid, row.message], _dom_classes=("dmw-card",))
        else:
            if self.spec.number:
                row.number = styled(
                    W.HTML,
                    layout=shared(W.Layout, width=f"{NUMBER_EM}em", flex=f"0 0 {NUMBER_EM}em"),
                    _dom_classes=("dmw-row-number",),
                )
            numbered = [row.number] if row.number else []
            line = W.HBox(
                [*numbered, *cells, tools],
                layout=shared(W.Layout, width="100%", grid_gap="10px", align_items="flex-start"),
                _dom_classes=("dmw-row-line",),
            )
            row.box = W.VBox([line, row.message], _dom_classes=("dmw-row",))
        return row

    def _flex(self, key: str) -> str:
        return self.spec.flex.get(key, "1 1 10em")

    def _new_id(self) -> str:
        """The first free id: not an item's, nor a draft's of any table (a draft keeps its id
        when it becomes an item)."""
        doc = self.session.doc
        rows = [*self.rows, *([self.removed[1]] if self.removed else [])]  # an undone removal gets its id back
        used = self.spec.taken(doc) | {d.id for d in doc.drafts} | {r.key for r in rows if r.key}
        prefix = self.spec.id_prefix or f"{self.spec.name}-"
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def _edited(self, row: _Row) -> None:
        results = {key: f.read() for key, f in row.fields.items()}
        if not all(ok for ok, _ in results.values()):
            row.tell("")
            if row.item is None and self.spec.drafts:  # unfinished: kept as typed
                row.key = row.key or self._new_id()
                row.tell(self._write() or "")
                self._mark(row)
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
            row.data, row.key = data, data.get("id") or row.key
        row.tell(problem or "")
        self._mark(row)

    def _write(self) -> str | None:
        """The complete rows as the list, the kept unfinished ones as the table's drafts (unless
        the table is no longer shown: a click on its way from an old one writes nothing)."""
        if any(f.retired for r in self.rows for f in r.fields.values()):
            return None
        items = [r.item for r in self.rows if r.item is not None]
        table = self.spec.name
        drafts = [r.draft(table, r.key) for r in self.rows if r.item is None and r.key] if self.spec.drafts else []

        def apply(doc: Assessment) -> None:
            self.spec.write(doc, items)
            if self.spec.drafts:
                # every table's drafts together, tables in name order: a write moves no other table's
                others = [d for d in doc.drafts if d.table != table]
                doc.drafts = sorted([*others, *drafts], key=lambda d: d.table)

        return self.session.change(apply)

    def _mark(self, row: _Row) -> None:
        """An unfinished row kept as a draft says so: it is in no chart or report yet."""
        draft = row.item is None and row.key is not None
        (row.box.add_class if draft else row.box.remove_class)("dmw-draft")
        if draft and row.unfinished is None:
            row.unfinished = html("", "dmw-help", "dmw-draft-note")
            row.box.children = [*row.box.children, row.unfinished]
        if row.unfinished is not None:
            row.unfinished.value = escape(self.session.t("ui.rows.unfinished")) if draft else ""

    def _remove(self, row: _Row) -> None:
        if row.item is not None:
            reason = self.spec.guard(self.session.doc, row.item)
            if reason:
                row.tell(self.session.t(reason))
                return
        at = self.rows.index(row)
        self.rows.remove(row)
        problem = self._write() if row.item is not None or row.key is not None else None
        if problem:
            self.rows.insert(at, row)
            row.tell(problem)
        else:
            self._remember((at, row))
        show(self.undo_bar, self.removed is not None)
        self._render()

    def undo(self) -> None:
        """Put the last row removed back where it was, as it was."""
        if self.removed is None:
            return
        at, row = self.removed
        self.rows.insert(min(at, len(self.rows)), row)
        problem = self._write()
        if problem:
            self.rows.remove(row)
            self.undo_note.value = escape(problem)
            return
        self._remember(None)
        show(self.undo_bar, False)
        self._render()

    def move(self, row: _Row, step: int) -> None:
        """Move ``row`` one place up (-1) or down (1); the list is saved in its new order."""
        i = self.rows.index(row)
        j = i + step
        if not 0 <= j < len(self.rows):
            return
        self.rows[i], self.rows[j] = self.rows[j], self.rows[i]
        problem = self._write()
        if problem:
            self.rows[i], self.rows[j] = self.rows[j], self.rows[i]
            row.tell(problem)
        self._render()

    def _render(self) -> None:
        """Show the rows and number their classes from 0, as browser tests expect.

        Every class a row gives up is taken away before any row is given its new one, and
        the page sees these changes one by one: done the other way round, two rows would
        share a class for a moment (after a move, the row going up and the one going down)."""
        moved = [(i, row) for i, row in enumerate(self.rows) if row.index != i]
        for _, row in moved:
            if row.index >= 0:  # a new row has no place's classes to give up yet
                self._number(row, None)
        self.body.children = [row.box for row in self.rows]
        for i, row in moved:
            self._number(row, i)
        for i, row in enumerate(self.rows):
            row.up.disabled, row.down.disabled = i == 0, i == len(self.rows) - 1
            if self.spec.card_title:
                row.title.value = f"<h4>{escape(self.session.t(self.spec.card_title, number=i + 1))}</h4>"
        self.renumber()
        self._render_header()

    def _number(self, row: _Row, i: int | None) -> None:
        """Give ``row`` the classes of place ``i``, or (None) take its place's classes away."""
        name = self.spec.name
        for key, f in row.fields.items():
            if i is None:
                f.clear_css()
            else:
                f.set_css(f"dmw-{name}-{key}-{i}")
        for widget, css in (
            (row.remove, "dmw-{name}-remove-{i}"),
            (row.up, "dmw-{name}-up-{i}"),
            (row.down, "dmw-{name}-down-{i}"),
            (row.message, "dmw-{name}-{i}-message"),
            (row.box, "dmw-{name}-row-{i}"),
        ):
            if i is None:
                if row.index >= 0:
                    widget.remove_class(css.format(name=name, i=row.index))
            else:
                widget.add_class(css.format(name=name, i=i))
        row.index = -1 if i is None else i

    def renumber(self) -> None:
        """Each stored item's number as the document gives it now (a draft has none yet)."""
        if self.spec.number is not None:
            for row in self.rows:
                number = self.spec.number(self.session.doc, row.key) if row.item is not None and row.key else "…"
                if row.number is not None:
                    row.number.value = f'<span class="dmw-label">{escape(number)}</span>'

    def _render_header(self) -> None:
        """Column headings over a plain table (cards label their own fields)."""
        visible = bool(self.rows) and not self.spec.card_title
        show(self.header, visible)
        if visible:
            first = self.rows[0]
            labels = [html("", "dmw-row-number")] if self.spec.number else []
            if labels:
                labels[0].layout = shared(W.Layout, width=f"{NUMBER_EM}em", flex=f"0 0 {NUMBER_EM}em")
            for key, f in first.fields.items():
                label = html(f'<span class="dmw-label">{"" if f.inline else escape(f.label)}</span>')
                label.layout = shared(W.Layout, flex=self._flex(key), width="auto")
                labels.append(label)
            end = html("")
            end.layout = shared(W.Layout, width="auto", min_width=f"{TOOLS_EM}em")  # the arrows and remove button
            self.header.children = [*labels, end]
            self.box.add_class(fold_class(self._one_line(first)))

    def _one_line(self, row: _Row) -> float:
        """The width (em) a row needs on one line under its headings: its columns' bases and gaps."""
        bases = [float(m[1]) if (m := re.search(r"([\d.]+)em$", self._flex(key))) else 0 for key in row.fields]
        number = [NUMBER_EM] if row.number else []
        return sum([*bases, *number, TOOLS_EM]) + GAP_EM * (len(bases) + len(number))


def text_list(
    session: Session,
    name: str,
    label: str,
    read: Callable[[Assessment], list[str]],
    write: Callable[[Assessment, list[str]], None],
    add_label: str,
    rows: int = 1,
) -> RowTable:
    """A list of texts (challenges, own channels …), one per row; ``rows``: lines a text wraps over."""
    return RowTable(
        session,
        RowSpec(
            name=name,
            read=read,
            write=write,
            add_label=add_label,
            fields=lambda data: {
                "text": text(
                    session, f"dmw-{name}-text", label, data.get("text", ""), required="ui.error.required", rows=rows
                )
            },
            make=lambda data: data["text"],
            dump=lambda item: {"text": item},
        ),
    )
