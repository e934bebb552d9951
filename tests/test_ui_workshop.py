"""The workshop in the consultant's step: start the vote server, open an item, see the
phones' votes arrive within two seconds, reveal the spread, agree, lock, end."""

from __future__ import annotations

import asyncio
import html

import pytest

from assessment.document.context import open_assessment
from assessment.document.store import load
from assessment.ui.state.session import Session
from assessment.ui.steps.areas import AreasView
from assessment.ui.steps.dialogue import DialogueView
from assessment.ui.workshop.controls import wall_for
from assessment.workshop import room

from .uikit import choose, every_step, example_session, find, home, one  # noqa: F401 - home is a fixture
from .voteserver import Phone


class Url:
    def __init__(self, join_url: str) -> None:
        self.join_url = join_url


@pytest.fixture
def loop():
    """The kernel's event loop, run by the test for as long as a kernel would sit idle."""
    found = asyncio.new_event_loop()
    asyncio.set_event_loop(found)
    yield found
    found.close()
    asyncio.set_event_loop(None)


def idle(loop, seconds: float) -> None:
    """Run the kernel's loop; a browser test earlier in the session may have left its own loop
    marked as running in this thread, which a kernel would never see."""
    left_over = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        loop.run_until_complete(asyncio.sleep(seconds))
    finally:
        asyncio.events._set_running_loop(left_over)


@pytest.fixture
def session(tmp_path, home):
    s = example_session(tmp_path)
    s.change(lambda doc: setattr(doc.room, "polls", []))
    return s


def text(widget) -> str:
    return html.unescape(widget.value)


def test_a_workshop_from_start_to_lock(session, loop):
    view = DialogueView(session)
    one(view, "dmw-workshop-start").click()
    assert one(view, "dmw-wall")
    join = text(one(view, "dmw-wall-join-panel"))
    code = load(session.path).room.code
    assert "<svg" in join and code in join and "Kun denne computer kan deltage" in join
    url = join.split('href="')[1].split('"')[0]
    assert url.startswith("http://127.0.0.1:") and "/w/" in url
    one(view, "dmw-wall-open").click()
    assert load(session.path).room.poll("dialogue").state == "open"
    phones = [Phone(Url(url)) for _ in range(3)]
    try:
        for phone, seat, levels in zip(
            phones, ("p1", "p2", "anonymous"), (("1", "4"), ("3", "4"), ("2", "5")), strict=True
        ):
            phone.join(seat)
            phone.vote({"dialogue": levels})
        idle(loop, 2.0)
        status = text(one(view, "dmw-wall-status"))
        assert "3 af 3 har stemt" in status and "dot current" not in status, "counted, not shown"
        one(view, "dmw-wall-reveal").click()
        status = text(one(view, "dmw-wall-status"))
        assert (
            status.count('class="dot current') == 1 + 3
            and "Diskussionspunkt: stemmerne spænder over 2 niveauer" in status
        )
        assert one(view, "dmw-wall-agree-current").value == 2, "the median is offered"
        choose(one(view, "dmw-wall-agree-desired"), "4 · Proaktiv dialog")
        one(view, "dmw-wall-reasoning").value = "Vi svarer, men uden faste svartider"
        one(view, "dmw-wall-dissent").value = "En ville gå til niveau 5"
        one(view, "dmw-wall-lock").click()
        stored = load(session.path)
        poll = stored.room.poll("dialogue")
        assert (stored.dialogue.current, stored.dialogue.desired, poll.state) == (2, 4, "locked")
        assert (poll.reasoning, poll.dissent) == ("Vi svarer, men uden faste svartider", "En ville gå til niveau 5")
        assert "Låst: i dag niveau 2, ønsket niveau 4." in text(one(view, "dmw-wall-status"))
        server = wall_for(session).server
        one(view, "dmw-wall-end").click()
        assert server.process.poll() is not None, "the server stopped with the workshop"
        assert load(session.path).room.run is None and not find(view, "dmw-wall")
    finally:
        for phone in phones:
            phone.close()


def test_the_areas_step_opens_the_wall_on_the_area_in_view(session, loop):
    view = AreasView(session)
    one(view, "dmw-area-next").click()
    one(view, "dmw-workshop-start").click()
    try:
        second = session.opened.scale.areas[1]
        assert wall_for(session).chosen == f"area:{second.id}"
        assert second.name("da") in text(wall_for(session).heading)
    finally:
        one(view, "dmw-wall-end").click()


def test_with_two_voters_the_wall_shows_no_spread(session, loop):
    session.change(
        lambda doc: setattr(doc, "dialogue", doc.dialogue.model_copy(update={"current": None, "desired": None}))
    )
    view = DialogueView(session)
    one(view, "dmw-workshop-start").click()
    try:
        one(view, "dmw-wall-open").click()
        url = text(one(view, "dmw-wall-join-panel")).split('href="')[1].split('"')[0]
        for seat in ("p1", "p2"):
            phone = Phone(Url(url))
            phone.join(seat)
            phone.vote({"dialogue": ("1", "5")})
            phone.close()
        idle(loop, 2.0)
        one(view, "dmw-wall-reveal").click()
        status = text(one(view, "dmw-wall-status"))
        assert "vises først, når mindst 3 har valgt et niveau (nu 2)" in status and "dot current" not in status
        assert one(view, "dmw-wall-agree-current").value is None, "no median offered either"
    finally:
        one(view, "dmw-wall-end").click()


def test_the_wall_follows_the_sessions_language(session):
    from assessment.ui.app import App

    app = every_step(App(session))
    assert one(app.tabs.children[3], "dmw-workshop-network").description == "Lad telefoner på netværket deltage"
    choose(one(app.box, "dmw-language"), "English")
    assert one(every_step(app).tabs.children[3], "dmw-workshop-network").description == "Let phones on the network join"
    options = [label for label, _ in wall_for(session).agreed[0].options]
    assert "1 · One-way information" in options


def test_pull_folds_in_another_writers_votes_and_keeps_unsaved_answers(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes((example_session(tmp_path).path).read_bytes())
    mine = Session(open_assessment(path))
    theirs = open_assessment(path)
    room.open_item(theirs.doc, theirs.scale, "dialogue")
    room.cast(theirs.doc, theirs.scale, "p1", "dialogue", 2, 3)
    theirs.file.save(theirs.doc)
    heard = []
    mine.subscribe(lambda sections, external: heard.append((sections, external)))
    assert mine.pull() == frozenset({"room"})
    assert heard == [(frozenset({"room"}), True)]
    assert [v.voter for v in mine.doc.room.poll("dialogue").round.votes] == ["p1"]
    assert mine.pull() == frozenset(), "nothing new"
    mine.change(lambda doc: setattr(doc.dialogue, "rationale", "mit"))
    assert load(path).dialogue.rationale == "mit" and load(path).room.poll("dialogue") is not None
