"""A step drawn again reuses the page's widgets: a language switch sends the new words to
the models the page has instead of a page of new ones, the page's events reach the new
inputs, and widgets no longer shown are closed rather than kept for ever."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import comm
import ipywidgets as W
import pytest
from ipywidgets.widgets.widget import Widget, _instances

from assessment.document.context import open_assessment
from assessment.document.store import load
from assessment.ui.app import App
from assessment.ui.state.session import Session
from assessment.ui.steps.intake import IntakeView
from assessment.ui.widgets.redraw import drawing, settle
from assessment.ui.widgets.style import is_shared
from assessment.ui.workshop.controls import wall_for

from .uikit import choose, every_step, example_session, find, home, one  # noqa: F401 - home is a fixture


@pytest.fixture
def page(monkeypatch) -> Counter:
    """What the page is sent: models opened, updates, models closed."""
    sent: Counter = Counter()
    kind = type(comm.create_comm())
    publish = kind.publish_msg

    def count(self, msg_type, *args, **kwargs):
        sent[msg_type] += 1
        return publish(self, msg_type, *args, **kwargs)

    monkeypatch.setattr(kind, "publish_msg", count)
    return sent


def shown(root: Widget) -> Iterator[Widget]:
    """Every widget the page draws for ``root``: children, layouts and styles too."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        for name in widget.keys:
            value = getattr(widget, name)
            stack.extend(v for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, Widget))


def assert_alive(root: Widget) -> None:
    """Each widget shown has a page model of its own, and the page's messages reach it."""
    widgets = list(shown(root))
    assert not [w for w in widgets if w.comm is None], "a widget shown without a page model"
    assert len({w.model_id for w in widgets}) == len(widgets), "two widgets on one page model"
    assert all(_instances[w.model_id] is w for w in widgets)


def test_a_language_switch_draws_the_start_tab_on_the_models_the_page_has(tmp_path, page):
    session = example_session(tmp_path)
    app = App(session)
    before = {w.model_id for w in shown(app.tabs.children[0])}
    page.clear()
    session.change(lambda doc: setattr(doc, "language", "en"))
    after = {w.model_id for w in shown(app.tabs.children[0])}
    assert one(app.box, "dmw-participant-add").description == "Add participant"
    assert len(after - before) <= 2, "not a page of new widgets"
    assert page["comm_open"] <= 2 and page["comm_msg"] < len(before) / 2
    assert_alive(app.box)


def test_the_pages_events_reach_the_inputs_drawn_again(tmp_path):
    session = example_session(tmp_path)
    app = App(session)
    choose(one(app.box, "dmw-language"), "English")
    org_type = one(app.box, "dmw-org-type")
    chosen = [label for label, _ in org_type.options].index("Municipality")
    org_type.comm.handle_msg({"content": {"data": {"method": "update", "state": {"index": chosen}}}, "buffers": []})
    assert load(session.path).organisation.type == "municipality"


def test_every_step_is_alive_after_switching_language_back_and_forth(tmp_path):
    session = example_session(tmp_path)
    app = every_step(App(session))
    for language in ("English", "Norsk bokmål", "Dansk"):
        choose(one(app.box, "dmw-language"), language)
        every_step(app)
        assert_alive(app.box)
    assert one(app.box, "dmw-participant-add").description == "Tilføj deltager"


def test_rows_another_writer_removed_are_closed_on_the_page(tmp_path, page):
    session = example_session(tmp_path)
    app = App(session)
    count = len(session.doc.participants)
    last = one(app.box, f"dmw-participant-name-{count - 1}")
    other = Session(open_assessment(session.path))

    def remove_last(doc) -> None:
        doc.room = type(doc.room)()  # no votes tie the participant to the workshop
        doc.participants = doc.participants[:-1]

    assert other.change(remove_last) is None
    page.clear()
    session.pull()
    assert not find(app.box, f"dmw-participant-name-{count - 1}")
    assert last.comm is None and page["comm_close"] >= 3, "the row's input, label and message are closed"
    assert_alive(app.box)


def test_a_wall_on_screen_lives_through_a_language_switch(tmp_path, home):
    session = example_session(tmp_path)
    app = every_step(App(session))
    dialogue = app.tabs.children[3]
    app.tabs.selected_index = 3
    one(dialogue, "dmw-workshop-start").click()
    try:
        old = one(dialogue, "dmw-wall")
        choose(one(app.tabs.children[0], "dmw-language"), "English")
        every_step(app)  # a step out of sight holds the old wall's widgets until it is drawn again
        wall = one(dialogue, "dmw-wall")
        assert wall is wall_for(session).box and one(wall, "dmw-wall-end").description == "End the workshop"
        assert_alive(app.box)
        assert old.comm is None and not [w for w in shown(old) if w.comm is not None and not is_shared(w)]
    finally:
        one(dialogue, "dmw-wall-end").click()


def test_a_widget_made_while_drawing_opens_once_the_page_needs_it():
    box = W.VBox()
    with drawing() as made:
        hidden = W.Button(description="later")
        children = [W.HTML("now")]
    settle(box, children)
    assert children[0].comm is not None and hidden.comm is None and hidden in made
    box.children = (*box.children, hidden)
    assert hidden.comm is not None and _instances[hidden.model_id] is hidden


def test_rows_added_after_a_drawing_are_drawn_again_on_their_own_models(tmp_path, page):
    session = example_session(tmp_path)
    app = App(session)
    one(app.box, "dmw-participant-add").click()
    one(app.box, f"dmw-participant-role-{len(session.doc.participants)}").value = "Sygeplejerske"  # kept as a draft
    before = {w.model_id for w in shown(app.tabs.children[0])}
    page.clear()
    session.change(lambda doc: setattr(doc, "language", "en"))
    assert {w.model_id for w in shown(app.tabs.children[0])} == before
    assert page["comm_open"] == 0 and page["comm_close"] == 0


def test_a_timer_started_while_drawing_makes_its_widgets_as_usual():
    loop = asyncio.new_event_loop()
    later: list[W.HTML] = []
    try:
        with drawing():
            loop.call_soon(lambda: later.append(W.HTML("a tick of the workshop's wall")))
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
    assert later[0].comm is not None, "not pending for ever"


def test_a_step_that_cannot_be_drawn_again_keeps_its_inputs_working(tmp_path, monkeypatch):
    session = example_session(tmp_path)
    view = IntakeView(session)
    monkeypatch.setattr(IntakeView, "build", lambda self: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        view.rebuild()
    one(view, "dmw-org-name").value = "Renamed Org"
    assert load(session.path).organisation.name == "Renamed Org"
