"""A vote server for a test, run on its own event loop in a thread, and phones that talk to
it over plain HTTP the way a browser without JavaScript does (forms, cookies, redirects)."""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path

import httpx

from assessment.document.store import AssessmentFile
from assessment.server.app import Serving, start, stop
from assessment.server.config import ServerConfig

XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')


def nothing_put_to_the_room(path: Path) -> Path:
    """``path`` (a copy of an example) with no item put to the room yet."""
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.room.polls = []
    handle.save(doc)
    return path


class Served:
    """A started server on a free port of 127.0.0.1; :meth:`close` stops it."""

    def __init__(self, path: Path, **config: object) -> None:
        self.path = Path(path)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.serving: Serving = self.run(start(self.path, ServerConfig(**config)))

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    @property
    def join_url(self) -> str:
        return self.serving.join_url

    @property
    def room(self):
        return self.serving.room

    def close(self) -> None:
        self.run(stop(self.serving))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def on_disk(self):
        return AssessmentFile(self.path).load()


class Phone:
    """One participant's browser: its own cookies, no JavaScript."""

    def __init__(self, served: Served, lang: str = "da") -> None:
        self.served = served
        self.http = httpx.Client(follow_redirects=True, timeout=60, headers={"Accept-Language": lang})
        self.page: httpx.Response | None = None

    def get(self, url: str) -> httpx.Response:
        self.page = self.http.get(url)
        return self.page

    def xsrf(self) -> str:
        found = XSRF.search(self.page.text) if self.page is not None else None
        return found.group(1) if found else ""

    def post(self, url: str, data: dict[str, str], *, xsrf: bool = True) -> httpx.Response:
        fields = {**({"_xsrf": self.xsrf()} if xsrf else {}), **data}
        self.page = self.http.post(url, data=fields)
        return self.page

    def join(self, seat: str = "anonymous") -> httpx.Response:
        self.get(self.served.join_url)
        return self.post(self.served.join_url, {"seat": seat})

    def vote_url(self) -> str:
        return self.served.join_url + "vote"

    def form(self) -> dict[str, str]:
        """The hidden fields of the vote form as the page holds them (voter, rounds)."""
        found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', self.page.text))
        found.pop("_xsrf", None)
        return found

    def vote(self, answers: dict[str, tuple[str, str] | tuple[str, str, str]], **extra: str) -> httpx.Response:
        """Answer items on the vote form: key -> (current, desired[, comment]); levels as the
        radios send them ("2", "unknown")."""
        self.get(self.vote_url())
        data = self.form()
        for key, answer in answers.items():
            data[f"current.{key}"], data[f"desired.{key}"] = answer[0], answer[1]
            if len(answer) > 2:
                data[f"comment.{key}"] = answer[2]
        data.update(extra)
        return self.post(self.vote_url(), data)

    def close(self) -> None:
        self.http.close()
