"""The vote server: routes, request handlers and the run loop.

Everything hangs off one :class:`Room` object (the file, the limits, the configuration);
there is no global state, so several servers (or tests) can run in one process. Routes
live under the configured base path:

========================  =====================================================
``/``                     the short address: type the four-character code
``/w/<token>/``           the QR link: choose language and name, join
``/w/<token>/vote``       every open item on one form; POST stores the votes
``/w/<token>/release``    POST: someone who joined by name goes on anonymously
``/w/<token>/state``      JSON the page's script polls to see a new question
========================  =====================================================

Nothing else is served: no static files, no directory listing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import secrets
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from tornado.ioloop import PeriodicCallback

from .. import incidents
from ..data.i18n import format_date, locales, t
from ..errors import AssessmentError
from ..workshop import room as rooms
from ..workshop.items import Item, item, items
from ..workshop.roster import picker_labels
from . import pages
from .config import ServerConfig, remove_beacon, write_beacon
from .hub import HubRegistration
from .security import COOKIE_DAYS, LANG_COOKIE, VOTER_COOKIE, RateLimits, headers, nonce, same_secret, typed_code
from .votes import VoteBox

ANONYMOUS = "anonymous"
WATCH_S = 0.5  # how often the server looks whether the consultant ended the workshop


@dataclass
class Room:
    """One served workshop: the file and everything the handlers share."""

    box: VoteBox
    config: ServerConfig
    run: str
    limits: RateLimits = field(default_factory=RateLimits)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def languages(self) -> list[str]:
        """The languages a phone may choose: the scale's, where the workbook has texts."""
        return [lang for lang in self.box.scale.languages if lang in locales()]


class Base(tornado.web.RequestHandler):
    """Headers, rate limit, language and the voter for every page."""

    xsrf_failed = False

    @property
    def room(self) -> Room:
        return self.application.settings["room"]

    def check_xsrf_cookie(self) -> None:
        """A form without a valid CSRF key is answered with the form again, values kept, not a bare 403."""
        try:
            super().check_xsrf_cookie()
        except tornado.web.HTTPError:
            self.xsrf_failed = True

    def prepare(self) -> None:
        self.nonce = nonce()
        for name, value in headers(self.nonce).items():
            self.set_header(name, value)
        self._lang = self._choose_language()
        if not self.room.limits.allow("requests", self.client()):
            self.refuse(429, "error.too_many")

    def client(self) -> str:
        return f"voter:{self.voter_id()}" if self.voter_id() else f"ip:{self.request.remote_ip}"

    def failed(self) -> bool:
        """Count a failure (a wrong token, code or form key); True when the client is over its limit."""
        return not self.room.limits.allow("failures", f"ip:{self.request.remote_ip}")

    def refuse(self, status: int, key: str) -> None:
        self.set_status(status)
        if status == 429:
            self.set_header("Retry-After", "60")
        self.finish(pages.message(self.page(), self.tx("error.title"), self.tx(key)))

    # --- language -----------------------------------------------------------------------
    def _choose_language(self) -> str:
        available = self.room.languages
        asked = self.get_query_argument("lang", "")
        if asked in available:
            self.set_cookie(LANG_COOKIE, asked, **self._cookie_attributes())
            return asked
        kept = self.get_cookie(LANG_COOKIE, "")
        if kept in available:
            return kept
        for code in _accepted(self.request.headers.get("Accept-Language", "")):
            if code in available:
                return code
        doc_lang = self.room.box.doc.language
        return doc_lang if doc_lang in available else available[0]

    @property
    def lang(self) -> str:
        return self._lang

    def tx(self, key: str, **values: object) -> str:
        return t(self.lang, f"workshop.{key}", **values)

    # --- the voter --------------------------------------------------------------------------
    def voter_id(self) -> str | None:
        """The voter this phone joined as (signed cookie), if they are still in the room."""
        if not hasattr(self, "_voter"):
            raw = self.get_signed_cookie(VOTER_COOKIE, max_age_days=COOKIE_DAYS)
            voter = raw.decode("utf-8", "replace") if raw else None
            joined = {v.id for v in self.room.box.doc.room.voters}
            self._voter = voter if voter in joined else None
        return self._voter

    def _cookie_attributes(self) -> dict[str, Any]:
        """Every cookie of the workshop: its own path, no script access, same site, secure over https."""
        return {
            "path": self.room.config.prefix,
            "httponly": True,
            "samesite": "Lax",
            "expires_days": COOKIE_DAYS,
            "secure": self.request.protocol == "https",
        }

    def remember_voter(self, voter: str) -> None:
        self.set_signed_cookie(VOTER_COOKIE, voter, **self._cookie_attributes())
        self._voter = voter

    def page(self, *, here: str | None = None, **extra: Any) -> pages.Page:
        doc = self.room.box.doc
        return pages.Page(
            lang=self.lang,
            tx=self.tx,
            organisation=doc.organisation.name,
            languages=self.room.languages,
            here=here or self.request.path,
            xsrf=self.xsrf_form_html(),
            nonce=getattr(self, "nonce", ""),
            **extra,
        )

    def link(self, path: str = "") -> str:
        token = self.room.box.doc.room.token or ""
        return f"{self.room.config.prefix}w/{token}/{path}"

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code >= 500 and "exc_info" in kwargs:
            incidents.record(kwargs["exc_info"][1], f"serving {self.request.method} {self.request.path}")
        key = {404: "error.not_found", 405: "error.not_found", 429: "error.too_many"}.get(status_code, "error.internal")
        self.finish(pages.message(self.page(), self.tx("error.title"), self.tx(key)))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            incidents.record(value, f"serving {self.request.method} {self.request.path}")


