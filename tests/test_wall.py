"""The wall shows participants' comments only as the privacy module allows: a participant who
did not consent is never named there, whatever someone typed."""

from __future__ import annotations

from assessment.document.context import open_assessment
from assessment.document.privacy import Names
from assessment.outputs.spread import spread
from assessment.ui.workshop.wall import spread_html
from assessment.workshop import room
from assessment.workshop.items import item

COMMENTS = {
    "p1": "Rasmus Holm Iversen mener, at vi svarer for sent",  # did not consent: his role instead
    "p2": "Spørg Jonas om tavshedspligten",  # a first name alone: the review would ask; the wall hides it
    "p3": "Helle Kjærsgaard har ret",  # consented: named
    "p5": "Bechs forslag om skabeloner er godt",  # a surname with a possessive, of one who did not consent
}


def wall(example_copy) -> str:
    opened = open_assessment(example_copy("hospital-da.json"))
    doc, scale = opened.doc, opened.scale
    doc.room.polls = []
    room.open_item(doc, scale, "dialogue")
    for voter, comment in COMMENTS.items():
        room.cast(doc, scale, voter, "dialogue", 2, 4, comment)
    room.reveal(doc, "dialogue")
    poll = doc.room.poll("dialogue")
    return spread_html(spread(item(scale, "dialogue"), poll, doc.room.k), scale, "da", Names(doc, "da"))


def test_a_name_typed_in_a_comment_is_shown_only_with_consent(example_copy):
    shown = wall(example_copy)
    assert "Overlæge, Onkologisk Ambulatorium mener, at vi svarer for sent" in shown
    assert "Spørg Deltager uden navn om tavshedspligten" in shown
    assert "Helle Kjærsgaard har ret" in shown
    assert "forslag om skabeloner er godt" in shown
    for name in ("Rasmus", "Iversen", "Jonas", "Bech"):
        assert name not in shown, f"{name} would name a participant who did not consent"
