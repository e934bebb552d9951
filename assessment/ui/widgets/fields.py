"""Inputs tied to the assessment: a problem is shown beside the field in plain words, and
nothing is stored until it is fixed.

A :class:`Field` is an input, its label, and a message line; ``parse`` turns what the
user typed into the model's value or raises :class:`Invalid` with the message to show.
:func:`bind` saves a valid value through :meth:`Session.change`: a choice at once, typed
text after a pause of :data:`PAUSE` seconds or when the field is left, so a reload a
moment after typing loses nothing. Messages wait until the user changed or left the field
(or tried to move on): a fresh empty row is not a mistake. A value from the document is
never pushed into a field the user is editing (:meth:`Field.show`). Every input gets a
stable CSS class (``dmw-org-name``) so browser tests can find it, and a unique one
(``dmw-f12``) by which the page reports focus (:mod:`assessment.ui.widgets.focus`).
"""

from __future__ import annotations

import asyncio
import itertools
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

import ipywidgets as W

from ...document.model import Assessment
from ..state.session import Session
from .parse import parse_date, parse_number, show_date, show_number
from .style import html, shared, styled

Options = Sequence[tuple[str, Any]]

#: Seconds of quiet after the last keystroke before typed text is saved.
PAUSE = 1.0


def later(delay: float, action: Callable[[], None]) -> asyncio.TimerHandle | None:
    """Run ``action`` after ``delay`` seconds on the kernel's event loop (where widget events
    arrive); None when no loop runs (plain Python: scripts, tests), so the caller acts now."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, action)


_numbers = itertools.count(1)
#: Every field alive, by its unique class, for the page's focus reports.
LIVE: weakref.WeakValueDictionary[str, Field] = weakref.WeakValueDictionary()
#: Called after a field was left or its typed text acted on (views waiting to redraw).
AFTER_EDIT: list[Callable[[], None]] = []


def _edit_ended() -> None:
    for action in list(AFTER_EDIT):
        action()


def fields_in(widget: W.Widget) -> Iterator[Field]:
    """The fields shown in ``widget``, by the unique class each gives its input."""
    for uid in getattr(widget, "_dom_classes", ()):
        if uid.startswith("dmw-f") and (field := LIVE.get(uid)) is not None:
            yield field
    for child in getattr(widget, "children", ()) or ():
        yield from fields_in(child)


def editing(widget: W.Widget) -> bool:
    """Whether the user is in, or has unsaved typing in, a field shown in ``widget``."""
    return any(field.editing for field in fields_in(widget))


class Invalid(ValueError):
    """A value that cannot be stored; the message is for the user, in the session's language."""


def _same(value: Any) -> Any:
    return value