class NotFound(Base):
    def prepare(self) -> None:
        super().prepare()
        if not self._finished:
            self.refuse(404, "error.not_found")


class CodeHandler(Base):
    """The short address: the typed code leads to the join page."""

    def get(self) -> None:
        if self.voter_id():
            self.redirect(self.link("vote"))
            return
        self.finish(pages.code_page(self.page()))

    def post(self) -> None:
        typed = self.get_body_argument("code", "")[:20]
        code = self.room.box.doc.room.code
        limits, ip = self.room.limits, f"ip:{self.request.remote_ip}"
        if limits.blocked("failures", ip) or limits.blocked("all_wrong_codes", "all"):
            self.refuse(429, "error.too_many")
            return
        if not self.xsrf_failed and same_secret(typed_code(typed), code):
            self.redirect(self.link(), status=303)
            return
        self.failed()
        limits.allow("all_wrong_codes", "all")
        self.set_status(400)
        self.finish(
            pages.code_page(
                self.page(), typed=typed, error=self.tx("error.expired_code" if self.xsrf_failed else "code.wrong")
            )
        )


class TokenHandler(Base):
    """Pages under the join link: refused unless the token is the room's."""

    def prepare(self) -> None:
        super().prepare()
        if self._finished:
            return
        if not same_secret(self.path_args[0] if self.path_args else None, self.room.box.doc.room.token):
            over = self.failed()
            self.refuse(429 if over else 404, "error.too_many" if over else "error.link")


class JoinHandler(TokenHandler):
    """Choose your name or anonymous; the phone keeps the choice in a signed cookie."""

    def seats(self) -> list[pages.Seat]:
        doc = self.room.box.doc
        labels = picker_labels(doc, self.lang)
        joined = {v.id for v in doc.room.voters}
        mine = self.voter_id()
        seats = [pages.Seat(p.id, labels[p.id], taken=p.id in joined and p.id != mine) for p in doc.participants]
        return [*seats, pages.Seat(ANONYMOUS, self.tx("join.anonymous"))]

    def get(self, token: str) -> None:
        if self.voter_id() and not self.get_query_argument("lang", ""):
            self.redirect(self.link("vote"))
            return
        self.finish(pages.join_page(self.page(), self.seats(), chosen=self.voter_id() or ""))

    async def post(self, token: str) -> None:
        choice = self.get_body_argument("seat", "")
        if self.xsrf_failed:
            self.failed()
            return self._again(choice, "error.expired")
        if choice == self.voter_id():
            return self.redirect(self.link("vote"), status=303)
        participant = None if choice == ANONYMOUS else choice
        if participant is not None and participant not in {p.id for p in self.room.box.doc.participants}:
            return self._again("", "join.choose")
        try:
            voter = await self.room.box.change(lambda doc: rooms.join(doc, participant, self.lang))
        except rooms.Refused as refused:
            return self._again(choice, f"error.{refused.reason}")
        except AssessmentError:
            return self._again(choice, "error.save_failed", status=503)
        self.remember_voter(voter)
        self.redirect(self.link("vote"), status=303)

    def _again(self, choice: str, key: str, status: int = 400) -> None:
        self.set_status(status)
        self.finish(pages.join_page(self.page(), self.seats(), chosen=choice, error=self.tx(key)))


