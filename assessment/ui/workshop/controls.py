"""The workshop in the consultant's step: start the vote server, project the wall, open,
reveal, agree and lock items while the phones vote.

The vote server runs as its own process (``assessment workshop FILE --watch-stdin``), so
forty phones never touch the kernel; it holds the other end of the kernel's pipe and stops
when the kernel dies. The wall learns of votes through the file: a timer on the kernel's
own event loop calls :meth:`Session.pull` every second while the workshop runs, so new
votes show within two seconds, without a reload and without a thread touching the widgets.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as W

from ...data.i18n import format_date
from ...document import workspace
from ...document.privacy import Names
from ...outputs.spread import spread
from ...server.config import read_beacon
from ...server.qr import qr_svg
from ...workshop import room
from ...workshop.items import DIALOGUE, Item, items
from ..state.session import Sections, Session
from ..widgets.levels import level_options
from ..widgets.redraw import close_tree
from ..widgets.style import button, html, shared, show
from .wall import CSS, join_panel, spread_html

PULL_S = 1.0  # seconds between looks at the file while the workshop runs
STARTUP_S = 60.0  # seconds the server may take to start on a busy machine
STOP_S = 5.0


class Ticker:
    """Calls ``action`` every ``every`` seconds on the kernel's event loop until stopped."""

    def __init__(self, every: float, action: Callable[[], None]) -> None:
        self.every, self.action = every, action
        try:
            self.loop = asyncio.get_running_loop()  # the kernel's, while a widget callback runs
        except RuntimeError:
            self.loop = asyncio.get_event_loop_policy().get_event_loop()
        self.handle: asyncio.TimerHandle | None = self.loop.call_later(every, self._tick)

    def _tick(self) -> None:
        if self.handle is None:
            return
        try:
            self.action()
        finally:
            if self.handle is not None:
                self.handle = self.loop.call_later(self.every, self._tick)

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None


