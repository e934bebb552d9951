"""A page of the workbook, and how a notebook (or the app) shows it.

A view builds its widgets from the session's document. It is rebuilt whole when the
language changes or another file is opened (on the widgets the page already has:
:mod:`.redraw`); otherwise it only refreshes the live parts (a chart, a list of
choices) that depend on what changed elsewhere. In the app, a view on
a tab nobody looks at is built when its tab is first opened and drawn again only then, so
opening the app and switching its language cost one step, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from html import escape
from typing import Protocol

import ipywidgets as W
from IPython.display import display

from ... import incidents
from ...data.i18n import t
from ...document import workspace
from ...document.context import open_assessment
from ...errors import AssessmentError
from ..state.autosave import SaveIndicator
from ..state.connection import ConnectionWatch
from ..state.session import ALL, Sections, Session, adopt, current
from .fields import AFTER_EDIT, editing, fields_in
from .focus import FocusWatch
from .redraw import drawing, settle
from .rows import ROW_CSS
from .style import heading, html, para, shared, stylesheet

_DEFERRED: ContextVar[bool] = ContextVar("deferred", default=False)


@contextmanager
def deferred() -> Iterator[None]:
    """Views made in this block wait, unbuilt, until :meth:`View.reveal` shows them."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


class View:
    """One step of the workbook; subclasses say what they show in :meth:`build`."""

    name = ""  # CSS: dmw-view-{name}
    title_key = ""  # locale key of the title (also the app's tab)
    intro_key = ""  # locale key of the short introduction
    sections: frozenset[str] = frozenset()  # the document parts this view shows

    def __init__(self, session: Session) -> None:
        self.session = session
        self.box = W.VBox(layout=shared(W.Layout, width="100%"))
        self.box.add_class(f"dmw-view-{self.name}")
        self.hidden = self.stale = _DEFERRED.get()  # out of sight: drawn when next shown
        session.subscribe(self._changed)
        if not self.hidden:
            self.rebuild()

    def reveal(self, shown: bool) -> None:
        """The view comes into sight (built or drawn again if it missed changes) or leaves it."""
        self.hidden = not shown
        if shown and self.stale:
            self.stale = False
            self.rebuild()

    def t(self, key: str, **values: object) -> str:
        return self.session.t(key, **values)

    def rebuild(self) -> None:
        with drawing():
            children = [heading(self.t(self.title_key), 2), para(self.t(self.intro_key), "dmw-intro"), *self.build()]
        for field in fields_in(self.box):  # drawn: the old inputs write nothing from now on
            field.retire()
        settle(self.box, children)

    def build(self) -> list[W.Widget]:
        raise NotImplementedError

    def refresh(self, sections: Sections) -> None:
        """Update live parts after a change made elsewhere in this session."""

    def _changed(self, sections: Sections, external: bool) -> None:
        if self.hidden and (self.stale or ALL in sections or "language" in sections or external):
            self.stale = True  # nobody sees it: drawn from the document when next shown
            return
        if ALL in sections or "language" in sections:
            self.rebuild()
        elif external and sections & self.sections:
            self.pulled(sections)
        else:
            self.refresh(sections)

    def pulled(self, sections: Sections) -> None:
        """Another writer changed what this view shows: by default it is drawn again, but not
        while the user is typing in it (that would throw the text away): then once the field
        is left. A view whose fields take the new values in place says so instead."""
        if not editing(self.box):
            self.rebuild()
        elif self._catch_up not in AFTER_EDIT:
            AFTER_EDIT.append(self._catch_up)

    def _catch_up(self) -> None:
        if not editing(self.box):
            AFTER_EDIT.remove(self._catch_up)
            self.rebuild()


class Header:
    """The organisation's name and the save indicator, above every page, the warning that
    shows when the page has lost its kernel, and the page's focus reports."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.title = html("")
        self.indicator = SaveIndicator(session)
        self.connection = ConnectionWatch(session.t("ui.connection.lost"))
        self.box = W.VBox(
            [self.title, self.indicator.box, self.connection, FocusWatch()], layout=shared(W.Layout, width="100%")
        )
        self.box.add_class("dmw-header")
        session.subscribe(lambda sections, external: self.render())
        self.render()

    def render(self) -> None:
        org = self.session.doc.organisation
        unit = f" · {escape(org.unit)}" if org.unit else ""
        self.title.value = f'<span class="dmw-label">{escape(org.name)}{unit}</span>'
        self.connection.message = self.session.t("ui.connection.lost")


def page(session: Session, *parts: W.Widget) -> W.VBox:
    """A whole page: style sheet, header, then the given parts."""
    box = W.VBox(
        [stylesheet(), W.HTML(f"<style>{ROW_CSS}</style>"), Header(session).box, *parts],
        layout=shared(W.Layout, width="100%"),
    )
    box.add_class("dmw-page")
    return box


def problem_page(exc: AssessmentError) -> W.VBox:
    """What a notebook shows when the chosen assessment cannot be opened: no traceback."""
    lang = workspace.remembered_language()
    box = W.VBox(
        [
            stylesheet(),
            para(t(lang, "ui.open.failed"), "dmw-save-problem"),
            html(f"<code>{escape(str(exc))}</code>", "dmw-help"),
        ]
    )
    box.add_class("dmw-page")
    return box


class Shown(Protocol):
    box: W.Widget


def _example_session() -> Session:
    """The built-in example's working copy, when the chosen file cannot be opened."""
    path = workspace.copy_example(workspace.DEFAULT_EXAMPLE, fresh=False)
    workspace.remember(path, "da")
    session = Session(open_assessment(path))
    adopt(session)
    return session


def show_view(*makers: Callable[[Session], Shown], fallback: bool = False) -> None:
    """Display steps for the workspace's current assessment (the notebooks' one call).

    If that file cannot be opened, say so; with ``fallback`` (the start page and the app,
    where another file can be chosen) go on with the built-in example.
    """
    warning: list[W.Widget] = []
    try:
        session = current()
    except AssessmentError as exc:
        if not fallback:
            display(problem_page(exc))
            return
        warning = [problem_page(exc)]
        session = _example_session()
    try:
        shown = page(session, *warning, *(make(session).box for make in makers))
    except Exception as exc:
        log = incidents.record(exc, f"showing {', '.join(getattr(m, '__name__', str(m)) for m in makers)}")
        shown = W.VBox(
            [
                stylesheet(),
                para(session.t("ui.error.internal", what=incidents.summary(exc), log=log or "—"), "dmw-save-problem"),
            ]
        )
        shown.add_class("dmw-page")
    display(shown)