def _version(room: Room) -> str:
    """Changes when the questions a phone should show change (opened, revealed, a new round)."""
    polls = room.box.doc.room.polls
    text = ";".join(f"{p.item}:{p.round.number}:{p.state}" for p in polls)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class StateHandler(TokenHandler):
    def get(self, token: str) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"version": _version(self.room)}))


class VoteHandler(TokenHandler):
    """Every open item on one form; POST stores each answered item at once."""

    def prepare(self) -> None:
        super().prepare()
        if not self._finished and self.voter_id() is None:
            self.redirect(self.link(), status=303)

    def named(self) -> bool:
        """Whether this phone votes by a participant's name (and so may go on anonymously)."""
        return self.voter_id() in {p.id for p in self.room.box.doc.participants}

    def open_items(self) -> list[Item]:
        doc, scale = self.room.box.doc, self.room.box.scale
        if self.closed():
            return []
        return [i for i in items(scale) if (p := doc.room.poll(i.key)) is not None and p.state == "open"]

    def closed(self) -> bool:
        until = self.room.box.doc.room.survey_until
        return until is not None and rooms.now() > until

    def stored(self, each: Item) -> pages.Ballot:
        poll = self.room.box.doc.room.poll(each.key)
        assert poll is not None, "only open items are shown"
        vote = next((v for v in poll.round.votes if v.voter == self.voter_id()), None)
        if vote is None:
            return pages.Ballot(each, poll.round.number)
        level = lambda n: "unknown" if n is None else str(n)  # noqa: E731
        return pages.Ballot(each, poll.round.number, level(vote.current), level(vote.desired), vote.comment, saved=True)

    def show(self, ballots: list[pages.Ballot], *, status: str = "", error: str = "", code: int = 200) -> None:
        doc, voter = self.room.box.doc, self.voter_id() or ""
        label = (
            self.tx("vote.anonymous")
            if voter not in {p.id for p in doc.participants}
            else picker_labels(doc, self.lang)[voter]
        )
        notice = ""
        until = doc.room.survey_until
        if until is not None:
            day = format_date(until.astimezone().date(), self.lang)
            notice = self.tx("vote.survey_closed" if self.closed() else "vote.survey_until", date=day)
        page = self.page(here=self.link("vote"), state_url=self.link("state"), version=_version(self.room))
        self.set_status(code)
        self.finish(
            pages.vote_page(
                page,
                self.room.box.scale,
                label,
                ballots,
                status=status,
                error=error,
                notice=notice,
                voter=voter,
                release_url=self.link("release") if self.named() else "",
            )
        )

    def get(self, token: str) -> None:
        saved = self.get_query_argument("saved", "")
        status = self.tx("vote.saved", time=saved) if saved and len(saved) <= 8 else ""
        if self.get_query_argument("released", ""):
            status = self.tx("vote.released")
        self.show([self.stored(i) for i in self.open_items()], status=status)

    async def post(self, token: str) -> None:
        form = self.request.body_arguments
        scale, voter = self.room.box.scale, self.voter_id() or ""
        ballots, wrong = _ballots(form, scale, self.tx)
        if wrong:
            return self.show(self._with_stored(ballots), error=self.tx("error.summary"), code=400)
        if self.xsrf_failed or not same_secret(pages.values(form, "voter"), voter):
            key = "error.expired" if self.xsrf_failed else "error.other_voter"
            self.failed()
            for b in ballots:
                b.error = self.tx(key)
            return self.show(self._with_stored(ballots), error=self.tx(key), code=403)
        if not self.room.limits.allow("votes", f"voter:{voter}"):
            return self.show(self._with_stored(ballots), error=self.tx("error.too_many"), code=429)
        answered = [b for b in ballots if b.current or b.desired or b.comment]
        results = await asyncio.gather(*(self._cast(voter, b) for b in answered))
        if any(results):
            return self.show(self._with_stored(ballots), error=self.tx("error.partly"), code=409)
        stamp = dt.datetime.now().astimezone().strftime("%H:%M:%S")
        self.redirect(f"{self.link('vote')}?saved={stamp}" if answered else self.link("vote"), status=303)

    async def _cast(self, voter: str, ballot: pages.Ballot) -> bool:
        """Store one item's answer; on refusal the ballot says why. Returns True when refused."""
        level = lambda text: None if text == "unknown" else int(text)  # noqa: E731
        try:
            await self.room.box.change(
                lambda doc: rooms.cast(
                    doc,
                    self.room.box.scale,
                    voter,
                    ballot.item.key,
                    level(ballot.current),
                    level(ballot.desired),
                    ballot.comment,
                    round_number=ballot.round,
                )
            )
        except rooms.Refused as refused:
            ballot.error = self.tx(f"error.{refused.reason}")
            return True
        except AssessmentError:
            ballot.error = self.tx("error.save_failed")
            return True
        ballot.saved = True
        return False

    def _with_stored(self, ballots: list[pages.Ballot]) -> list[pages.Ballot]:
        """The open items as the form showed them (what was typed, kept), plus any opened since."""
        posted = {b.item.key for b in ballots}
        return ballots + [self.stored(i) for i in self.open_items() if i.key not in posted]


