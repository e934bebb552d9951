"""Helpers for the widget tests: open a private copy of an assessment, and find widgets by
the CSS class a browser test would use, so a test does what a user does."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as W
import pytest

from assessment.document import workspace
from assessment.document.context import create_assessment, open_assessment
from assessment.ui.app import App
from assessment.ui.state.session import Session
from assessment.ui.widgets import fields
from assessment.ui.widgets.view import View

from .conftest import REPO

CUSTOM_SCALE = REPO / "scales" / "citizen-participation.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private workbook home; no ASSESSMENT override from the environment running the tests."""
    folder = tmp_path / "home"
    monkeypatch.setenv(workspace.HOME_ENV, str(folder))
    monkeypatch.delenv(workspace.ASSESSMENT_ENV, raising=False)
    return folder


def example_session(tmp_path: Path, name: str = "hospital-da.json") -> Session:
    """A session on a private copy of a shipped example."""
    target = tmp_path / name
    shutil.copy(REPO / "examples" / name, target)
    return Session(open_assessment(target))


def custom_session(tmp_path: Path, lang: str = "da") -> Session:
    """A session on a new, empty assessment on the consultant's 4-level scale."""
    return Session(create_assessment(tmp_path / "kommune.json", str(CUSTOM_SCALE), "Testkommune", "municipality", lang))


def walk(widget: W.Widget) -> Iterator[W.Widget]:
    """The widget and those inside it that the page shows: a stack shows its selected child only."""
    yield widget
    children = getattr(widget, "children", ()) or ()
    if isinstance(widget, W.Stack):
        children = (
            children[widget.selected_index : widget.selected_index + 1] if widget.selected_index is not None else ()
        )
    for child in children:
        yield from walk(child)


def find(root: W.Widget | View | App, css: str) -> list[W.Widget]:
    box = getattr(root, "box", root)
    return [w for w in walk(box) if css in getattr(w, "_dom_classes", ())]


def one(root: W.Widget | View | App, css: str) -> W.Widget:
    """The one widget with class ``css`` (fails when there is none or more than one)."""
    found = find(root, css)
    assert len(found) == 1, f"{css}: {len(found)} widgets"
    return found[0]


def message(root: W.Widget | View | App, css: str) -> str:
    """The plain-words message shown beside the input with class ``css``."""
    return html.unescape(one(root, f"{css}-message").value)


def choose(dropdown: W.Dropdown, label: str) -> None:
    """Pick an option by what the user sees."""
    dropdown.value = dict(dropdown.options)[label]


def field_of(widget: W.Widget) -> fields.Field:
    """The field an input belongs to, by the unique class the page reports focus with."""
    uid = next(c for c in widget._dom_classes if re.fullmatch(r"dmw-f\d+", c))
    return fields.LIVE[uid]


def leave(widget: W.Widget) -> None:
    """The cursor leaves ``widget``, as the page reports it (:mod:`assessment.ui.widgets.focus`)."""
    field_of(widget).left()


def every_step(app: App) -> App:
    """Open each tab once and go back to the first, as a user going through the app would:
    the app draws a step when its tab is opened."""
    for i in range(len(app.tabs.children)):
        app.tabs.selected_index = i
    app.tabs.selected_index = 0
    return app


def visible_texts(root: W.Widget | View | App) -> list[str]:
    """Every text a user can see: labels, buttons, options, placeholders, tips, tab titles."""
    box = getattr(root, "box", root)
    found: list[str] = []
    for w in walk(box):
        for name in ("description", "placeholder", "tooltip"):
            if getattr(w, name, None):
                found.append(getattr(w, name))
        if isinstance(w, (W.HTML, W.Label)):
            found.append(re.sub(r"<style>.*?</style>", "", w.value, flags=re.S))  # a style sheet is not read
        if isinstance(w, (W.Dropdown, W.ToggleButtons)):
            found.extend(label for label, _ in w.options)
        if isinstance(w, W.Tab):
            found.extend(w.titles)
    return found


def on_disk(session: Session):
    """The assessment as saved in the session's file right now."""
    return open_assessment(session.path).doc
