"""Inputs tied to the assessment: a problem is shown beside the field in plain words, and
nothing is stored until it is fixed.

A :class:`Field` is an input, its label, and a message line; ``parse`` turns what the
user typed into the model's value or raises :class:`Invalid` with the message to show.
:func:`bind` saves a valid value through :meth:`Session.change` at once. Every input
gets a stable CSS class (``dmw-org-name``) so browser tests can find it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

import ipywidgets as W

from ..document.model import Assessment
from .parse import parse_date, parse_number, show_date, show_number
from .session import Session
from .style import html

Options = Sequence[tuple[str, Any]]


class Invalid(ValueError):
    """A value that cannot be stored; the message is for the user, in the session's language."""


def _same(value: Any) -> Any:
    return value


class Field:
    """One input with its label and the message shown beside it."""

    inline = False  # True when the control shows its own label (a checkbox)

    def __init__(self, control: W.Widget, css: str, label: str, parse: Callable[[Any], Any] = _same) -> None:
        self.control, self.label, self.parse = control, label, parse
        if label and not self.inline and "description" in control.trait_names():
            control.description = label  # the input's own <label> (screen readers); the page shows .dmw-label
        self.message = W.HTML()
        self.message.add_class("dmw-message")
        self.css = ""
        self._callbacks: list[Callable[[], None]] = []
        self._muted = False
        self.set_css(css)
        self._observe(control)

    def raw(self) -> Any:
        return self.control.value

    def _observe(self, widget: W.Widget) -> None:
        widget.observe(lambda _change: self._fire(), names="value")

    def _fire(self) -> None:
        if not self._muted:
            for callback in list(self._callbacks):
                callback()

    def watch(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Change what the input shows without it counting as the user's edit."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def _styled(self) -> list[tuple[W.Widget, str]]:
        return [(self.control, ""), (self.message, "-message")]

    def set_css(self, css: str) -> None:
        """Give the input its class, e.g. ``dmw-kpi-target-0`` (renumbered when rows go)."""
        for widget, suffix in self._styled():
            if self.css:
                widget.remove_class(self.css + suffix)
            widget.add_class(css + suffix)
        self.css = css

    def read(self) -> tuple[bool, Any]:
        """(True, value) for a valid input; otherwise (False, None) with the message shown."""
        try:
            value = self.parse(self.raw())
        except Invalid as exc:
            self.tell(str(exc))
            return False, None
        self.tell("")
        return True, value

    def tell(self, message: str) -> None:
        self.message.value = escape(message)
        if message:
            self.control.add_class("dmw-invalid")
        else:
            self.control.remove_class("dmw-invalid")

    def widget(self, labelled: bool = True, flex: str | None = None) -> W.VBox:
        """The field as shown: label (unless the table heads the column), input, message."""
        parts: list[W.Widget] = []
        if labelled and self.label and not self.inline:
            parts.append(html(f'<span class="dmw-label">{escape(self.label)}</span>'))
        box = W.VBox([*parts, self.control, self.message],
                     layout=W.Layout(flex=flex, width="auto" if flex else "100%", min_width="0"))
        box.add_class("dmw-field")
        return box


class Choice(Field):
    """A dropdown over any values, None included (ipywidgets cannot select a None value itself)."""

    def __init__(self, css: str, label: str, options: Options, value: Any) -> None:
        self.values: list[Any] = []
        control = W.Dropdown(layout=W.Layout(width="auto"))
        self._fill(control, options, value)
        super().__init__(control, css, label, lambda i: self.values[i] if i is not None else None)

    def _fill(self, control: W.Dropdown, options: Options, value: Any) -> None:
        self.values = [v for _, v in options]
        control.options = [(label, i) for i, (label, _) in enumerate(options)]
        control.value = self.values.index(value) if value in self.values else (0 if self.values else None)

    def set_options(self, options: Options) -> None:
        """New choices (e.g. goals renamed) keeping the selected value, without saving anything."""
        ok, value = self.read()
        with self.quiet():
            self._fill(self.control, options, value if ok else None)

    def select(self, value: Any) -> None:
        """Show ``value`` as chosen without saving anything (the document says so already)."""
        with self.quiet():
            self.control.value = self.values.index(value) if value in self.values else 0


class Many(Field):
    """Several choices at once, as checkboxes or as compact toggle buttons."""

    def __init__(self, css: str, label: str, options: Options, value: Sequence[Any], *, buttons: bool,
                 parse: Callable[[Any], Any], tips: dict[Any, str] | None = None) -> None:
        self.buttons = buttons
        self.items: list[tuple[W.Widget, Any]] = []
        box = W.Box(layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        super().__init__(box, css, label, parse)
        self._fill(options, value, tips or {})

    def raw(self) -> list[Any]:
        return [v for widget, v in self.items if widget.value]

    def _observe(self, widget: W.Widget) -> None:
        """The box itself has no value; its items are observed as they are made."""

    def _styled(self) -> list[tuple[W.Widget, str]]:
        return super()._styled() + [(widget, f"-{v}") for widget, v in self.items]

    def _make(self, label: str, on: bool, tip: str) -> W.Widget:
        if self.buttons:
            return W.ToggleButton(value=on, description=label, tooltip=tip, layout=W.Layout(width="auto", min_width="3em"))
        return W.Checkbox(value=on, description=label, indent=False, layout=W.Layout(width="15em"))

    def _fill(self, options: Options, value: Sequence[Any], tips: dict[Any, str]) -> None:
        self.items = [(self._make(label, v in value, tips.get(v, "")), v) for label, v in options]
        for widget, v in self.items:
            widget.add_class(f"{self.css}-{v}")
            super()._observe(widget)
        self.control.children = [widget for widget, _ in self.items]

    def set_options(self, options: Options, tips: dict[Any, str] | None = None) -> None:
        """New choices keeping those still offered, without saving anything."""
        self._fill(options, self.raw(), tips or {})


class Flag(Field):
    """A checkbox: it carries its own label, so a table column needs no heading text."""

    inline = True

    def __init__(self, css: str, label: str, value: bool) -> None:
        super().__init__(W.Checkbox(value=value, description=label, indent=False, layout=W.Layout(width="auto")), css, label)


def _checked(session: Session, required: str | None) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip()
        if required and not value:
            raise Invalid(session.t(required))
        return value

    return parse


def text(session: Session, css: str, label: str, value: str = "", *, required: str | None = None,
         rows: int = 1, placeholder: str = "") -> Field:
    """A text (wrapping over ``rows`` lines when more than one); ``required`` is the key of
    the message shown when it is left empty."""
    kind = W.Textarea if rows > 1 else W.Text
    control = kind(value=value, placeholder=placeholder, continuous_update=False, layout=W.Layout(width="auto"))
    if rows > 1:
        control.rows = rows
    return Field(control, css, label, _checked(session, required))


def number(session: Session, css: str, label: str, value: float | None, *, required: str | None = None) -> Field:
    """A number written the local way (``2,5`` in Danish); ``required``: message when empty."""

    def parse(raw: str) -> float | None:
        try:
            found = parse_number(raw, session.lang)
        except ValueError:
            raise Invalid(session.t("ui.error.number")) from None
        if found is None and required:
            raise Invalid(session.t(required))
        return found

    control = W.Text(value=show_number(value, session.lang), continuous_update=False, layout=W.Layout(width="auto"))
    return Field(control, css, label, parse)


def date(session: Session, css: str, label: str, value: Any) -> Field:
    """A date typed as day.month.year, checked as a real date."""

    def parse(raw: str) -> Any:
        try:
            return parse_date(raw)
        except ValueError:
            raise Invalid(session.t("ui.error.date")) from None

    control = W.Text(value=show_date(value, session.lang), placeholder=session.t("ui.date.placeholder"),
                     continuous_update=False, layout=W.Layout(width="auto"))
    return Field(control, css, label, parse)


def many(session: Session, css: str, label: str, options: Options, value: Sequence[Any], *,
         buttons: bool = False, required: str | None = None, tips: dict[Any, str] | None = None) -> Many:
    """Several of ``options``; ``required``: message when none is chosen."""

    def parse(raw: list[Any]) -> list[Any]:
        if required and not raw:
            raise Invalid(session.t(required))
        return raw

    return Many(css, label, options, value, buttons=buttons, parse=parse, tips=tips)


def bind(session: Session, field: Field, apply: Callable[[Assessment, Any], None]) -> Field:
    """Save the field's value into the document whenever it changes and is valid."""

    def changed() -> None:
        ok, value = field.read()
        if ok:
            field.tell(session.change(lambda doc: apply(doc, value)) or "")

    field.watch(session.guard(f"saving {field.css}", changed))
    return field


def put(path: str) -> Callable[[Assessment, Any], None]:
    """Where a field's value goes in the document, e.g. ``put("organisation.name")``."""
    *parents, last = path.split(".")

    def apply(doc: Assessment, value: Any) -> None:
        target: Any = doc
        for name in parents:
            target = getattr(target, name)
        setattr(target, last, value)

    return apply


def catalogue_options(session: Session, kind: str) -> list[tuple[str, str]]:
    """A catalogue list (channels, priorities …) as (name in the session's language, id)."""
    return [(item.name(session.lang), item.id) for item in getattr(session.opened.catalogue, kind)]