class ReleaseHandler(VoteHandler):
    """Someone who joined by name goes on anonymously: their votes keep counting under a new
    pseudonym, which the phone's cookie names from now on."""

    def get(self, token: str) -> None:
        self.redirect(self.link("vote"))

    async def post(self, token: str) -> None:
        voter = self.voter_id() or ""
        ballots = [self.stored(i) for i in self.open_items()]
        if self.xsrf_failed or not same_secret(self.get_body_argument("voter", ""), voter):
            self.failed()
            key = "error.expired" if self.xsrf_failed else "error.other_voter"
            return self.show(ballots, error=self.tx(key), code=403)
        if not self.room.limits.allow("votes", f"voter:{voter}"):
            return self.show(ballots, error=self.tx("error.too_many"), code=429)
        try:
            pseudonym = await self.room.box.change(lambda doc: rooms.release(doc, voter))
            # the store's backup (NAME.bak) is the version before, with the name: one more save replaces it
            await self.room.box.change(lambda doc: None)
        except rooms.Refused as refused:
            return self.show(ballots, error=self.tx(f"error.{refused.reason}"), code=409)
        except AssessmentError:
            return self.show(ballots, error=self.tx("error.save_failed"), code=503)
        self.remember_voter(pseudonym)
        self.redirect(f"{self.link('vote')}?released=1", status=303)


def _ballots(form: dict[str, list[bytes]], scale: Any, tx: Callable[..., str]) -> tuple[list[pages.Ballot], bool]:
    """The items the form held (their ``round.<key>`` fields), each checked: a level of the
    scale or "don't know" for both questions, a comment of at most 1000 characters."""
    found, wrong = [], False
    levels = {str(n) for n in scale.numbers} | {"unknown"}
    for name in form:
        if not name.startswith("round."):
            continue
        key = name.removeprefix("round.")
        try:
            each = item(scale, key)
            number = int(pages.values(form, name))
        except (KeyError, ValueError):
            wrong = True
            continue
        ballot = pages.Ballot(
            each,
            number,
            pages.values(form, f"current.{key}"),
            pages.values(form, f"desired.{key}"),
            pages.values(form, f"comment.{key}").replace("\r\n", "\n"),
        )
        if ballot.current not in levels | {""} or ballot.desired not in levels | {""}:
            ballot.current = ballot.current if ballot.current in levels else ""
            ballot.desired = ballot.desired if ballot.desired in levels else ""
            ballot.error = tx("error.level")
        elif bool(ballot.current) != bool(ballot.desired) or (ballot.comment.strip() and not ballot.current):
            ballot.error = tx("error.both")
        elif len(ballot.comment) > rooms.COMMENT_MAX:
            ballot.error = tx("error.comment")
        wrong = wrong or bool(ballot.error)
        found.append(ballot)
    return found, wrong


def _accepted(header: str) -> list[str]:
    """Languages from ``Accept-Language``, most wanted first; Norwegian of any kind as Bokmål."""
    ranked = []
    for part in header.split(","):
        code, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        base = code.split("-")[0].lower()
        ranked.append((weight, "nb" if base in {"no", "nn", "nb"} else base))
    return [code for _, code in sorted(ranked, key=lambda r: -r[0])]