class Field:
    """One input with its label and the message shown beside it."""

    inline = False  # True when the control shows its own label (a checkbox)

    def __init__(
        self,
        control: W.Widget,
        css: str,
        label: str,
        parse: Callable[[Any], Any] = _same,
        shown: Callable[[Any], Any] = _same,
    ) -> None:
        self.control, self.label, self.parse, self.shown = control, label, parse, shown
        self.css = css
        self.uid = f"dmw-f{next(_numbers)}"
        self.message = styled(W.HTML, layout=shared(W.Layout), _dom_classes=("dmw-message", f"{css}-message"))
        with control.hold_sync():  # label and classes reach the page as one message, not three
            if label and not self.inline and "description" in control.trait_names():
                control.description = label  # the input's own <label> (screen readers); the page shows .dmw-label
            control._dom_classes = (*control._dom_classes, self.uid, css)
        LIVE[self.uid] = self
        self.typed = isinstance(control, (W.Text, W.Textarea))  # saved after a pause, not per keystroke
        self.stored: Any = None  # the document's value as this field last saw or saved it
        self.source: Callable[[Assessment], Any] | None = None  # where the document holds it, when bound
        self.touched = True  # False in a fresh row: its messages wait until the user changed or left it
        self.focused = False  # the page says the cursor is in it
        self.retired = False  # no longer shown: writes nothing
        self._timer: asyncio.TimerHandle | None = None
        self._callbacks: list[Callable[[], None]] = []
        self._muted = False
        self._observe(control)

    def raw(self) -> Any:
        return self.control.value

    def _observe(self, widget: W.Widget) -> None:
        widget.observe(lambda _change: self._edited(), names="value")

    def _edited(self) -> None:
        """The user changed the input: typed text waits for a pause, anything else counts now."""
        if self._muted:
            return
        if self.typed:
            timer = later(PAUSE, self.flush)
            if timer is not None:
                if self._timer is not None:
                    self._timer.cancel()
                self._timer = timer
                return
        self._fire()

    def flush(self) -> None:
        """Act on typed text now if it waits for its pause (the pause ended, the field was left)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self._fire()
            _edit_ended()

    def retire(self) -> None:
        """The field is no longer shown (its step was drawn again): whatever it still reports,
        an event on its way or a pause ending, is dropped rather than written over newer values."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._callbacks.clear()
        self.focused = False
        self.retired = True

    @property
    def editing(self) -> bool:
        """The user is in this field, or typed text in it that is not acted on yet."""
        return self.focused or self._timer is not None

    def _fire(self) -> None:
        self.touched = True
        for callback in list(self._callbacks):
            callback()

    def left(self) -> None:
        """The user left the field: act on what was typed, and say what is missing."""
        self.focused = False
        if self._timer is not None:
            self.flush()
        else:
            self.reveal()
            _edit_ended()

    def reveal(self) -> None:
        """Show the field's message from now on (it was left, or the user tried to move on)."""
        self.touched = True
        self.read()

    def show(self, value: Any) -> None:
        """``value`` from the document: shown unless the field holds it already or the user is
        editing the field (their own save comes next, and must not be cut short)."""
        if value == self.stored or self.editing:
            return
        self.stored = value
        with self.quiet():
            self.put(value)

    def sync(self, doc: Assessment) -> None:
        """Show the document's value of a bound field (see :meth:`show`)."""
        if self.source is not None:
            self.show(self.source(doc))

    def put(self, value: Any) -> None:
        self.control.value = self.shown(value)

    def kept(self) -> Any:
        """What a draft row keeps of this input: text as typed (valid or not), else the choice."""
        return self.raw()

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
        """Give the input its class, e.g. ``dmw-kpi-target-0`` (renumbered when rows go), in
        place of the one it has (one message to the page per widget)."""
        for widget, suffix in self._styled():
            with widget.hold_sync():
                if self.css:
                    widget.remove_class(self.css + suffix)
                widget.add_class(css + suffix)
        self.css = css

    def clear_css(self) -> None:
        """Take the input's class away, before another row's input is given it."""
        if self.css:
            for widget, suffix in self._styled():
                widget.remove_class(self.css + suffix)
        self.css = ""

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
        if not self.touched:
            message = ""
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
        sizes = {"flex": flex, "width": "auto"} if flex else {"width": "100%"}
        return W.VBox(
            [*parts, self.control, self.message],
            layout=shared(W.Layout, min_width="0", **sizes),
            _dom_classes=("dmw-field",),
        )


class Choice(Field):
    """A dropdown over any values, None included (ipywidgets cannot select a None value itself)."""

    def __init__(self, css: str, label: str, options: Options, value: Any) -> None:
        self.values: list[Any] = []
        control = styled(W.Dropdown, layout=shared(W.Layout, width="auto"))
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
            self.put(value)

    def put(self, value: Any) -> None:
        self.control.value = self.values.index(value) if value in self.values else 0

    def kept(self) -> Any:
        return self.values[self.control.value] if self.control.value is not None else None


