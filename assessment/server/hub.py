"""The workshop on JupyterHub: a hub service that relays phones to the consultant's own vote server.

Each consultant's assessment lives in their own home, which on a hub only their own server
can read (their Unix account, or their own pod). So the votes are written where they are
now: by the vote server the consultant's notebook starts (``assessment workshop FILE``),
inside the consultant's server, through the store. What the hub adds is a way in for
phones, which have no hub account and cannot pass the login that guards a user's server:

- ``assessment workshop-service`` runs as the hub service ``workshop`` at
  ``/services/workshop/``. It holds no file and reads none: only, in memory, which
  workshop (its token and code) is served on which local port, and, in its data folder,
  which hub user owns which token (as a hash), so no one else can ever take it over.
- The consultant's vote server, when ``vote_url`` points at that service and it runs under
  the hub (``$JUPYTERHUB_API_TOKEN``), registers its token, code and port with the service
  as that hub user (the token's owner, checked by the hub: :class:`jupyterhub.services.auth.HubOAuth`),
  every few seconds while it runs, and withdraws it when it stops.
- A phone's request under ``/services/workshop/w/<token>/`` needs no login: the service
  passes it to the port registered for that token, unchanged but for the cookies (only the
  vote server's own go either way, never the hub's), and the vote server checks the token,
  its cookies, the form key and every field as it does on a laptop. The short address
  ``/services/workshop/`` takes the typed code.
- A consultant who opens ``/services/workshop/rooms`` logs in with the hub (OAuth) and sees
  their running workshops.

No user can read another's file: the service never touches one, and each vote server is
started by its own user, in their own server, on their own file.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tornado.httpclient
import tornado.web
from tornado.ioloop import PeriodicCallback

from .. import incidents
from ..data.i18n import locales, t
from ..errors import AssessmentError
from ..files.writing import write_atomically
from . import pages
from .security import LANG_COOKIE, VOTER_COOKIE, RateLimits, headers, nonce, same_secret, typed_code

#: Cookies that belong to the vote server: the only ones passed to it, and from it.
VOTE_COOKIES = frozenset({VOTER_COOKIE, LANG_COOKIE, "_xsrf"})
#: Headers passed on to a phone from the vote server (the rest are the relay's own).
ANSWER_HEADERS = (
    "Content-Type",
    "Location",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cache-Control",
    "Retry-After",
)
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,200}")
REGISTER_EVERY_S = 10.0  # the vote server registers again this often: a restarted service learns it at once
OWNERS_FILE = "workshop-owners.json"


@dataclass
class Registered:
    """A workshop the service relays to: whose it is and where its vote server listens."""

    user: str
    token: str
    code: str
    port: int


class Registry:
    """The running workshops (in memory) and who owns each token (kept in the data folder)."""

    def __init__(self, folder: Path) -> None:
        self.rooms: dict[str, Registered] = {}
        self.path = folder / OWNERS_FILE
        try:
            self.owners: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.owners = {}
        except (OSError, ValueError) as exc:
            raise AssessmentError(f"{self.path}: cannot read the workshops' owners: {exc}") from None

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def owner(self, token: str) -> str | None:
        return self.owners.get(self._key(token))

    def claim(self, room: Registered) -> None:
        if self.owner(room.token) is None:
            self.owners[self._key(room.token)] = room.user
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.owners).encode())
        self.rooms[room.token] = room

    def by_code(self, typed: str) -> Registered | None:
        """The one workshop with this code (two with the same code: the link is needed)."""
        found = [r for r in self.rooms.values() if same_secret(typed, r.code)]
        return found[0] if len(found) == 1 else None


def _language(handler: tornado.web.RequestHandler) -> str:
    from .app import _accepted

    available = sorted(locales())
    for code in (handler.get_cookie(LANG_COOKIE, ""), *_accepted(handler.request.headers.get("Accept-Language", ""))):
        if code in available:
            return code
    return "da" if "da" in available else available[0]


class Page(tornado.web.RequestHandler):
    """The service's own pages: the workbook's look, in the visitor's language."""

    @property
    def registry(self) -> Registry:
        return self.settings["registry"]

    @property
    def limits(self) -> RateLimits:
        return self.settings["limits"]

    def prepare(self) -> None:
        self.nonce = nonce()
        for name, value in headers(self.nonce).items():
            self.set_header(name, value)
        self.lang = _language(self)

    def tx(self, key: str, **values: object) -> str:
        return t(self.lang, f"workshop.{key}", **values)

    def page(self) -> pages.Page:
        return pages.Page(
            lang=self.lang, tx=self.tx, organisation="", languages=[self.lang], here=self.request.path, nonce=self.nonce
        )

    def refuse(self, status: int, key: str) -> None:
        self.set_status(status)
        self.finish(pages.message(self.page(), self.tx("error.title"), self.tx(key)))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        key = {404: "error.not_found", 405: "error.not_found", 429: "error.too_many"}.get(status_code, "error.internal")
        self.finish(pages.message(self.page(), self.tx("error.title"), self.tx(key)))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            incidents.record(value, f"workshop service: {self.request.method} {self.request.path}")


