"""Widgets that look alike share one layout and one style model, so a page receives fewer
models when a step is drawn; hiding one of them must still hide that one only."""

from __future__ import annotations

import ipywidgets as W

from assessment.ui.steps.start import StartPage
from assessment.ui.widgets.style import button, html, show

from .uikit import example_session, walk


def test_hiding_a_widget_that_shares_its_layout_hides_that_widget_only():
    first, second = html("<p>a</p>"), html("<p>b</p>")
    assert first.layout is second.layout and first.style is second.style
    show(first, False)
    assert first.layout.display == "none" and second.layout.display in ("", None)
    show(first, True)
    assert first.layout.display == "" and first.layout.width == "auto", "its own copy keeps the shared look"
    a, b = button("A", "dmw-a"), button("B", "dmw-b")
    show(a, False)
    assert b.layout.display in ("", None)


def test_the_start_page_sends_far_fewer_models_than_one_layout_and_style_per_widget(tmp_path):
    page = StartPage(example_session(tmp_path))
    widgets = list(walk(page.box))
    layouts = {id(w.layout) for w in widgets if hasattr(w, "layout")}
    styles = {id(w.style) for w in widgets if isinstance(getattr(w, "style", None), W.Widget)}
    assert len(layouts) + len(styles) < len(widgets) / 2


def test_a_language_switch_sends_fewer_updates_than_new_widgets(tmp_path, monkeypatch):
    """Words, looks and classes are given when a widget is made, so most widgets reach the
    page as one message; updates after the fact are what made a switch slow in the browser."""
    from ipywidgets.widgets.widget import Widget

    from assessment.ui.app import App

    session = example_session(tmp_path)
    App(session)
    updates: list[str] = []
    made: list[Widget] = []
    send_state = Widget.send_state
    monkeypatch.setattr(Widget, "send_state", lambda self, key=None: updates.append(str(key)) or send_state(self, key))
    monkeypatch.setattr(Widget, "_widget_construction_callback", made.append)
    session.change(lambda doc: setattr(doc, "language", "en"))
    assert len(made) > 100, "the start tab was drawn again in English"
    assert len(updates) < len(made) * 0.75