class Many(Field):
    """Several choices at once, as checkboxes or as compact toggle buttons."""

    def __init__(
        self,
        css: str,
        label: str,
        options: Options,
        value: Sequence[Any],
        *,
        buttons: bool,
        parse: Callable[[Any], Any],
        tips: dict[Any, str] | None = None,
        width: str = "15em",
    ) -> None:
        self.buttons, self.width = buttons, width
        self.items: list[tuple[W.Widget, Any]] = []
        box = W.Box(layout=shared(W.Layout, display="flex", flex_flow="row wrap", width="100%"))
        super().__init__(box, css, label, parse)
        self._fill(options, value, tips or {})

    def raw(self) -> list[Any]:
        return [v for widget, v in self.items if widget.value]

    def _observe(self, widget: W.Widget) -> None:
        """The box itself has no value; its items are observed as they are made."""

    def _styled(self) -> list[tuple[W.Widget, str]]:
        return super()._styled() + [(widget, f"-{v}") for widget, v in self.items]

    def _make(self, label: str, on: bool, tip: str, css: str) -> W.Widget:
        if self.buttons:
            return styled(
                W.ToggleButton,
                value=on,
                description=label,
                tooltip=tip,
                layout=shared(W.Layout, width="auto", min_width="3em"),
                _dom_classes=(css,),
            )
        return styled(
            W.Checkbox,
            value=on,
            description=label,
            indent=False,
            layout=shared(W.Layout, width=self.width),
            _dom_classes=(css,),
        )

    def _fill(self, options: Options, value: Sequence[Any], tips: dict[Any, str]) -> None:
        self.items = [(self._make(label, v in value, tips.get(v, ""), f"{self.css}-{v}"), v) for label, v in options]
        for widget, _ in self.items:
            super()._observe(widget)
        self.control.children = [widget for widget, _ in self.items]

    def set_options(self, options: Options, tips: dict[Any, str] | None = None) -> None:
        """New choices keeping those still offered, without saving anything."""
        self._fill(options, self.raw(), tips or {})

    def put(self, value: Any) -> None:
        for widget, v in self.items:
            widget.value = v in value


class Flag(Field):
    """A checkbox: it carries its own label, so a table column needs no heading text."""

    inline = True

    def __init__(self, css: str, label: str, value: bool) -> None:
        super().__init__(
            styled(W.Checkbox, value=value, description=label, indent=False, layout=shared(W.Layout, width="auto")),
            css,
            label,
        )


def _checked(session: Session, required: str | None) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip()
        if required and not value:
            raise Invalid(session.t(required))
        return value

    return parse


def text(
    session: Session,
    css: str,
    label: str,
    value: str = "",
    *,
    required: str | None = None,
    rows: int = 1,
    placeholder: str = "",
) -> Field:
    """A text (wrapping over ``rows`` lines when more than one); ``required`` is the key of
    the message shown when it is left empty."""
    kind = W.Textarea if rows > 1 else W.Text
    control = styled(
        kind, value=value, placeholder=placeholder, continuous_update=True, layout=shared(W.Layout, width="auto")
    )
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

    control = styled(
        W.Text,
        value=_typed(value, show_number, session.lang),
        continuous_update=True,
        layout=shared(W.Layout, width="auto"),
    )
    return Field(control, css, label, parse, lambda v: show_number(v, session.lang))


def date(session: Session, css: str, label: str, value: Any) -> Field:
    """A date typed as day.month.year, checked as a real date."""

    def parse(raw: str) -> Any:
        try:
            return parse_date(raw)
        except ValueError:
            raise Invalid(session.t("ui.error.date")) from None

    control = styled(
        W.Text,
        value=_typed(value, show_date, session.lang),
        placeholder=session.t("ui.date.placeholder"),
        continuous_update=True,
        layout=shared(W.Layout, width="auto"),
    )
    return Field(control, css, label, parse, lambda v: show_date(v, session.lang))


def _typed(value: Any, shown: Callable[[Any, str], str], lang: str) -> str:
    """A stored value the local way, or a draft's text as it was typed (``"12,"``, ``"mange"``)."""
    return value if isinstance(value, str) else shown(value, lang)


def many(
    session: Session,
    css: str,
    label: str,
    options: Options,
    value: Sequence[Any],
    *,
    buttons: bool = False,
    required: str | None = None,
    tips: dict[Any, str] | None = None,
    width: str = "15em",
) -> Many:
    """Several of ``options``; ``required``: message when none is chosen; ``width``: of each checkbox."""

    def parse(raw: list[Any]) -> list[Any]:
        if required and not raw:
            raise Invalid(session.t(required))
        return raw

    return Many(css, label, options, value, buttons=buttons, parse=parse, tips=tips, width=width)


def bind(
    session: Session,
    field: Field,
    apply: Callable[[Assessment, Any], None],
    source: Callable[[Assessment], Any] | None = None,
) -> Field:
    """Save the field's value into the document whenever it changes and is valid; ``source``
    reads it back, so a change from elsewhere can be shown (:meth:`Field.sync`)."""
    if source is not None:
        field.source = source
        field.stored = source(session.doc)

    def changed() -> None:
        ok, value = field.read()
        if ok:
            problem = session.change(lambda doc: apply(doc, value))
            if problem is None:
                field.stored = value
            field.tell(problem or "")

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