class CodeHandler(Page):
    """The short address: the typed code leads to that workshop's join page."""

    def get(self) -> None:
        self.finish(pages.code_page(self.page()))

    def post(self) -> None:
        typed = typed_code(self.get_body_argument("code", "")[:20])
        ip = f"ip:{self.request.remote_ip}"
        if self.limits.blocked("failures", ip) or self.limits.blocked("all_wrong_codes", "all"):
            return self.refuse(429, "error.too_many")
        found = self.registry.by_code(typed)
        if found is not None:
            return self.redirect(f"{self.settings['prefix']}w/{found.token}/", status=303)
        self.limits.allow("failures", ip)
        self.limits.allow("all_wrong_codes", "all")
        self.set_status(400)
        self.finish(pages.code_page(self.page(), typed=typed, error=self.tx("code.wrong")))


class RelayHandler(Page):
    """A phone's request, passed to the vote server registered for the token in its path."""

    async def get(self, token: str, rest: str) -> None:
        await self.relay(token)

    async def post(self, token: str, rest: str) -> None:
        await self.relay(token)

    async def relay(self, token: str) -> None:
        room = self.registry.rooms.get(token)
        if room is None:
            over = not self.limits.allow("failures", f"ip:{self.request.remote_ip}")
            return self.refuse(429 if over else 404, "error.too_many" if over else "error.link")
        cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items() if name in VOTE_COOKIES)
        sent = {
            k: v
            for k, v in self.request.headers.items()
            if k.lower() in ("content-type", "accept-language", "accept", "user-agent")
        }
        sent.update({"X-Real-Ip": self.request.remote_ip or "", **({"Cookie": cookies} if cookies else {})})
        request = tornado.httpclient.HTTPRequest(
            f"http://127.0.0.1:{room.port}{self.request.uri}",
            method=self.request.method,
            headers=sent,
            body=self.request.body if self.request.method == "POST" else None,
            follow_redirects=False,
            request_timeout=30,
            decompress_response=False,
        )
        try:
            answer = await tornado.httpclient.AsyncHTTPClient().fetch(request, raise_error=False)
        except OSError:  # the vote server has gone without saying so (its kernel was killed)
            self.registry.rooms.pop(token, None)
            return self.refuse(404, "error.link")
        except tornado.httpclient.HTTPClientError:  # too slow to answer now: the phone tries again
            return self.refuse(504, "error.save_failed")
        self.set_status(answer.code)
        self.clear_header("Content-Security-Policy")
        for name in ANSWER_HEADERS:
            if name in answer.headers:
                self.set_header(name, answer.headers[name])
        for line in answer.headers.get_list("Set-Cookie"):
            if line.split("=", 1)[0].strip() in VOTE_COOKIES:  # never one that could stand for the hub's
                self.add_header("Set-Cookie", line)
        self.finish(answer.body or b"")


