"""The hub's workshop service without a hub: phones reach a consultant's own vote server
through it by the workshop's link or code, no login, and only the vote server's cookies
pass. (Registration with a hub login runs in tests/hub/test_hub.py.)"""
from __future__ import annotations

import socket

import httpx
import pytest
import tornado.httpserver

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