def make_app(room: Room) -> tornado.web.Application:
    prefix = room.config.prefix
    token = r"([A-Za-z0-9_-]{1,200})"
    handlers = [
        (prefix, CodeHandler),
        (f"{prefix}w/{token}/", JoinHandler),
        (f"{prefix}w/{token}/vote", VoteHandler),
        (f"{prefix}w/{token}/state", StateHandler),
        (f"{prefix}w/{token}/release", ReleaseHandler),
    ]
    secret = room.box.doc.room.secret
    return tornado.web.Application(
        handlers,
        room=room,
        cookie_secret=secret,
        xsrf_cookies=True,
        default_handler_class=NotFound,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Strict", "path": prefix},
        log_function=lambda handler: None,  # an access log would hold the token; errors go to the incidents log
    )


@dataclass
class Serving:
    """A started server: its join address, and how to stop it."""

    room: Room
    server: tornado.httpserver.HTTPServer
    join_url: str
    short_url: str
    port: int


async def start(path: Path | str, config: ServerConfig) -> Serving:
    """Take over the room of the assessment at ``path`` and listen; returns at once."""
    box = VoteBox(path)
    run = "run-" + secrets.token_hex(6)
    until = config.until

    def take_over(doc: Any) -> None:
        rooms.prepare(doc, new_link=config.new_link)
        rooms.start(doc, box.scale, run, survey=config.survey, survey_until=until)
        if config.k is not None:
            doc.room.k = config.k

    try:
        sockets = tornado.netutil.bind_sockets(config.port, address=config.host or None)
    except OSError as exc:
        raise AssessmentError(
            f"--port: cannot listen on {config.host}:{config.port} ({exc.strerror or exc}); "
            "choose another port, or leave --port out for any free one"
        ) from None
    await box.change(take_over)
    room = Room(box, config, run)
    # behind a proxy (the hub's service) the phone's address comes in X-Real-Ip, for the rate limits
    server = tornado.httpserver.HTTPServer(make_app(room), xheaders=bool(config.base_url))
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    base = config.public_base(port)
    serving = Serving(room, server, f"{base}w/{box.doc.room.token}/", base, port)
    write_beacon(box.path, serving.join_url, run)
    return serving


async def stop(serving: Serving) -> None:
    """Stop listening and give the room back (unless another server took it over meanwhile)."""
    serving.server.stop()
    room = serving.room
    with contextlib.suppress(AssessmentError):  # the file cannot be written now; the next server takes over anyway
        await room.box.change(lambda doc: rooms.stop(doc, room.run))
    remove_beacon(room.box.path, room.run)
    room.box.close()


async def serve(path: Path | str, config: ServerConfig, announce: Callable[[Serving], None]) -> None:
    """Serve until stopped: a signal (Ctrl-C), the consultant ending the workshop (the room's
    ``run`` is no longer this server's), or, with ``watch_stdin``, the parent going away.
    In a hub user's server behind the hub's workshop service, the workshop is registered
    with the service first (:mod:`assessment.server.hub`)."""
    serving = await start(path, config)
    room, loop = serving.room, asyncio.get_running_loop()
    hub = None
    api_token = HubRegistration.wanted(config.base_url)
    if api_token:  # in a hub user's server: phones come through the hub's workshop service
        doc = room.box.doc
        hub = HubRegistration(serving.short_url, api_token, doc.room.token or "", doc.room.code or "", serving.port)
        try:
            await hub.register()
        except AssessmentError:
            await stop(serving)
            raise
    announce(serving)

    def watch() -> None:
        if room.box.doc.room.run != room.run:
            room.stopped.set()

    checker = PeriodicCallback(watch, WATCH_S * 1000)
    checker.start()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows, or not the main thread: Ctrl-C arrives as KeyboardInterrupt instead
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, room.stopped.set)
    if config.watch_stdin:
        threading.Thread(target=_until_stdin_closes, args=(loop, room.stopped), daemon=True).start()
    try:
        await room.stopped.wait()
    finally:
        checker.stop()
        if hub is not None:
            await hub.withdraw()
        await stop(serving)


def _until_stdin_closes(loop: asyncio.AbstractEventLoop, stopped: asyncio.Event) -> None:
    """The notebook that started this server holds the other end of its standard input: when
    that kernel dies, the pipe closes and the server stops with it."""
    try:
        while sys.stdin.buffer.read(1024):
            pass
    except (OSError, ValueError):
        pass
    loop.call_soon_threadsafe(stopped.set)