def _consultant_handlers() -> list[tuple[str, type]]:
    """The handlers a hub login guards (imported here: jupyterhub is only needed on a hub)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated  # type: ignore[import-untyped]

    class RoomsHandler(HubOAuthenticated, Page):
        """A consultant's workshops: the page (after the hub's login), and the vote server's
        registration (with its hub token) and withdrawal."""

        @tornado.web.authenticated
        def get(self) -> None:
            mine = [r for r in self.registry.rooms.values() if r.user == self.current_user["name"]]
            base = self.settings["public"]
            listed = "".join(
                f'<li><a href="{escape(base)}w/{escape(r.token)}/">'
                f"{escape(self.tx('service.room', code=r.code))}</a></li>"
                for r in mine
            )
            body = f"<h1>{escape(self.tx('service.heading'))}</h1>" + (
                f"<ul>{listed}</ul>" if mine else f"<p>{escape(self.tx('service.none'))}</p>"
            )
            self.finish(pages.layout(self.page(), self.tx("service.heading"), body))

        @tornado.web.authenticated
        async def post(self) -> None:
            user = self.current_user["name"]
            try:
                asked = json.loads(self.request.body)
                token, code, port = str(asked["token"]), typed_code(str(asked["code"])), int(asked["port"])
            except (ValueError, KeyError, TypeError):
                raise tornado.web.HTTPError(400, "expected JSON with token, code and port") from None
            if not TOKEN.fullmatch(token) or not 1 <= port <= 65535 or not code:
                raise tornado.web.HTTPError(400, "a token, code or port that no vote server has")
            owner = self.registry.owner(token)
            if owner is not None and owner != user:
                raise tornado.web.HTTPError(409, "this workshop belongs to another user")
            if not await self._serves(port, token):
                raise tornado.web.HTTPError(400, f"no vote server serves this workshop on port {port}")
            self.registry.claim(Registered(user, token, code, port))
            self.set_status(204)

        @tornado.web.authenticated
        def delete(self, token: str = "") -> None:
            found = self.registry.rooms.get(token)
            if found is not None and found.user == self.current_user["name"]:
                del self.registry.rooms[token]
            self.set_status(204)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if self.request.method == "GET":
                return super().write_error(status_code, **kwargs)
            error = kwargs.get("exc_info", (None, None))[1]
            self.finish({"error": getattr(error, "log_message", None) or str(status_code)})

        async def _serves(self, port: int, token: str) -> bool:
            """Whether the port's server answers this workshop's link: the registration is for a real one."""
            url = f"http://127.0.0.1:{port}{self.settings['prefix']}w/{token}/state"
            try:
                answer = await tornado.httpclient.AsyncHTTPClient().fetch(url, raise_error=False, request_timeout=10)
            except (OSError, tornado.httpclient.HTTPClientError):
                return False
            return answer.code == 200 and b'"version"' in (answer.body or b"")

    return [
        ("rooms", RoomsHandler),
        (r"rooms/([A-Za-z0-9_-]{1,200})", RoomsHandler),
        ("oauth_callback", HubOAuthCallbackHandler),
    ]


class NotFound(Page):
    def prepare(self) -> None:
        super().prepare()
        self.refuse(404, "error.not_found")


def make_service(prefix: str, public: str, registry: Registry) -> tornado.web.Application:
    """The service's routes under ``prefix`` (``/services/workshop/``); ``public``: its public address."""
    handlers: list[Any] = [(prefix, CodeHandler), (rf"{prefix}w/([A-Za-z0-9_-]{{1,200}})/(.*)", RelayHandler)]
    handlers += [(prefix + path, handler) for path, handler in _consultant_handlers()]
    return tornado.web.Application(
        handlers,
        registry=registry,
        limits=RateLimits(),
        prefix=prefix,
        public=public,
        cookie_secret=secrets.token_bytes(32),
        default_handler_class=NotFound,
        log_function=lambda handler: None,
    )  # an access log would hold the workshops' tokens


async def run_service() -> None:
    """Serve as the hub service: where the hub says (``$JUPYTERHUB_SERVICE_URL``, ``…_PREFIX``)."""
    from ..config import vote_base_url, workbook_home

    try:
        listen = urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
        prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    except KeyError as missing:
        raise AssessmentError(
            f"workshop-service: ${missing.args[0]} is not set; the hub starts this command "
            "as a service (see deploy/jupyterhub/README.md)"
        ) from None
    public = vote_base_url() or prefix
    app = make_service(prefix, public, Registry(workbook_home()))
    app.listen(listen.port or 80, address=listen.hostname or "127.0.0.1", xheaders=True)
    print(f"workshop service on {listen.geturl()}, phones at {public}", flush=True)
    await asyncio.Event().wait()


class HubRegistration:
    """The vote server's side: tell the hub's workshop service that this workshop is served
    here, as the hub user whose server runs it, again and again while it runs."""

    def __init__(self, base_url: str, api_token: str, token: str, code: str, port: int) -> None:
        self.url = f"{base_url}rooms"
        self.auth = {"Authorization": f"token {api_token}"}
        self.body = json.dumps({"token": token, "code": code, "port": port})
        self.token = token
        self.again = PeriodicCallback(self._again, REGISTER_EVERY_S * 1000)

    @classmethod
    def wanted(cls, base_url: str | None) -> str | None:
        """The hub token to register with, when this server runs in a hub user's server behind the service."""
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
        return token if base_url and token else None

    async def register(self) -> None:
        """Once, at the start: a refusal is one line naming the service and why."""
        try:
            answer = await self._send("POST", self.url, self.body)
        except (OSError, tornado.httpclient.HTTPClientError) as exc:
            raise AssessmentError(f"the hub's workshop service at {self.url} cannot be reached: {exc}") from None
        if answer.code != 204:
            try:
                why = json.loads(answer.body or b"{}").get("error") or answer.reason
            except ValueError:
                why = answer.reason
            raise AssessmentError(
                f"the hub's workshop service at {self.url} refused the workshop ({answer.code}: {why})"
            )
        self.again.start()

    async def _again(self) -> None:
        with contextlib.suppress(
            OSError, tornado.httpclient.HTTPClientError
        ):  # the service restarts: the next round finds it
            await self._send("POST", self.url, self.body)

    async def withdraw(self) -> None:
        self.again.stop()
        with contextlib.suppress(OSError, tornado.httpclient.HTTPClientError):
            await self._send("DELETE", f"{self.url}/{self.token}", None)

    async def _send(self, method: str, url: str, body: str | None) -> tornado.httpclient.HTTPResponse:
        request = tornado.httpclient.HTTPRequest(
            url, method=method, headers=self.auth, body=body, request_timeout=30, follow_redirects=False
        )
        return await tornado.httpclient.AsyncHTTPClient().fetch(request, raise_error=False)