class ServerProcess:
    """A vote server this kernel started: its first line is the join address."""

    def __init__(self, session: Session, network: bool, port: int) -> None:
        log = workspace.home() / "logs" / "workshop.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "assessment",
            "workshop",
            str(session.path),
            "--watch-stdin",
            "--host",
            "0.0.0.0" if network else "127.0.0.1",
            "--port",
            str(port),
        ]
        with log.open("ab") as errors:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        self.log = log
        out = self.process.stdout
        assert out is not None  # a pipe, as asked
        first: list[bytes] = []
        reader = threading.Thread(target=lambda: first.append(out.readline()), daemon=True)
        reader.start()
        reader.join(STARTUP_S)
        self.url = first[0].decode("utf-8", "replace").strip() if first and first[0] else ""
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        try:
            while self.process.stdout.read(4096):
                pass
        except (OSError, ValueError):
            pass

    def alive(self) -> bool:
        return self.process.poll() is None

    def problem(self) -> str:
        """The server's last error line, for the wall."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1].removeprefix("error: ") if lines else ""

    def stop(self) -> None:
        try:
            self.process.wait(STOP_S)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(STOP_S)


class Wall:
    """The projector view and the consultant's controls; one per session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lang = session.lang
        self.server: ServerProcess | None = None
        self.url = ""
        self.port = 0
        self.ticker: Ticker | None = None
        self.problem = ""
        self.chosen = DIALOGUE
        self._drawn: tuple[str, str, int] | None = None  # the item, state and round the form was filled for
        self.starters: weakref.WeakSet[W.Button] = weakref.WeakSet()
        self.hosts: dict[str, W.Box] = {}  # each step's launcher, by step: the wall is mounted in one while shown
        self.place = ""
        tx = self.tx
        self.network = W.Checkbox(
            value=False, description=tx("network"), indent=False, layout=shared(W.Layout, width="auto")
        )
        self.network.add_class("dmw-workshop-network")
        self.launch_note = html("", "dmw-help", "dmw-workshop-note")
        self.title = html("")
        self.back = button(tx("back"), "dmw-wall-back")
        self.back.on_click(lambda _b: self.hide())
        self.end = button(tx("end"), "dmw-wall-end")
        self.end.button_style = "danger"
        self.end.on_click(session.guard("ending the workshop", lambda _b: self.stop()))
        bar = W.HBox(
            [self.title, W.HBox([self.back, self.end], layout=shared(W.Layout, grid_gap="10px"))],
            layout=shared(
                W.Layout, justify_content="space-between", align_items="center", width="100%", flex_flow="row wrap"
            ),
        )
        bar.add_class("dmw-wall-bar")
        self.join = html("", "dmw-wall-join-panel")
        self.item_bar = W.Box(layout=shared(W.Layout, display="flex", flex_flow="row wrap", width="100%"))
        self.item_bar.add_class("dmw-wall-items")
        self.heading = html("")
        self.status = html("", "dmw-wall-status")
        self.open = button(tx("open"), "dmw-wall-open", primary=True)
        self.reveal = button(tx("reveal"), "dmw-wall-reveal", primary=True)
        self.revote = button(tx("revote"), "dmw-wall-revote")
        for widget, action in ((self.open, room.open_item), (self.reveal, room.reveal), (self.revote, room.revote)):
            widget.on_click(session.guard(f"workshop: {widget.description}", lambda _b, a=action: self.act(a)))
        levels = level_options(session)
        self.agreed = [
            W.Dropdown(
                options=levels,
                value=None,
                description=tx(kind),
                layout=shared(W.Layout, flex="1 1 0", min_width="0", width="auto"),
            )
            for kind in ("current", "desired")
        ]
        self.reasoning = W.Textarea(description=tx("reasoning"), rows=3, layout=shared(W.Layout, width="100%"))
        self.dissent = W.Textarea(description=tx("dissent"), rows=2, layout=shared(W.Layout, width="100%"))
        for widget, css in (
            (self.agreed[0], "dmw-wall-agree-current"),
            (self.agreed[1], "dmw-wall-agree-desired"),
            (self.reasoning, "dmw-wall-reasoning"),
            (self.dissent, "dmw-wall-dissent"),
        ):
            widget.add_class(css)
            widget.style = type(widget.style)(description_width="9em")
        self.save = button(tx("save"), "dmw-wall-save")
        self.lock = button(tx("lock"), "dmw-wall-lock", primary=True)
        self.save.on_click(session.guard("workshop: saving what was agreed", lambda _b: self.record(lock=False)))
        self.lock.on_click(session.guard("workshop: locking", lambda _b: self.record(lock=True)))
        self.message = html("", "dmw-wall-message")
        self.agree = W.VBox(
            [
                html(f"<h3>{escape(tx('agreed'))}</h3>"),
                W.HBox(self.agreed, layout=shared(W.Layout, grid_gap="16px")),
                self.reasoning,
                self.dissent,
                W.HBox([self.save, self.lock], layout=shared(W.Layout, grid_gap="10px")),
            ]
        )
        self.agree.add_class("dmw-agree")
        actions = W.HBox(
            [self.open, self.reveal, self.revote], layout=shared(W.Layout, grid_gap="10px", flex_flow="row wrap")
        )
        main = W.VBox(
            [self.item_bar, self.heading, self.status, actions, self.message, self.agree],
            layout=shared(W.Layout, flex="3 1 560px", min_width="0"),
        )
        side = W.VBox([self.join], layout=shared(W.Layout, flex="1 1 280px", min_width="0", max_width="420px"))
        body = W.Box(
            [side, main], layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="28px", width="100%")
        )
        self.box = W.VBox([W.HTML(f"<style>{CSS}</style>"), bar, body])
        self.box.add_class("dmw-wall")
        session.subscribe(self._changed)

    def tx(self, key: str, **values: object) -> str:
        return self.session.t(f"workshop.wall.{key}", **values)

    def take_over(self, old: Wall) -> None:
        """Go on with ``old``'s workshop (its server, its item) in this wall's language."""
        self.server, self.url, self.port, self.chosen = old.server, old.url, old.port, old.chosen
        self.network.value = old.network.value
        showing, self.hosts, self.place = old.showing, old.hosts, old.place
        old.hide()
        old.session.unsubscribe(old._changed)
        close_tree(old.box)  # its launcher parts go to this wall's with the step drawn again
        if old.ticker is not None:
            old.ticker.stop()
            old.ticker = None
            self.ticker = Ticker(PULL_S, self.session.guard("workshop: reading new votes", self.tick))
        if showing:
            self.draw(form=True)
            self.mount(self.place)

    # --- the server ------------------------------------------------------------------------
    def running(self) -> bool:
        """Whether a vote server serves this file now (this kernel's, or one started elsewhere)."""
        if self.server is not None:
            return self.server.alive()
        note = read_beacon(self.session.path)
        return note is not None and note["run"] == self.session.doc.room.run

    @property
    def showing(self) -> bool:
        return bool(self.place)

    def mount(self, place: str) -> None:
        """Show the wall in the launcher of step ``place`` (and nowhere else)."""
        self.hide()
        host = self.hosts.get(place)
        if host is not None:
            host.children = (*host.children, self.box)
            self.place = place

    def hide(self) -> None:
        """Back to the workbook: the wall leaves the page (the workshop goes on)."""
        for host in self.hosts.values():
            host.children = tuple(c for c in host.children if c is not self.box)
        self.place = ""

    def starter(self, place: str, focus: Callable[[], str]) -> W.Button:
        """Step ``place``'s "Start workshop" button; the wall opens there, on the step's item (``focus``)."""
        widget = button(self.tx("start"), "dmw-workshop-start", primary=True)

        def start(_b: W.Button) -> None:
            if not self.running() or not self.showing:
                self.chosen = focus()
            self.start(place)

        widget.on_click(self.session.guard("starting the workshop", start))
        self.starters.add(widget)
        self.draw_launcher()
        return widget

    def start(self, place: str = DIALOGUE) -> None:
        """Start the vote server (or find the one already serving the file) and show the wall
        in step ``place``."""
        self.problem = ""
        note = read_beacon(self.session.path)
        if note is not None and self.server is None:
            self.url = str(note["url"])
        elif self.server is None or not self.server.alive():
            self.launch_note.value = f"<p>{escape(self.tx('starting'))}</p>"
            server = ServerProcess(self.session, self.network.value, self.port)
            if not server.url and self.port:  # the port used before is taken now: any free one
                server = ServerProcess(self.session, self.network.value, 0)
            if not server.url:
                self.problem = self.tx("failed", detail=server.problem() or "—")
                self.launch_note.value = f'<p class="dmw-save-problem">{escape(self.problem)}</p>'
                return
            self.server, self.url = server, server.url
            self.port = int(server.url.split(":")[2].split("/")[0])
        self.launch_note.value = ""
        if self.ticker is None:
            self.ticker = Ticker(PULL_S, self.session.guard("workshop: reading new votes", self.tick))
        self.session.pull()
        self.message.value = ""
        self.draw(form=True)
        self.mount(place)

    def stop(self) -> None:
        """End the workshop: the server stops (it watches the file), the wall closes."""
        self.act(lambda doc, *_: room.stop(doc), item=False)
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None
        self.hide()
        self.draw_launcher()

    def tick(self) -> None:
        self.session.pull()
        if self.server is not None and not self.server.alive():
            self.problem = self.tx("server_stopped")
            self.draw()

    # --- the consultant's actions --------------------------------------------------------------
    def act(self, operation: Callable[..., None], *, item: bool = True) -> None:
        """Apply a room operation to the chosen item and save it; a refusal is said in the wall."""
        s, key = self.session, self.chosen

        def change(doc: Any) -> None:
            if operation is room.open_item:
                operation(doc, s.opened.scale, key)
            elif item:
                operation(doc, key)
            else:
                operation(doc)

        try:
            problem = s.change(change)
        except room.Refused as refused:
            problem = s.t(f"workshop.error.{refused.reason}")
        self.message.value = f'<p class="problem">{escape(problem)}</p>' if problem else ""
        self.draw(form=True)

    def record(self, *, lock: bool) -> None:
        s, key = self.session, self.chosen
        current, desired = (d.value for d in self.agreed)
        try:
            problem = s.change(
                lambda doc: room.agree(
                    doc,
                    s.opened.scale,
                    key,
                    current,
                    desired,
                    reasoning=self.reasoning.value,
                    dissent=self.dissent.value,
                    lock=lock,
                )
            )
        except room.Refused as refused:
            problem = s.t(f"workshop.error.{refused.reason}")
        self.message.value = (
            f'<p class="problem">{escape(problem)}</p>'
            if problem
            else f'<p class="muted">{escape(self.tx("recorded"))}</p>'
        )
        self.draw(form=True)

    def choose(self, key: str) -> None:
        self.chosen = key
        self.message.value = ""
        self.draw(form=True)

    # --- drawing ---------------------------------------------------------------------------------
    def _changed(self, sections: Sections, external: bool) -> None:
        if self.showing and (sections & {"room", "dialogue", "ratings", "participants", "*"}):
            self.draw()

    def draw_launcher(self) -> None:
        running = self.running()
        for widget in list(self.starters):
            widget.description = self.tx("show" if running else "start")
        show(self.network, not running)

    def draw(self, *, form: bool = False) -> None:
        """Redraw the wall from the document. The agreement fields are refilled only when the
        item, its state or its round changed (or ``form``): a new vote never overwrites what
        the consultant is typing."""
        s, tx, lang = self.session, self.tx, self.session.lang
        doc, scale = s.doc, s.opened.scale
        self.draw_launcher()
        every = items(scale)
        current = next((i for i in every if i.key == self.chosen), every[0])
        self.title.value = f"<h2>{escape(tx('title'))} · {escape(doc.organisation.name)}</h2>"
        code, token = doc.room.code or "", doc.room.token or ""
        short = self.url.split("/w/")[0] + "/" if "/w/" in self.url else self.url
        joined = len(doc.room.voters)
        local = "127.0.0.1" in self.url or "localhost" in self.url
        self.join.value = (
            join_panel(lang, qr_svg(self.url, title=tx("scan")), self.url, short, code, joined, local)
            if self.url and token
            else ""
        )
        if self.problem:
            self.join.value += f'<p class="problem">{escape(self.problem)}</p>'
        self._item_buttons(every)
        poll = doc.room.poll(current.key)
        state = poll.state if poll else "none"
        round_note = f" · {tx('round', number=poll.round.number)}" if poll and poll.round.number > 1 else ""
        self.heading.value = (
            f"<h3>{escape(current.name(lang))}{escape(round_note)}</h3>"
            f'<p class="muted">{escape(current.question(lang))}</p>'
        )
        self.status.value = self._status(current, poll)
        show(self.open, poll is None)
        show(self.reveal, state == "open")
        show(self.revote, state in {"revealed", "locked"})
        show(self.agree, state in {"revealed", "locked"})
        drawn = (current.key, state, poll.round.number if poll else 0)
        if form or drawn != self._drawn:
            self._fill_form(current, poll)
            self._drawn = drawn

    def _item_buttons(self, every: list[Item]) -> None:
        doc, lang = self.session.doc, self.session.lang
        if len(self.item_bar.children) != len(every):
            buttons = []
            for n, each in enumerate(every):
                b = button("", f"dmw-wall-item-{n}")
                b.on_click(self.session.guard("workshop: choosing an item", lambda _b, k=each.key: self.choose(k)))
                buttons.append(b)
            self.item_bar.children = buttons
        for b, each in zip(self.item_bar.children, every, strict=True):
            poll = doc.room.poll(each.key)
            b.description = f"{each.name(lang)} · {self.tx('state.' + (poll.state if poll else 'none'))}"
            (b.add_class if each.key == self.chosen else b.remove_class)("dmw-chosen")

    def _status(self, current: Item, poll: Any) -> str:
        tx, doc, lang = self.tx, self.session.doc, self.session.lang
        if poll is None:
            return f"<p>{escape(tx('not_open'))}</p>"
        voted = len(poll.round.votes)
        until = doc.room.survey_until
        survey = (
            f'<p class="muted">{escape(tx("survey", date=format_date(until.astimezone().date(), lang)))}</p>'
            if until
            else ""
        )
        count = f'<p class="big dmw-wall-count">{escape(tx("voted", voted=voted, joined=len(doc.room.voters)))}</p>'
        if poll.state == "open":
            return f'{count}<p class="muted">{escape(tx("hidden_until_reveal"))}</p>{survey}'
        found = spread(current, poll, doc.room.k)
        agreed = ""
        if poll.state == "locked":
            now, wanted = current.answer(doc)
            none = tx("not_set")
            agreed = f"<p><b>{escape(tx('locked', current=now or none, desired=wanted or none))}</b></p>"
        return f"{agreed}{spread_html(found, self.session.opened.scale, lang, Names(doc, lang))}"

    def _fill_form(self, current: Item, poll: Any) -> None:
        doc = self.session.doc
        now, wanted = current.answer(doc)
        if poll is not None and poll.state == "revealed" and now is None and wanted is None:
            found = spread(current, poll, doc.room.k)
            now = int(found.current.median + 0.5) if found.current else None
            wanted = int(found.desired.median + 0.5) if found.desired else None
        self.agreed[0].value, self.agreed[1].value = now, wanted
        self.reasoning.value = poll.reasoning if poll else ""
        self.dissent.value = poll.dissent if poll else ""


_walls: weakref.WeakKeyDictionary[Session, Wall] = weakref.WeakKeyDictionary()


def wall_for(session: Session) -> Wall:
    """The session's one wall (a dialogue and an areas step in one app share it); a new one,
    taking over the running workshop, when the session's language changed."""
    old = _walls.get(session)
    if old is None or old.lang != session.lang:
        _walls[session] = Wall(session)
        if old is not None:
            _walls[session].take_over(old)
    return _walls[session]


def launcher(session: Session, place: str, focus: Callable[[], str] | None = None) -> W.Widget:
    """Step ``place``'s "Start workshop" button (with the network choice); the wall opens in
    it, on the item ``focus`` names (the dialogue level, or the area on screen)."""
    wall = wall_for(session)
    starter = wall.starter(place, focus or (lambda: DIALOGUE))
    row = W.HBox(
        [starter, wall.network], layout=shared(W.Layout, align_items="center", grid_gap="16px", flex_flow="row wrap")
    )
    box = W.VBox([row, wall.launch_note], layout=shared(W.Layout, width="100%"))
    box.add_class("dmw-workshop")
    showing = wall.place == place
    wall.hosts[place] = box  # a rebuilt step replaces its launcher
    if showing:
        wall.mount(place)
    return box
