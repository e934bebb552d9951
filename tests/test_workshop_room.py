"""The workshop room in the document: votes per item and round, what the consultant and the
phones may do, the upgrade of version 2 files, and two writers merging item by item."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from assessment.document.context import open_assessment
from assessment.document.merge import merge
from assessment.document.model import SCHEMA_VERSION, Assessment
from assessment.document.store import load
from assessment.errors import AssessmentError
from assessment.workshop import room
from assessment.workshop.items import items
from assessment.workshop.room import Refused

from .conftest import REPO
from .test_scale_versions import old_file, own_scale

FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def opened(example_copy):
    """The municipality example with no item put to the room yet."""
    found = open_assessment(example_copy("municipality-da.json"))
    found.doc.room.polls = []
    return found


def test_a_version_2_file_keeps_every_vote_as_round_1_of_its_area():
    old = json.loads((FIXTURES / "municipality-v2.json").read_text(encoding="utf-8"))
    doc = load(FIXTURES / "municipality-v2.json")
    assert doc.schema_version == SCHEMA_VERSION
    for rating in old["ratings"]:
        poll = doc.room.poll(f"area:{rating['area']}")
        if not rating["votes"]:
            assert poll is None
            continue
        assert (poll.state, [r.number for r in poll.rounds]) == ("revealed", [1])
        assert [(v.voter, v.current, v.desired) for v in poll.round.votes] == [
            (v["participant"], v["current"], v["desired"]) for v in rating["votes"]
        ]
    assert {r.area: (r.current, r.desired, r.notes) for r in doc.ratings} == {
        r["area"]: (r["current"], r["desired"], r["notes"]) for r in old["ratings"]
    }


def test_an_item_is_opened_voted_revealed_agreed_and_locked(opened):
    doc, scale = opened.doc, opened.scale
    room.open_item(doc, scale, "dialogue")
    room.cast(doc, scale, "p1", "dialogue", 2, 4, "Vi svarer for sjældent")
    room.cast(doc, scale, "p2", "dialogue", None, 3)
    room.cast(doc, scale, "p1", "dialogue", 3, 4)  # p1 changes their mind: still one vote
    votes = doc.room.poll("dialogue").round.votes
    assert [(v.voter, v.current, v.desired, v.comment) for v in votes] == [("p1", 3, 4, ""), ("p2", None, 3, "")]
    room.reveal(doc, "dialogue")
    with pytest.raises(Refused, match="closed"):
        room.cast(doc, scale, "p3", "dialogue", 1, 2)
    room.agree(doc, scale, "dialogue", 2, 4, reasoning="Vi svarer, men uden svartid", dissent="p2: niveau 3", lock=True)
    poll = doc.room.poll("dialogue")
    assert (doc.dialogue.current, doc.dialogue.desired, poll.state, poll.reasoning) == (
        2,
        4,
        "locked",
        "Vi svarer, men uden svartid",
    )
    assert poll.locked_at is not None
    Assessment.model_validate(doc.model_dump())


def test_a_revote_starts_a_new_round_and_keeps_the_first_as_the_trail(opened):
    doc, scale = opened.doc, opened.scale
    room.open_item(doc, scale, "area:content")
    room.cast(doc, scale, "p1", "area:content", 1, 3, round_number=1)
    room.reveal(doc, "area:content")
    room.revote(doc, "area:content")
    with pytest.raises(Refused, match="new_round"):
        room.cast(doc, scale, "p2", "area:content", 2, 3, round_number=1)  # a form from before the re-vote
    room.cast(doc, scale, "p1", "area:content", 2, 3, round_number=2)
    poll = doc.room.poll("area:content")
    assert [(r.number, [(v.voter, v.current) for v in r.votes]) for r in poll.rounds] == [
        (1, [("p1", 1)]),
        (2, [("p1", 2)]),
    ]
    assert poll.state == "open"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (dict(current=6), "level"),
        (dict(desired=0), "level"),
        (dict(voter="p99"), "unknown_voter"),
        (dict(key="area:nowhere"), "unknown_item"),
        (dict(key="area:content"), "closed"),
        (dict(comment="x" * 1001), "comment"),
    ],
)
def test_a_vote_that_does_not_fit_is_refused_and_nothing_stored(opened, change, reason):
    doc, scale = opened.doc, opened.scale
    room.open_item(doc, scale, "dialogue")
    args = {"voter": "p1", "key": "dialogue", "current": 2, "desired": 3, "comment": "", **change}
    with pytest.raises(Refused) as refused:
        room.cast(doc, scale, args.pop("voter"), args.pop("key"), **args)
    assert refused.value.reason == reason
    assert doc.room.poll("dialogue").round.votes == []


def test_a_survey_opens_every_item_and_takes_no_vote_after_its_deadline(opened):
    doc, scale = opened.doc, opened.scale
    until = datetime(2026, 5, 1, 22, tzinfo=timezone.utc)
    room.start(doc, scale, "run1", survey=True, survey_until=until)
    assert [(p.item, p.state) for p in doc.room.polls] == [(i.key, "open") for i in items(scale)]
    room.cast(doc, scale, "p1", "dialogue", 2, 3, at=until - timedelta(minutes=1))
    with pytest.raises(Refused, match="deadline"):
        room.cast(doc, scale, "p2", "dialogue", 2, 3, at=until + timedelta(seconds=1))


def test_a_survey_leaves_items_already_voted_on_as_they_are(example_copy):
    opened = open_assessment(example_copy("municipality-da.json"))
    doc, scale = opened.doc, opened.scale
    before = doc.room.poll("area:purpose").model_copy(deep=True)
    room.start(doc, scale, "run1", survey=True)
    assert doc.room.poll("area:purpose") == before


def test_anonymous_voters_get_a_random_pseudonym_and_a_name_is_taken_once(opened):
    doc = opened.doc
    a, b = room.join(doc, None, "en"), room.join(doc, None)
    assert a != b and a.startswith("anon-") and len(a) == len("anon-") + 8
    assert room.join(doc, "p4") == "p4"
    with pytest.raises(Refused, match="taken"):
        room.join(doc, "p4")
    with pytest.raises(Refused, match="unknown_participant"):
        room.join(doc, "p99")
    room.open_item(doc, opened.scale, "dialogue")
    room.cast(doc, opened.scale, a, "dialogue", 1, 2)
    assert doc.in_room("p4") and not doc.in_room("p1")
    Assessment.model_validate(doc.model_dump())


def test_the_join_link_code_and_secret_are_made_once_and_kept(opened):
    doc = opened.doc
    room.prepare(doc)
    first = (doc.room.token, doc.room.code, doc.room.secret)
    assert len(first[0]) >= 20 and len(first[1]) == 4 and not set(first[1]) & set("IO01")
    room.prepare(doc)
    assert (doc.room.token, doc.room.code, doc.room.secret) == first
    room.prepare(doc, new_link=True)
    assert doc.room.token != first[0]


def test_the_consultant_and_the_vote_server_merge_item_by_item(opened):
    """The kernel reveals one item and records another while the server stores votes and a
    new voter: nothing clashes, nothing is lost."""
    doc, scale = opened.doc, opened.scale
    room.open_item(doc, scale, "dialogue")
    room.open_item(doc, scale, "area:content")
    base = doc.model_copy(deep=True)
    kernel, server = base.model_copy(deep=True), base.model_copy(deep=True)
    room.reveal(kernel, "area:content")
    kernel.dialogue.rationale = "Skrevet under afstemningen"
    anon = room.join(server, None)
    room.cast(server, scale, anon, "dialogue", 2, 4)
    room.cast(server, scale, "p2", "area:content", 3, 4)
    merged = merge(base, kernel, server)
    assert merged.room.poll("area:content").state == "revealed"
    assert [v.voter for v in merged.room.poll("area:content").round.votes] == ["p2"]
    assert [v.voter for v in merged.room.poll("dialogue").round.votes] == [anon]
    assert merged.dialogue.rationale == "Skrevet under afstemningen"


VOTED_ON_1_0 = {
    "participants": [{"id": "p1", "name": "Ane", "consent_to_be_named": True}],
    "ratings": [
        {"area": "listening", "current": 1, "desired": 3, "votes": [{"participant": "p1", "current": 1, "desired": 3}]}
    ],
}


def test_an_area_renamed_by_a_new_scale_version_keeps_its_votes_at_their_new_levels(tmp_path):
    own_scale(tmp_path, "    areas: {listening: monitoring}\n    levels: {1: 2, 3: 4}\n")
    opened = open_assessment(old_file(tmp_path, **VOTED_ON_1_0))
    assert [p.item for p in opened.doc.room.polls] == ["area:monitoring"]
    vote = opened.doc.room.poll("area:monitoring").round.votes[0]
    assert (vote.voter, vote.current, vote.desired) == ("p1", 2, 4)


def test_votes_on_an_area_a_new_scale_version_dropped_are_not_lost_silently(tmp_path):
    own_scale(tmp_path, "    areas: {listening: null}\n")
    data = {
        **VOTED_ON_1_0,
        "ratings": [{"area": "listening", "votes": VOTED_ON_1_0["ratings"][0]["votes"]}],
        "actions": [],
    }
    with pytest.raises(AssessmentError, match=r"area:listening \(votes\).*assessment new --from"):
        open_assessment(old_file(tmp_path, **data))
