"""The hub's workshop service without a hub: phones reach a consultant's own vote server
through it by the workshop's link or code, no login, and only the vote server's cookies
pass. (Registration with a hub login runs in tests/hub/test_hub.py.)"""

from __future__ import annotations

import socket

import httpx
import pytest
import tornado.httpserver
import tornado.web

from assessment.cli import main
from assessment.document.store import load
from assessment.server.config import beacon_path
from assessment.server.hub import Registered, Registry, make_service
from assessment.workshop import room

from .test_vote_server import consultant, votes
from .voteserver import Phone, Served, nothing_put_to_the_room

PREFIX = "/services/workshop/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def relayed(example_copy, tmp_path):
    """A consultant's vote server behind the service, as on a hub: links start with the service's address."""
    path = nothing_put_to_the_room(example_copy("hospital-da.json"))
    consultant(path, lambda doc, scale: room.open_item(doc, scale, "dialogue"))
    port = free_port()
    public = f"http://127.0.0.1:{port}{PREFIX}"
    served = Served(path, base_url=public)
    registry = Registry(tmp_path / "service")
    doc = served.room.box.doc
    registry.claim(Registered("alice", doc.room.token, doc.room.code, served.serving.port))

    async def listen() -> tornado.httpserver.HTTPServer:
        return make_service(PREFIX, public, registry).listen(port, address="127.0.0.1")

    service = served.run(listen())
    yield served, registry, public
    service.stop()
    served.close()


def test_a_phone_joins_and_votes_through_the_service_by_the_link(relayed):
    served, registry, public = relayed
    assert served.join_url.startswith(f"{public}w/")
    phone = Phone(served)
    phone.http.cookies.set("jupyterhub-services-workshop", "a-consultants-hub-login", path=PREFIX)
    page = phone.join("p3")
    assert page.status_code == 200 and "Du stemmer som Birgitte Mølgaard" in page.text
    assert phone.vote({"dialogue": ("2", "4")}).status_code == 200
    assert votes(served) == {"p3": (2, 4, "")}
    assert registry.owner(served.room.box.doc.room.token) == "alice"
    phone.close()


def test_the_short_address_takes_the_code_and_a_wrong_link_is_refused(relayed):
    served, _registry, public = relayed
    code = served.room.box.doc.room.code
    with httpx.Client(follow_redirects=True, timeout=30) as phone:
        assert phone.get(public).status_code == 200
        page = phone.post(public, data={"code": code.lower()})
        assert page.status_code == 200 and str(page.url) == served.join_url
        assert phone.post(public, data={"code": "ZZZZ"}).status_code == 400
        assert phone.get(f"{public}w/not-a-workshop/").status_code == 404


def test_a_workshop_whose_server_has_gone_is_forgotten(relayed):
    served, registry, _public = relayed
    token = served.room.box.doc.room.token
    registry.rooms[token].port = free_port()  # nothing listens there
    assert httpx.get(served.join_url, timeout=30).status_code == 404
    assert token not in registry.rooms
    assert registry.owner(token) == "alice", "but the token stays hers"


class Echo(tornado.web.RequestHandler):
    """A stand-in vote server: answers with the cookies it was sent, and tries to set two."""

    def get(self, token: str) -> None:
        self.add_header("Set-Cookie", "jupyterhub-services-workshop=forged; Path=/services/workshop/")
        self.add_header("Set-Cookie", "dmw_lang=nb; Path=/services/workshop/")
        self.finish(self.request.headers.get("Cookie", ""))


def test_only_the_vote_servers_own_cookies_pass_the_service_either_way(relayed):
    served, registry, public = relayed
    port = free_port()

    async def listen() -> tornado.httpserver.HTTPServer:
        return tornado.web.Application([(rf"{PREFIX}w/([a-z]+)/state", Echo)]).listen(port, address="127.0.0.1")

    echo = served.run(listen())
    registry.claim(Registered("bob", "echo", "ECHO", port))
    try:
        sent = "jupyterhub-services-workshop=alices-login; dmw_voter=v1; jupyterhub-session-id=s1"
        answer = httpx.get(f"{public}w/echo/state", headers={"Cookie": sent}, timeout=30)
        assert answer.text == "dmw_voter=v1", "the hub's login cookies never reach a vote server"
        assert answer.headers.get_list("set-cookie") == ["dmw_lang=nb; Path=/services/workshop/"]
    finally:
        served.loop.call_soon_threadsafe(echo.stop)


def test_a_workshop_the_hubs_service_cannot_take_is_one_line_and_the_room_is_given_back(
    example_copy, monkeypatch, capsys
):
    path = nothing_put_to_the_room(example_copy("hospital-da.json"))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a-users-server-token")  # as in a hub user's server
    service = f"http://127.0.0.1:{free_port()}{PREFIX}"  # nothing listens there
    assert main(["workshop", str(path), "--base-url", service]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"error: the hub's workshop service at {service}rooms cannot be reached")
    assert err.count("\n") == 1 and "/w/" not in out, "no join address is announced"
    assert load(path).room.run is None and not beacon_path(path).exists()
